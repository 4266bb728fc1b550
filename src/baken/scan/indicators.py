"""Score a post: which online indicators it shows, where, and on what evidence.

`score(finding)` adds an `IndicatorHit` for every pattern of the catalogue found in the post's
text (and an ad's title), with the matched span and words and the language of the pattern, and
for every indicator an extractor raises: an obscured phone number (ONL-03), a stated age of 18
or 19 (ONL-09) and a stated age under 18 (ONL-26).

A hit is a reason to look at a post, with the words it rests on and the evidence behind it. It
is never a finding about a person: hits and the `priority` built from them order a monitor's
review queue, and people decide what a post means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import attrgetter

from baken.scan import indicator_sources
from baken.scan.catalogue import Catalogue, OnlineIndicator, default_catalogue
from baken.scan.extract.trie import WordPattern, lowered, padded
from baken.scan.model import Finding, Identifier, IndicatorHit, Post

__all__ = ["Matcher", "indicator_hits", "matcher_for", "priority", "score"]

ADULT_AGE = 18
LOW_AGES = range(18, 20)
# Ad dump columns whose words are scored as well as the text.
SCORED_FIELDS = ("title",)


class Matcher:
    """Every pattern of a catalogue, in a few scans of a post.

    The alternatives of all patterns of a group of languages are factored into a trie (see
    `baken.scan.extract.trie`), so one regex pass finds every indicator of those languages. A
    second expression, the same alternatives with an empty named group at the end of each, is
    matched only where the first found something, and its `match.lastgroup` says which
    indicator and language matched. Alternatives that start with a letter or digit are anchored
    on the character before the word; those that start with a symbol or emoji are matched
    anywhere.

    The patterns are compiled in two expressions by script: the Latin-script languages (and the
    language-independent patterns) are always scanned, the Cyrillic ones (bg, uk, ru) only when
    the post has Cyrillic letters, which their patterns cannot match without. So a Dutch post
    does not pay for the Bulgarian lexicon, and a Polish phrase in a post that is otherwise in
    English is still found.
    """

    def __init__(self, indicators: tuple[OnlineIndicator, ...]) -> None:
        self.markers: dict[str, tuple[int, str]] = {}
        lexicons: list[tuple[str, str, tuple[str, ...]]] = []
        for position, indicator in enumerate(indicators):
            for language, patterns in indicator.patterns.items():
                marker = f"i{position}{language}"
                self.markers[marker] = (position, "" if language == "any" else language)
                lexicons.append((marker, _group_of(language), tuple(patterns)))
        made = indicator_sources.sources(lexicons, tuple(LANGUAGE_GROUPS))
        # A finder (the alternatives after a boundary character, without names: empty named
        # groups make Python's regex engine about twice as slow on an expression this size),
        # the same alternatives with their names, matched only where the finder found
        # something, and the names.
        self.word_res = {
            group: (WordPattern(found.finder), re.compile(found.named), found.names)
            for group, found in made.groups.items()
        }
        # Which alternative matched depends only on the matched words and the few characters
        # after them that a lookahead (or the word-end test) reads, so the answer for those
        # characters is remembered: most matches in a scan are the same few hundred phrases,
        # and the named expression costs several microseconds a match.
        self._reach = {group: found.reach for group, found in made.groups.items()}
        self._named: dict[str, tuple[str, int]] = {}
        self.symbol_re: re.Pattern[str] | None = None
        self.symbol_names: dict[str, str] = {}
        if made.symbols is not None:
            self.symbol_re = re.compile(made.symbols[0])
            self.symbol_names = made.symbols[1]

    def find(self, lower: str) -> list[tuple[int, str, int, int]]:
        """(indicator position, pattern language, start, end) of every match in `lower`."""
        found: list[tuple[int, str, int, int]] = []
        ascii_only = lower.isascii()
        text = padded(lower)
        for group, (finder, namer, names) in self.word_res.items():
            if group == "cyrillic" and not _has_cyrillic(lower, ascii_only):
                continue
            reach = self._reach[group]
            for match in finder.finditer(text):
                # The same alternatives in the same order, anchored: the same span, named.
                start = match.start()
                key = lower[start : match.end() - 1 + reach] if reach is not None else ""
                known = self._named.get(key) if key else None
                if known is None:
                    named = namer.match(lower, start)
                    if named is None:  # pragma: no cover - the two expressions agree
                        continue
                    known = (names[named.lastgroup or ""], named.end() - start)
                    if key:
                        if len(self._named) >= MAX_REMEMBERED:
                            self._named.clear()
                        self._named[key] = known
                position, pattern_language = self.markers[known[0]]
                found.append((position, pattern_language, start, start + known[1]))
        if self.symbol_re is not None and not ascii_only:
            names = self.symbol_names
            for match in self.symbol_re.finditer(lower):
                position, pattern_language = self.markers[names[match.lastgroup or ""]]
                found.append((position, pattern_language, match.start(), match.end()))
        return found


# Lexicons compiled together, by script.
LANGUAGE_GROUPS: dict[str, tuple[str, ...]] = {
    "latin": ("nl", "en", "any", "ro", "pl", "hu", "es", "pt", "de", "fr"),
    "cyrillic": ("bg", "uk", "ru"),
}
# The most frequent Cyrillic letters: a text that a Cyrillic pattern matches holds one of them.
_CYRILLIC_LETTERS = ("\u043e", "\u0430", "\u0435", "\u0438", "\u0456", "\u043d", "\u0442")


MAX_REMEMBERED = 100_000
# Hits in reading order: by field, span and code (a C-level key: this runs per post).
_HIT_ORDER = attrgetter("field", "start", "end", "code")


def _group_of(language: str) -> str:
    return next(group for group, members in LANGUAGE_GROUPS.items() if language in members)


def _has_cyrillic(lower: str, ascii_only: bool) -> bool:
    return not ascii_only and any(letter in lower for letter in _CYRILLIC_LETTERS)


_MATCHERS: dict[str, Matcher] = {}


def matcher_for(catalogue: Catalogue) -> Matcher:
    """The compiled matcher of `catalogue`, built once per catalogue file."""
    matcher = _MATCHERS.get(catalogue.checksum)
    if matcher is None:
        matcher = _MATCHERS[catalogue.checksum] = Matcher(catalogue.indicators)
    return matcher


def score(finding: Finding, catalogue: Catalogue | None = None) -> Finding:
    """Fill `finding.indicators` (replacing what was there) and return the finding.

    Without a `catalogue` the one shipped with Baken is used, loaded once per process. The hits
    are reasons to review the post, not a judgement about anyone in it.
    """
    finding.indicators = indicator_hits(finding.post, finding.identifiers, catalogue)
    return finding


def indicator_hits(
    post: Post, identifiers: Iterable[Identifier], catalogue: Catalogue | None = None
) -> list[IndicatorHit]:
    """The indicators `post` shows: pattern hits in its text (and title) and the indicators
    its extracted `identifiers` raise, ordered by place."""
    catalogue = catalogue or default_catalogue()
    indicators = catalogue.indicators
    matcher = matcher_for(catalogue)
    hits: list[IndicatorHit] = []
    sources = [("", post.text)]
    sources.extend((name, post.fields[name]) for name in SCORED_FIELDS if post.fields.get(name))
    for field_name, text in sources:
        for position, language, start, end in matcher.find(lowered(text)):
            indicator = indicators[position]
            hits.append(
                IndicatorHit(
                    code=indicator.code,
                    evidence=indicator.evidence,
                    start=start,
                    end=end,
                    text=text[start:end],
                    language=language,
                    field=field_name,
                )
            )
    for identifier in identifiers:
        raiser = _raiser(identifier)
        if raiser:
            hits.extend(_raised(catalogue, raiser, identifier))
    hits.sort(key=_HIT_ORDER)
    return hits


def priority(finding: Finding, catalogue: Catalogue | None = None) -> int:
    """The sum of the weights of the distinct indicators a post shows.

    It orders a review queue, nothing more: contradicted indicators weigh 0, and a high number
    says a post deserves a look first, not that anyone is a victim or an offender.
    """
    catalogue = catalogue or default_catalogue()
    weights = {indicator.code: indicator.weight for indicator in catalogue.indicators}
    return sum(weights.get(code, 0) for code in {hit.code for hit in finding.indicators})


def _raiser(identifier: Identifier) -> str:
    if identifier.kind == "phone" and identifier.obscured:
        return "obscured_phone"
    if identifier.kind == "age":
        age = int(identifier.value)
        if age < ADULT_AGE:
            return "age_under_18"
        if age in LOW_AGES:
            return "age_18_19"
    return ""


def _raised(catalogue: Catalogue, raiser: str, identifier: Identifier) -> list[IndicatorHit]:
    return [
        IndicatorHit(
            code=indicator.code,
            evidence=indicator.evidence,
            start=identifier.start,
            end=identifier.end,
            text=identifier.raw,
            field=identifier.field,
        )
        for indicator in catalogue.raised_by(raiser)
    ]
