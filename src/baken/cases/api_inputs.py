"""What the cases API accepts. These serializers check shapes only; the rules (who may, which
step, which dates) stay in the services, whose messages come back as `detail`.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty

from baken.cases.models import DecisionOutcome, DecisionStage, IndDecision, ReportStatus
from baken.cases.workflow import CaseState, CloseReason
from baken.signals.vocabulary import Form

MAX_TEXT = 5000


class OptionalBooleanField(serializers.BooleanField):
    """A boolean that is left out when absent, also from a form-encoded body (DRF would
    read an absent checkbox as False and so switch it off)."""

    default_empty_html = empty


class CaseCreateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    signals = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=50
    )
    person = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text="Pseudonym (P-...) of the person, when the signals point at more than one",
    )
    alias = serializers.CharField(required=False, allow_blank=True, max_length=200)
    forms = serializers.ListField(
        child=serializers.ChoiceField(choices=Form.choices), required=False
    )
    contact_person = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="A coordinator or case worker of your organisation",
    )


class VersionedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    version = serializers.IntegerField(
        min_value=1, help_text="The case's version you read; a newer one gives 409"
    )


class CaseTransitionInputSerializer(VersionedSerializer):
    state = serializers.ChoiceField(choices=CaseState.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    close_reason = serializers.ChoiceField(
        choices=CloseReason.choices, required=False, allow_blank=True
    )
    close_anyway_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_TEXT,
        help_text="Why the case closes while tasks or B8 deadlines are open",
    )


class HandoverInputSerializer(VersionedSerializer):
    """Three steps in one endpoint: `to_user` assigns the first contact person or hands over
    (with the three notes and a planned introduction meeting); `deputy` alone sets or clears
    the deputy; `introduction_held_at` with `handover` records the introduction meeting."""

    to_user = serializers.IntegerField(required=False)
    deputy = serializers.IntegerField(required=False, allow_null=True)
    victim_knows = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    open_promises = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    risks = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    introduction_planned_at = serializers.DateTimeField(required=False)
    introduction_held_at = serializers.DateTimeField(required=False)
    handover = serializers.IntegerField(
        required=False, help_text="The handover whose introduction meeting was held"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "introduction_held_at" in attrs:
            if "handover" not in attrs:
                raise serializers.ValidationError(
                    {"handover": [serializers.Field.default_error_messages["required"]]}
                )
        elif "to_user" not in attrs and "deputy" not in attrs:
            raise serializers.ValidationError(
                {"to_user": [serializers.Field.default_error_messages["required"]]}
            )
        return attrs


class B8InputSerializer(VersionedSerializer):
    """Facts of the B8 track; leave out what does not change, null clears a date.
    `reflection_start` (and `reflection_offered_on`) offer the reflection period, once."""

    reflection_offered_on = serializers.DateField(required=False)
    reflection_start = serializers.DateField(required=False)
    report_status = serializers.ChoiceField(choices=ReportStatus.choices, required=False)
    report_status_on = serializers.DateField(required=False, allow_null=True)
    permit_applied_on = serializers.DateField(required=False, allow_null=True)
    ind_decision = serializers.ChoiceField(
        choices=IndDecision.choices, required=False, allow_blank=True
    )
    ind_decision_on = serializers.DateField(required=False, allow_null=True)
    permit_valid_until = serializers.DateField(required=False, allow_null=True)
    criminal_case_ended_on = serializers.DateField(required=False, allow_null=True)
    conviction_on = serializers.DateField(required=False, allow_null=True)
    continued_residence_applied_on = serializers.DateField(required=False, allow_null=True)
    exception_route = OptionalBooleanField(required=False)
    exception_statements = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT
    )
    exception_granted_on = serializers.DateField(required=False, allow_null=True)


class DecisionInputSerializer(VersionedSerializer):
    stage = serializers.ChoiceField(choices=DecisionStage.choices)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    decided_on = serializers.DateField()
    panel = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=20,
        help_text="Organisation ids: at least two of different kinds",
    )
    indicators = serializers.ListField(
        child=serializers.CharField(max_length=40),
        max_length=100,
        help_text="Codes of the current indicator catalogue",
    )
    reasons = serializers.CharField(max_length=MAX_TEXT)
