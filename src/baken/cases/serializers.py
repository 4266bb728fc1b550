"""API representations of cases: what the API returns (the input shapes are in
`cases.api_inputs`).

These serializers take plain values built by `cases.api` (a case's B8 state, its handovers,
its identification) as well as models, so each sub-resource has one shape.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from baken.accounts.models import Organisation, User
from baken.cases import b8_track
from baken.cases.b8_deadlines import Deadline, reflection_end
from baken.cases.handover import contact_chain
from baken.cases.identification import status as identification_status
from baken.cases.models import (
    B8Track,
    Case,
    CaseMember,
    EventKind,
    Handover,
    IdentificationDecision,
    ReportStatus,
)
from baken.cases.team import active_members
from baken.signals.vocabulary import Form


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
