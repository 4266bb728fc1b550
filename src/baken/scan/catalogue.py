"""The online indicator catalogue as a file: parse, check and compile it, with no Django import.

The file has the format of the signal catalogue (`baken.signals.catalogue`: version, title,
`[sources]`, `[[indicator]]` tables with code, group, weight, label and explanation in nl and en,
source and source_detail) and adds, per indicator:

    evidence = "validated"              # one of EVIDENCE_LEVELS
    patterns.nl = ['geen nep', ...]     # regular expressions per language (LANGUAGES)
    raised_by = "obscured_phone"        # or an extractor's finding (RAISERS) instead of words

Patterns are matched case-insensitively, as whole words, on the original text of a post; they
are lowered once here. A file with any problem is refused as a whole, with every problem named
(unknown evidence level, a regular expression that does not compile, a missing label, ...), so
an editor fixes them in one round (the checks both catalogues share are in
`baken.catalogue_checks`). Indicators order review; they never label a person.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from baken.catalogue_checks import (
    CatalogueError,
    Checker,
    IndicatorCatalogue,
    Layout,
    find_forbidden,
    parse_bytes,
    read_file,
)

DEFAULT_FILE = Path(__file__).parent / "indicator_files" / "online-2026.1.toml"
GROUPS = ("online",)
EVIDENCE_LEVELS = (
    "validated",
    "official",
    "practitioner",
    "contradicted",
    "research",
    "mixed",
    "structural",
)
# Pattern languages; `any` holds patterns that are the same in every language (emoji, 24/7).
LANGUAGES = ("nl", "en", "ro", "pl", "bg", "hu", "uk", "ru", "es", "pt", "de", "fr", "any")
REQUIRED_PATTERN_LANGUAGES = ("nl", "en")
# Indicators an extractor raises: an obscured phone number, a stated age of 18-19, under 18.
RAISERS = ("obscured_phone", "age_18_19", "age_under_18")
WEIGHTS = range(0, 6)
REQUIRED_KEYS = ("code", "group", "weight", "evidence", "label", "explanation", "source")
OPTIONAL_KEYS = ("source_detail", "patterns", "raised_by")

# Concepts an online indicator may never rest on (BRIEF: no discrimination by proxy; coercion,
# not licensing): matched from the start of a word in labels, explanations and patterns.
FORBIDDEN_CONCEPTS: tuple[tuple[str, str], ...] = (
    (r"(?:zonder|geen)\s+(?:\w+\s+)?vergunning|vergunningloos|niet[\s-]vergund", "licence"),
    (r"(?:without|no)\s+(?:an?\s+)?(?:\w+\s+)?licen[cs]e|unlicen[cs]ed", "licence"),
    (r"nationalit|afkomst|herkomst|origins?\b|bronland|source\s+countr", "origin"),
    (r"etnisch|etniciteit|ethnic|ras\b|race\b", "ethnicity"),
    (r"ongedocumenteerd|undocumented|illegaal\s+in|illegal(?:ly)?\s+(?:resid|stay)", "residence"),
    (
        r"roemeen|pools|poolse|hongaar|bulgaa?r|oekra[iï]en|russisch|braziliaan|aziatisch"
        r"|oost[\s-]?europe|afrikaan|romanian|polish|hungarian|bulgarian|ukrainian|russian"
        r"|brazilian|asian|eastern\s+europe|latina|latino|african|ebony",
        "nationality or ethnicity",
    ),
)
_FORBIDDEN = tuple(
    (re.compile(r"(?<!\w)(?:" + pattern + ")", re.IGNORECASE), concept)
    for pattern, concept in FORBIDDEN_CONCEPTS
)


@dataclass(frozen=True)
class OnlineIndicator:
    """One indicator as the file states it; `position` is its order in the file (from 0)."""

    code: str
    group: str
    weight: int
    evidence: str
    label_nl: str
    label_en: str
    explanation_nl: str
    explanation_en: str
    source: str
    position: int
    source_detail: str = ""
    patterns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    raised_by: str = ""


class Catalogue(IndicatorCatalogue[OnlineIndicator]):
    """A checked catalogue of online indicators."""

    def get(self, code: str) -> OnlineIndicator:
        return next(indicator for indicator in self.indicators if indicator.code == code)

    def raised_by(self, raiser: str) -> tuple[OnlineIndicator, ...]:
        return tuple(i for i in self.indicators if i.raised_by == raiser)


def forbidden_concepts(text: str) -> list[tuple[str, str]]:
    """The (matched words, concept) pairs of `FORBIDDEN_CONCEPTS` found in `text`."""
    return find_forbidden(text, _FORBIDDEN)


def lower_pattern(pattern: str) -> str:
    """A regular expression in lower case, leaving escapes (`\\D`, `\\S`, `\\W`) and `(?P`
    as written."""
    chars: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern[index] == "\\":
            width = 2
        elif pattern.startswith("(?P", index):
            width = 3
        else:
            chars.append(pattern[index].lower())
            index += 1
            continue
        chars.append(pattern[index : index + width])
        index += width
    return "".join(chars)


@cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with Baken, parsed and checked once per process."""
    return parse_catalogue(DEFAULT_FILE)


def parse_catalogue(path: Path | str) -> Catalogue:
    """Read and check the catalogue file at `path`; raise `CatalogueError` on any problem."""
    path = Path(path)
    return parse_catalogue_bytes(read_file(path), name=str(path))


def parse_catalogue_bytes(data: bytes, name: str = "<catalogue>") -> Catalogue:
    """Check catalogue `data` (the bytes of a TOML file); `name` is used in error messages."""
    return parse_bytes(data, name, _Checker, Catalogue)


class _Checker(Checker[OnlineIndicator]):
    """The online catalogue's own rules: evidence levels, weights that follow them, patterns per
    language (compiled here, so a broken expression is refused with the file) or an extractor
    that raises the indicator."""

    layout = Layout(required_keys=REQUIRED_KEYS, optional_keys=OPTIONAL_KEYS, groups=GROUPS)

    def indicator(
        self, entry: dict[str, Any], position: int, where: str, sources: Mapping[str, str]
    ) -> OnlineIndicator | None:
        before = len(self.problems)
        source_detail = self.common(entry, where, sources)
        evidence = entry.get("evidence")
        if "evidence" in entry and evidence not in EVIDENCE_LEVELS:
            self.problems.append(
                f"{where}: unknown evidence level {evidence!r}; "
                f"allowed: {', '.join(EVIDENCE_LEVELS)}"
            )
        self._weight(entry, where, evidence)
        label = self.texts(entry, "label", where)
        explanation = self.texts(entry, "explanation", where)
        raised_by = entry.get("raised_by", "")
        if raised_by and raised_by not in RAISERS:
            self.problems.append(
                f"{where}: unknown raised_by {raised_by!r}; allowed: {', '.join(RAISERS)}"
            )
        patterns = self._patterns(entry.get("patterns"), where, bool(raised_by))
        self.refuse_forbidden(
            where,
            (label, explanation, source_detail),
            {
                f"patterns.{language}[{number}]": pattern
                for language, listed in patterns.items()
                for number, pattern in enumerate(listed, start=1)
            },
            forbidden_concepts,
            "nationality, ethnicity, origin, residence status and working without a licence "
            "are never indicators of exploitation",
        )
        if len(self.problems) > before:
            return None
        return OnlineIndicator(
            code=entry["code"],
            group=entry["group"],
            weight=entry["weight"],
            evidence=entry["evidence"],
            label_nl=label["nl"],
            label_en=label["en"],
            explanation_nl=explanation["nl"],
            explanation_en=explanation["en"],
            source=entry["source"],
            position=position,
            source_detail=source_detail.strip(),
            patterns=MappingProxyType(patterns),
            raised_by=raised_by,
        )

    def _weight(self, entry: dict[str, Any], where: str, evidence: object) -> None:
        weight = entry.get("weight")
        if "weight" not in entry:
            return
        if not isinstance(weight, int) or isinstance(weight, bool) or weight not in WEIGHTS:
            self.problems.append(
                f"{where}: weight {weight!r} is out of range; it must be a whole number "
                f"{WEIGHTS.start}..{WEIGHTS.stop - 1}"
            )
        elif evidence == "contradicted" and weight != 0:
            self.problems.append(
                f"{where}: a contradicted indicator must have weight 0 (shown, never counted)"
            )
        elif weight == 0 and evidence != "contradicted":
            self.problems.append(f"{where}: weight 0 is only for contradicted indicators")

    def _patterns(self, value: object, where: str, raised: bool) -> dict[str, tuple[str, ...]]:
        if value is None:
            if not raised:
                self.problems.append(f"{where}: needs patterns or raised_by")
            return {}
        if not isinstance(value, dict):
            self.problems.append(f"{where}: patterns must be a table of lists per language")
            return {}
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            self.problems.append(
                f"{where}: unknown language(s) {', '.join(unknown)} in patterns; "
                f"allowed: {', '.join(LANGUAGES)}"
            )
        absent = [language for language in REQUIRED_PATTERN_LANGUAGES if not value.get(language)]
        if absent:
            self.problems.append(f"{where}: missing {' and '.join(absent)} patterns")
        patterns: dict[str, tuple[str, ...]] = {}
        for language in LANGUAGES:
            listed = value.get(language)
            if listed is None:
                continue
            if not isinstance(listed, list) or not listed:
                self.problems.append(f"{where}: patterns.{language} must be a non-empty list")
                continue
            checked = [
                self._pattern(pattern, f"{where}: patterns.{language}[{number}]")
                for number, pattern in enumerate(listed, start=1)
            ]
            patterns[language] = tuple(pattern for pattern in checked if pattern)
        return patterns

    def _pattern(self, pattern: object, where: str) -> str:
        if not isinstance(pattern, str) or not pattern.strip():
            self.problems.append(f"{where} must be a non-empty string")
            return ""
        lowered = lower_pattern(pattern.strip())
        try:
            compiled = re.compile(lowered)
            re.compile(f"(?:{lowered})")  # as it will sit inside the combined expression
        except re.error as exc:
            self.problems.append(f"{where} {pattern!r} is not a valid regular expression: {exc}")
            return ""
        if compiled.groupindex:
            self.problems.append(f"{where} {pattern!r} uses named groups; write (?:...) instead")
            return ""
        if compiled.fullmatch(""):
            self.problems.append(f"{where} {pattern!r} matches empty text")
            return ""
        return lowered


__all__ = [
    "DEFAULT_FILE",
    "EVIDENCE_LEVELS",
    "Catalogue",
    "CatalogueError",
    "OnlineIndicator",
    "default_catalogue",
    "forbidden_concepts",
    "lower_pattern",
    "parse_catalogue",
    "parse_catalogue_bytes",
]
