"""What the ids in a cases API request stand for: signals, colleagues, team members, panel
organisations and indicators, each looked up within what the caller may use. Anything else is
a field error that names the ids, the same for an object out of scope and one that does not
exist, so an answer never tells whether something outside the caller's reach exists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import Organisation, User
from baken.accounts.policy import CASE_ROLES, Action
from baken.cases.api_errors import invalid, listed
from baken.cases.models import Case
from baken.cases.team import eligible_contacts
from baken.signals.catalogue_store import current_catalogue
from baken.signals.models import Indicator, Signal

_Key = TypeVar("_Key", int, str)
_Found = TypeVar("_Found")


def openable_signals(user: User, ids: Sequence[int]) -> Sequence[Signal]:
    """The signals by id if `user` may open a case from each."""
    wanted = list(dict.fromkeys(ids))
    visible = policy.visible_to(user, Signal.objects.filter(pk__in=wanted))
    found = {s.pk: s for s in visible if policy.can(user, Action.OPEN_CASE, s)}
    return _all_of(wanted, found, "signals", _("Not available to open a case from: %(ids)s."))


def colleague(user: User, user_id: int) -> User:
    """A coordinator or case worker of `user`'s organisation (the team of a new case)."""
    membership = policy.active_membership(user)
    assert membership is not None  # OPEN_CASE passed
    contact = (
        User.objects.filter(
            pk=user_id,
            is_active=True,
            memberships__is_active=True,
            memberships__role__in=list(CASE_ROLES),
            memberships__organisation_id=membership.organisation_id,
        )
        .distinct()
        .first()
    )
    if contact is None:
        raise invalid(
            "contact_person", _("Choose a coordinator or case worker of your organisation.")
        )
    return contact


def team_member(case: Case, user_id: int, field: str) -> User:
    """A coordinator or case worker of an organisation in `case`'s team."""
    person = eligible_contacts(case).filter(pk=user_id).first()
    if person is None:
        raise invalid(
            field, _("Choose a coordinator or case worker of an organisation in the team.")
        )
    return person


def panel(ids: Sequence[int]) -> Sequence[Organisation]:
    """Active organisations by id (the panel of an identification decision)."""
    wanted = list(dict.fromkeys(ids))
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=wanted, is_active=True)}
    return _all_of(wanted, found, "panel", _("No active organisation: %(ids)s."))


def indicators(codes: Sequence[str]) -> Sequence[Indicator]:
    """Indicators of the current catalogue by code."""
    wanted = list(dict.fromkeys(codes))
    found = {
        i.code: i for i in Indicator.objects.filter(catalogue=current_catalogue(), code__in=wanted)
    }
    return _all_of(
        wanted, found, "indicators", _("Not in the current indicator catalogue: %(ids)s.")
    )


def _all_of(
    wanted: list[_Key], found: dict[_Key, _Found], field: str, message: str
) -> list[_Found]:
    """`found[key]` for every wanted key, in order; else a field error naming the keys that
    were not found (`message` has an `%(ids)s` for them)."""
    missing = [key for key in wanted if key not in found]
    if missing:
        raise invalid(field, message % {"ids": listed(missing)})
    return [found[key] for key in wanted]
