"""The indicator catalogue: the shipped file, its ground rules, loading it, and bad files."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from baken.signals.catalogue import (
    GROUPS,
    CatalogueError,
    forbidden_concepts,
    parse_catalogue,
    parse_catalogue_bytes,
)
from baken.signals.catalogue_store import (
    SHIPPED_CATALOGUE,
    CatalogueVersionError,
    NoCurrentCatalogueError,
    current_catalogue,
    load_catalogue,
)
from baken.signals.models import Indicator, IndicatorCatalogue
from baken.signals.vocabulary import IndicatorGroup
from tests.signals.factories import SignalFactory

ILO_INDICATORS = {
    "Abuse of vulnerability",
    "Deception",
    "Restriction of movement",
    "Isolation",
    "Physical and sexual violence",
    "Intimidation and threats",
    "Retention of identity documents",
    "Withholding of wages",
    "Debt bondage",
    "Abusive working and living conditions",
    "Excessive overtime",
}
CODE_PREFIX = {
    "general": "ALG",
    "sexual": "SEK",
    "labour": "ARB",
    "criminal": "CRIM",
    "other_forms": "OVR",
    "undermining": "OND",
    "domestic_violence": "HG",
    "housing_fraud": "WON",
    "minors": "MIN",
}


def shipped_text() -> str:
    return SHIPPED_CATALOGUE.read_text(encoding="utf-8")


def snapshot() -> list[tuple[Any, ...]]:
    catalogues = list(
        IndicatorCatalogue.objects.order_by("pk").values_list(
            "pk", "version", "checksum", "is_current", "loaded_at"
        )
    )
    indicators = list(
        Indicator.objects.order_by("pk").values_list(
            "pk", "catalogue_id", "code", "label_nl", "weight", "position"
        )
    )
    return [*catalogues, *indicators]


def toml_value(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def indicator(**overrides: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "code": "ALG-01",
        "group": "general",
        "weight": 3,
        "label": {"nl": "Bewegingsvrijheid beperkt", "en": "Freedom of movement restricted"},
        "explanation": {"nl": "Mag niet weg.", "en": "May not leave."},
        "source": "src",
    }
    for key, value in overrides.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    return entry


def catalogue_toml(*indicators: dict[str, object], head: str | None = None) -> str:
    text = head if head is not None else 'version = "t-1"\ntitle = "Test"\n'
    text += '\n[sources]\nsrc = "A published source"\n'
    for entry in indicators:
        text += "\n[[indicator]]\n"
        text += "".join(f"{key} = {toml_value(value)}\n" for key, value in entry.items())
    return text


def write(tmp_path: Path, text: str, name: str = "indicators-test.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_command(*args: str) -> str:
    out = StringIO()
    call_command("load-indicators", *args, stdout=out)
    return out.getvalue()


# The shipped file --------------------------------------------------------------------------


def test_shipped_catalogue_parses_as_version_2026_1_with_at_least_60_indicators() -> None:
    catalogue = parse_catalogue(SHIPPED_CATALOGUE)

    assert catalogue.version == "2026.1"
    assert SHIPPED_CATALOGUE.name == f"indicators-{catalogue.version}.toml"
    assert 60 <= len(catalogue.indicators) <= 80


def test_parser_groups_are_the_indicator_group_vocabulary() -> None:
    assert set(GROUPS) == set(IndicatorGroup.values)


def test_every_group_has_at_least_four_indicators() -> None:
    counts = Counter(spec.group for spec in parse_catalogue(SHIPPED_CATALOGUE).indicators)

    assert {group: counts[group] for group in GROUPS if counts[group] < 4} == {}


def test_all_eleven_ilo_indicators_are_present_under_general_or_labour() -> None:
    catalogue = parse_catalogue(SHIPPED_CATALOGUE)
    ilo = {spec.source_detail: spec for spec in catalogue.indicators if spec.source == "ilo-2012"}

    assert set(ilo) == ILO_INDICATORS
    assert {spec.group for spec in ilo.values()} <= {"general", "labour"}
    assert "eleven indicators of forced labour" in catalogue.sources["ilo-2012"]


def test_codes_are_unique_and_carry_their_group_prefix() -> None:
    specs = parse_catalogue(SHIPPED_CATALOGUE).indicators

    assert len({spec.code for spec in specs}) == len(specs)
    wrong = [spec.code for spec in specs if spec.code.split("-")[0] != CODE_PREFIX[spec.group]]
    assert wrong == []


def test_weights_are_whole_numbers_from_1_to_5_and_both_ends_are_used() -> None:
    weights = [spec.weight for spec in parse_catalogue(SHIPPED_CATALOGUE).indicators]

    assert all(type(weight) is int and 1 <= weight <= 5 for weight in weights)
    assert {1, 5} <= set(weights)


def test_no_indicator_mentions_licensing_nationality_origin_or_residence_status() -> None:
    # Read the raw TOML, not the parser's result, so this holds even if the parser's guard
    # were switched off.
    raw = tomllib.loads(shipped_text())
    found = {}
    for entry in raw["indicator"]:
        texts = [*entry["label"].values(), *entry["explanation"].values()]
        texts += [entry.get("source_detail", ""), *entry.get("patterns", [])]
        hits = [hit for text in texts for hit in forbidden_concepts(text)]
        if hits:
            found[entry["code"]] = hits

    assert found == {}


def test_every_indicator_has_dutch_and_english_label_and_explanation() -> None:
    for spec in parse_catalogue(SHIPPED_CATALOGUE).indicators:
        assert spec.label_nl, spec.code
        assert spec.label_en, spec.code
        assert spec.explanation_nl, spec.code
        assert spec.explanation_en, spec.code
        assert spec.label_nl != spec.label_en, spec.code


# The guard against proxies -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "concept"),
    [
        ("Werkt zonder vergunning", "working without a licence"),
        ("Sekswerk zonder geldige vergunning", "working without a licence"),
        ("Works without a licence", "working without a licence"),
        ("Unlicensed sex work", "working without a licence"),
        ("Nationaliteit van de werknemer", "nationality"),
        ("Worker's nationality", "nationality"),
        ("Eastern European origin", "origin"),
        ("Afkomstig uit een bronland", "origin"),
        ("Land van herkomst", "origin"),
        ("Etnische achtergrond", "ethnicity"),
        ("Ongedocumenteerd", "residence status"),
        ("Undocumented worker", "residence status"),
        ("Illegaal verblijf in Nederland", "residence status"),
    ],
)
def test_guard_refuses_an_indicator_that_rests_on_a_proxy(label: str, concept: str) -> None:
    text = catalogue_toml(indicator(label={"nl": label, "en": "Fine English label"}))

    with pytest.raises(CatalogueError) as excinfo:
        parse_catalogue_bytes(text.encode(), name="proxy.toml")

    message = str(excinfo.value)
    assert "indicator #1 (ALG-01)" in message
    assert f"({concept})" in message
    assert "never indicators" in message


def test_guard_also_reads_explanations_and_online_patterns() -> None:
    in_explanation = indicator(explanation={"nl": "Geen probleem.", "en": "Of foreign origin."})
    in_pattern = indicator(code="ALG-02", patterns=["zonder vergunning"])

    with pytest.raises(CatalogueError) as excinfo:
        parse_catalogue_bytes(catalogue_toml(in_explanation, in_pattern).encode())

    assert "#1 (ALG-01)" in str(excinfo.value)
    assert "explanation.en mentions 'origin'" in str(excinfo.value)
    assert "#2 (ALG-02)" in str(excinfo.value)
    assert "patterns[1] mentions 'zonder vergunning'" in str(excinfo.value)


def test_guard_does_not_flag_coercion_that_merely_resembles_a_proxy() -> None:
    assert forbidden_concepts("Threatened with being reported to the authorities") == []
    assert forbidden_concepts("The original contract was replaced") == []
    assert forbidden_concepts("Dreiging met aangifte bij de autoriteiten") == []


# Loading into the database -----------------------------------------------------------------


@pytest.mark.django_db
def test_migrations_leave_the_shipped_catalogue_current_with_every_indicator_in_order() -> None:
    parsed = parse_catalogue(SHIPPED_CATALOGUE)

    current = current_catalogue()

    assert (current.version, current.checksum) == (parsed.version, parsed.checksum)
    assert IndicatorCatalogue.objects.filter(is_current=True).count() == 1
    stored = list(current.indicators.order_by("position"))
    assert [(i.code, i.position) for i in stored] == [
        (spec.code, spec.position) for spec in parsed.indicators
    ]
    for row, spec in zip(stored, parsed.indicators, strict=True):
        assert (row.group, row.weight, row.label_nl, row.label_en) == (
            spec.group,
            spec.weight,
            spec.label_nl,
            spec.label_en,
        )
        assert (row.explanation_nl, row.explanation_en) == (
            spec.explanation_nl,
            spec.explanation_en,
        )
        assert row.source == parsed.source_text(spec)
        assert parsed.sources[spec.source] in row.source


@pytest.mark.django_db
def test_loading_the_shipped_file_again_changes_nothing() -> None:
    before = snapshot()

    catalogue, created = load_catalogue(SHIPPED_CATALOGUE)

    assert created is False
    assert catalogue == current_catalogue()
    assert snapshot() == before


@pytest.mark.django_db
def test_a_changed_file_under_a_loaded_version_is_refused_and_nothing_changes(
    tmp_path: Path,
) -> None:
    changed = shipped_text().replace("Bewegingsvrijheid beperkt", "Bewegingsvrijheid ingeperkt")
    assert changed != shipped_text()
    path = write(tmp_path, changed)
    before = snapshot()

    with pytest.raises(CatalogueVersionError) as excinfo:
        load_catalogue(path)

    assert str(excinfo.value) == (
        f"{path}: version 2026.1 already loaded with other content; "
        "give the changed catalogue a new version"
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_a_new_version_becomes_current_and_the_old_one_stays_for_its_signals(
    tmp_path: Path,
) -> None:
    old = current_catalogue()
    old_count = old.indicators.count()
    signal = SignalFactory(catalogue=old)
    newer = shipped_text().replace('version = "2026.1"', 'version = "2026.2"', 1)
    newer = newer.replace("Bewegingsvrijheid beperkt", "Bewegingsvrijheid ingeperkt")

    new, created = load_catalogue(write(tmp_path, newer))

    assert created is True
    assert current_catalogue() == new
    assert new.version == "2026.2"
    assert new.indicators.get(code="ALG-03").label_nl == "Bewegingsvrijheid ingeperkt"
    old.refresh_from_db()
    assert old.is_current is False
    assert old.indicators.count() == old_count
    assert old.indicators.get(code="ALG-03").label_nl == "Bewegingsvrijheid beperkt"
    signal.refresh_from_db()
    assert signal.catalogue == old


@pytest.mark.django_db
def test_loading_an_older_version_again_does_not_make_it_current(tmp_path: Path) -> None:
    newer = shipped_text().replace('version = "2026.1"', 'version = "2026.2"', 1)
    new, _created = load_catalogue(write(tmp_path, newer))

    old, created = load_catalogue(SHIPPED_CATALOGUE)

    assert (old.version, created, old.is_current) == ("2026.1", False, False)
    assert current_catalogue() == new


@pytest.mark.django_db
def test_a_bad_file_writes_nothing(tmp_path: Path) -> None:
    before = snapshot()
    path = write(tmp_path, catalogue_toml(indicator(), indicator(group="sexy")))

    with pytest.raises(CatalogueError):
        load_catalogue(path)

    assert snapshot() == before


@pytest.mark.django_db
def test_without_a_current_catalogue_the_error_says_how_to_load_one() -> None:
    IndicatorCatalogue.objects.update(is_current=False)

    with pytest.raises(NoCurrentCatalogueError, match="baken load-indicators"):
        current_catalogue()


# Malformed files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([indicator(group="sexy")], "indicator #1 (ALG-01), line 7: unknown group 'sexy'"),
        (
            [indicator(), indicator(code="ALG-01")],
            "indicator #2 (ALG-01), line 15: duplicate code ALG-01, already used by indicator #1",
        ),
        ([indicator(weight=0)], "weight 0 is out of range"),
        ([indicator(weight=6)], "weight 6 is out of range"),
        ([indicator(weight="3")], "weight '3' is out of range"),
        ([indicator(weight=True)], "weight True is out of range"),
        (
            [indicator(label={"en": "Only English"})],
            "indicator #1 (ALG-01), line 7: missing nl label",
        ),
        ([indicator(label={"nl": "Alleen Nederlands", "en": " "})], "missing en label"),
        ([indicator(explanation={"nl": "Alleen Nederlands."})], "missing en explanation"),
        ([indicator(label={"nl": "x", "en": "y", "de": "z"})], "unknown language(s) de in label"),
        ([indicator(label=None)], "missing label"),
        ([indicator(source="nope")], "unknown source 'nope'; known sources: src"),
        ([indicator(colour="red")], "unknown key(s) colour"),
        ([indicator(code="alg 1")], "code 'alg 1' must look like PREFIX-NN"),
        (
            [indicator(label={"nl": "x" * 201, "en": "y"})],
            "nl label is 201 characters; at most 200",
        ),
        ([indicator(patterns="one pattern")], "patterns must be a list of non-empty strings"),
        ([indicator(evidence="")], "evidence must be a non-empty string or a number"),
        ([indicator(source_detail=3)], "source_detail must be a string"),
        ([], "no indicators"),
    ],
)
def test_a_malformed_indicator_is_refused_naming_the_file_and_the_problem(
    tmp_path: Path, entries: list[dict[str, object]], message: str
) -> None:
    path = write(tmp_path, catalogue_toml(*entries))

    with pytest.raises(CatalogueError) as excinfo:
        parse_catalogue(path)

    assert str(excinfo.value).startswith(f"{path}: ")
    assert message in str(excinfo.value)


@pytest.mark.parametrize(
    ("head", "message"),
    [
        ('title = "Test"\n', 'missing "version"'),
        ('version = "2026 1"\ntitle = "T"\n', "version '2026 1' must be at most 20"),
        ('version = "t-1"\n', 'missing "title"'),
        ('version = "t-1"\ntitle = "T"\nauthor = "me"\n', "unknown top-level key(s) author"),
    ],
)
def test_a_malformed_header_is_refused(tmp_path: Path, head: str, message: str) -> None:
    path = write(tmp_path, catalogue_toml(indicator(), head=head))

    with pytest.raises(CatalogueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_catalogue(path)


def test_invalid_toml_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'version = "t-1"\ntitle = "T"\nlabel = {nl = \n')

    with pytest.raises(CatalogueError, match=r"indicators-test\.toml: not valid TOML: .*line 3"):
        parse_catalogue(path)


def test_a_missing_file_is_a_catalogue_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"bestaat-niet\.toml: cannot read the file"):
        parse_catalogue(tmp_path / "bestaat-niet.toml")


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue_toml(indicator(weight=9), indicator(code="ALG-02", group="x")))

    with pytest.raises(CatalogueError) as excinfo:
        parse_catalogue(path)

    assert len(excinfo.value.problems) == 2
    assert "2 problems" in str(excinfo.value)


def test_online_keys_evidence_and_patterns_are_accepted_and_kept(tmp_path: Path) -> None:
    entry = indicator(evidence="strong", patterns=["nieuw meisje", "24/7"], source_detail="§1")

    spec = parse_catalogue(write(tmp_path, catalogue_toml(entry))).indicators[0]

    assert (spec.evidence, spec.patterns, spec.source_detail) == (
        "strong",
        ("nieuw meisje", "24/7"),
        "§1",
    )


def test_checksum_is_the_sha256_of_the_file_bytes(tmp_path: Path) -> None:
    text = catalogue_toml(indicator())
    first = parse_catalogue(write(tmp_path, text)).checksum

    assert first == parse_catalogue_bytes(text.encode()).checksum
    assert first != parse_catalogue_bytes((text + "# a comment\n").encode()).checksum
    assert len(first) == 64


# The command -------------------------------------------------------------------------------


def test_hyphenated_command_is_found_by_django() -> None:
    assert get_commands()["load-indicators"] == "baken.signals"


@pytest.mark.django_db
def test_command_without_a_file_reports_the_shipped_catalogue_unchanged() -> None:
    count = len(parse_catalogue(SHIPPED_CATALOGUE).indicators)

    output = load_command()

    assert output.strip() == (
        f"unchanged: catalogue 2026.1 ({count} indicators, current) "
        "was already loaded with the same content"
    )


@pytest.mark.django_db
def test_command_reports_a_created_catalogue(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue_toml(indicator(), head='version = "t-1"\ntitle = "T"\n'))

    output = load_command(str(path))

    assert output.strip() == (
        "created catalogue t-1 with 1 indicators; it is now the current catalogue"
    )
    assert current_catalogue().version == "t-1"


@pytest.mark.django_db
def test_command_turns_a_bad_file_into_a_command_error(tmp_path: Path) -> None:
    path = write(tmp_path, catalogue_toml(indicator(weight=7)))
    before = snapshot()

    with pytest.raises(CommandError, match=r"weight 7 is out of range(.|\n)*Nothing was loaded"):
        load_command(str(path))

    assert snapshot() == before


@pytest.mark.django_db
def test_command_refuses_changed_content_under_a_loaded_version(tmp_path: Path) -> None:
    path = write(tmp_path, shipped_text() + "\n# edited\n")

    with pytest.raises(CommandError, match=r"version 2026\.1 already loaded with other content"):
        load_command(str(path))


def test_a_duplicate_code_is_reported_even_when_its_first_use_is_also_wrong(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, catalogue_toml(indicator(weight=9), indicator(label=None)))

    with pytest.raises(CatalogueError) as excinfo:
        parse_catalogue(path)

    assert any("duplicate code ALG-01" in problem for problem in excinfo.value.problems)


def test_the_guard_speaks_even_when_the_indicator_has_other_problems(tmp_path: Path) -> None:
    entry = indicator(weight=9, label={"nl": "Werkt zonder vergunning", "en": "Works"})

    with pytest.raises(CatalogueError) as excinfo:
        parse_catalogue(write(tmp_path, catalogue_toml(entry)))

    assert len(excinfo.value.problems) == 2
    assert "label.nl mentions 'zonder vergunning'" in str(excinfo.value)
