"""Validation of a new signal, shared by the intake page and the API (one set of rules).

The page posts a `SignalForm` plus a formset of `VictimForm`s; the API feeds its JSON into the
same forms, so an error reads the same in both and nothing reaches the database unchecked.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.accounts.models import Municipality
from baken.portal.form_styles import NLDesignForm
from baken.signals.catalogue_store import current_catalogue
from baken.signals.models import Indicator
from baken.signals.models.signal import MAX_OBSERVATION, MAX_SHORT_TEXT
from baken.signals.text import InvalidTextError, clean_text
from baken.signals.vocabulary import Form, Gender, PlaceKind, Theme, Urgency

MAX_DETAILS = 2000
MAX_HANDLES = 10
MAX_VICTIMS = 10
VICTIM_FACTS = ("name", "age", "birth_date", "nationality", "language", "phone", "handles")


class TextCleaningForm(forms.Form):
    """Runs the free-text fields through `clean_text`; a field with forbidden characters gets
    a precise error instead of being stored."""

    text_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.text_fields:
            value = data.get(name)
            if isinstance(value, str):
                try:
                    data[name] = clean_text(value)
                except InvalidTextError:
                    self.add_error(name, _("This text contains characters that are not allowed."))
        return data


def _not_in_future(value: date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date lies in the future."))


class SignalForm(NLDesignForm, TextCleaningForm):
    text_fields = ("address", "observation", "other_persons", "vehicles", "online_ads")

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="cbs_code",
        error_messages={"invalid_choice": _("This is not a known municipality (CBS code).")},
    )
    place_kind = forms.ChoiceField(label=_("Kind of place"), choices=PlaceKind.choices)
    address = forms.CharField(
        label=_("Address or description of the place"), required=False, max_length=MAX_SHORT_TEXT
    )
    observed_on = forms.DateField(
        label=_("Date of the observation"),
        validators=[_not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    themes = forms.MultipleChoiceField(
        label=_("What do you suspect?"), choices=Theme.choices, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.MultipleChoiceField(
        label=_("What did you notice?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    observation = forms.CharField(
        label=_("Your observation in your own words"),
        max_length=MAX_OBSERVATION,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="normal")
    other_persons = forms.CharField(
        label=_("Other persons involved"),
        required=False,
        max_length=MAX_DETAILS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    vehicles = forms.CharField(
        label=_("Vehicles (make, colour, number plate)"),
        required=False,
        max_length=MAX_DETAILS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    online_ads = forms.CharField(
        label=_("Online advertisements (site, link, title)"),
        required=False,
        max_length=MAX_DETAILS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact_consent = forms.BooleanField(
        label=_("The person agreed to be contacted"), required=False
    )

    # Defined last: the name `forms` would shadow the django.forms module for the fields
    # below it. `field_order` puts it back in place.
    forms = forms.MultipleChoiceField(
        label=_("Suspected form of exploitation"),
        choices=Form.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = [
        "municipality",
        "place_kind",
        "address",
        "observed_on",
        "themes",
        "forms",
        "indicators",
        "observation",
        "urgency",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue = current_catalogue()
        self.indicator_objects = {
            i.code: i for i in Indicator.objects.filter(catalogue=self.catalogue)
        }
        indicator_field = cast(forms.MultipleChoiceField, self.fields["indicators"])
        indicator_field.choices = [
            (code, indicator.label) for code, indicator in self.indicator_objects.items()
        ]
        # Django fills in %(value)s; the version is known only now.
        message = _("%(value)s is not an indicator of the current catalogue (version %(version)s).")
        self.fields["indicators"].error_messages["invalid_choice"] = str(message).replace(
            "%(version)s", self.catalogue.version
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "observation" in data and not data["observation"]:
            self.add_error("observation", _("Describe what you saw."))
        return data

    def chosen_indicators(self) -> list[Indicator]:
        return [self.indicator_objects[code] for code in self.cleaned_data.get("indicators", [])]


class HandlesField(forms.CharField):
    """Handles as one line separated by commas or spaces (page), or a list (API)."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if value in (None, "", []):
            return []
        items = value if isinstance(value, list) else str(value).replace(",", " ").split()
        handles = [clean_text(str(item)).lstrip("@") for item in items]
        return [h for h in handles if h]

    def validate(self, value: Any) -> None:
        if len(value) > MAX_HANDLES:
            raise forms.ValidationError(
                _("At most %(n)d handles.") % {"n": MAX_HANDLES}, code="too_many"
            )
        for handle in value:
            if len(handle) > 100:
                raise forms.ValidationError(_("A handle is at most 100 characters."))

    def run_validators(self, value: Any) -> None:
        return None


class VictimForm(NLDesignForm, TextCleaningForm):
    text_fields = ("name", "nationality", "language", "phone")

    name = forms.CharField(label=_("Name or alias"), required=False, max_length=MAX_SHORT_TEXT)
    age = forms.IntegerField(label=_("Approximate age"), required=False, min_value=0, max_value=120)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        validators=[_not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, initial="unknown", required=False
    )
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=60)
    language = forms.CharField(label=_("Language"), required=False, max_length=60)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    handles = HandlesField(label=_("Social media handles"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["gender"] = data.get("gender") or Gender.UNKNOWN
        return data

    def is_empty(self) -> bool:
        """Nothing known about this person: the empty extra block of the page's formset."""
        data = self.cleaned_data
        known = [data.get(name) for name in VICTIM_FACTS]
        return all(v in (None, "", []) for v in known) and (
            data.get("gender", Gender.UNKNOWN) == Gender.UNKNOWN
        )


VictimFormSet = forms.formset_factory(VictimForm, extra=1, max_num=MAX_VICTIMS, validate_max=True)
