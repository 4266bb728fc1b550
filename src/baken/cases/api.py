"""The cases API: list and open cases, read one, change its state, hand it over, record the
B8 track and identification decisions, read the timeline.

Lists and details are filtered by the policy, so a case outside the caller's team is a 404 and
never appears in a list or search. Each step names the policy action it needs on the case (a
team member who may not take it gets 403). The services keep the rules: a refusal is a 400, a
forbidden transition or a newer version of the case a 409, both with a `detail` message. Every
response that shows personal data is audited as a read.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.audit.services import record_list, record_read
from baken.cases import api_lookups as lookups
from baken.cases import b8_track, handover, identification, opening, timeline, transitions
from baken.cases.api_errors import (
    FORBIDDEN,
    READ_RESPONSES,
    REFUSED,
    WRITE_RESPONSES,
    invalid,
    listed,
    service_errors,
)
from baken.cases.api_inputs import (
    B8InputSerializer,
    CaseCreateSerializer,
    CaseTransitionInputSerializer,
    DecisionInputSerializer,
    HandoverInputSerializer,
)
from baken.cases.models import Case, EventKind
from baken.cases.serializers import (
    B8StateSerializer,
    CaseDetailSerializer,
    CaseSummarySerializer,
    DecisionsStateSerializer,
    HandoverStateSerializer,
    TimelineEntrySerializer,
)
from baken.cases.workflow import CaseState
from baken.people.models import Person

# The action each step needs on the case; everything else reads (VIEW_CASE).
OBJECT_ACTIONS: dict[tuple[str, str], Action] = {
    ("transitions", "POST"): Action.MANAGE_CASE,
    ("handover", "POST"): Action.MANAGE_CASE,
    ("b8", "PATCH"): Action.WORK_ON_CASE,
    ("decisions", "POST"): Action.WORK_ON_CASE,
}


class CaseViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    policy_action = Action.VIEW_CASE
    policy_object_action = Action.VIEW_CASE
    serializer_class = CaseSummarySerializer

    def get_permissions(self) -> list[Any]:
        self.policy_action = Action.OPEN_CASE if self.action == "create" else Action.VIEW_CASE
        step = (self.action or "", self.request.method or "")
        self.policy_object_action = OBJECT_ACTIONS.get(step, Action.VIEW_CASE)
        introduction = (
            step == ("handover", "POST")
            and self.request.user.is_authenticated
            and "introduction_held_at" in self.request.data
        )
        if introduction:
            # Anybody in the team records an introduction meeting they held.
            self.policy_object_action = Action.WORK_ON_CASE
        return list(super().get_permissions())

    def get_serializer_class(self) -> type:
        return CaseDetailSerializer if self.action == "retrieve" else CaseSummarySerializer

    def get_queryset(self) -> QuerySet[Case]:
        queryset = Case.objects.select_related(
            "lead_organisation", "contact_person", "deputy", "previous_contact", "person"
        )
        if self.action == "list":
            query = self.request.query_params.get("q", "").strip()
            if query:
                queryset = queryset.filter(reference__icontains=query)
            state = self.request.query_params.get("state")
            if state:
                queryset = queryset.filter(state=state)
        return policy.visible_to(self.request.user, queryset)

    @property
    def _user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    # The case.

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Part of the case reference"),
            OpenApiParameter("state", OpenApiTypes.STR, enum=CaseState.values),
        ],
        responses={200: CaseSummarySerializer(many=True), 403: FORBIDDEN},
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        record_list(request.user, Case)
        return self.get_paginated_response(CaseSummarySerializer(page, many=True).data)

    @extend_schema(responses={200: CaseDetailSerializer, **READ_RESPONSES})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        record_read(request.user, case)
        return Response(CaseDetailSerializer(case).data)

    @extend_schema(
        request=CaseCreateSerializer,
        responses={201: CaseSummarySerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        body = CaseCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        signals = lookups.openable_signals(self._user, data["signals"])
        person = None
        if data.get("person", "").strip():
            person = policy.visible_to(
                self._user, Person.objects.filter(pseudonym=data["person"].strip())
            ).first()
            if person is None:
                raise invalid("person", _("No person with that pseudonym is available to you."))
        contact = None
        if data.get("contact_person") is not None:
            contact = lookups.colleague(self._user, data["contact_person"])
        with service_errors():
            case = opening.open_case(
                self._user,
                signals,
                person=person,
                alias=data.get("alias", ""),
                forms=data.get("forms", ()),
                contact_person=contact,
            )
        return Response(CaseSummarySerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CaseTransitionInputSerializer,
        responses={200: CaseSummarySerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        body = CaseTransitionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        with service_errors():
            case = transitions.change_state(
                self._user,
                case,
                data["state"],
                reason=data.get("reason", ""),
                close_reason=data.get("close_reason", ""),
                close_anyway_reason=data.get("close_anyway_reason", ""),
                expected_version=data["version"],
            )
        return Response(CaseSummarySerializer(case).data)

    # The contact person and the handover.

    @extend_schema(methods=["GET"], responses={200: HandoverStateSerializer, **READ_RESPONSES})
    @extend_schema(
        methods=["POST"],
        request=HandoverInputSerializer,
        responses={200: HandoverStateSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["get", "post"])
    def handover(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        if request.method == "POST":
            body = HandoverInputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            with service_errors():
                self._change_contact(case, body.validated_data)
            case.refresh_from_db()
        state = {
            "version": case.version,
            "contact_person": case.contact_person,
            "deputy": case.deputy,
            "previous_contact": case.previous_contact,
            "handover_count": case.handovers.count(),
            "chain": handover.contact_chain(case),
            "handovers": case.handovers.select_related("from_user", "to_user", "recorded_by"),
        }
        record_read(request.user, case, reason="handovers")
        return Response(HandoverStateSerializer(state).data)

    def _change_contact(self, case: Case, data: dict[str, Any]) -> None:
        version = data["version"]
        if "introduction_held_at" in data:
            item = case.handovers.filter(pk=data["handover"]).first()
            if item is None:
                raise invalid("handover", _("This case has no such handover."))
            handover.record_introduction(
                self._user,
                case,
                item,
                held_at=data["introduction_held_at"],
                expected_version=version,
            )
        elif "to_user" in data and case.contact_person_id is None:
            deputy = data.get("deputy")
            handover.assign_contact_person(
                self._user,
                case,
                lookups.team_member(case, data["to_user"], "to_user"),
                deputy=lookups.team_member(case, deputy, "deputy") if deputy else None,
                expected_version=version,
            )
        elif "to_user" in data:
            if "deputy" in data:
                raise invalid("deputy", _("Set the deputy in its own request."))
            if "introduction_planned_at" not in data:
                raise invalid(
                    "introduction_planned_at",
                    _("Plan the introduction meeting with the victim and both contact persons."),
                )
            handover.hand_over(
                self._user,
                case,
                lookups.team_member(case, data["to_user"], "to_user"),
                victim_knows=data.get("victim_knows", ""),
                open_promises=data.get("open_promises", ""),
                risks=data.get("risks", ""),
                introduction_planned_at=data["introduction_planned_at"],
                expected_version=version,
            )
        else:
            deputy = data["deputy"]
            handover.set_deputy(
                self._user,
                case,
                lookups.team_member(case, deputy, "deputy") if deputy else None,
                expected_version=version,
            )

    # The B8 track.

    @extend_schema(methods=["GET"], responses={200: B8StateSerializer, **READ_RESPONSES})
    @extend_schema(
        methods=["PATCH"],
        request=B8InputSerializer,
        responses={200: B8StateSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["get", "patch"])
    def b8(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        if request.method == "PATCH":
            body = B8InputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            changes = dict(body.validated_data)
            version = changes.pop("version")
            offered_on = changes.pop("reflection_offered_on", None)
            start = changes.pop("reflection_start", None)
            with service_errors(), transaction.atomic():
                if offered_on or start:
                    b8_track.offer_reflection(
                        self._user,
                        case,
                        offered_on=offered_on or start,
                        start=start or offered_on,
                        expected_version=version,
                    )
                    version += 1  # this transaction holds the case: the offer bumped it
                if changes or not (offered_on or start):
                    b8_track.update(self._user, case, changes, expected_version=version)
            case.refresh_from_db()
        state = {
            "version": case.version,
            "track": b8_track.track_of(case),
            "deadlines": b8_track.deadlines(case),
            "warning": b8_track.warning(case),
        }
        record_read(request.user, case, reason="B8 track")
        return Response(B8StateSerializer(state).data)

    # Identification.

    @extend_schema(methods=["GET"], responses={200: DecisionsStateSerializer, **READ_RESPONSES})
    @extend_schema(
        methods=["POST"],
        request=DecisionInputSerializer,
        responses={201: DecisionsStateSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["get", "post"])
    def decisions(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        code: int = status.HTTP_200_OK
        if request.method == "POST":
            body = DecisionInputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
            with service_errors():
                identification.record_decision(
                    self._user,
                    case,
                    stage=data["stage"],
                    outcome=data["outcome"],
                    decided_on=data["decided_on"],
                    panel=lookups.panel(data["panel"]),
                    indicators=lookups.indicators(data["indicators"]),
                    reasons=data["reasons"],
                    expected_version=data["version"],
                )
            case.refresh_from_db()
            code = status.HTTP_201_CREATED
        state = {
            "version": case.version,
            "identification": identification.status(case),
            "decisions": case.decisions.select_related("recorded_by").prefetch_related(
                "panel", "indicators"
            ),
        }
        record_read(request.user, case, reason="identification decisions")
        return Response(DecisionsStateSerializer(state).data, status=code)

    # The timeline.

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                many=True,
                enum=EventKind.values,
                description="Only these kinds of event (repeat for more)",
            )
        ],
        responses={200: TimelineEntrySerializer(many=True), 400: REFUSED, **READ_RESPONSES},
    )
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        kinds = request.query_params.getlist("kind")
        unknown = [kind for kind in kinds if kind not in EventKind.values]
        if unknown:
            raise invalid(
                "kind", _("Unknown kind of event: %(kinds)s.") % {"kinds": listed(unknown)}
            )
        entries = timeline.entries(case, kinds)
        record_read(request.user, case, reason="timeline")
        return Response(TimelineEntrySerializer(entries, many=True).data)
