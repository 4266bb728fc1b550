"""What a template cluster has in common, and where its copies differ.

Like the fine stage of InfoShield (Lee et al., KDD 2021), a cluster is shown as one text with
*slots*: the words that stay the same in most copies are the template, the runs of words that
change from copy to copy are slots, with examples of what fills them. The text of the copy most
like the others is the base; every other copy is aligned to it word by word
(`difflib.SequenceMatcher` on normalised words), and a base word is constant when at least half
of the other copies have it at that place. A slot takes the kind of the identifier the base
copy has there (a place, an age, a phone number, a price, a handle); a changing capitalised
word without one is taken for a name, which extraction does not mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from baken.scan.model import Identifier

_WORD = re.compile(r"\S+")
_EDGE = re.compile(r"^\W+|\W+$")
MAX_COPIES = 8
MAX_EXAMPLES = 5


@dataclass(slots=True)
class Segment:
    """A run of the template: constant text, or a slot of a kind with example fillers."""

    text: str
    slot: bool = False
    kind: str = ""
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TemplateSummary:
    segments: list[Segment]
    copies: int

    @property
    def slots(self) -> list[Segment]:
        return [segment for segment in self.segments if segment.slot]

    def as_dict(self) -> dict[str, object]:
        return {
            "copies": self.copies,
            "segments": [
                {"text": s.text, "slot": s.slot, "kind": s.kind, "examples": list(s.examples)}
                for s in self.segments
            ],
        }


def summarise(
    texts: Sequence[str], identifiers: Sequence[Sequence[Identifier]] = ()
) -> TemplateSummary:
    """The template of the copies `texts` (at most `MAX_COPIES` are read), each with the
    identifiers extraction found in it (for the kinds of the slots)."""
    texts = list(texts[:MAX_COPIES])
    found = [list(ids) for ids in identifiers[: len(texts)]] + [[]] * len(texts)
    if not texts:
        return TemplateSummary([], 0)
    words = [[(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)] for text in texts]
    keys = [[_EDGE.sub("", w).lower() for _, _, w in ws] for ws in words]
    base = _medoid(keys)
    others = [k for k in range(len(texts)) if k != base]
    agree = [0] * len(keys[base])
    # fills[word][copy]: what copy `copy` has in place of the base's word.
    fills: list[dict[int, str]] = [{} for _ in keys[base]]
    for other in others:
        matcher = SequenceMatcher(None, keys[base], keys[other], autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            if tag == "equal":
                for a in range(a0, a1):
                    agree[a] += 1
            elif tag == "replace" and a1 - a0 == b1 - b0:
                for k in range(a1 - a0):
                    fills[a0 + k][other] = words[other][b0 + k][2]
            elif tag == "replace":
                fills[a0][other] = " ".join(w for _, _, w in words[other][b0:b1])
    constant = [2 * count >= len(others) for count in agree] if others else [True] * len(agree)
    return TemplateSummary(
        _segments(texts[base], words[base], constant, fills, found[base]), len(texts)
    )


def _medoid(keys: list[list[str]]) -> int:
    if len(keys) <= 2:
        return 0
    best, best_total = 0, -1.0
    for k, words in enumerate(keys):
        total = sum(
            SequenceMatcher(None, words, other, autojunk=False).ratio()
            for m, other in enumerate(keys)
            if m != k
        )
        if total > best_total:
            best, best_total = k, total
    return best


def _segments(
    text: str,
    words: list[tuple[int, int, str]],
    constant: list[bool],
    fills: list[dict[int, str]],
    identifiers: list[Identifier],
) -> list[Segment]:
    kinds = [_identifier_kind(start, end, identifiers) for start, end, _ in words]
    segments: list[Segment] = []
    at = 0
    while at < len(words):
        end = at + 1
        while (
            end < len(words)
            and constant[end] == constant[at]
            and (constant[at] or kinds[end] == kinds[at])
        ):
            end += 1
        piece = text[words[at][0] : words[end - 1][1]]
        if constant[at]:
            segments.append(Segment(piece))
        else:
            copies = sorted({copy for word in range(at, end) for copy in fills[word]})
            examples: list[str] = []
            for copy in copies:
                filler = " ".join(fills[w][copy] for w in range(at, end) if copy in fills[w])
                if filler and filler != piece and filler not in examples:
                    examples.append(filler)
            kind = kinds[at] or _guess(piece, examples)
            segments.append(Segment(piece, True, kind, [piece, *examples][:MAX_EXAMPLES]))
        at = end
    return segments


def _identifier_kind(start: int, end: int, identifiers: list[Identifier]) -> str:
    for identifier in identifiers:
        if not identifier.field and identifier.start < end and identifier.end > start:
            return "city" if identifier.kind == "place" else identifier.kind
    return ""


def _guess(piece: str, examples: list[str]) -> str:
    values = [_EDGE.sub("", v) for v in [piece, *examples]]
    if values and all(v[:1].isupper() and v.isalpha() for v in values if v):
        return "name"
    return "text"
