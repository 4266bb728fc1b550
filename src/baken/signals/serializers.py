"""API representations of signals. Input is validated by `intake_forms` (the same rules as the
page); `SignalInputSerializer` only documents that input in the OpenAPI schema."""

from __future__ import annotations

from rest_framework import serializers

from baken.signals.models import PossibleVictim, Signal, SignalMessage, SignalStatusChange
from baken.signals.vocabulary import Form, Gender, PlaceKind, Theme, Urgency
from baken.signals.workflow import SignalStatus


class VictimInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=120)
    birth_date = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    nationality = serializers.CharField(required=False, allow_blank=True, max_length=60)
    language = serializers.CharField(required=False, allow_blank=True, max_length=60)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    handles = serializers.ListField(child=serializers.CharField(max_length=100), required=False)


class SignalInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    municipality = serializers.CharField(help_text="CBS code, e.g. GM0363")
    place_kind = serializers.ChoiceField(choices=PlaceKind.choices)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    observed_on = serializers.DateField(help_text="Not in the future")
    themes = serializers.ListField(child=serializers.ChoiceField(choices=Theme.choices))
    forms = serializers.ListField(
        child=serializers.ChoiceField(choices=Form.choices), required=False
    )
    indicators = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Codes of the current catalogue"
    )
    observation = serializers.CharField(max_length=5000)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    other_persons = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    vehicles = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    online_ads = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    contact_consent = serializers.BooleanField(required=False)
    victims = VictimInputSerializer(many=True, required=False)


class TransitionInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    organisation = serializers.IntegerField(
        required=False, help_text="Receiving organisation, when forwarding"
    )
    version = serializers.IntegerField(
        required=False, help_text="The version you read; a newer one gives 409"
    )


class AssignmentInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    user = serializers.IntegerField(allow_null=True, help_text="A coordinator, or null")
    version = serializers.IntegerField()


class SignalSummarySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    municipality = serializers.SlugRelatedField(slug_field="cbs_code", read_only=True)  # type: ignore[var-annotated]

    class Meta:
        model = Signal
        fields = [
            "id",
            "reference",
            "status",
            "urgency",
            "themes",
            "forms",
            "municipality",
            "place_kind",
            "involves_minor",
            "filed_at",
            "respond_by",
            "priority",
            "assigned_to",
            "version",
        ]
        read_only_fields = fields


class VictimSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PossibleVictim
        fields = [
            "name",
            "age",
            "birth_date",
            "gender",
            "nationality",
            "language",
            "phone",
            "handles",
        ]
        read_only_fields = fields


class StatusChangeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = SignalStatusChange
        fields = ["from_status", "to_status", "changed_at", "changed_by", "organisation", "reason"]
        read_only_fields = fields


class MessageSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = SignalMessage
        fields = ["author", "organisation", "body", "sent_at"]
        read_only_fields = fields


class SignalDetailSerializer(SignalSummarySerializer):
    """The whole signal, for those allowed to see it. Reading it is audited by the view."""

    catalogue = serializers.SlugRelatedField(slug_field="version", read_only=True)  # type: ignore[var-annotated]
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[var-annotated]
    victims = VictimSerializer(many=True, read_only=True)
    history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    messages = MessageSerializer(many=True, read_only=True)
    priority_reasons = serializers.JSONField(read_only=True)

    class Meta(SignalSummarySerializer.Meta):
        fields = [
            *SignalSummarySerializer.Meta.fields,
            "catalogue",
            "address",
            "observed_on",
            "indicators",
            "observation",
            "other_persons",
            "vehicles",
            "online_ads",
            "contact_consent",
            "victims",
            "priority_reasons",
            "history",
            "messages",
        ]
        read_only_fields = fields
