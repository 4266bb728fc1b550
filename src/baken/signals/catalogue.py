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

Any other key is refused, so a misspelt key is an error rather than silently lost. The checks
this catalogue shares with the online one (`baken.scan.catalogue`) are in
`baken.catalogue_checks`.

Indicators describe coercion and exploitation. Nationality, origin, residence status and
working without a licence are never indicators (BRIEF: no discrimination by proxy; coercion,
not licensing); `FORBIDDEN_CONCEPTS` refuses an indicator that mentions them, as a safety net
under the editors' judgement.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
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
REQUIRED_KEYS = ("code", "group", "weight", "label", "explanation", "source")
OPTIONAL_KEYS = ("source_detail", "evidence", "patterns")

# Lengths of the database columns the catalogue is loaded into (signals.models.catalogue).
MAX_VERSION = 20
MAX_CODE = 40
MAX_LABEL = 200


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


class Catalogue(IndicatorCatalogue[IndicatorSpec]):
    """A checked catalogue of signal indicators."""


def forbidden_concepts(text: str) -> list[tuple[str, str]]:
    """The (matched words, concept) pairs of `FORBIDDEN_CONCEPTS` found in `text`."""
    return find_forbidden(text, _FORBIDDEN)


def parse_catalogue(path: Path | str) -> Catalogue:
    """Read and check the catalogue file at `path`; raise `CatalogueError` on any problem."""
    path = Path(path)
    return parse_catalogue_bytes(read_file(path), name=str(path))


def parse_catalogue_bytes(data: bytes, name: str = "<catalogue>") -> Catalogue:
    """Check catalogue `data` (the bytes of a TOML file); `name` is used in error messages."""
    return parse_bytes(data, name, _Checker, Catalogue)


class _Checker(Checker[IndicatorSpec]):
    """The signal catalogue's own rules: weights 1-5, an optional free evidence note and a
    flat list of patterns, and the column lengths of the tables it is loaded into."""

    layout = Layout(
        required_keys=REQUIRED_KEYS,
        optional_keys=OPTIONAL_KEYS,
        groups=GROUPS,
        max_version=MAX_VERSION,
        max_code=MAX_CODE,
        max_label=MAX_LABEL,
    )

    def indicator(
        self, entry: dict[str, Any], position: int, where: str, sources: Mapping[str, str]
    ) -> IndicatorSpec | None:
        before = len(self.problems)
        source_detail = self.common(entry, where, sources)
        weight = entry.get("weight")
        if "weight" in entry and (
            not isinstance(weight, int) or isinstance(weight, bool) or weight not in WEIGHTS
        ):
            self.problems.append(
                f"{where}: weight {weight!r} is out of range; it must be a whole number "
                f"{WEIGHTS.start}..{WEIGHTS.stop - 1}"
            )
        label = self.texts(entry, "label", where)
        explanation = self.texts(entry, "explanation", where)
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
        self.refuse_forbidden(
            where,
            (label, explanation, source_detail),
            {f"patterns[{number}]": p for number, p in enumerate(patterns, start=1)},
            forbidden_concepts,
            "nationality, origin, residence status and working without a licence are never "
            "indicators of exploitation",
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


__all__ = [
    "GROUPS",
    "Catalogue",
    "CatalogueError",
    "IndicatorSpec",
    "forbidden_concepts",
    "parse_catalogue",
    "parse_catalogue_bytes",
]
