"""The small forms of the signal page: a status step and an assignment. They only parse the POST;
the rules (reason required, who may be assigned) are the services'."""

from __future__ import annotations

from django import forms

from baken.accounts.models import Organisation, User
from baken.signals.workflow import SignalStatus


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=SignalStatus.choices)
    reason = forms.CharField(required=False, max_length=1000, strip=True)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True), required=False
    )
    version = forms.IntegerField(min_value=1)


class AssignForm(forms.Form):
    # Any active user parses; `triage.assign` refuses whoever is not a colleague.
    assignee = forms.ModelChoiceField(queryset=User.objects.filter(is_active=True), required=False)
    version = forms.IntegerField(min_value=1)
