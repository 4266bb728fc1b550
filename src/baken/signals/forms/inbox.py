"""Filters of the coordinators' triage inbox. Only coded values and a reference or municipality
name travel in the URL: personal fields are encrypted and cannot be searched."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from baken.accounts.models import User
from baken.portal.form_styles import NLDesignForm
from baken.signals.models import Signal
from baken.signals.vocabulary import Theme, Urgency
from baken.signals.workflow import OPEN_STATUSES, SignalStatus

OPEN = ""
ALL = "all"
MINE = "mine"
UNASSIGNED = "unassigned"


class InboxFilterForm(NLDesignForm, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN, _("Open")), (ALL, _("All")), *SignalStatus.choices],
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any")), *Urgency.choices]
    )
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("Any")), *Theme.choices]
    )
    assigned = forms.ChoiceField(
        label=_("Assigned"),
        required=False,
        choices=[("", _("Everyone")), (MINE, _("To me")), (UNASSIGNED, _("Nobody yet"))],
    )
    minor = forms.BooleanField(label=_("Minors only"), required=False)
    q = forms.CharField(label=_("Reference or municipality"), required=False, max_length=100)

    def apply(self, queryset: QuerySet[Signal], user: User) -> QuerySet[Signal]:
        """The queryset filtered; an invalid filter falls back to the default (open signals)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        status = data.get("status", OPEN)
        if status == OPEN:
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        elif status != ALL:
            queryset = queryset.filter(status=status)
        if data.get("urgency"):
            queryset = queryset.filter(urgency=data["urgency"])
        if data.get("theme"):
            # `themes` is a JSON list; a quoted code matches one element on every database
            # (`contains` on JSON is not available on SQLite).
            queryset = queryset.filter(themes__icontains=f'"{data["theme"]}"')
        if data.get("assigned") == MINE:
            queryset = queryset.filter(assigned_to=user)
        elif data.get("assigned") == UNASSIGNED:
            queryset = queryset.filter(assigned_to__isnull=True)
        if data.get("minor"):
            queryset = queryset.filter(involves_minor=True)
        if text := (data.get("q") or "").strip():
            queryset = queryset.filter(
                Q(reference__icontains=text) | Q(municipality__name__icontains=text)
            )
        return queryset
