"""The synthetic linkage data: reproducible, truthful, and as messy as promised."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date

import pytest
from rapidfuzz.distance import OSA

from baken.people import normalise
from baken.people.matching import Record
from baken.people.synthetic import DEFAULT_LISTS, generate
from baken.people.synthetic_names import Name, rare_names
from baken.people.synthetic_variants import typo, write_name, write_phone

N = 4000
Data = tuple[list[Record], list[int]]


@pytest.fixture(scope="module")
def data() -> Data:
    return generate(N, seed=11)


def by_person(truth: list[int]) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for index, person in enumerate(truth):
        groups[person].append(index)
    return groups


def test_same_seed_gives_the_same_records_and_another_seed_does_not() -> None:
    assert generate(300, seed=5) == generate(300, seed=5)
    assert generate(300, seed=5)[0] != generate(300, seed=6)[0]


def test_every_record_has_a_true_person_and_a_unique_id(data: Data) -> None:
    records, truth = data
    assert len(records) == len(truth) == N
    assert len({r.id for r in records}) == N
    assert {r.source for r in records} == set(DEFAULT_LISTS)


def test_a_person_is_on_one_to_four_different_lists(data: Data) -> None:
    records, truth = data
    sizes: Counter[int] = Counter()
    for indexes in by_person(truth).values():
        sources = [records[i].source for i in indexes]
        assert len(sources) == len(set(sources))
        sizes[len(sources)] += 1
    assert set(sizes) == {1, 2, 3, 4}
    assert sizes[1] > sizes[2] > sizes[3] > sizes[4]


def test_records_of_one_person_agree_on_birth_date_where_they_have_one(data: Data) -> None:
    records, truth = data
    for indexes in by_person(truth).values():
        dates = {records[i].birth_date for i in indexes} - {None}
        years = {records[i].birth_year for i in indexes} - {None}
        assert len(dates) <= 1
        assert len(years) <= 1


def test_family_members_share_a_phone_but_not_a_birth_year(data: Data) -> None:
    records, truth = data
    persons_of_phone: dict[str, set[int]] = defaultdict(set)
    year_of: dict[int, int] = {}
    for record, person in zip(records, truth, strict=True):
        for raw in record.phones:
            number = normalise.phone_e164(raw)
            assert number is not None, "every generated number is valid in some format"
            persons_of_phone[number].add(person)
        if record.birth_year:
            year_of[person] = record.birth_year
    shared = [persons for persons in persons_of_phone.values() if len(persons) > 1]
    assert len(shared) >= 10
    for persons in shared:
        years = [year_of[p] for p in persons if p in year_of]
        assert len(years) == len(set(years))


def test_common_names_are_carried_by_different_persons(data: Data) -> None:
    records, truth = data
    persons_of_name: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for record, person in zip(records, truth, strict=True):
        for name in record.names:
            persons_of_name[normalise.name_tokens(name)].add(person)
    shared = [persons for persons in persons_of_name.values() if len(persons) > 1]
    assert len(shared) >= 5


def test_records_show_the_promised_variations(data: Data) -> None:
    records, _ = data
    names = [name for r in records for name in r.names]
    phones = [phone for r in records for phone in r.phones]
    assert any("," in name for name in names)  # family name first
    assert any(name.isupper() for name in names)
    assert any(not name.isascii() for name in names)
    assert any(phone.startswith("o6") for phone in phones)
    assert any(phone.startswith("+31 6 ") for phone in phones)
    assert any(phone.startswith("+40") for phone in phones)
    assert any(len(r.names) == 2 for r in records)  # an alias beside the name
    assert any(r.birth_date is None and r.birth_year for r in records)  # only the year
    assert any(r.birth_year is None for r in records)
    assert any(not r.phones for r in records)
    assert any(r.emails for r in records)
    assert any(r.handles for r in records)
    assert any(not r.nationality for r in records)


def test_a_dutch_name_is_written_in_all_its_forms() -> None:
    name = Name("Jan", "van der", "Berg", female=False)
    rng = random.Random(1)
    forms = {write_name(name, "NL", rng) for _ in range(3000)}
    expected = {
        "Jan van der Berg",
        "Jan Berg",
        "Jan Van Der Berg",
        "Berg, Jan van der",
        "van der Berg, Jan",
        "van der Berg Jan",
        "JAN VAN DER BERG",
    }
    assert expected <= forms
    tokens = {normalise.name_tokens(form) for form in forms}
    assert ("berg", "jan") in tokens


def test_ij_may_be_written_y_and_diacritics_dropped() -> None:
    rng = random.Random(2)
    dutch = {write_name(Name("Marijke", "", "Dijkstra", True), "NL", rng) for _ in range(500)}
    assert "Maryke Dykstra" in dutch
    romanian = {write_name(Name("Ștefan", "", "Popescu", False), "RO", rng) for _ in range(500)}
    assert {"Ștefan Popescu", "Stefan Popescu"} <= romanian


def test_female_surnames_take_the_female_ending() -> None:
    rng = random.Random(3)
    written = {write_name(Name("Anna", "", "Kowalski", True), "PL", rng) for _ in range(200)}
    assert "Anna Kowalska" in written
    assert not any("Kowalski" in form for form in written)


def test_a_typo_is_one_edit_away() -> None:
    rng = random.Random(4)
    for _ in range(500):
        changed = typo("Dijkstra", rng)
        assert changed[0] == "D"
        assert OSA.distance("Dijkstra", changed) == 1


@pytest.mark.parametrize(
    ("phone", "e164"),
    [(("31", "612345678"), "+31612345678"), (("40", "721234567"), "+40721234567")],
)
def test_every_phone_format_reads_back_as_the_same_number(
    phone: tuple[str, str], e164: str
) -> None:
    rng = random.Random(5)
    formats = {write_phone(phone, rng) for _ in range(400)}
    assert len(formats) >= 5
    assert {normalise.phone_e164(text) for text in formats} == {e164}


def test_rare_names_are_latin_and_many() -> None:
    for nationality, names in rare_names().items():
        assert len(names.surnames) >= 90, nationality
        assert all(name[0].isupper() for name in names.male + names.female), nationality
        assert not any("\u0400" <= c <= "\u04ff" for name in names.surnames for c in name)


def test_birth_dates_are_plausible(data: Data) -> None:
    records, _ = data
    dates = [r.birth_date for r in records if r.birth_date]
    assert min(dates) >= date(1950, 1, 1)
    assert max(dates) <= date(2008, 12, 31)
