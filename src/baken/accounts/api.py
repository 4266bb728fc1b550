"""Read-only API on reference data and (for administrators) users. Reads of users are audited."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from baken.accounts import policy
from baken.accounts.models import Municipality, Organisation, Region, User
from baken.accounts.policy import Action
from baken.accounts.serializers import (
    MunicipalitySerializer,
    OrganisationSerializer,
    RegionSerializer,
    UserSerializer,
)
from baken.audit.services import record_list, record_read


class MeView(APIView):
    """The calling user, with the active role and all memberships."""

    policy_action = Action.USE_API

    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        data = UserSerializer(request.user).data
        membership = policy.active_membership(request.user)
        data["active_role"] = membership.role if membership else None
        return Response(data)


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    policy_action = Action.VIEW_REFERENCE_DATA
    serializer_class = RegionSerializer

    def get_queryset(self) -> QuerySet[Region]:
        return policy.visible_to(self.request.user, Region.objects.all())


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    policy_action = Action.VIEW_REFERENCE_DATA
    serializer_class = MunicipalitySerializer

    def get_queryset(self) -> QuerySet[Municipality]:
        queryset = Municipality.objects.select_related("region")
        region = self.request.query_params.get("region")
        if region:
            queryset = queryset.filter(region__code=region)
        return policy.visible_to(self.request.user, queryset)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    policy_action = Action.VIEW_REFERENCE_DATA
    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        queryset = Organisation.objects.select_related("region", "municipality")
        return policy.visible_to(self.request.user, queryset)


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    policy_action = Action.VIEW_USERS
    policy_object_action = Action.VIEW_USER
    serializer_class = UserSerializer

    def get_queryset(self) -> QuerySet[User]:
        queryset = User.objects.prefetch_related("memberships__organisation__region").order_by("id")
        return policy.visible_to(self.request.user, queryset)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record_list(request.user, User)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        record_read(request.user, instance)
        return Response(self.get_serializer(instance).data)
