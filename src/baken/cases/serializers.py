"""API representations of cases. Input serializers check shapes only; the rules (who may,
which step, which dates) stay in the services, whose messages come back as `detail`.

The read-side serializers take plain values built by `cases.api` (a case's B8 state, its
handovers, its identification) as well as models, so each sub-resource has one shape.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from baken.accounts.models import Organisation, User
from baken.cases import b8_track
from baken.cases.b8_deadlines import Deadline, reflection_end
from baken.cases.handover import contact_chain
from baken.cases.identification import status as identification_status
from baken.cases.models import (
    B8Track,
    Case,
    CaseMember,
    DecisionOutcome,
    DecisionStage,
    EventKind,
    Handover,
    IdentificationDecision,
    IndDecision,
    ReportStatus,
)
from baken.cases.team import active_members
from baken.cases.workflow import CaseState, CloseReason
from baken.signals.vocabulary import Form

MAX_TEXT = 5000


class DetailSerializer(serializers.Serializer):  # type: ignore[type-arg]
    detail = serializers.CharField()


# Read side.


class UserRefSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user: User) -> str:
        return user.get_full_name() or user.username


class OrganisationRefSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class CaseSummarySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    lead_organisation = OrganisationRefSerializer(read_only=True)
    contact_person = UserRefSerializer(read_only=True, allow_null=True)
    forms = serializers.ListField(
        child=serializers.ChoiceField(choices=Form.choices), read_only=True
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "state",
            "version",
            "lead_organisation",
            "contact_person",
            "opened_at",
            "forms",
            "is_minor",
            "closed_at",
            "close_reason",
        ]
        read_only_fields = fields


class TeamMemberSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = CaseMember
        fields = ["id", "organisation", "role", "consent_to_share", "granted_at"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    panel = OrganisationRefSerializer(many=True, read_only=True)
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    recorded_by = UserRefSerializer(read_only=True)

    class Meta:
        model = IdentificationDecision
        fields = [
            "id",
            "stage",
            "outcome",
            "decided_on",
            "panel",
            "indicators",
            "reasons",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class IdentificationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """`identification.IdentificationStatus`: the latest decision per stage, what is due."""

    reasonable_grounds = DecisionSerializer(read_only=True, allow_null=True)
    conclusive = DecisionSerializer(read_only=True, allow_null=True)
    reasonable_grounds_due = serializers.DateField(read_only=True)
    reasonable_grounds_overdue = serializers.SerializerMethodField()
    conclusive_earliest = serializers.DateField(read_only=True, allow_null=True)

    def get_reasonable_grounds_overdue(self, status: Any) -> bool:
        return bool(status.reasonable_grounds_overdue(timezone.localdate()))


class DeadlineSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField(read_only=True)
    due = serializers.DateField(read_only=True)
    open = serializers.BooleanField(read_only=True)
    overdue = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()

    def get_overdue(self, deadline: Deadline) -> bool:
        return deadline.overdue(timezone.localdate())

    def get_days_left(self, deadline: Deadline) -> int:
        return deadline.days_left(timezone.localdate())


class B8TrackSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    reflection_end = serializers.SerializerMethodField()

    class Meta:
        model = B8Track
        fields = [
            "reflection_offered_on",
            "reflection_start",
            "reflection_end",
            "report_status",
            "report_status_on",
            "permit_applied_on",
            "ind_decision",
            "ind_decision_on",
            "permit_valid_until",
            "criminal_case_ended_on",
            "conviction_on",
            "continued_residence_applied_on",
            "exception_route",
            "exception_statements",
            "exception_granted_on",
        ]
        read_only_fields = fields

    def get_reflection_end(self, track: B8Track) -> date | None:
        return reflection_end(track.reflection_start) if track.reflection_start else None


class B8StateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The B8 track of a case (null until something is recorded), its computed deadlines and
    the warning that the reflection period ends without a decision."""

    version = serializers.IntegerField(read_only=True, help_text="The case's version")
    track = B8TrackSerializer(read_only=True, allow_null=True)
    deadlines = DeadlineSerializer(many=True, read_only=True)
    warning = DeadlineSerializer(read_only=True, allow_null=True)


class HandoverSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    from_user = UserRefSerializer(read_only=True, allow_null=True)
    to_user = UserRefSerializer(read_only=True)
    recorded_by = UserRefSerializer(read_only=True)

    class Meta:
        model = Handover
        fields = [
            "id",
            "from_user",
            "to_user",
            "victim_knows",
            "open_promises",
            "risks",
            "introduction_planned_at",
            "introduction_held_at",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class ChainLinkSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One contact person in the order they had the case (`handover.contact_chain`)."""

    user = UserRefSerializer(read_only=True)
    since = serializers.DateTimeField(read_only=True)
    handover = serializers.SerializerMethodField()

    def get_handover(self, link: dict[str, Any]) -> int | None:
        handover = link.get("handover")
        return handover.pk if handover is not None else None


class HandoverStateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    version = serializers.IntegerField(read_only=True, help_text="The case's version")
    contact_person = UserRefSerializer(read_only=True, allow_null=True)
    deputy = UserRefSerializer(read_only=True, allow_null=True)
    previous_contact = UserRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="The contact person the victim knows, until the introduction meeting",
    )
    handover_count = serializers.IntegerField(read_only=True)
    chain = ChainLinkSerializer(many=True, read_only=True)
    handovers = HandoverSerializer(many=True, read_only=True)


class DecisionsStateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    version = serializers.IntegerField(read_only=True, help_text="The case's version")
    identification = IdentificationSerializer(read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)


class B8SummarySerializer(serializers.Serializer):  # type: ignore[type-arg]
    report_status = serializers.ChoiceField(choices=ReportStatus.choices, read_only=True)
    reflection_start = serializers.DateField(read_only=True, allow_null=True)
    reflection_end = serializers.DateField(read_only=True, allow_null=True)
    deadlines = DeadlineSerializer(many=True, read_only=True)
    warning = DeadlineSerializer(read_only=True, allow_null=True)


class CaseDetailSerializer(CaseSummarySerializer):
    """The whole case for the team. The alias is personal data: the view audits the read."""

    person = serializers.SlugRelatedField(slug_field="pseudonym", read_only=True, allow_null=True)  # type: ignore[var-annotated]
    signals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)  # type: ignore[var-annotated]
    deputy = UserRefSerializer(read_only=True, allow_null=True)
    previous_contact = UserRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="The contact person the victim knows, until the introduction meeting",
    )
    contact_chain = serializers.SerializerMethodField()
    handover_count = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()
    identification = serializers.SerializerMethodField()
    b8 = serializers.SerializerMethodField()
    open_tasks = serializers.SerializerMethodField()

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "alias",
            "person",
            "signals",
            "deputy",
            "previous_contact",
            "contact_chain",
            "handover_count",
            "team",
            "identification",
            "b8",
            "open_tasks",
            "unconditional_support_since",
            "anonymised_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ChainLinkSerializer(many=True))
    def get_contact_chain(self, case: Case) -> Any:
        return ChainLinkSerializer(contact_chain(case), many=True).data

    def get_handover_count(self, case: Case) -> int:
        return case.handovers.count()

    @extend_schema_field(TeamMemberSerializer(many=True))
    def get_team(self, case: Case) -> Any:
        return TeamMemberSerializer(active_members(case), many=True).data

    @extend_schema_field(IdentificationSerializer)
    def get_identification(self, case: Case) -> Any:
        return IdentificationSerializer(identification_status(case)).data

    @extend_schema_field(B8SummarySerializer)
    def get_b8(self, case: Case) -> Any:
        track = b8_track.track_of(case)
        start = track.reflection_start if track else None
        summary = {
            "report_status": track.report_status if track else ReportStatus.UNKNOWN,
            "reflection_start": start,
            "reflection_end": reflection_end(start) if start else None,
            "deadlines": b8_track.deadlines(case),
            "warning": b8_track.warning(case),
        }
        return B8SummarySerializer(summary).data

    def get_open_tasks(self, case: Case) -> int:
        return case.tasks.filter(done_at__isnull=True).count()


class TimelineEntrySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """`timeline.Entry`: the fixed description in the reader's language and what was written."""

    at = serializers.DateTimeField(read_only=True)
    # A plain string in the schema: an enum here would collide with the organisations' kind.
    kind = serializers.CharField(read_only=True, help_text="One of: " + ", ".join(EventKind.values))
    kind_label = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    actor = UserRefSerializer(read_only=True, allow_null=True)
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)


# Write side.


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
