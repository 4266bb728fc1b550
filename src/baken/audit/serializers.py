from rest_framework import serializers

from baken.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "user",
            "organisation",
            "action",
            "object_type",
            "object_id",
            "reason",
        ]
        read_only_fields = fields
