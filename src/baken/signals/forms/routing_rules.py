"""The administrator's form for one routing rule: conditions, one target, order."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baken.accounts.models import Organisation, OrganisationKind, Region
from baken.portal.form_styles import NLDesignForm
from baken.signals.models import RoutingRule
from baken.signals.rules import RuleFields
from baken.signals.vocabulary import Form, Theme

CHECKBOX_CLASS = "utrecht-checkbox utrecht-checkbox--html-input"
MINOR_CHOICES = [("", _("Either")), ("yes", _("Only with a minor")), ("no", _("Only without"))]


def _in_vocabulary_order(values: list[str], choices: type[Theme] | type[Form]) -> list[str]:
    return [code for code in choices.values if code in values]


class RoutingRuleForm(NLDesignForm, forms.Form):
    """Conditions (empty: any) and exactly one target: the region's coordination desk, the
    organisations of one kind in the signal's region, or one named organisation."""

    name = forms.CharField(label=_("Name"), max_length=120)
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        help_text=_("Rules are applied from low to high."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": CHECKBOX_CLASS}),
        help_text=_("None ticked: any theme."),
    )
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=Form.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": CHECKBOX_CLASS}),
        help_text=_("None ticked: any form."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Every region"),
    )
    minor = forms.TypedChoiceField(
        label=_("Minor involved"),
        choices=MINOR_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    to_coordination_desk = forms.BooleanField(
        label=_("To the region's coordination desk"), required=False
    )
    target_kind = forms.ChoiceField(
        label=_("To the organisations of this kind in the signal's region"),
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
    )
    target_organisation = forms.ModelChoiceField(
        label=_("To this organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="—",
    )
    stop = forms.BooleanField(
        label=_("Stop after this rule"),
        required=False,
        help_text=_("Later rules are not applied to a signal this rule matched."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, rule: RoutingRule | None = None, **kwargs: Any) -> None:
        if rule is not None:
            kwargs.setdefault("initial", initial_of(rule))
        super().__init__(*args, **kwargs)
        # An organisation that was since deactivated stays selectable on the rule that names it.
        current = rule.target_organisation_id if rule else None
        self.fields["target_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk=current)
        ).select_related("region")
        if rule is None:
            del self.fields["is_active"]  # a new rule is active

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        targets = (
            bool(cleaned.get("to_coordination_desk")),
            bool(cleaned.get("target_kind")),
            cleaned.get("target_organisation") is not None,
        )
        if sum(targets) != 1:
            raise forms.ValidationError(
                _(
                    "Choose exactly one target: the region's coordination desk, an "
                    "organisation kind, or one organisation."
                ),
                code="one_target",
            )
        return cleaned

    def rule_fields(self) -> RuleFields:
        data = self.cleaned_data
        return RuleFields(
            name=data["name"],
            position=data["position"],
            themes=_in_vocabulary_order(data["themes"], Theme),
            forms=_in_vocabulary_order(data["exploitation_forms"], Form),
            region=data["region"],
            minor=data["minor"],
            to_coordination_desk=data["to_coordination_desk"],
            target_kind=data["target_kind"],
            target_organisation=data["target_organisation"],
            stop=data["stop"],
            is_active=data.get("is_active", True),
        )


def initial_of(rule: RoutingRule) -> dict[str, Any]:
    minor = {None: "", True: "yes", False: "no"}[rule.minor]
    return {
        "name": rule.name,
        "position": rule.position,
        "themes": rule.themes,
        "exploitation_forms": rule.forms,
        "region": rule.region_id,
        "minor": minor,
        "to_coordination_desk": rule.to_coordination_desk,
        "target_kind": rule.target_kind,
        "target_organisation": rule.target_organisation_id,
        "stop": rule.stop,
        "is_active": rule.is_active,
    }
