"""Who may do what in Baken: the one place that decides access.

Views, API endpoints, templates and commands ask `can`/`require` for a single object and
`visible_to` for every list, so a list can never show what a detail page forbids. Access comes
only from the user's *active membership* (a role in an organisation); being a Django superuser
gives nothing here (it only opens the technical admin site).

Scopes:
- reference data (regions, municipalities, organisations) is readable by every member;
- administrators manage and see the users and the audit trail of their own region (of the
  national organisations, for an administrator of a national organisation);
- everyone can see their own account and their own sign-in history.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from baken.accounts.models import Membership, Municipality, Organisation, Region, User
from baken.accounts.roles import ROLES_SEEING_PERSONAL_DATA, Role

M = TypeVar("M", bound=Model)


class Action(StrEnum):
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_REFERENCE_DATA = "view_reference_data"
    VIEW_USERS = "view_users"
    VIEW_USER = "view_user"
    VIEW_AUDIT = "view_audit"
    USE_API = "use_api"
    SWITCH_MEMBERSHIP = "switch_membership"
    MANAGE_ROUTING_RULES = "manage_routing_rules"
    VIEW_PERSON = "view_person"
    MERGE_PERSONS = "merge_persons"
    FILE_SIGNAL = "file_signal"
    VIEW_SIGNAL = "view_signal"
    TRIAGE_SIGNAL = "triage_signal"
    ANSWER_ON_SIGNAL = "answer_on_signal"
    OPEN_CASE = "open_case"
    VIEW_CASE = "view_case"
    WORK_ON_CASE = "work_on_case"
    MANAGE_CASE = "manage_case"
    EXPORT_CASE = "export_case"
    VIEW_ORGANISATION_TASKS = "view_organisation_tasks"
    VIEW_SCANS = "view_scans"
    START_SCAN = "start_scan"
    LEAD_TO_SIGNAL = "lead_to_signal"


ACTIVE_MEMBERSHIP_ATTR = "_baken_active_membership"


def active_membership(user: Any) -> Membership | None:
    """The membership the user acts in now: the one chosen in the session, else the first."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if hasattr(user, ACTIVE_MEMBERSHIP_ATTR):
        return getattr(user, ACTIVE_MEMBERSHIP_ATTR)
    membership = memberships_of(user).first()
    setattr(user, ACTIVE_MEMBERSHIP_ATTR, membership)
    return membership


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation", "organisation__region")
        .order_by("id")
    )


def set_active_membership(user: Any, membership: Membership | None) -> None:
    setattr(user, ACTIVE_MEMBERSHIP_ATTR, membership)


def role_of(user: Any) -> Role | None:
    membership = active_membership(user)
    return Role(membership.role) if membership else None


def needs_two_factor(user: Any) -> bool:
    """Whether this user's roles show personal data, so production demands a second factor."""
    if not user.is_authenticated:
        return False
    return memberships_of(user).filter(role__in=ROLES_SEEING_PERSONAL_DATA).exists()


def _same_scope(membership: Membership, region_id: int | None) -> bool:
    return membership.organisation.region_id == region_id


def can(user: Any, action: Action, obj: Model | None = None) -> bool:
    membership = active_membership(user)
    if membership is None:
        return False
    role = membership.role

    if action in (Action.VIEW_DASHBOARD, Action.VIEW_REFERENCE_DATA, Action.USE_API):
        return True
    if action == Action.SWITCH_MEMBERSHIP:
        return isinstance(obj, Membership) and memberships_of(user).filter(pk=obj.pk).exists()
    if action == Action.VIEW_USERS:
        return role == Role.ADMINISTRATOR
    if action == Action.MANAGE_ROUTING_RULES:
        return role == Role.ADMINISTRATOR
    if action == Action.VIEW_USER:
        if isinstance(obj, User) and obj.pk == user.pk:
            return True
        return (
            role == Role.ADMINISTRATOR
            and isinstance(obj, User)
            and visible_to(user, User.objects.filter(pk=obj.pk)).exists()
        )
    if action in SIGNAL_ACTIONS:
        return _can_on_signal(user, membership, action, obj)
    if action in CASE_ACTIONS:
        return _can_on_case(user, membership, action, obj)
    if action in SCAN_ACTIONS:
        return _can_on_scan(user, membership, action, obj)
    if action in (Action.VIEW_PERSON, Action.MERGE_PERSONS):
        # Coordinators, for persons linked to signals their organisation holds. Analysts
        # never see a person; signalers see their own signals, not the persons behind them.
        if role != Role.COORDINATOR:
            return False
        if obj is None:
            return True
        return visible_to(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
    if action == Action.VIEW_AUDIT:
        if role != Role.ADMINISTRATOR:
            return False
        if obj is None:
            return True
        organisation = getattr(obj, "organisation", None)
        region_id = organisation.region_id if organisation else None
        return organisation is not None and _same_scope(membership, region_id)
    return False


# Roles whose members file signals from their own work. The analyst never files (aggregates
# only); the administrator manages, and does not triage.
SIGNAL_FILING_ROLES = frozenset(
    {Role.SIGNALER, Role.COORDINATOR, Role.CASE_WORKER, Role.ONLINE_MONITOR}
)
SIGNAL_ACTIONS = frozenset(
    {Action.FILE_SIGNAL, Action.VIEW_SIGNAL, Action.TRIAGE_SIGNAL, Action.ANSWER_ON_SIGNAL}
)


def _can_on_signal(user: Any, membership: Membership, action: Action, obj: Model | None) -> bool:
    """Signals: the filer sees their own signal and answers questions on it; coordinators of
    an organisation that currently holds the signal (an active routing) see and triage it."""
    from baken.signals.models import Signal

    role = membership.role
    if action == Action.FILE_SIGNAL:
        return role in SIGNAL_FILING_ROLES
    if not isinstance(obj, Signal):
        # No object: may the user work with signals at all (lists, the inbox)?
        if action == Action.VIEW_SIGNAL:
            return role in SIGNAL_FILING_ROLES
        return action == Action.TRIAGE_SIGNAL and role == Role.COORDINATOR
    is_filer = obj.filed_by_id == user.pk
    holds_it = (
        role == Role.COORDINATOR
        and obj.routings.filter(organisation_id=membership.organisation_id, is_active=True).exists()
    )
    if action == Action.VIEW_SIGNAL:
        return is_filer or holds_it
    if action == Action.TRIAGE_SIGNAL:
        return holds_it
    if action == Action.ANSWER_ON_SIGNAL:
        return is_filer
    return False


# Roles that work on cases: coordinators (who open and lead them) and case workers (who give
# the support). Access to one case comes from the organisation's place in the case's team.
CASE_ROLES = frozenset({Role.COORDINATOR, Role.CASE_WORKER})
CASE_ACTIONS = frozenset(
    {
        Action.OPEN_CASE,
        Action.VIEW_CASE,
        Action.WORK_ON_CASE,
        Action.MANAGE_CASE,
        Action.EXPORT_CASE,
        Action.VIEW_ORGANISATION_TASKS,
    }
)


def _can_on_case(user: Any, membership: Membership, action: Action, obj: Model | None) -> bool:
    """Cases are need-to-know: only members of an organisation in the case's team (with an
    access grant that is not revoked) see it. Coordinators of the lead organisation and the
    contact person (or deputy) manage it: state, team, handover. Anybody in the team works on
    it: notes, tasks, support, decisions, the B8 track."""
    from baken.cases.models import Case
    from baken.signals.models import Signal

    role = membership.role
    if role not in CASE_ROLES:
        return False
    if action == Action.VIEW_ORGANISATION_TASKS:
        return role == Role.COORDINATOR
    if action == Action.OPEN_CASE:
        if role != Role.COORDINATOR:
            return False
        # Opening from a signal needs the signal to be held (triaged) by the organisation.
        return obj is None or (isinstance(obj, Signal) and can(user, Action.TRIAGE_SIGNAL, obj))
    if not isinstance(obj, Case):
        # No object: may the user work with cases at all (lists, "my work")?
        return action == Action.VIEW_CASE
    in_team = obj.members.filter(
        organisation_id=membership.organisation_id, revoked_at__isnull=True
    ).exists()
    if not in_team:
        return False
    if action in (Action.VIEW_CASE, Action.EXPORT_CASE, Action.WORK_ON_CASE):
        return True
    if action == Action.MANAGE_CASE:
        leads = role == Role.COORDINATOR and obj.lead_organisation_id == membership.organisation_id
        return leads or user.pk in (obj.contact_person_id, obj.deputy_id)
    return False


SCAN_ACTIONS = frozenset({Action.VIEW_SCANS, Action.START_SCAN, Action.LEAD_TO_SIGNAL})
SCAN_ROLES = frozenset({Role.ONLINE_MONITOR, Role.ADMINISTRATOR})


def _can_on_scan(user: Any, membership: Membership, action: Action, obj: Model | None) -> bool:
    """Online material: online monitors work with the scans of their organisation;
    administrators of the region see them (oversight, retention). Nobody else sees any."""
    role = membership.role
    if role not in SCAN_ROLES:
        return False
    if action in (Action.START_SCAN, Action.LEAD_TO_SIGNAL) and role != Role.ONLINE_MONITOR:
        return False
    if obj is None:
        return True
    return visible_to(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def require(user: Any, action: Action, obj: Model | None = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


def visible_to(user: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """Filter any queryset of a protected model down to what the user may see.

    An unknown model raises: every new model must be given its rule here before it can be
    listed anywhere.
    """
    from baken.audit.models import AuditEntry

    membership = active_membership(user)
    if membership is None:
        return queryset.none()
    model = queryset.model
    region_id = membership.organisation.region_id
    is_admin = membership.role == Role.ADMINISTRATOR

    if model in (Region, Municipality, Organisation):
        return queryset
    if model._meta.label_lower == "signals.routingrule":
        # Configuration of the whole chain: administrators manage it, nobody else reads it.
        return queryset if is_admin else queryset.none()
    if model is User:
        if not is_admin:
            return queryset.filter(pk=user.pk)
        # `region_id=None` matches the national organisations (IS NULL).
        in_scope = Q(memberships__organisation__region_id=region_id)
        return queryset.filter(in_scope | Q(pk=user.pk)).distinct()
    if model is Membership:
        if not is_admin:
            return queryset.filter(user=user)
        return queryset.filter(Q(organisation__region_id=region_id) | Q(user=user))
    scan_scope = _scan_visibility(membership, model)
    if scan_scope is not None:
        return queryset.filter(scan_scope)
    case_scope = _case_visibility(membership, model)
    if case_scope is not None:
        return queryset.filter(case_scope).distinct()
    signal_scope = _signal_visibility(user, membership, model)
    if signal_scope is not None:
        return queryset.filter(signal_scope).distinct()
    if model is AuditEntry:
        from baken.audit.models import SIGN_IN_ACTIONS

        # Everyone may see their own sign-in history (to spot a log-in that was not theirs).
        own_sign_ins = Q(user_id=user.pk, action__in=SIGN_IN_ACTIONS)
        if not is_admin:
            return queryset.filter(own_sign_ins)
        in_region = Q(organisation__isnull=False, organisation__region_id=region_id)
        return queryset.filter(in_region | own_sign_ins)
    raise LookupError(f"policy.visible_to has no rule for {model.__name__}")


def _scan_visibility(membership: Membership, model: type[Model]) -> Q | None:
    from baken.online import models as online

    prefix = {online.Scan: "", online.Lead: "scan__", online.ScannedPost: "scan__"}.get(model)
    if prefix is None:
        return None
    if membership.role == Role.ONLINE_MONITOR:
        return Q(**{f"{prefix}organisation_id": membership.organisation_id})
    if membership.role == Role.ADMINISTRATOR:
        return Q(**{f"{prefix}organisation__region_id": membership.organisation.region_id})
    return Q(pk__in=[])


def _case_visibility(membership: Membership, model: type[Model]) -> Q | None:
    """Cases and everything on them: members of a team organisation with an unrevoked grant,
    in a case role. The deletion records of the retention run hold no personal data; only
    administrators read them."""
    from baken.cases import models as cases

    if model is cases.DeletionRecord:
        return Q() if membership.role == Role.ADMINISTRATOR else Q(pk__in=[])
    prefix = {
        cases.Case: "",
        cases.CaseMember: "case__",
        cases.CaseStatusChange: "case__",
        cases.IdentificationDecision: "case__",
        cases.B8Track: "case__",
        cases.Placement: "case__",
        cases.SupportItem: "case__",
        cases.Task: "case__",
        cases.Handover: "case__",
        cases.CaseEvent: "case__",
    }.get(model)
    if prefix is None:
        return None
    if membership.role not in CASE_ROLES:
        return Q(pk__in=[])
    # One filter() call, so both conditions apply to the same member row.
    return Q(
        **{
            f"{prefix}members__organisation_id": membership.organisation_id,
            f"{prefix}members__revoked_at__isnull": True,
        }
    )


def _person_visibility(membership: Membership, model: type[Model]) -> Q | None:
    """Persons and their records: a coordinator sees those linked to signals held by the
    organisation; a suggestion when either side is. Nobody else sees any."""
    from baken.people import models as people

    held = {
        "victim__signal__routings__organisation_id": membership.organisation_id,
        "victim__signal__routings__is_active": True,
    }
    prefixes = {
        people.Person: ("records__", "merged_into__records__"),
        people.PersonRecord: ("",),
        people.MergeEvent: ("kept__records__",),
        people.MatchSuggestion: ("left__", "right__"),
        people.BlockingKey: None,
    }
    if model not in prefixes:
        return None
    if membership.role != Role.COORDINATOR or prefixes[model] is None:
        return Q(pk__in=[])
    scope = Q(pk__in=[])
    for prefix in prefixes[model]:  # type: ignore[union-attr]
        scope |= Q(**{f"{prefix}{key}": value for key, value in held.items()})
    return scope


def _signal_visibility(user: Any, membership: Membership, model: type[Model]) -> Q | None:
    """The filter for signals and the records that hang off them, or None for other models."""
    from baken.signals import models as signals

    person_scope = _person_visibility(membership, model)
    if person_scope is not None:
        return person_scope

    if model in (signals.IndicatorCatalogue, signals.Indicator):
        return Q()  # reference data
    if model is signals.Notification:
        return Q(user_id=user.pk)
    if model is signals.SignalDraft:
        return Q(user_id=user.pk)
    prefix = {
        signals.Signal: "",
        signals.PossibleVictim: "signal__",
        signals.SignalRouting: "signal__",
        signals.SignalStatusChange: "signal__",
        signals.SignalMessage: "signal__",
    }.get(model)
    if prefix is None:
        return None
    filed = Q(**{f"{prefix}filed_by_id": user.pk})
    if membership.role != Role.COORDINATOR:
        return filed
    held = Q(
        **{
            f"{prefix}routings__organisation_id": membership.organisation_id,
            f"{prefix}routings__is_active": True,
        }
    )
    return filed | held
