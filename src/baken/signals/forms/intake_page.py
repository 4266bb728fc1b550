"""The intake form as the page shows it: the shared rules of `intake_forms`, laid out for a
phone. Validation is not changed here, only presentation: a blank first choice where a silent
default would be a guess, radio buttons for urgency, ISO dates for the browser's date picker,
and the draft's raw data turned back into a form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.signals.intake_forms import MAX_VICTIMS, SignalForm, VictimForm, VictimFormSet
from baken.signals.models import Indicator
from baken.signals.vocabulary import IndicatorGroup, PlaceKind

CHECKBOX_CLASS = "utrecht-checkbox utrecht-checkbox--html-input"
RADIO_CLASS = "utrecht-radio-button utrecht-radio-button--html-input"
ISO_DATE = "%Y-%m-%d"
VICTIMS_PREFIX = "form"
TOTAL_FORMS = f"{VICTIMS_PREFIX}-TOTAL_FORMS"
INITIAL_FORMS = f"{VICTIMS_PREFIX}-INITIAL_FORMS"
MANAGEMENT_KEYS = frozenset(
    {
        TOTAL_FORMS,
        INITIAL_FORMS,
        f"{VICTIMS_PREFIX}-MIN_NUM_FORMS",
        f"{VICTIMS_PREFIX}-MAX_NUM_FORMS",
    }
)
VICTIM_KEY = re.compile(rf"^{VICTIMS_PREFIX}-(\d+)-(\w+)$")
# A draft keeps at most this many characters per value: more than any field accepts.
MAX_DRAFT_VALUE = 10_000


class QuietMixin:
    """A bound form that shows what was typed without judging it yet: a restored draft, or
    the page re-rendered with one more block for a person. `quiet=True` skips validation, so
    no error (and no `aria-invalid`) appears before the signaler sends the form."""

    _errors: ErrorDict | None
    cleaned_data: dict[str, Any]
    renderer: Any

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def full_clean(self) -> None:
        if self.quiet:
            self._errors = ErrorDict(renderer=self.renderer)
            self.cleaned_data = {}
            return
        super().full_clean()  # type: ignore[misc]


class IntakePageForm(QuietMixin, SignalForm):
    # The labels say "(required)"; the browser's own `required` check would colour an empty
    # field red before anything was typed, and the server checks anyway.
    use_required_attribute = False

    def __init__(self, *args: Any, seat: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"observed_on": timezone.localdate(), "municipality": seat or None}
        )
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        municipality.empty_label = _("Choose a municipality")  # type: ignore[attr-defined]
        self.fields["place_kind"].choices = [("", _("Choose a kind of place")), *PlaceKind.choices]  # type: ignore[attr-defined]
        self.fields["observed_on"].widget = forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
            format=ISO_DATE,
        )
        self.fields["urgency"].widget = forms.RadioSelect(attrs={"class": RADIO_CLASS})
        self.fields["urgency"].widget.choices = self.fields["urgency"].choices  # type: ignore[attr-defined]
        for name in ("themes", "forms"):
            self.fields[name].widget.attrs["class"] = CHECKBOX_CLASS
        for form_field in self.fields.values():
            if form_field.required and not isinstance(form_field.widget, forms.RadioSelect):
                form_field.widget.attrs["aria-required"] = "true"

    def chosen_codes(self) -> set[str]:
        value = self["indicators"].value()
        if isinstance(value, str):
            value = [value]
        return {str(code) for code in value or []}


class IntakeVictimForm(QuietMixin, VictimForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].widget = forms.DateInput(
            attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
            format=ISO_DATE,
        )
        self.fields["age"].widget.attrs["inputmode"] = "numeric"
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "off"})
        self.fields["handles"].help_text = _("Separate several handles with a space or a comma.")
        self.fields["age"].help_text = _("Younger than 18? The signal is flagged as about a minor.")


IntakeVictimFormSet = forms.formset_factory(
    IntakeVictimForm,
    formset=VictimFormSet,
    extra=1,
    max_num=MAX_VICTIMS,
    validate_max=True,
)


@dataclass
class IndicatorGroupView:
    """One group of indicators as a collapsible section of the page."""

    code: str
    label: str
    indicators: list[Indicator] = field(default_factory=list)
    chosen: int = 0


def grouped_indicators(form: IntakePageForm) -> list[IndicatorGroupView]:
    """The current catalogue's indicators by group: the signs of any form of exploitation
    first (a signaler often cannot tell the form), then the vocabulary's order. Empty groups
    are left out."""
    chosen = form.chosen_codes()
    order = sorted(IndicatorGroup.choices, key=lambda choice: choice[0] != IndicatorGroup.GENERAL)
    groups = {code: IndicatorGroupView(code, str(label)) for code, label in order}
    for indicator in form.indicator_objects.values():
        group = groups.setdefault(
            indicator.group, IndicatorGroupView(indicator.group, indicator.group)
        )
        group.indicators.append(indicator)
        group.chosen += indicator.code in chosen
    return [group for group in groups.values() if group.indicators]


def draft_data(post: QueryDict) -> dict[str, list[str]]:
    """What of a POST goes into the draft: the intake's own fields only (no CSRF token, no
    button), each value cut to a sane length."""
    kept: dict[str, list[str]] = {}
    for key, values in post.lists():
        if key in SignalForm.base_fields or key in MANAGEMENT_KEYS:
            pass
        else:
            match = VICTIM_KEY.match(key)
            if not match or int(match[1]) >= MAX_VICTIMS:
                continue
            if match[2] not in VictimForm.base_fields:
                continue
        kept[key] = [str(value)[:MAX_DRAFT_VALUE] for value in values]
    return kept


def as_query_dict(data: dict[str, Any]) -> QueryDict:
    """A stored draft (a dict of lists) as the QueryDict a form binds to."""
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, [str(v) for v in values] if isinstance(values, list) else [str(values)])
    return query


def with_victim_blocks(data: QueryDict, add: int = 0) -> QueryDict:
    """`data` with a usable formset management form: at least one block of a possible victim,
    `add` more when asked, never more than the maximum."""
    data = data.copy()
    try:
        total = int(data.get(TOTAL_FORMS, "0"))
    except ValueError:
        total = 0
    data[TOTAL_FORMS] = str(min(max(total, 1) + add, MAX_VICTIMS))
    data.setdefault(INITIAL_FORMS, "0")
    return data
