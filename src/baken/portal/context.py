"""Template context for the layout: the acting membership and the menu the policy allows."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.policy import Action


def navigation(request: HttpRequest) -> dict[str, Any]:
    # Error pages can render before the authentication middleware ran (e.g. a bad Host).
    user = getattr(request, "user", None)
    membership = policy.active_membership(user)
    if membership is None:
        return {"membership": None, "menu": []}
    menu = [(reverse("portal:dashboard"), _("Dashboard"))]
    if policy.can(user, Action.VIEW_REFERENCE_DATA):
        menu.append((reverse("accounts:organisation-list"), _("Organisations")))
    if policy.can(user, Action.VIEW_USERS):
        menu.append((reverse("accounts:user-list"), _("Users")))
    if policy.can(user, Action.VIEW_AUDIT):
        menu.append((reverse("audit:entry-list"), _("Audit log")))
    if policy.can(user, Action.USE_API):
        menu.append((reverse("api-docs"), _("API")))
    return {
        "membership": membership,
        "memberships": list(policy.memberships_of(membership.user)),
        "menu": menu,
    }
