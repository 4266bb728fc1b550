"""The form to start a scan: one or more uploaded files, or a path in the import folder."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baken.portal.form_styles import NLDesignForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ScanForm(NLDesignForm, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For your own overview, e.g. the channel or site and the period."),
    )
    uploads = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "A Telegram Desktop export (result.json) or an ad dump (JSON Lines or CSV with "
            "the columns id,site,posted_at,title,text,city,phone,url)."
        ),
    )
    server_path = forms.CharField(
        label=_("Or a file in the import folder on the server"),
        required=False,
        max_length=500,
        help_text=_("For exports too large to upload; relative to the import folder."),
    )
