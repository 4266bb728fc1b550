"""What the two indicator catalogue files share: reading them and checking the common parts.

The signal catalogue (`baken.signals.catalogue`) and the online catalogue
(`baken.scan.catalogue`) are TOML files of one format: `version`, `title`, a `[sources]` table
of citations and `[[indicator]]` tables with a code, a group, a weight, a label and an
explanation in Dutch and English, a source and an optional source detail. Each adds its own
keys (the online one evidence levels and patterns per language) and its own limits; a
`Checker` subclass per catalogue checks those, this module the rest.

A file with any problem is refused as a whole, with every problem named and, where it can be,
the line of the indicator in the file, so an editor fixes them in one round. No Django here:
the scan engine and the signal loader both use it.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar, Generic, Protocol, TypeVar


class Cited(Protocol):
    @property
    def source(self) -> str: ...

    @property
    def source_detail(self) -> str: ...


Indicator = TypeVar("Indicator")
CitedIndicator = TypeVar("CitedIndicator", bound=Cited)

VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{2,}$")
INDICATOR_HEADER_RE = re.compile(r"^\s*\[\[\s*indicator\s*\]\]")
TOP_LEVEL_KEYS = frozenset({"version", "title", "sources", "indicator"})
TEXT_LANGUAGES = ("nl", "en")


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
class IndicatorCatalogue(Generic[CitedIndicator]):
    """A checked catalogue; `checksum` is the SHA-256 of the file's bytes."""

    version: str
    title: str
    sources: Mapping[str, str]
    indicators: tuple[CitedIndicator, ...]
    checksum: str

    def source_text(self, indicator: CitedIndicator) -> str:
        """The full citation of an indicator's source, with the indicator's name in it."""
        citation = self.sources[indicator.source]
        return f"{citation}. {indicator.source_detail}" if indicator.source_detail else citation


CatalogueType = TypeVar("CatalogueType", bound=IndicatorCatalogue[Any])


def parse_bytes(
    data: bytes, name: str, checker: type[Checker[Any]], catalogue: type[CatalogueType]
) -> CatalogueType:
    """Check catalogue `data` (the bytes of a TOML file) with `checker`; `name` is used in
    error messages."""
    text, document = read_toml(data, name)
    checked = checker(name, text).check(document)
    return catalogue(
        version=checked.version,
        title=checked.title,
        sources=MappingProxyType(dict(checked.sources)),
        indicators=tuple(checked.indicators),
        checksum=hashlib.sha256(data).hexdigest(),
    )


def find_forbidden(
    text: str, patterns: Iterable[tuple[re.Pattern[str], str]]
) -> list[tuple[str, str]]:
    """The (matched words, concept) pairs of the compiled forbidden `patterns` in `text`."""
    found = []
    for pattern, concept in patterns:
        match = pattern.search(text)
        if match:
            found.append((match.group(0), concept))
    return found


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CatalogueError(str(path), [f"cannot read the file: {exc.strerror or exc}"]) from exc


def read_toml(data: bytes, name: str) -> tuple[str, dict[str, Any]]:
    """The text of catalogue `data` and its TOML document."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError(name, [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line L, column C)".
        raise CatalogueError(name, [f"not valid TOML: {exc}"]) from exc


@dataclass(frozen=True)
class Layout:
    """The keys and limits of one catalogue's indicators."""

    required_keys: tuple[str, ...]
    optional_keys: tuple[str, ...]
    groups: tuple[str, ...]
    max_version: int | None = None  # database column lengths, where the catalogue is stored
    max_code: int | None = None
    max_label: int | None = None


@dataclass(frozen=True)
class Document(Generic[Indicator]):
    """A checked file: its header and its indicators, for the subclass to build its catalogue."""

    version: str
    title: str
    sources: dict[str, str]
    indicators: list[Indicator]


class Checker(Generic[Indicator]):
    """Collects every problem of one file. A subclass names its `layout`, checks an indicator's
    own keys in `indicator` (with `common` for the shared ones) and builds the indicator."""

    layout: ClassVar[Layout]

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

    def check(self, document: dict[str, Any]) -> Document[Indicator]:
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
        return Document(version, title, sources, indicators)

    def indicator(
        self, entry: dict[str, Any], position: int, where: str, sources: Mapping[str, str]
    ) -> Indicator | None:
        raise NotImplementedError

    # -- the common parts of an indicator -------------------------------------------------------
    def common(self, entry: dict[str, Any], where: str, sources: Mapping[str, str]) -> str:
        """Check the keys every catalogue has (not the weight: its range differs); return the
        source detail ("" when it is not a string, which is reported)."""
        layout = self.layout
        unknown = sorted(set(entry) - set(layout.required_keys + layout.optional_keys))
        if unknown:
            self.problems.append(
                f"{where}: unknown key(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(layout.required_keys + layout.optional_keys)}"
            )
        missing = [key for key in layout.required_keys if key not in entry]
        if missing:
            self.problems.append(f"{where}: missing {', '.join(missing)}")
        code = entry.get("code")
        too_long = (
            layout.max_code is not None and isinstance(code, str) and len(code) > layout.max_code
        )
        if "code" in entry and (not isinstance(code, str) or too_long or not CODE_RE.match(code)):
            self.problems.append(
                f"{where}: code {code!r} must look like PREFIX-NN (capitals, a dash, digits)"
            )
        group = entry.get("group")
        if "group" in entry and group not in layout.groups:
            self.problems.append(
                f"{where}: unknown group {group!r}; allowed: {', '.join(layout.groups)}"
            )
        source = entry.get("source")
        if "source" in entry and (not isinstance(source, str) or source not in sources):
            known = ", ".join(sorted(sources)) or "none"
            self.problems.append(f"{where}: unknown source {source!r}; known sources: {known}")
        source_detail = entry.get("source_detail", "")
        if not isinstance(source_detail, str):
            self.problems.append(f"{where}: source_detail must be a string")
            return ""
        return source_detail

    def texts(self, entry: dict[str, Any], key: str, where: str) -> dict[str, str]:
        """A `{ nl = "...", en = "..." }` table, white space collapsed; the label is held to
        the layout's `max_label`."""
        limit = self.layout.max_label if key == "label" else None
        value = entry.get(key)
        texts = dict.fromkeys(TEXT_LANGUAGES, "")
        if key not in entry:
            return texts  # reported as missing
        if not isinstance(value, dict):
            self.problems.append(f'{where}: {key} must be a table {{ nl = "...", en = "..." }}')
            return texts
        unknown = sorted(set(value) - set(TEXT_LANGUAGES))
        if unknown:
            self.problems.append(
                f"{where}: unknown language(s) {', '.join(unknown)} in {key}; "
                f"allowed: {', '.join(TEXT_LANGUAGES)}"
            )
        for language in TEXT_LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                self.problems.append(f"{where}: missing {language} {key}")
                continue
            text = " ".join(text.split())
            if limit is not None and len(text) > limit:
                self.problems.append(
                    f"{where}: {language} {key} is {len(text)} characters; at most {limit}"
                )
            texts[language] = text
        return texts

    def refuse_forbidden(
        self,
        where: str,
        described: tuple[Mapping[str, str], Mapping[str, str], str],
        patterns: Mapping[str, str],
        find: Callable[[str], list[tuple[str, str]]],
        never: str,
    ) -> None:
        """A problem for every forbidden concept `find` sees in an indicator's words: its label,
        explanation and source detail (`described`, as `texts` and `common` return them) and
        its `patterns` (field name → pattern). `never` says what is never an indicator."""
        label, explanation, source_detail = described
        texts = {
            **{f"label.{language}": text for language, text in label.items()},
            **{f"explanation.{language}": text for language, text in explanation.items()},
            "source_detail": source_detail,
            **patterns,
        }
        for field, text in texts.items():
            for words, concept in find(text):
                self.problems.append(f"{where}: {field} mentions {words!r} ({concept}); {never}")

    # -- the header and the list of indicators ------------------------------------------------
    def _version(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            self.problems.append('missing "version" (a string such as "2026.1")')
            return ""
        limit = self.layout.max_version
        if (limit is not None and len(value) > limit) or not VERSION_RE.match(value):
            most = f"at most {limit} " if limit is not None else ""
            self.problems.append(f"version {value!r} must be {most}letters, digits, dots or dashes")
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

    def _indicators(self, value: object, sources: Mapping[str, str]) -> list[Indicator]:
        if not isinstance(value, list) or not value:
            self.problems.append('no indicators: add "[[indicator]]" tables')
            return []
        self.entry_count = len(value)
        indicators: list[Indicator] = []
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
            indicator = self.indicator(entry, position, where, sources)
            if indicator is not None:
                indicators.append(indicator)
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
