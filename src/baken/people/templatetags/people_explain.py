from typing import Any

from django import template

from baken.people.explain import evidence_lines

register = template.Library()


@register.filter
def explained(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`{{ suggestion.evidence|explained }}`: the evidence in the reader's language."""
    return evidence_lines(evidence)
