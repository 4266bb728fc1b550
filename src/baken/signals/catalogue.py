"""The indicator catalogue as a file: parse and check it, with no Django import.

An indicator is one observable sign that a person may be exploited ("the employer keeps her
passport"). The catalogue groups them by form of exploitation and by adjacent theme, gives each
a stable code, a weight and the published source it rests on, and carries a version: a signal
keeps the version it was filed under, so a catalogue once loaded never changes; a changed file
gets a new version.

The file is TOML::

    version = "2026.1"
    title = "..."
    [sources]
    ilo-2012 = "full citation"

    [[indicator]]
    code = "ALG-01"                  # stable across versions: PREFIX-NN
    group = "general"                # one of GROUPS
    weight = 4                       # 1..5, how strongly it points to exploitation or harm
    label = { nl = "...", en = "..." }
    explanation = { nl = "...", en = "..." }
    source = "ilo-2012"              # a key of [sources]
    source_detail = "..."            # optional: the indicator's name in that source
    evidence = "..."                 # optional (online indicators): evidence level
    patterns = ["...", "..."]        # optional (online indicators): lexicon patterns

Any other key is refused, so a misspelt key is an error rather than silently lost.

Indicators describe coercion and exploitation. Nationality, origin, residence status and
working without a licence are never indicators (BRIEF: no discrimination by proxy; coercion,
not licensing); `FORBIDDEN_CONCEPTS` refuses an indicator that mentions them, as a safety net
under the editors' judgement.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

# The codes of `baken.signals.vocabulary.IndicatorGroup`, repeated here because this module
# imports no Django; a test keeps the two equal.
GROUPS: tuple[str, ...] = (
    "sexual",
    "labour",
    "criminal",
    "other_forms",
    "general",
    "undermining",
    "domestic_violence",
    "housing_fraud",
    "minors",
)

WEIGHTS = range(1, 6)
LANGUAGES = ("nl", "en")
TOP_LEVEL_KEYS = frozenset({"version", "title", "sources", "indicator"})
REQUIRED_KEYS = ("code", "group", "weight", "label", "explanation", "source")
OPTIONAL_KEYS = ("source_detail", "evidence", "patterns")
INDICATOR_KEYS = frozenset(REQUIRED_KEYS + OPTIONAL_KEYS)

# Lengths of the database columns the catalogue is loaded into (signals.models.catalogue).
MAX_VERSION = 20
MAX_CODE = 40
MAX_LABEL = 200

VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{2,}$")
INDICATOR_HEADER_RE = re.compile(r"^\s*\[\[\s*indicator\s*\]\]")

# Concepts an indicator may never rest on, with the reason given in the error. Matched
# case-insensitively from the start of a word, so Dutch compounds ("herkomstland") and
# inflections are caught as well.
FORBIDDEN_CONCEPTS: tuple[tuple[str, str], ...] = (
    (r"zonder\s+(?:\w+\s+)?vergunning", "working without a licence"),
    (r"geen\s+(?:\w+\s+)?vergunning", "working without a licence"),
    (r"vergunningloos", "working without a licence"),
    (r"niet[\s-]vergund", "working without a licence"),
    (r"without\s+(?:an?\s+)?(?:\w+\s+)?licen[cs]e", "working without a licence"),
    (r"no\s+(?:\w+\s+)?licen[cs]e", "working without a licence"),
    (r"unlicen[cs]ed", "working without a licence"),
    (r"nationalit", "nationality"),
    (r"afkomst", "origin"),
    (r"herkomst", "origin"),
    (r"origins?\b", "origin"),
    (r"bronland", "origin"),
    (r"source\s+countr", "origin"),
    (r"etnisch", "ethnicity"),
    (r"etniciteit", "ethnicity"),
    (r"ethnic", "ethnicity"),
    (r"ongedocumenteerd", "residence status"),
    (r"undocumented", "residence status"),
    (r"illegaal\s+(?:in\s+\w+\s+)?verblij", "residence status"),
    (r"illegal(?:ly)?\s+(?:resid|stay)", "residence status"),
)
_FORBIDDEN = tuple(
    (re.compile(r"(?<!\w)" + pattern, re.IGNORECASE), concept)
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
class IndicatorSpec:
    """One indicator as the file states it; `position` is its order in the file (from 0)."""

    code: str
    group: str
    weight: int
    label_nl: str
    label_en: str
    explanation_nl: str
    explanation_en: str
    source: str
    position: int
    source_detail: str = ""
    evidence: str | int | None = None
    patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    """A parsed catalogue; `checksum` is the SHA-256 of the file's bytes."""

    version: str
    title: str
    sources: Mapping[str, str]
    indicators: tuple[IndicatorSpec, ...]
    checksum: str

    def source_text(self, indicator: IndicatorSpec) -> str:
        """The full citation of an indicator's source, with the indicator's name in it."""
        citation = self.sources[indicator.source]
        if indicator.source_detail:
            return f"{citation}. {indicator.source_detail}"
        return citation

    def in_group(self, group: str) -> tuple[IndicatorSpec, ...]:
        return tuple(i for i in self.indicators if i.group == group)


def forbidden_concepts(text: str) -> list[tuple[str, str]]:
    """The (matched words, concept) pairs of `FORBIDDEN_CONCEPTS` found in `text`."""
    found = []
    for pattern, concept in _FORBIDDEN:
        match = pattern.search(text)
        if match:
            found.append((match.group(0), concept))
    return found


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
        # tomllib's message ends with "(at line L, column C)".
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
        if not isinstance(value, str) or not value.strip():
            self.problems.append('missing "version" (a string such as "2026.1")')
            return ""
        if len(value) > MAX_VERSION or not VERSION_RE.match(value):
            self.problems.append(
                f"version {value!r} must be at most {MAX_VERSION} letters, digits, dots or dashes"
            )
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

    def _indicators(self, value: object, sources: Mapping[str, str]) -> list[IndicatorSpec]:
        if not isinstance(value, list) or not value:
            self.problems.append('no indicators: add "[[indicator]]" tables')
            return []
        self.entry_count = len(value)
        indicators: list[IndicatorSpec] = []
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
            spec = self._indicator(entry, position, where, sources)
            if spec is not None:
                indicators.append(spec)
        return indicators

    def _where(self, position: int, entry: object) -> str:
        code = entry.get("code") if isinstance(entry, dict) else None
        where = f"indicator #{position + 1}"
        if isinstance(code, str) and code:
            where += f" ({code})"
        # Only when every indicator is written as a `[[indicator]]` table do the headers
        # line up with the entries.
        if len(self.header_lines) == self.entry_count:
            where += f", line {self.header_lines[position]}"
        return where

    def _indicator(
        self, entry: dict[str, Any], position: int, where: str, sources: Mapping[str, str]
    ) -> IndicatorSpec | None:
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
        if "code" in entry and (
            not isinstance(code, str) or len(code) > MAX_CODE or not CODE_RE.match(code)
        ):
            self.problems.append(
                f"{where}: code {code!r} must look like PREFIX-NN (capitals, a dash, digits)"
            )
        group = entry.get("group")
        if "group" in entry and group not in GROUPS:
            self.problems.append(f"{where}: unknown group {group!r}; allowed: {', '.join(GROUPS)}")
        weight = entry.get("weight")
        if "weight" in entry and (
            not isinstance(weight, int) or isinstance(weight, bool) or weight not in WEIGHTS
        ):
            self.problems.append(
                f"{where}: weight {weight!r} is out of range; it must be a whole number "
                f"{WEIGHTS.start}..{WEIGHTS.stop - 1}"
            )
        label = self._texts(entry, "label", where, MAX_LABEL)
        explanation = self._texts(entry, "explanation", where, None)
        source = entry.get("source")
        if "source" in entry and (not isinstance(source, str) or source not in sources):
            known = ", ".join(sorted(sources)) or "none"
            self.problems.append(f"{where}: unknown source {source!r}; known sources: {known}")
        source_detail = entry.get("source_detail", "")
        if not isinstance(source_detail, str):
            self.problems.append(f"{where}: source_detail must be a string")
        evidence = entry.get("evidence")
        if evidence is not None and (
            isinstance(evidence, bool)
            or not isinstance(evidence, str | int)
            or (isinstance(evidence, str) and not evidence.strip())
        ):
            self.problems.append(f"{where}: evidence must be a non-empty string or a number")
        patterns = entry.get("patterns", [])
        if not isinstance(patterns, list) or not all(
            isinstance(p, str) and p.strip() for p in patterns
        ):
            self.problems.append(f"{where}: patterns must be a list of non-empty strings")
            patterns = []

        texts = {
            **{f"label.{language}": text for language, text in label.items()},
            **{f"explanation.{language}": text for language, text in explanation.items()},
            "source_detail": source_detail if isinstance(source_detail, str) else "",
            **{f"patterns[{number}]": p for number, p in enumerate(patterns, start=1)},
        }
        for field, text in texts.items():
            for words, concept in forbidden_concepts(text):
                self.problems.append(
                    f"{where}: {field} mentions {words!r} ({concept}); nationality, origin, "
                    "residence status and working without a licence are never indicators "
                    "of exploitation"
                )

        if len(self.problems) > before:
            return None
        return IndicatorSpec(
            code=entry["code"],
            group=entry["group"],
            weight=entry["weight"],
            label_nl=label["nl"],
            label_en=label["en"],
            explanation_nl=explanation["nl"],
            explanation_en=explanation["en"],
            source=entry["source"],
            position=position,
            source_detail=source_detail.strip(),
            evidence=evidence.strip() if isinstance(evidence, str) else evidence,
            patterns=tuple(p.strip() for p in patterns),
        )

    def _texts(
        self, entry: dict[str, Any], key: str, where: str, max_length: int | None
    ) -> dict[str, str]:
        value = entry.get(key)
        texts = dict.fromkeys(LANGUAGES, "")
        if key not in entry:
            return texts  # reported as missing
        if not isinstance(value, dict):
            self.problems.append(f'{where}: {key} must be a table {{ nl = "...", en = "..." }}')
            return texts
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            self.problems.append(
                f"{where}: unknown language(s) {', '.join(unknown)} in {key}; "
                f"allowed: {', '.join(LANGUAGES)}"
            )
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                self.problems.append(f"{where}: missing {language} {key}")
                continue
            text = " ".join(text.split())
            if max_length is not None and len(text) > max_length:
                self.problems.append(
                    f"{where}: {language} {key} is {len(text)} characters; at most {max_length}"
                )
            texts[language] = text
        return texts
