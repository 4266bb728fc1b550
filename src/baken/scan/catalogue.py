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
an editor fixes them in one round. Indicators order review; they never label a person.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

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
TEXT_LANGUAGES = ("nl", "en")
TOP_LEVEL_KEYS = frozenset({"version", "title", "sources", "indicator"})
REQUIRED_KEYS = ("code", "group", "weight", "evidence", "label", "explanation", "source")
OPTIONAL_KEYS = ("source_detail", "patterns", "raised_by")
INDICATOR_KEYS = frozenset(REQUIRED_KEYS + OPTIONAL_KEYS)
VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{2,}$")
INDICATOR_HEADER_RE = re.compile(r"^\s*\[\[\s*indicator\s*\]\]")

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


class CatalogueError(ValueError):
    """A catalogue file that cannot be loaded. The message names the file and every problem."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.name = name
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = f"{name}: {self.problems[0]}"
        else:
            listed = "\n".join(f"  - {problem}" for problem in self.problems)
            message = f"{name}: {len(self.problems)} problems:\n{listed}"
        super().__init__(message)


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


@dataclass(frozen=True)
class Catalogue:
    """A checked catalogue; `checksum` is the SHA-256 of the file's bytes."""

    version: str
    title: str
    sources: Mapping[str, str]
    indicators: tuple[OnlineIndicator, ...]
    checksum: str

    def get(self, code: str) -> OnlineIndicator:
        return next(indicator for indicator in self.indicators if indicator.code == code)

    def raised_by(self, raiser: str) -> tuple[OnlineIndicator, ...]:
        return tuple(i for i in self.indicators if i.raised_by == raiser)

    def source_text(self, indicator: OnlineIndicator) -> str:
        citation = self.sources[indicator.source]
        return f"{citation}. {indicator.source_detail}" if indicator.source_detail else citation


def forbidden_concepts(text: str) -> list[tuple[str, str]]:
    """The (matched words, concept) pairs of `FORBIDDEN_CONCEPTS` found in `text`."""
    found = []
    for pattern, concept in _FORBIDDEN:
        match = pattern.search(text)
        if match:
            found.append((match.group(0), concept))
    return found


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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(str(path), [f"cannot read the file: {exc.strerror or exc}"]) from exc
    return parse_catalogue_bytes(data, name=str(path))


def parse_catalogue_bytes(data: bytes, name: str = "<catalogue>") -> Catalogue:
    """Check catalogue `data` (the bytes of a TOML file); `name` is used in error messages."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError(name, [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(name, [f"not valid TOML: {exc}"]) from exc
    return _Checker(name, text).check(document, hashlib.sha256(data).hexdigest())


class _Checker:
    """Collects every problem of one file, so an editor fixes them in one round."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.problems: list[str] = []
        self.entry_count = 0
        # The line of each `[[indicator]]` header, to point at the indicator in the file.
        self.header_lines = [
            number
            for number, line in enumerate(text.splitlines(), start=1)
            if INDICATOR_HEADER_RE.match(line)
        ]

    def check(self, document: dict[str, Any], checksum: str) -> Catalogue:
        unknown = sorted(set(document) - TOP_LEVEL_KEYS)
        if unknown:
            self.problems.append(
                f"unknown top-level key(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(sorted(TOP_LEVEL_KEYS))}"
            )
        version = self._version(document.get("version"))
        title = self._string(document.get("title"), "title")
        sources = self._sources(document.get("sources"))
        indicators = self._indicators(document.get("indicator"), sources)
        if self.problems:
            raise CatalogueError(self.name, self.problems)
        return Catalogue(
            version=version,
            title=title,
            sources=MappingProxyType(dict(sources)),
            indicators=tuple(indicators),
            checksum=checksum,
        )

    def _version(self, value: object) -> str:
        if not isinstance(value, str) or not VERSION_RE.match(value):
            self.problems.append('missing or malformed "version" (a string such as "2026.1")')
            return ""
        return value

    def _string(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f'missing "{key}" (a non-empty string)')
            return ""
        return value.strip()

    def _sources(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict) or not value:
            self.problems.append('missing "[sources]" table (source key = "full citation")')
            return {}
        sources: dict[str, str] = {}
        for key, citation in value.items():
            if not isinstance(citation, str) or not citation.strip():
                self.problems.append(f"source {key!r} needs a citation (a non-empty string)")
                continue
            sources[key] = citation.strip()
        return sources

    def _indicators(self, value: object, sources: Mapping[str, str]) -> list[OnlineIndicator]:
        if not isinstance(value, list) or not value:
            self.problems.append('no indicators: add "[[indicator]]" tables')
            return []
        self.entry_count = len(value)
        indicators: list[OnlineIndicator] = []
        seen: dict[str, int] = {}
        for position, entry in enumerate(value):
            where = self._where(position, entry)
            if not isinstance(entry, dict):
                self.problems.append(f"{where}: is not a table")
                continue
            code = entry.get("code")
            if isinstance(code, str) and code in seen:
                self.problems.append(
                    f"{where}: duplicate code {code}, already used by indicator #{seen[code] + 1}"
                )
            elif isinstance(code, str):
                seen[code] = position
            indicator = self._indicator(entry, position, where, sources)
            if indicator is not None:
                indicators.append(indicator)
        return indicators

    def _where(self, position: int, entry: object) -> str:
        code = entry.get("code") if isinstance(entry, dict) else None
        where = f"indicator #{position + 1}"
        if isinstance(code, str) and code:
            where += f" ({code})"
        if len(self.header_lines) == self.entry_count:
            where += f", line {self.header_lines[position]}"
        return where

    def _indicator(
        self, entry: dict[str, Any], position: int, where: str, sources: Mapping[str, str]
    ) -> OnlineIndicator | None:
        before = len(self.problems)
        unknown = sorted(set(entry) - INDICATOR_KEYS)
        if unknown:
            self.problems.append(
                f"{where}: unknown key(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}"
            )
        missing = [key for key in REQUIRED_KEYS if key not in entry]
        if missing:
            self.problems.append(f"{where}: missing {', '.join(missing)}")
        code = entry.get("code")
        if "code" in entry and (not isinstance(code, str) or not CODE_RE.match(code)):
            self.problems.append(
                f"{where}: code {code!r} must look like PREFIX-NN (capitals, a dash, digits)"
            )
        group = entry.get("group")
        if "group" in entry and group not in GROUPS:
            self.problems.append(f"{where}: unknown group {group!r}; allowed: {', '.join(GROUPS)}")
        evidence = entry.get("evidence")
        if "evidence" in entry and evidence not in EVIDENCE_LEVELS:
            self.problems.append(
                f"{where}: unknown evidence level {evidence!r}; "
                f"allowed: {', '.join(EVIDENCE_LEVELS)}"
            )
        self._weight(entry, where, evidence)
        label = self._texts(entry, "label", where)
        explanation = self._texts(entry, "explanation", where)
        source = entry.get("source")
        if "source" in entry and source not in sources:
            known = ", ".join(sorted(sources)) or "none"
            self.problems.append(f"{where}: unknown source {source!r}; known sources: {known}")
        source_detail = entry.get("source_detail", "")
        if not isinstance(source_detail, str):
            self.problems.append(f"{where}: source_detail must be a string")
            source_detail = ""
        raised_by = entry.get("raised_by", "")
        if raised_by and raised_by not in RAISERS:
            self.problems.append(
                f"{where}: unknown raised_by {raised_by!r}; allowed: {', '.join(RAISERS)}"
            )
        patterns = self._patterns(entry.get("patterns"), where, bool(raised_by))
        texts = {
            **{f"label.{language}": text for language, text in label.items()},
            **{f"explanation.{language}": text for language, text in explanation.items()},
            "source_detail": source_detail,
            **{
                f"patterns.{language}[{number}]": pattern
                for language, listed in patterns.items()
                for number, pattern in enumerate(listed, start=1)
            },
        }
        for name, text in texts.items():
            for words, concept in forbidden_concepts(text):
                self.problems.append(
                    f"{where}: {name} mentions {words!r} ({concept}); nationality, ethnicity, "
                    "origin, residence status and working without a licence are never "
                    "indicators of exploitation"
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

    def _texts(self, entry: dict[str, Any], key: str, where: str) -> dict[str, str]:
        value = entry.get(key)
        texts = dict.fromkeys(TEXT_LANGUAGES, "")
        if key not in entry:
            return texts  # reported as missing
        if not isinstance(value, dict):
            self.problems.append(f'{where}: {key} must be a table {{ nl = "...", en = "..." }}')
            return texts
        unknown = sorted(set(value) - set(TEXT_LANGUAGES))
        if unknown:
            self.problems.append(f"{where}: unknown language(s) {', '.join(unknown)} in {key}")
        for language in TEXT_LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                self.problems.append(f"{where}: missing {language} {key}")
                continue
            texts[language] = " ".join(text.split())
        return texts

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
