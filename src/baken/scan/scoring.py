"""The score of a network: an order for review, not a probability of trafficking.

Four parts, each between 0 and 1, weighted and scaled to 0 to 100:

* **size** (0.30): posts, on a log scale, full at 64 posts;
* **spread** (0.20): the cities, advertised names and phone numbers beyond the first of each,
  full at 8 (one operation advertising several women in several cities is the pattern the
  literature describes: Ibanez & Suthers 2014);
* **indicators** (0.35): the mean, over the network's posts, of the evidence weights of the
  distinct indicators in a post (`EVIDENCE_WEIGHTS`), full at 3. Contradicted indicators weigh 0:
  movement language ("new in town") made trafficking *less* likely in the one study with known
  outcomes (JIRN/NIJ 2024), so it must not raise a score;
* **recency** (0.15): halves for every 30 days between the network's last post and the latest
  post of the scan (not the clock: the same material always scores the same).

Names: extraction does not mark person names, so `advertised_names` finds the names an ad
introduces itself with ("ik ben Anna", "I am Sophie"); it is a stop-gap for the spread count.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

EVIDENCE_WEIGHTS = {
    "validated": 1.0,
    "official": 0.8,
    "practitioner": 0.5,
    "structural": 0.5,
    "mixed": 0.3,
    "research": 0.2,
    "contradicted": 0.0,
}
WEIGHTS = {"size": 0.30, "spread": 0.20, "indicators": 0.35, "recency": 0.15}
FULL_SIZE = 64
FULL_SPREAD = 8
FULL_INDICATORS = 3.0
HALF_LIFE_DAYS = 30.0

_NAME = re.compile(
    r"\b(?:ik ben|ik heet|mijn naam is|noem me|i am|i'm|my name is|call me)\s+"
    r"([A-Z][a-z\u00e0-\u00ff]{2,15})\b"
)


# Every match of `_NAME` contains one of these; most posts contain none, and a few substring
# tests cost a fraction of the regex, which cannot skip ahead on a fixed first character.
_NAME_HINTS = ("ik ", "mijn naam is", "noem me", "i am", "i'm", "my name is", "call me")


def advertised_names(text: str) -> list[str]:
    """Names a post introduces itself with ("Hoi, ik ben Anna" → ["Anna"])."""
    if not any(hint in text for hint in _NAME_HINTS):
        return []
    return [match.group(1) for match in _NAME.finditer(text)]


def post_weight(evidence_levels: set[str] | list[str]) -> float:
    """The evidence weight of one post: the sum over its distinct indicators."""
    return float(sum(EVIDENCE_WEIGHTS.get(level, 0.0) for level in evidence_levels))


def network_scores(
    posts: np.ndarray,
    spread: np.ndarray,
    mean_weight: np.ndarray,
    last_seen: np.ndarray,
    latest: float,
) -> np.ndarray:
    """Scores (0 to 100, one decimal) of networks given per network: their number of posts, the
    spread count (extra cities + extra names + extra phones), the mean post weight and the
    epoch seconds of their last post (NaN when no post is dated); `latest` is the scan's latest
    post (NaN when none is dated)."""
    size = np.minimum(1.0, np.log2(1 + posts) / math.log2(1 + FULL_SIZE))
    spread_part = np.minimum(1.0, spread / FULL_SPREAD)
    indicators = np.minimum(1.0, mean_weight / FULL_INDICATORS)
    if math.isnan(latest):
        recency = np.zeros(len(posts))
    else:
        days = np.maximum(0.0, (latest - last_seen) / 86400.0)
        recency = np.where(np.isnan(last_seen), 0.0, 0.5 ** (days / HALF_LIFE_DAYS))
    total = (
        WEIGHTS["size"] * size
        + WEIGHTS["spread"] * spread_part
        + WEIGHTS["indicators"] * indicators
        + WEIGHTS["recency"] * recency
    )
    return np.round(100.0 * total, 1)


@dataclass(slots=True)
class Lead:
    """One network as a lead for review: its figures and its score."""

    network: int
    score: float
    posts: int
    phones: list[str]
    handles: list[str]
    cities: list[str]
    names: int
    top_indicators: list[str]
    first_seen: float
    last_seen: float


def leads(
    labels: np.ndarray,
    contacts: tuple[np.ndarray, np.ndarray, Sequence[str]],
    places: tuple[np.ndarray, np.ndarray, Sequence[str]],
    names: tuple[np.ndarray, np.ndarray],
    codes: tuple[np.ndarray, np.ndarray, Sequence[str]],
    weight: np.ndarray,
    posted: np.ndarray,
) -> list[Lead]:
    """A lead per network, highest score first (ties by network number). `contacts` holds the
    linked ties (post, key, key names "kind:value"), `places`, `names` and `codes` the posts'
    place, name and indicator-code ids (with the place and code names)."""
    count = int(labels.max(initial=-1)) + 1
    posts = np.bincount(labels, minlength=count)
    contact_lists = _values(labels[contacts[0]], contacts[1], count)
    city_lists = _values(labels[places[0]], places[1], count)
    name_counts = np.array([len(v) for v in _values(labels[names[0]], names[1], count)])
    code_counts = _counted(labels[codes[0]], codes[1], count)
    mean_weight = np.bincount(labels, weights=weight, minlength=count) / np.maximum(posts, 1)
    first = np.full(count, np.inf)
    last = np.full(count, -np.inf)
    dated = ~np.isnan(posted)
    np.minimum.at(first, labels[dated], posted[dated])
    np.maximum.at(last, labels[dated], posted[dated])
    first[np.isinf(first)] = np.nan
    last[np.isinf(last)] = np.nan
    key_names = contacts[2]
    phones = [
        [key_names[k][6:] for k in keys if key_names[k].startswith("phone:")]
        for keys in contact_lists
    ]
    handles = [
        sorted(key_names[k].split(":", 1)[1] for k in keys if not key_names[k].startswith("phone:"))
        for keys in contact_lists
    ]
    phone_counts = np.array([len(p) for p in phones])
    city_counts = np.array([len(c) for c in city_lists])
    spread = (
        np.maximum(city_counts - 1, 0)
        + np.maximum(name_counts - 1, 0)
        + np.maximum(phone_counts - 1, 0)
    )
    latest = float(np.nanmax(posted)) if dated.any() else math.nan
    scores = network_scores(posts, spread, mean_weight, last, latest)
    out = [
        Lead(
            network=k,
            score=float(scores[k]),
            posts=int(posts[k]),
            phones=sorted(phones[k]),
            handles=handles[k],
            cities=sorted(places[2][c] for c in city_lists[k]),
            names=int(name_counts[k]),
            top_indicators=[codes[2][c] for c, _ in code_counts[k][:5]],
            first_seen=float(first[k]),
            last_seen=float(last[k]),
        )
        for k in range(count)
    ]
    out.sort(key=lambda lead: (-lead.score, lead.network))
    return out


def _values(group: np.ndarray, value: np.ndarray, count: int) -> list[list[int]]:
    """Distinct values per group, ascending."""
    out: list[list[int]] = [[] for _ in range(count)]
    if len(group) == 0:
        return out
    width = int(value.max()) + 1
    pairs = np.unique(group.astype(np.int64) * width + value, return_counts=True)[0]
    for g, v in zip((pairs // width).tolist(), (pairs % width).tolist(), strict=True):
        out[g].append(v)
    return out


def _counted(group: np.ndarray, value: np.ndarray, count: int) -> list[list[tuple[int, int]]]:
    """(value, count) per group, most frequent first, ties by value."""
    out: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    if len(group) == 0:
        return out
    width = int(value.max()) + 1
    pairs, counts = np.unique(group.astype(np.int64) * width + value, return_counts=True)
    for g, v, c in zip(
        (pairs // width).tolist(), (pairs % width).tolist(), counts.tolist(), strict=True
    ):
        out[g].append((v, c))
    for items in out:
        if len(items) > 1:
            items.sort(key=lambda item: (-item[1], item[0]))
    return out
