"""Recording identification decisions (see `cases.models.identification`).

The rules: a reasonable-grounds decision first (due within five working days of opening); a
conclusive decision only after a positive reasonable-grounds decision and at least 30 days of
recovery and support since it; each by a panel of at least two organisations of different
kinds; indicators relied on and reasons are required. A police report is never asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import Organisation, User
from baken.accounts.policy import Action
from baken.cases import b8_deadlines
from baken.cases.common import CaseError, append_event, audit, bump, locked
from baken.cases.models import (
    Case,
    DecisionOutcome,
    DecisionStage,
    EventKind,
    IdentificationDecision,
)
from baken.signals.models import Indicator

MIN_PANEL_ORGANISATIONS = 2


@dataclass(frozen=True)
class IdentificationStatus:
    """Where a case stands: the latest decision per stage and what is due next."""

    reasonable_grounds: IdentificationDecision | None
    conclusive: IdentificationDecision | None
    reasonable_grounds_due: date
    conclusive_earliest: date | None

    def reasonable_grounds_overdue(self, today: date) -> bool:
        return self.reasonable_grounds is None and today > self.reasonable_grounds_due


def status(case: Case) -> IdentificationStatus:
    decisions = list(case.decisions.order_by("decided_on", "id"))
    latest = {d.stage: d for d in decisions}
    grounds = latest.get(DecisionStage.REASONABLE_GROUNDS)
    opened_on = timezone.localtime(case.opened_at).date()
    positive = grounds is not None and grounds.outcome == DecisionOutcome.POSITIVE
    return IdentificationStatus(
        reasonable_grounds=grounds,
        conclusive=latest.get(DecisionStage.CONCLUSIVE),
        reasonable_grounds_due=b8_deadlines.reasonable_grounds_due(opened_on),
        conclusive_earliest=(
            b8_deadlines.conclusive_earliest(grounds.decided_on) if grounds and positive else None
        ),
    )


@transaction.atomic
def record_decision(
    user: User,
    case: Case,
    *,
    stage: str,
    outcome: str,
    decided_on: date,
    panel: Sequence[Organisation],
    indicators: Sequence[Indicator],
    reasons: str,
    expected_version: int | None,
) -> IdentificationDecision:
    policy.require(user, Action.WORK_ON_CASE, case)
    case = locked(case, expected_version)
    if stage not in DecisionStage.values:
        raise CaseError(_("Choose the stage of the decision."))
    if outcome not in DecisionOutcome.values:
        raise CaseError(_("Choose the outcome of the decision."))
    if decided_on > timezone.localdate():
        raise CaseError(_("A decision cannot be dated in the future."))
    if decided_on < timezone.localtime(case.opened_at).date():
        raise CaseError(_("A decision cannot be dated before the case was opened."))
    organisations = {organisation.pk: organisation for organisation in panel}
    kinds = {organisation.kind for organisation in organisations.values()}
    if len(organisations) < MIN_PANEL_ORGANISATIONS or len(kinds) < MIN_PANEL_ORGANISATIONS:
        raise CaseError(
            _(
                "A multidisciplinary panel needs at least two organisations of different kinds "
                "(for example a care organisation and the police)."
            )
        )
    if not indicators:
        raise CaseError(_("Name the indicators the decision relies on."))
    if not reasons.strip():
        raise CaseError(_("Give the reasons for the decision."))
    if stage == DecisionStage.CONCLUSIVE:
        current = status(case)
        if current.conclusive_earliest is None:
            raise CaseError(
                _("A conclusive decision follows a positive reasonable-grounds decision.")
            )
        if decided_on < current.conclusive_earliest:
            raise CaseError(
                _(
                    "A conclusive decision comes after at least 30 days of recovery and "
                    "support: not before %(date)s."
                )
                % {"date": current.conclusive_earliest.strftime("%d-%m-%Y")}
            )
    decision = IdentificationDecision.objects.create(
        case=case,
        stage=stage,
        outcome=outcome,
        decided_on=decided_on,
        reasons=reasons.strip(),
        recorded_by=user,
    )
    decision.panel.set(organisations.values())
    decision.indicators.set(indicators)
    bump(case)
    append_event(
        user,
        case,
        EventKind.DECISION,
        "decision",
        body=reasons.strip(),
        stage=stage,
        outcome=outcome,
        decided_on=decided_on.isoformat(),
        panel=sorted(o.name for o in organisations.values()),
        indicators=sorted(i.code for i in indicators),
    )
    audit(user, case, f"identification decision {stage} {outcome}")
    return decision
