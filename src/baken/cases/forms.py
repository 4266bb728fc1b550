"""The forms of the case pages. They only parse the POST into typed values; the rules (who may
be contact person, what a transition needs, deadlines) are the services'. Choice lists are
narrowed to what makes sense for the case so the page offers sensible options."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baken.accounts.models import Organisation
from baken.cases.models import (
    DecisionOutcome,
    DecisionStage,
    IndDecision,
    PlacementKind,
    ReportStatus,
    SupportArea,
    SupportKind,
)
from baken.cases.workflow import CaseState, CloseReason
from baken.portal.form_styles import NLDesignForm
from baken.signals.models import Indicator
from baken.signals.vocabulary import Form

NOTHING = "\u2013"  # an en dash: no choice
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class VersionedForm(NLDesignForm, forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class OpenCaseForm(NLDesignForm, forms.Form):
    signals: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Signals")
    )
    alias = forms.CharField(
        label=_("Name or alias"),
        required=False,
        max_length=200,
        help_text=_("How the team refers to the person; stored encrypted."),
    )
    forms = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=Form.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Left empty: the forms named in the signals."),
    )
    contact_person = UserChoice(
        queryset=None, required=False, label=_("Contact person"), empty_label=_("Later")
    )

    def __init__(self, *args: Any, signals: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signals"].queryset = signals  # type: ignore[attr-defined]
        self.fields["contact_person"].queryset = contacts  # type: ignore[attr-defined]


class TransitionForm(VersionedForm):
    state = forms.ChoiceField(choices=CaseState.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=[("", NOTHING), *CloseReason.choices], required=False
    )
    close_anyway_reason = forms.CharField(
        label=_("Why close with open tasks or deadlines"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContactForm(VersionedForm):
    contact_person = UserChoice(queryset=None, label=_("Contact person"))
    deputy = UserChoice(queryset=None, required=False, label=_("Deputy"), empty_label=NOTHING)

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = contacts  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = contacts  # type: ignore[attr-defined]


class DeputyForm(VersionedForm):
    deputy = UserChoice(queryset=None, required=False, label=_("Deputy"), empty_label=NOTHING)

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = contacts  # type: ignore[attr-defined]


class HandoverForm(VersionedForm):
    to_user = UserChoice(queryset=None, label=_("New contact person"))
    victim_knows = forms.CharField(
        label=_("What the victim knows"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    open_promises = forms.CharField(
        label=_("Open promises"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    risks = forms.CharField(
        label=_("Risks"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    introduction_planned_at = forms.DateTimeField(
        label=_("Introduction meeting with the victim (both contact persons)"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
    )

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = contacts  # type: ignore[attr-defined]


class IntroductionForm(VersionedForm):
    handover = forms.IntegerField(widget=forms.HiddenInput)
    held_at = forms.DateTimeField(
        label=_("Held at"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )


class TeamForm(VersionedForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True), label=_("Organisation")
    )
    role = forms.CharField(label=_("Role in the case"), required=False, max_length=120)
    consent_to_share = forms.BooleanField(
        label=_("The person agreed to share their information with this organisation"),
        required=False,
    )


class MemberForm(VersionedForm):
    member = forms.IntegerField(widget=forms.HiddenInput)
    consent = forms.BooleanField(required=False, widget=forms.HiddenInput)


class DecisionForm(VersionedForm):
    stage = forms.ChoiceField(label=_("Stage"), choices=DecisionStage.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    panel = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        label=_("Panel (at least two organisations of different kinds)"),
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        label=_("Indicators relied on"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    reasons = forms.CharField(
        label=_("Reasons"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, panel: Any, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = panel  # type: ignore[attr-defined]
        self.fields["indicators"].queryset = indicators  # type: ignore[attr-defined]


class ReflectionForm(VersionedForm):
    offered_on = forms.DateField(label=_("Offered on"), widget=DATE)
    start = forms.DateField(label=_("Start of the reflection period"), widget=DATE)


class B8Form(VersionedForm):
    report_status = forms.ChoiceField(
        label=_("Police report or cooperation"), choices=ReportStatus.choices
    )
    permit_applied_on = forms.DateField(
        label=_("Permit applied for on"), required=False, widget=DATE
    )
    ind_decision = forms.ChoiceField(
        label=_("IND decision"), choices=[("", NOTHING), *IndDecision.choices], required=False
    )
    ind_decision_on = forms.DateField(label=_("IND decision on"), required=False, widget=DATE)
    permit_valid_until = forms.DateField(label=_("Permit valid until"), required=False, widget=DATE)
    criminal_case_ended_on = forms.DateField(
        label=_("Criminal case ended on"), required=False, widget=DATE
    )
    conviction_on = forms.DateField(label=_("Conviction on"), required=False, widget=DATE)
    continued_residence_applied_on = forms.DateField(
        label=_("Continued residence applied for on"), required=False, widget=DATE
    )
    exception_route = forms.BooleanField(
        label=_(
            "Exception route: cannot cooperate because of a serious threat or for medical reasons"
        ),
        required=False,
    )
    exception_statements = forms.CharField(
        label=_("Statements (police, doctor)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    exception_granted_on = forms.DateField(
        label=_("Exception granted on"), required=False, widget=DATE
    )


class PlacementForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlacementKind.choices)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        label=_("Shelter"),
        required=False,
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class EndPlacementForm(VersionedForm):
    placement = forms.IntegerField(widget=forms.HiddenInput)
    ends_on = forms.DateField(label=_("Ended on"), widget=DATE)


class SupportForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SupportKind.choices)
    area = forms.ChoiceField(label=_("Area"), choices=SupportArea.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    referred_to = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        label=_("Referred to"),
        required=False,
    )


class UnconditionalForm(VersionedForm):
    offered_on = forms.DateField(label=_("Offered on"), widget=DATE)


class TaskForm(VersionedForm):
    title = forms.CharField(label=_("Task"), max_length=500)
    owner = UserChoice(queryset=None, label=_("Owner"))
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = contacts  # type: ignore[attr-defined]


class TaskDoneForm(VersionedForm):
    task = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(VersionedForm):
    text = forms.CharField(
        label=_("Text"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.BooleanField(label=_("This was a contact with the victim"), required=False)
    at = forms.DateTimeField(
        label=_("When (for a contact)"),
        required=False,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
    )
