"""A post's text with its evidence marked: indicator hits and identifiers as <mark> spans.

Post texts are untrusted: every piece is escaped; only Baken's own <mark> tags are added.
Overlapping spans are merged so the markup stays well-formed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _spans(
    text: str, indicators: Iterable[dict], identifiers: Iterable[dict]
) -> list[tuple[int, int, str, str]]:
    spans = []
    # Spans of a structured column (an ad's title, city) are not in the text: skip them.
    for hit in indicators:
        if hit.get("field"):
            continue
        start, end = int(hit.get("start", 0)), int(hit.get("end", 0))
        if 0 <= start < end <= len(text):
            spans.append((start, end, "indicator", str(hit.get("code", ""))))
    for item in identifiers:
        if item.get("field"):
            continue
        start, end = int(item.get("start", 0)), int(item.get("end", 0))
        if 0 <= start < end <= len(text) and item.get("linkable"):
            spans.append((start, end, "identifier", str(item.get("kind", ""))))
    spans.sort()
    merged: list[tuple[int, int, str, str]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], span[1]), last[2], last[3])
        else:
            merged.append(span)
    return merged


def highlighted(text: str, indicators: Iterable[dict], identifiers: Iterable[dict]) -> SafeString:
    out: list[str] = []
    position = 0
    for start, end, kind, label in _spans(text, indicators, identifiers):
        out.append(escape(text[position:start]))
        out.append(
            f'<mark class="baken-mark baken-mark--{kind}" title="{escape(label)}">'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308  (every piece above is escaped)
