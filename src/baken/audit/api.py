"""Read-only API on the audit log: there is no create, update or delete route."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from baken.accounts import policy
from baken.accounts.policy import Action
from baken.audit.filters import AuditFilterForm
from baken.audit.models import AuditEntry
from baken.audit.serializers import AuditEntrySerializer
from baken.audit.services import record_list, record_read


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Audit entries of the administrator's region; filters as on the audit page."""

    policy_action = Action.VIEW_AUDIT
    policy_object_action = Action.VIEW_AUDIT
    serializer_class = AuditEntrySerializer

    def get_queryset(self) -> QuerySet[AuditEntry]:
        queryset = policy.visible_to(self.request.user, AuditEntry.objects.all())
        form = AuditFilterForm(self.request.query_params or None)
        return form.apply(queryset) if form.is_bound else queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record_list(request.user, AuditEntry)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        record_read(request.user, instance)
        return Response(self.get_serializer(instance).data)
