"""The signals API: file, list, read, change status, assign.

Lists and details are filtered by the policy, so a signal outside the caller's scope is a 404.
A POST with an `Idempotency-Key` header that was seen before returns the first result.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from baken.accounts import policy
from baken.accounts.models import Organisation, User
from baken.accounts.policy import Action
from baken.audit.services import record_list, record_read
from baken.signals import feedback, intake, triage
from baken.signals.intake_forms import MAX_VICTIMS, SignalForm, VictimForm
from baken.signals.models import IdempotencyRecord, Signal
from baken.signals.serializers import (
    AssignmentInputSerializer,
    SignalDetailSerializer,
    SignalInputSerializer,
    SignalSummarySerializer,
    TransitionInputSerializer,
)

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Repeat a POST safely: the same key returns the first result.",
)


def _form_data(payload: dict[str, Any]) -> dict[str, Any]:
    """JSON values in the shape Django forms read (lists stay lists via getlist)."""
    from django.utils.datastructures import MultiValueDict

    data: MultiValueDict[str, Any] = MultiValueDict()
    for key, value in payload.items():
        if isinstance(value, list) and key != "handles":
            data.setlist(key, [str(v) for v in value])
        elif isinstance(value, bool):
            data[key] = "on" if value else ""
        elif value is None:
            data[key] = ""
        else:
            data[key] = value
    return data  # type: ignore[return-value]


def validate_intake(payload: Any) -> intake.IntakeData:
    """Run the JSON through the page's forms; raise 400 with field errors if anything fails."""
    if not isinstance(payload, dict):
        raise ValidationError({"non_field_errors": ["Expected a JSON object."]})
    victims = payload.get("victims") or []
    if not isinstance(victims, list) or not all(isinstance(v, dict) for v in victims):
        raise ValidationError({"victims": ["Expected a list of objects."]})
    if len(victims) > MAX_VICTIMS:
        raise ValidationError({"victims": [f"At most {MAX_VICTIMS} possible victims."]})
    signal_form = SignalForm(_form_data({k: v for k, v in payload.items() if k != "victims"}))
    victim_forms = [VictimForm(_form_data(v)) for v in victims]
    errors: dict[str, Any] = {}
    if not signal_form.is_valid():
        errors.update({name: list(messages) for name, messages in signal_form.errors.items()})
    victim_errors = [
        {name: list(messages) for name, messages in form.errors.items()} for form in victim_forms
    ]
    if any(victim_errors):
        errors["victims"] = victim_errors
    if errors:
        raise ValidationError(errors)
    return intake.IntakeData.from_forms(signal_form, victim_forms)


def _request_hash(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class SignalViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    policy_action = Action.VIEW_SIGNAL
    policy_object_action = Action.VIEW_SIGNAL

    def get_permissions(self) -> list[Any]:
        self.policy_action = {
            "create": Action.FILE_SIGNAL,
        }.get(self.action, Action.VIEW_SIGNAL)
        return list(super().get_permissions())

    def get_serializer_class(self) -> type:
        return SignalDetailSerializer if self.action == "retrieve" else SignalSummarySerializer

    def get_queryset(self) -> QuerySet[Signal]:
        queryset = Signal.objects.select_related("municipality", "catalogue")
        wanted = self.request.query_params.get("status")
        if wanted:
            queryset = queryset.filter(status=wanted)
        return policy.visible_to(self.request.user, queryset)

    @extend_schema(responses=SignalSummarySerializer(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        record_list(request.user, Signal)
        return self.get_paginated_response(SignalSummarySerializer(page, many=True).data)

    @extend_schema(responses=SignalDetailSerializer)
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        signal = self.get_object()
        record_read(request.user, signal)
        feedback.mark_read(request.user, signal)  # type: ignore[arg-type]
        return Response(SignalDetailSerializer(signal).data)

    @extend_schema(
        request=SignalInputSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: SignalSummarySerializer,
            400: OpenApiResponse(description="Field errors"),
            422: OpenApiResponse(description="Idempotency-Key reused for another request"),
        },
    )
    def create(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        key = request.headers.get("Idempotency-Key", "").strip()[:100]
        request_hash = _request_hash(request.data)
        if key:
            replay = self._replay(user, key, request_hash)
            if replay is not None:
                return replay
        data = validate_intake(request.data)
        try:
            with transaction.atomic():
                signal = intake.file_signal(user, data)
                if key:
                    IdempotencyRecord.objects.create(
                        user=user, key=key, request_hash=request_hash, signal=signal
                    )
        except IntegrityError:
            # A concurrent request with the same key won; return its result.
            replay = self._replay(user, key, request_hash) if key else None
            if replay is None:
                raise
            return replay
        return Response(SignalSummarySerializer(signal).data, status=status.HTTP_201_CREATED)

    def _replay(self, user: User, key: str, request_hash: str) -> Response | None:
        earlier = IdempotencyRecord.objects.filter(user=user, key=key).select_related("signal")
        first = earlier.first()
        if first is None:
            return None
        if first.request_hash != request_hash:
            return Response(
                {"detail": "This Idempotency-Key was used for a different request."},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        response = Response(SignalSummarySerializer(first.signal).data, status=201)
        response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(
        request=TransitionInputSerializer,
        responses={
            200: SignalSummarySerializer,
            400: OpenApiResponse(description="Missing reason or organisation"),
            409: OpenApiResponse(description="Transition not allowed, or a newer version"),
        },
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        signal = self.get_object()
        body = TransitionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        forward_to = None
        if body.validated_data.get("organisation") is not None:
            forward_to = get_object_or_404(
                Organisation.objects.filter(is_active=True),
                pk=body.validated_data["organisation"],
            )
        try:
            signal = triage.change_status(
                request.user,  # type: ignore[arg-type]
                signal,
                body.validated_data["status"],
                reason=body.validated_data.get("reason", ""),
                forward_to=forward_to,
                expected_version=body.validated_data.get("version"),
            )
        except (triage.TransitionNotAllowedError, triage.ConflictError) as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except triage.TriageError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(SignalSummarySerializer(signal).data)

    @extend_schema(
        request=AssignmentInputSerializer,
        responses={200: SignalSummarySerializer, 409: OpenApiResponse(description="Conflict")},
    )
    @action(detail=True, methods=["post"])
    def assignment(self, request: Request, pk: str | None = None) -> Response:
        signal = self.get_object()
        body = AssignmentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user_id = body.validated_data["user"]
        assignee = get_object_or_404(User, pk=user_id) if user_id is not None else None
        try:
            signal = triage.assign(
                request.user,  # type: ignore[arg-type]
                signal,
                assignee,
                expected_version=body.validated_data["version"],
            )
        except triage.ConflictError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except triage.TriageError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(SignalSummarySerializer(signal).data)
