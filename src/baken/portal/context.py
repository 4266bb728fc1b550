"""Template context for the layout: the acting membership and the menu the policy allows."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baken.accounts import policy
from baken.accounts.policy import Action


def _with_count(label: str, count: int) -> str:
    if not count:
        return label
    return ngettext("%(label)s (%(count)d new)", "%(label)s (%(count)d new)", count) % {
        "label": label,
        "count": count,
    }


def _signal_entries(user: Any) -> list[tuple[str, str]]:
    """File a signal, follow one's own signals, and (coordinators) the triage inbox, each with
    the number of unread notifications that belong there."""
    from baken.signals import feedback

    entries: list[tuple[str, str]] = []
    can_file = policy.can(user, Action.FILE_SIGNAL)
    can_triage = policy.can(user, Action.TRIAGE_SIGNAL)
    if not (can_file or can_triage):
        return entries
    unread = feedback.unread(user)
    if can_file:
        on_own = unread.filter(signal__filed_by=user).count()
        entries.append((reverse("signals:intake"), _("File a signal")))
        entries.append((reverse("signals:mine"), _with_count(_("My signals"), on_own)))
    if can_triage:
        on_others = unread.exclude(signal__filed_by=user).count()
        entries.append((reverse("signals:inbox"), _with_count(_("Inbox"), on_others)))
    return entries


def navigation(request: HttpRequest) -> dict[str, Any]:
    # Error pages can render before the authentication middleware ran (e.g. a bad Host).
    user = getattr(request, "user", None)
    membership = policy.active_membership(user)
    if membership is None:
        return {"membership": None, "menu": []}
    menu = [(reverse("portal:dashboard"), _("Dashboard"))]
    menu += _signal_entries(user)
    if policy.can(user, Action.VIEW_CASE):
        menu.append((reverse("cases:list"), _("Cases")))
        menu.append((reverse("cases:my-work"), _("My work")))
    if policy.can(user, Action.VIEW_ORGANISATION_TASKS):
        menu.append((reverse("cases:overdue"), _("Overdue")))
    if policy.can(user, Action.VIEW_SCANS):
        menu.append((reverse("online:scans"), _("Online monitoring")))
    if policy.can(user, Action.VIEW_PERSON):
        menu.append((reverse("people:list"), _("Persons")))
    if policy.can(user, Action.VIEW_REFERENCE_DATA):
        menu.append((reverse("accounts:organisation-list"), _("Organisations")))
    if policy.can(user, Action.VIEW_USERS):
        menu.append((reverse("accounts:user-list"), _("Users")))
    if policy.can(user, Action.VIEW_AUDIT):
        menu.append((reverse("audit:entry-list"), _("Audit log")))
    if policy.can(user, Action.MANAGE_ROUTING_RULES):
        menu.append((reverse("signal_rules:list"), _("Routing rules")))
    if policy.can(user, Action.USE_API):
        menu.append((reverse("api-docs"), _("API")))
    return {
        "membership": membership,
        "memberships": list(policy.memberships_of(membership.user)),
        "menu": menu,
    }
