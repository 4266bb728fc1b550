"""The fixed descriptions of timeline events, in the reader's language.

Services store a code and parameters (ids, states, dates, organisation names, never free text
about a person); this module turns them into a sentence when the timeline is shown.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baken.accounts.models import User
from baken.cases.models import (
    DecisionOutcome,
    DecisionStage,
    IndDecision,
    PlacementKind,
    ReportStatus,
    SupportArea,
    SupportKind,
)
from baken.cases.workflow import CaseState, CloseReason


def _user(user_id: Any, users: dict[int, User]) -> str:
    user = users.get(user_id) if isinstance(user_id, int) else None
    if user is None:
        return _("somebody") if user_id else NOTHING
    return user.get_full_name() or user.username


def _date(value: Any) -> str:
    try:
        return formats.date_format(date.fromisoformat(str(value)), "j F Y")
    except ValueError:
        return str(value)


def _datetime(value: Any) -> str:
    try:
        return formats.date_format(datetime.fromisoformat(str(value)), "j F Y H:i")
    except ValueError:
        return str(value)


def _choice(choices: Any, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


NOTHING = "\u2013"  # an en dash, for an empty value

B8_FIELD_LABELS = {
    "report_status": gettext_lazy("Police report or cooperation"),
    "report_status_on": gettext_lazy("Report status since"),
    "permit_applied_on": gettext_lazy("Permit applied for on"),
    "ind_decision": gettext_lazy("IND decision"),
    "ind_decision_on": gettext_lazy("IND decision on"),
    "permit_valid_until": gettext_lazy("Permit valid until"),
    "criminal_case_ended_on": gettext_lazy("Criminal case ended on"),
    "conviction_on": gettext_lazy("Conviction on"),
    "continued_residence_applied_on": gettext_lazy("Continued residence applied for on"),
    "exception_route": gettext_lazy("Exception route"),
    "exception_granted_on": gettext_lazy("Exception granted on"),
}


DEADLINE_LABELS = {
    "reflection_end": gettext_lazy("End of the reflection period"),
    "permit_renewal": gettext_lazy("Renewal of the residence permit"),
    "continued_residence": gettext_lazy("Continued residence can be applied for"),
    "ind_decision": gettext_lazy("IND decision expected (statutory period)"),
    "exception_review": gettext_lazy("Review of the exception route (one year)"),
}


def deadline_label(code: str) -> str:
    return str(DEADLINE_LABELS.get(code, code))


def _b8_change(name: str, value: Any) -> str:
    label = str(B8_FIELD_LABELS.get(name, name))
    if name == "report_status":
        shown = _choice(ReportStatus, value)
    elif name == "ind_decision":
        shown = _choice(IndDecision, value) if value else NOTHING
    elif name == "exception_route":
        shown = _("yes") if value else _("no")
    elif value:
        shown = _date(value)
    else:
        shown = NOTHING
    return f"{label}: {shown}"


def describe(summary: dict[str, Any], users: dict[int, User]) -> str:
    """One sentence for a timeline event."""
    code = summary.get("code", "")
    p = summary.get("params", {})
    if code == "opened":
        return _("Case opened from %(count)s signal(s).") % {"count": p.get("signals", 0)}
    if code == "signal_filed":
        return _("Signal %(signal)s filed.") % {"signal": p.get("signal", "")}
    if code == "note":
        return _("Note")
    if code == "contact":
        return _("Contact with the victim")
    if code == "transition":
        text = _("Status: %(from)s → %(to)s.") % {
            "from": _choice(CaseState, p.get("from_state")),
            "to": _choice(CaseState, p.get("to_state")),
        }
        if p.get("close_reason"):
            text += " " + _("Reason for closing: %(reason)s.") % {
                "reason": _choice(CloseReason, p["close_reason"])
            }
        return text
    if code == "decision":
        return _("%(stage)s decision: %(outcome)s (%(date)s), panel: %(panel)s.") % {
            "stage": _choice(DecisionStage, p.get("stage")),
            "outcome": _choice(DecisionOutcome, p.get("outcome")),
            "date": _date(p.get("decided_on")),
            "panel": ", ".join(p.get("panel", [])),
        }
    if code == "reflection_started":
        return _("Reflection period started on %(start)s; it ends on %(end)s.") % {
            "start": _date(p.get("start")),
            "end": _date(p.get("end")),
        }
    if code == "b8_updated":
        changes = p.get("changes", {})
        return _("B8 track: %(changes)s.") % {
            "changes": "; ".join(_b8_change(k, v) for k, v in sorted(changes.items()))
        }
    if code == "placement":
        return _("Placement: %(kind)s %(shelter)s from %(start)s.") % {
            "kind": _choice(PlacementKind, p.get("placement_kind")),
            "shelter": p.get("shelter", ""),
            "start": _date(p.get("starts_on")),
        }
    if code == "placement_ended":
        return _("Placement ended on %(date)s.") % {"date": _date(p.get("ends_on"))}
    if code == "support":
        text = _("%(kind)s: %(area)s.") % {
            "kind": _choice(SupportKind, p.get("support_kind")),
            "area": _choice(SupportArea, p.get("area")),
        }
        if p.get("referred_to"):
            text += " " + _("Referred to %(organisation)s.") % {"organisation": p["referred_to"]}
        return text
    if code == "unconditional_support":
        return _("Support offered without any condition of a police report (%(date)s).") % {
            "date": _date(p.get("offered_on"))
        }
    if code == "task_added":
        return _("Task for %(owner)s, due %(date)s.") % {
            "owner": _user(p.get("owner_id"), users),
            "date": _date(p.get("due_on")),
        }
    if code == "task_done":
        return _("Task done.")
    if code == "contact_assigned":
        return _("%(name)s is the contact person.") % {"name": _user(p.get("user_id"), users)}
    if code == "deputy_set":
        return _("Deputy contact person: %(name)s.") % {"name": _user(p.get("user_id"), users)}
    if code == "handover":
        return _(
            "Handover from %(from)s to %(to)s; introduction meeting planned on %(planned)s."
        ) % {
            "from": _user(p.get("from_user_id"), users),
            "to": _user(p.get("to_user_id"), users),
            "planned": _datetime(p.get("planned")),
        }
    if code == "introduction_held":
        return _("Introduction meeting held: %(from)s introduced %(to)s to the victim.") % {
            "from": _user(p.get("from_user_id"), users),
            "to": _user(p.get("to_user_id"), users),
        }
    if code == "access_granted":
        consent = _("with consent") if p.get("consent") else _("without consent to share")
        return _("%(organisation)s joined the team (%(consent)s).") % {
            "organisation": p.get("organisation", ""),
            "consent": consent,
        }
    if code == "access_revoked":
        return _("Access of %(organisation)s revoked.") % {"organisation": p.get("organisation")}
    if code == "consent_changed":
        if p.get("consent"):
            return _("Consent to share with %(organisation)s recorded.") % {
                "organisation": p.get("organisation")
            }
        return _("Consent to share with %(organisation)s withdrawn.") % {
            "organisation": p.get("organisation")
        }
    if code == "anonymised":
        return _("Case anonymised after the retention period.")
    return code


def user_ids(summaries: list[dict[str, Any]]) -> set[int]:
    """The user ids named in these summaries, to fetch them in one query."""
    ids: set[int] = set()
    for summary in summaries:
        for key, value in summary.get("params", {}).items():
            if (key.endswith("user_id") or key == "owner_id") and isinstance(value, int):
                ids.add(value)
    return ids
