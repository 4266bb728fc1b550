"""Audit entries in the technical admin: readable, never added, changed or deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from baken.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "organisation", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
