"""The online indicator catalogue file: its content, and the loader refusing bad files."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from baken.scan.catalogue import (
    DEFAULT_FILE,
    EVIDENCE_LEVELS,
    CatalogueError,
    default_catalogue,
    lower_pattern,
    parse_catalogue,
    parse_catalogue_bytes,
)

SIGNAL_CATALOGUE = (
    Path(__file__).parents[2] / "src/baken/signals/indicator_files/indicators-2026.1.toml"
)
MIGRANT_LANGUAGES = ("ro", "pl", "bg", "hu", "uk", "ru", "es", "pt")

VALID = """
version = "test-1"
title = "Test"

[sources]
s = "A source"

[[indicator]]
code = "TST-01"
group = "online"
weight = 2
evidence = "practitioner"
label = { nl = "Altijd", en = "Always" }
explanation = { nl = "Uitleg.", en = "Explanation." }
source = "s"
patterns.nl = ['altijd open']
patterns.en = ['always open']
"""


def _refused(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_bytes(text.encode(), name="test.toml")
    assert str(caught.value).startswith("test.toml: ")
    return caught.value.problems


def test_shipped_catalogue_loads_with_every_lexical_and_structural_indicator() -> None:
    catalogue = default_catalogue()

    assert catalogue.version == "2026.1"
    codes = [indicator.code for indicator in catalogue.indicators]
    rows = {3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25}
    assert {f"ONL-{row:02d}" for row in rows} <= set(codes)
    assert "ONL-26" in codes  # stated age under 18
    assert {indicator.group for indicator in catalogue.indicators} == {"online"}


def test_stated_ethnicity_or_nationality_is_left_out() -> None:
    catalogue = default_catalogue()

    assert "ONL-06" not in {indicator.code for indicator in catalogue.indicators}
    header = DEFAULT_FILE.read_text(encoding="utf-8").split("version =")[0]
    assert "Eastern European origin" in header
    assert "licence" in header
    assert "Sex work as such" in header


def test_housing_and_job_indicators_have_patterns_in_all_migrant_languages() -> None:
    catalogue = default_catalogue()

    for row in range(16, 26):
        indicator = catalogue.get(f"ONL-{row:02d}")
        languages = ("nl", "en", *MIGRANT_LANGUAGES)
        missing = [lang for lang in languages if lang not in indicator.patterns]
        assert missing == [], indicator.code


def test_evidence_levels_follow_the_reference_table() -> None:
    evidence = {indicator.code: indicator.evidence for indicator in default_catalogue().indicators}

    assert {evidence[code] for code in ("ONL-03", "ONL-04", "ONL-05")} == {"validated"}
    assert evidence["ONL-10"] == "contradicted"
    assert evidence["ONL-09"] == "mixed"
    assert evidence["ONL-15"] == "research"
    assert {evidence[f"ONL-{row}"] for row in (16, 17, 18, 19, 20, 22)} == {"official"}


def test_contradicted_indicator_weighs_nothing_and_others_weigh_something() -> None:
    for indicator in default_catalogue().indicators:
        if indicator.evidence == "contradicted":
            assert indicator.weight == 0
        else:
            assert 1 <= indicator.weight <= 5


def test_structural_indicators_are_raised_by_extractors() -> None:
    catalogue = default_catalogue()

    assert [i.code for i in catalogue.raised_by("obscured_phone")] == ["ONL-03"]
    assert [i.code for i in catalogue.raised_by("age_18_19")] == ["ONL-09"]
    assert [i.code for i in catalogue.raised_by("age_under_18")] == ["ONL-26"]


def test_every_source_named_exists_and_every_pattern_is_lower_case() -> None:
    catalogue = default_catalogue()

    for indicator in catalogue.indicators:
        assert catalogue.source_text(indicator).startswith(catalogue.sources[indicator.source])
        for patterns in indicator.patterns.values():
            for pattern in patterns:
                assert pattern == lower_pattern(pattern)


def test_file_has_the_format_of_the_signal_catalogue() -> None:
    online = tomllib.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    signals = tomllib.loads(SIGNAL_CATALOGUE.read_text(encoding="utf-8"))

    assert set(online) == set(signals) == {"version", "title", "sources", "indicator"}
    common = {"code", "group", "weight", "label", "explanation", "source", "source_detail"}
    for entry in online["indicator"]:
        assert common <= set(entry) | {"source_detail"}
        assert set(entry) - common <= {"evidence", "patterns", "raised_by"}
    assert DEFAULT_FILE.read_text(encoding="utf-8").startswith("# Baken online indicator catalogue")


def test_checksum_is_of_the_file_bytes() -> None:
    import hashlib

    assert default_catalogue().checksum == hashlib.sha256(DEFAULT_FILE.read_bytes()).hexdigest()


def test_a_valid_small_catalogue_loads() -> None:
    catalogue = parse_catalogue_bytes(VALID.encode())

    (indicator,) = catalogue.indicators
    assert indicator.patterns == {"nl": ("altijd open",), "en": ("always open",)}
    assert (indicator.label_nl, indicator.label_en) == ("Altijd", "Always")


def test_patterns_are_lowered_but_escapes_kept() -> None:
    text = VALID.replace("['altijd open']", r"['Geen BSN\S*\W']")

    (indicator,) = parse_catalogue_bytes(text.encode()).indicators

    assert indicator.patterns["nl"] == (r"geen bsn\S*\W",)


def test_unknown_evidence_level_is_refused() -> None:
    problems = _refused(VALID.replace('evidence = "practitioner"', 'evidence = "strong"'))

    assert problems == [
        "indicator #1 (TST-01), line 8: unknown evidence level 'strong'; allowed: "
        + ", ".join(EVIDENCE_LEVELS)
    ]


def test_bad_regular_expression_is_refused_with_its_place() -> None:
    problems = _refused(VALID.replace("['altijd open']", "['altijd (open']"))

    assert len(problems) == 1
    assert problems[0].startswith(
        "indicator #1 (TST-01), line 8: patterns.nl[1] 'altijd (open' is not a valid regular "
        "expression: missing ), unterminated subpattern"
    )


def test_missing_label_is_refused() -> None:
    label = 'label = { nl = "Altijd", en = "Always" }'
    problems = _refused(VALID.replace(label, 'label = { nl = "Altijd" }'))

    assert problems == ["indicator #1 (TST-01), line 8: missing en label"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("weight = 2", "weight = 0"), "weight 0 is only for contradicted indicators"),
        (
            ('evidence = "practitioner"', 'evidence = "contradicted"'),
            "a contradicted indicator must have weight 0",
        ),
        (("weight = 2", "weight = 7"), "weight 7 is out of range"),
        (('group = "online"', 'group = "sexual"'), "unknown group 'sexual'"),
        (('source = "s"', 'source = "nope"'), "unknown source 'nope'"),
        (("patterns.en = ['always open']", ""), "missing en patterns"),
        (
            ("patterns.en = ['always open']", "patterns.xx = ['x']"),
            "unknown language(s) xx in patterns",
        ),
        (("['altijd open']", "['(?P<name>altijd)']"), "uses named groups"),
        (("['altijd open']", "['(?:altijd)?']"), "matches empty text"),
        (("['altijd open']", "['(?i)altijd']"), "is not a valid regular expression"),
        (
            ("patterns.nl = ['altijd open']\npatterns.en = ['always open']", ""),
            "needs patterns or raised_by",
        ),
        (('source = "s"', 'source = "s"\nraised_by = "moon"'), "unknown raised_by 'moon'"),
        (('code = "TST-01"', 'code = "tst1"'), "code 'tst1' must look like PREFIX-NN"),
        (('source = "s"', 'source = "s"\ncolour = "red"'), "unknown key(s) colour"),
    ],
)
def test_malformed_indicator_is_refused(change: tuple[str, str], problem: str) -> None:
    old, new = change
    assert old in VALID

    problems = _refused(VALID.replace(old, new))

    assert any(problem in found for found in problems), problems


@pytest.mark.parametrize(
    ("pattern", "concept"),
    [
        ("roemeense meid", "nationality or ethnicity"),
        ("eastern european", "nationality or ethnicity"),
        ("zonder vergunning", "licence"),
        ("undocumented", "residence"),
        ("etnisch", "ethnicity"),
    ],
)
def test_nationality_licence_and_residence_status_are_refused(pattern: str, concept: str) -> None:
    problems = _refused(VALID.replace("['altijd open']", f"['{pattern}']"))

    assert len(problems) == 1
    assert "patterns.nl[1] mentions" in problems[0]
    assert f"({concept})" in problems[0]


def test_forbidden_concept_in_an_explanation_is_refused() -> None:
    problems = _refused(VALID.replace('en = "Explanation."', 'en = "About her ethnic origin."'))

    assert any("explanation.en mentions 'ethnic' (ethnicity)" in p for p in problems)


def test_every_problem_is_listed_at_once() -> None:
    text = VALID.replace('evidence = "practitioner"', 'evidence = "x"').replace(
        "['always open']", "['(']"
    )

    problems = _refused(text)

    assert len(problems) == 2


def test_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('version = "1"\n[[indicator]\n', encoding="utf-8")

    with pytest.raises(CatalogueError, match=re.escape(f"{path}: not valid TOML")):
        parse_catalogue(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="cannot read the file"):
        parse_catalogue(tmp_path / "absent.toml")
