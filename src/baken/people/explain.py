"""The engine's evidence (English codes, some with a figure) in the reader's language."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

FIELDS = {
    "name": _("name"),
    "birth_date": _("birth date"),
    "birth_year": _("birth year"),
    "phone": _("phone number"),
    "email": _("e-mail"),
    "handle": _("social media handle"),
    "document": _("document number"),
    "nationality": _("nationality"),
}
OUTCOMES = {
    "same": _("the same"),
    "differs": _("different"),
    "one year apart": _("one year apart"),
    "nearly the same": _("nearly the same"),
}
WITH_FIGURE = [
    (re.compile(r"^(\d+) years apart$"), _("%(n)s years apart")),
    (re.compile(r"^same, (\d+) part\(s\) missing$"), _("the same, %(n)s part(s) missing")),
    (re.compile(r"^similar ([\d.]+)$"), _("similar (%(n)s)")),
    (re.compile(r"^partly alike ([\d.]+)$"), _("partly alike (%(n)s)")),
    (re.compile(r"^differs ([\d.]+)$"), _("different (%(n)s)")),
]


def outcome_text(outcome: str) -> str:
    if outcome in OUTCOMES:
        return str(OUTCOMES[outcome])
    for pattern, text in WITH_FIGURE:
        match = pattern.match(outcome)
        if match:
            return str(text) % {"n": match.group(1)}
    return outcome


def evidence_lines(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "field": str(FIELDS.get(item["field"], item["field"])),
            "outcome": outcome_text(str(item["outcome"])),
            "weight": item["weight"],
        }
        for item in evidence
    ]
