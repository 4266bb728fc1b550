"""Comparing names part by part, whatever the order in which their parts were written.

Both names arrive prepared (`records.Name`): folded, particles dropped, parts sorted, each
part with its phonetic code. The parts of the shorter name are paired with parts of the
longer one so that the agreement is greatest (all pairings are tried up to three parts, so
"Popescu Ana" meets "Ana Popesku" part for part). Each pair of parts is

- the same: +2.5;
- alike: one typo apart (a letter replaced, dropped, added, or two swapped: Jansen/Jasnen),
  or, in parts of five letters or more, two apart with the same phonetic code (a spelling
  variant: Zhivko/Jivko; but not Ion/Ioana): +1.5;
- an initial against a name with that first letter: +0.5;
- different: -4. Two persons of one family share a surname; a given name that differs
  outright is strong evidence of two persons.

Parts left over (a dropped second surname or middle name) cost 0.5 each. The sum is kept
between `NAME_MIN` and `NAME_MAX`, so a long name cannot outweigh a birth date.
"""

from __future__ import annotations

from itertools import permutations
from typing import NamedTuple

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio

from baken.people.matching.records import Name

PART_SAME, PART_ALIKE, PART_INITIAL, PART_DIFFERS = 2.5, 1.5, 0.5, -4.0
PART_MISSING = -0.5
_VOWELS = frozenset("aeiou")
NAME_MIN, NAME_MAX = -4.0, 6.0


class NameMatch(NamedTuple):
    """The best pairing of the parts of two names: `order[i]` is the part of `long` paired
    with part i of `short`, `points[i]` what that pair scored."""

    weight: float
    short: Name
    long: Name
    order: tuple[int, ...]
    points: tuple[float, ...]


def best_match(left: tuple[Name, ...], right: tuple[Name, ...]) -> NameMatch:
    """The best-agreeing pair among the names and aliases of two records (both non-empty)."""
    best: NameMatch | None = None
    for x in left:
        for y in right:
            match = compare(x, y)
            if best is None or match.weight > best.weight:
                best = match
    assert best is not None
    return best


def compare(x: Name, y: Name) -> NameMatch:
    short, long = (x, y) if len(x.tokens) <= len(y.tokens) else (y, x)
    s_tokens, s_codes, l_tokens, l_codes = short.tokens, short.codes, long.tokens, long.codes
    width = len(l_tokens)
    if x.text == y.text:
        points: tuple[float, ...] = (PART_SAME,) * width
        return NameMatch(_clamp(PART_SAME * width), short, long, tuple(range(width)), points)
    order: tuple[int, ...]
    if len(s_tokens) == 2 and width == 2:  # the common case, without the general machinery
        p00 = _part(s_tokens[0], s_codes[0], l_tokens[0], l_codes[0])
        p11 = _part(s_tokens[1], s_codes[1], l_tokens[1], l_codes[1])
        p01 = _part(s_tokens[0], s_codes[0], l_tokens[1], l_codes[1])
        p10 = _part(s_tokens[1], s_codes[1], l_tokens[0], l_codes[0])
        order, points = ((0, 1), (p00, p11)) if p00 + p11 >= p01 + p10 else ((1, 0), (p01, p10))
    else:
        table = [
            [_part(s, sc, t, tc) for t, tc in zip(l_tokens, l_codes, strict=True)]
            for s, sc in zip(s_tokens, s_codes, strict=True)
        ]
        order = _best_order(table, width)
        points = tuple(table[i][j] for i, j in enumerate(order))
    missing = width - len(s_tokens)
    return NameMatch(_clamp(sum(points) + PART_MISSING * missing), short, long, order, points)


def describe(match: NameMatch) -> str:
    """The outcome in words, with the similarity of the aligned names (rapidfuzz ratio)."""
    missing = len(match.long.tokens) - len(match.short.tokens)
    if all(p == PART_SAME for p in match.points):
        return f"same, {missing} part(s) missing" if missing else "same"
    aligned = " ".join([match.long.tokens[j] for j in match.order])
    similarity = ratio(match.short.text, aligned, processor=None) / 100
    if all(p > 0 for p in match.points):
        return f"similar {similarity:.2f}"
    if any(p > 0 for p in match.points):
        return f"partly alike {similarity:.2f}"
    return f"differs {similarity:.2f}"


def _clamp(weight: float) -> float:
    return max(NAME_MIN, min(NAME_MAX, weight))


def _part(s: str, s_code: str, t: str, t_code: str) -> float:
    if s == t:
        return PART_SAME
    first_alike = s[0] == t[0] or (s[0] in _VOWELS and t[0] in _VOWELS)
    if not first_alike and s_code != t_code:
        return PART_DIFFERS
    if len(s) == 1 or len(t) == 1:
        return PART_INITIAL if s[0] == t[0] else PART_DIFFERS
    if min(len(s), len(t)) < 3:
        return PART_DIFFERS
    # Spelling variants sound alike and differ in a letter or two (Christo/Hristo); one typo
    # is one edit (Jansen/Jasnen). The first letter is rarely mistyped, but a first vowel
    # varies in transliteration (Oleksandr/Aleksandr).
    edits = OSA.distance(s, t, score_cutoff=2)
    if edits <= 1 and (first_alike or s_code == t_code):
        return PART_ALIKE
    if edits == 2 and s_code == t_code and min(len(s), len(t)) >= 5:
        return PART_ALIKE
    return PART_DIFFERS


def _best_order(table: list[list[float]], width: int) -> tuple[int, ...]:
    rows = len(table)
    if rows == 1:
        return (max(range(width), key=table[0].__getitem__),)
    if width <= 3:
        return max(
            permutations(range(width), rows),
            key=lambda order: sum(table[i][j] for i, j in enumerate(order)),
        )
    order: list[int] = []  # more parts than that: greedily, part by part
    free = set(range(width))
    for row in table:
        j = max(free, key=row.__getitem__)
        order.append(j)
        free.discard(j)
    return tuple(order)
