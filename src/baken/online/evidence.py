"""The evidence of a lead in words, for the signal a monitor makes of it, and the indicator
labels with their evidence level (from the scan engine's catalogue)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from baken.online.models import Lead, ScannedPost

NOTHING = "\u2013"  # an en dash, for an empty value


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, tuple[str, str, str]]:
    """code → (Dutch label, English label, evidence level)."""
    from baken.scan import catalogue

    loaded = catalogue.default_catalogue()
    return {item.code: (item.label_nl, item.label_en, item.evidence) for item in loaded.indicators}


def indicator_label(code: str) -> str:
    entry = _catalogue().get(code)
    if entry is None:
        return code
    return entry[0] if (get_language() or "nl").startswith("nl") else entry[1]


def evidence_label(level: str) -> str:
    return {
        "validated": _("validated"),
        "official": _("official list"),
        "practitioner": _("practitioner"),
        "contradicted": _("contradicted"),
        "research": _("research"),
        "mixed": _("mixed"),
        "structural": _("structural"),
    }.get(level, level)


def indicator_level(code: str) -> str:
    entry = _catalogue().get(code)
    return entry[2] if entry else ""


@dataclass(frozen=True)
class SignalText:
    observation: str
    ads: str


def signal_text(lead: Lead) -> SignalText:
    posts = list(ScannedPost.objects.filter(scan=lead.scan, network_id=lead.network_id)[:200])
    codes = Counter(hit["code"] for post in posts for hit in post.indicators)
    indicators = "; ".join(
        f"{indicator_label(code)} ({evidence_label(indicator_level(code))}, {count}x)"
        for code, count in codes.most_common(6)
    )
    observation = _(
        "Online monitoring, scan %(scan)s: a network of %(posts)d posts, shared phone numbers "
        "or handles, places %(cities)s, seen %(first)s to %(last)s. Indicators (reasons for "
        "review, not proof): %(indicators)s."
    ) % {
        "scan": lead.scan_id,
        "posts": lead.posts,
        "cities": ", ".join(lead.cities) or NOTHING,
        "first": lead.first_seen.date().isoformat() if lead.first_seen else "?",
        "last": lead.last_seen.date().isoformat() if lead.last_seen else "?",
        "indicators": indicators or NOTHING,
    }
    sources = sorted({post.source for post in posts if post.source})[:10]
    identifiers = [*lead.phones[:5], *(f"@{h.lstrip('@')}" for h in lead.handles[:5])]
    ads = "; ".join([*sources, *identifiers])
    return SignalText(observation=observation[:4900], ads=ads[:4900])
