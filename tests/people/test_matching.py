from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import pytest

from baken.people.matching import (
    Evidence,
    Record,
    Thresholds,
    blocking_keys,
    link,
    prepare,
    score_pair,
)
from baken.people.matching.blocking import WINDOW


def record(record_id: str = "r", **fields: object) -> Record:
    return Record(id=record_id, source=f"list-{record_id}", **fields)  # type: ignore[arg-type]


def evidence(a: Record, b: Record) -> dict[str, Evidence]:
    return {item.field: item for item in score_pair(prepare(a), prepare(b)).evidence}


# --- preparing ------------------------------------------------------------------------------


def test_prepare_normalises_every_identifier_once() -> None:
    prepared = prepare(
        record(
            names=("Jansen, Piet", "PIET JANSEN"),
            birth_date=date(1990, 5, 1),
            phones=("o6-1234 5678",),
            emails=(" Piet@Example.NL ",),
            handles=("@PietJ",),
            documents=("nl-12 34",),
            nationality="nl",
        )
    )
    assert [name.text for name in prepared.names] == ["jansen piet"]  # one name, not two
    assert prepared.birth_year == 1990
    assert prepared.phones == {"+31612345678"}
    assert prepared.emails == {"piet@example.nl"}
    assert prepared.handles == {"pietj"}
    assert prepared.documents == {"NL1234"}
    assert prepared.nationality == "NL"


def test_an_invalid_phone_number_is_kept_as_written_but_never_used_to_link() -> None:
    prepared = prepare(record(names=("Ana Pop",), phones=("06-123",)))
    assert prepared.phones == frozenset()
    assert prepared.unusable_phones == ("06-123",)
    assert not any(key.startswith("phone:") for key in blocking_keys(prepared))
    other = prepare(record(names=("Ion Ionescu",), phones=("06-123",)))
    assert "phone" not in {item.field for item in score_pair(prepared, other).evidence}


def test_blocking_keys_name_identifiers_and_sounds_with_the_birth_date() -> None:
    keys = blocking_keys(
        prepare(record(names=("Ana Popescu",), birth_date=date(1990, 5, 1), phones=("0612345678",)))
    )
    assert "phone:+31612345678" in keys
    assert "date:1990-05-01:psk" in keys  # the phonetic code of Popescu
    assert "date:1990-05-01:pop-" in keys  # its first letters, for a typo further on
    assert "year:1990:psk" in keys
    assert "name:an psk" in keys


def test_records_written_differently_share_blocking_keys() -> None:
    left = prepare(record(names=("Popescu, Ana",), birth_date=date(1990, 5, 1)))
    right = prepare(record(names=("ana popesku",), birth_date=date(1990, 5, 1)))
    assert blocking_keys(left) & blocking_keys(right)


# --- scoring --------------------------------------------------------------------------------


def test_score_explains_which_fields_agreed_and_how_strongly() -> None:
    a = record(names=("Ana Popescu",), birth_date=date(1990, 5, 1), phones=("0612345678",))
    b = record(names=("Popescu Ana",), birth_date=date(1990, 5, 1), phones=("+31 6 12345678",))
    score = score_pair(prepare(a), prepare(b))
    reasons = {item.field: (item.outcome, item.weight) for item in score.evidence}
    assert reasons == {"name": ("same", 5.0), "birth_date": ("same", 7.0), "phone": ("same", 5.0)}
    assert score.score == pytest.approx(17.0)
    assert not score.hard_conflict
    assert "phone: same (+5.0)" in score.explain()


def test_a_typo_makes_a_name_similar_with_its_similarity_shown() -> None:
    name = evidence(record(names=("Ana Popescu",)), record(names=("Ana Popsecu",)))["name"]
    assert name.outcome.startswith("similar 0.")
    assert 0 < name.weight < 5.0


def test_spelling_variants_of_a_name_are_alike() -> None:
    name = evidence(record(names=("Hristo Ivanov",)), record(names=("Christo Ivanov",)))["name"]
    assert name.outcome.startswith("similar")


def test_a_different_given_name_weighs_against_a_shared_surname() -> None:
    name = evidence(record(names=("Jan de Vries",)), record(names=("Piet de Vries",)))["name"]
    assert name.outcome.startswith("partly alike")
    assert name.weight < 0


def test_different_birth_dates_are_a_hard_conflict() -> None:
    a = record(names=("Ana Pop",), birth_date=date(1990, 5, 1))
    b = record(names=("Ana Pop",), birth_date=date(1990, 5, 2))
    score = score_pair(prepare(a), prepare(b))
    assert score.hard_conflict
    assert Evidence("birth_date", "differs", -10.0) in score.evidence


def test_different_document_numbers_are_a_hard_conflict_but_a_typo_is_not() -> None:
    a = record(names=("Ana Pop",), documents=("AB1234567",))
    assert score_pair(prepare(a), prepare(replace(a, documents=("XY7654321",)))).hard_conflict
    near = score_pair(prepare(a), prepare(replace(a, documents=("AB1234568",))))
    assert not near.hard_conflict
    assert Evidence("document", "nearly the same", 0.0) in near.evidence


def test_birth_years_one_apart_are_mild_and_further_apart_count_against() -> None:
    a = record(names=("Ana Pop",), birth_year=1990)
    assert evidence(a, replace(a, birth_year=1991))["birth_year"].weight == 0.0
    assert evidence(a, replace(a, birth_year=1995))["birth_year"].weight < 0
    assert evidence(a, replace(a, birth_year=1990))["birth_year"].weight > 0


def test_nationality_adds_a_little_when_equal_and_never_counts_against() -> None:
    a = record(names=("Ana Pop",), nationality="RO")
    assert 0 < evidence(a, replace(a, nationality="RO"))["nationality"].weight <= 0.25
    assert "nationality" not in evidence(a, replace(a, nationality="BG"))
    same = score_pair(prepare(a), prepare(replace(a, nationality="RO"))).score
    assert same < Thresholds().review  # a name and a nationality alone never suggest a match


def test_a_family_phone_does_not_link_family_members() -> None:
    phone = ("06-12345678",)
    mother = record("m", names=("Maria Popescu",), birth_date=date(1970, 2, 3), phones=phone)
    son = record("s", names=("Popescu, Ion",), birth_date=date(1995, 8, 9), phones=phone)
    daughter = record("d", names=("Elena Popescu",), birth_year=1998, phones=phone)
    limits = Thresholds()
    for a, b in [(mother, son), (mother, daughter), (son, daughter)]:
        assert limits.decide(score_pair(prepare(a), prepare(b))) == "separate"
    assert len(set(link([mother, son, daughter]).person_of)) == 3


def test_a_shared_phone_links_when_the_name_agrees_too() -> None:
    a = record("a", names=("Maria Popescu",), phones=("06-12345678",))
    b = record("b", names=("POPESCU Maria",), phones=("+31612345678",))
    assert Thresholds().decide(score_pair(prepare(a), prepare(b))) == "link"


def test_thresholds_decide_between_link_review_and_separate() -> None:
    a = record("a", names=("Ana Popescu",), birth_date=date(1990, 5, 1))
    b = record("b", names=("Ana Popescu",), birth_date=date(1990, 5, 1))
    score = score_pair(prepare(a), prepare(b))  # 12
    assert Thresholds(link=10, review=5).decide(score) == "link"
    assert Thresholds(link=15, review=10).decide(score) == "review"
    assert Thresholds(link=20, review=15).decide(score) == "separate"
    assert link([a, b], Thresholds(link=10, review=5)).person_of == [0, 0]
    strict = link([a, b], Thresholds(link=15, review=10))
    assert strict.person_of == [0, 1]
    assert [(s.left, s.right) for s in strict.suggestions] == [(0, 1)]


def test_review_threshold_above_link_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="review threshold"):
        Thresholds(link=5, review=6)


def test_a_hard_conflict_is_never_linked_however_high_the_score() -> None:
    a = record(names=("Ana Pop",), birth_date=date(1990, 5, 1), emails=("ana@pop.ro",))
    b = replace(a, birth_date=date(1991, 5, 1))
    score = score_pair(prepare(a), prepare(b))
    assert Thresholds(link=0, review=-20).decide(score) == "review"


# --- linking --------------------------------------------------------------------------------


def test_a_chain_of_links_does_not_join_records_with_different_birth_dates() -> None:
    phone, email = ("0612345678",), ("ana@example.ro",)
    a = record("a", names=("Ana Popescu",), birth_date=date(1990, 5, 1), phones=phone)
    b = record("b", names=("Ana Popescu",), phones=phone, emails=email)  # no date: links both
    c = record("c", names=("Ana Popescu",), birth_date=date(1992, 7, 7), emails=email)
    linkage = link([a, b, c])
    person = linkage.person_of
    assert person[0] != person[2]
    assert person[1] in (person[0], person[2])
    assert len(linkage.links) == 1
    assert len(linkage.blocked) == 1
    assert linkage.blocked[0] in linkage.suggestions


def test_a_chain_does_not_join_records_with_different_documents() -> None:
    a = record("a", names=("Ana Pop",), documents=("AB1234567",), handles=("@anapop",))
    b = record("b", names=("Ana Pop",), handles=("@anapop",), emails=("ana@pop.ro",))
    c = record("c", names=("Ana Pop",), documents=("ZZ9999999",), emails=("ana@pop.ro",))
    person = link([a, b, c]).person_of
    assert person[0] != person[2]


def test_persons_are_numbered_densely_in_order_of_first_record() -> None:
    a = record("a", names=("Ana Pop",), emails=("ana@pop.ro",))
    x = record("x", names=("Jan Smit",), birth_date=date(1980, 1, 1))
    b = record("b", names=("Pop Ana",), emails=("ANA@pop.ro",))
    linkage = link([a, x, b])
    assert linkage.person_of == [0, 1, 0]
    assert linkage.persons == 2
    assert link([]).person_of == []


def test_a_number_on_very_many_records_is_compared_within_a_window_only() -> None:
    # One exploiter's number on the adverts of 140 different persons.
    names = [f"{given} {surname}" for given in GIVEN for surname in SURNAMES]
    records = [
        record(f"r{i}", names=(name,), phones=("0612345678",)) for i, name in enumerate(names)
    ]
    records.append(replace(records[5], id="again"))  # one of them registered twice
    linkage = link(records)
    assert linkage.candidate_pairs <= len(records) * WINDOW
    assert linkage.persons == len(names)
    assert linkage.person_of[5] == linkage.person_of[-1]


def test_forked_workers_give_the_same_persons_as_one_process() -> None:
    records, _ = generate(persons=300, seed=11)
    one = link(records, workers=1)
    two = link(records, workers=2)
    assert one.person_of == two.person_of
    assert [(p.left, p.right) for p in one.links] == [(p.left, p.right) for p in two.links]


def test_generated_records_are_linked_with_pairwise_f1_of_at_least_095() -> None:
    records, truth = generate(persons=1500, seed=7)
    assert pairwise_f1(truth, link(records).person_of) >= 0.95


# --- a small generator of registrations with a known truth ----------------------------------

GIVEN = ["Jan", "Piet", "Anna", "Maria", "Ion", "Elena", "Andrzej", "Agnieszka", "Mihai", "Ioana"]
SURNAMES = ["de Vries", "Jansen", "van der Berg", "Dijkstra", "Popescu", "Ionescu", "Kowalski"]
SURNAMES += ["Nowak", "Wiśniewski", "Stănescu", "Bakker", "Visser", "Lewandowski", "Dumitru"]


def generate(persons: int, seed: int) -> tuple[list[Record], list[int]]:
    """Persons on 1 to 3 lists, each time written a little differently; families share a
    surname and a phone. Returns the records and each record's true person."""
    rng = random.Random(seed)
    records: list[Record] = []
    truth: list[int] = []
    family: tuple[str, str, set[str]] = ("", "", set())  # surname, phone, given names
    for person in range(persons):
        if family[1] and rng.random() < 0.3:  # a family member: another given name and year
            surname, phone, givens = family
            given = rng.choice([name for name in GIVEN if name not in givens])
        else:
            surname, phone, givens = rng.choice(SURNAMES), f"6{rng.randrange(10**8):08d}", set()
            given = rng.choice(GIVEN)
        givens.add(given)
        family = (surname, phone, givens)
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(17000))
        for copy in range(rng.choice((1, 1, 2, 2, 3))):
            records.append(_written(rng, f"p{person}c{copy}", given, surname, born, phone))
            truth.append(person)
    order = list(range(len(records)))
    rng.shuffle(order)
    return [records[i] for i in order], [truth[i] for i in order]


def _written(
    rng: random.Random, rid: str, given: str, surname: str, born: date, phone: str
) -> Record:
    if rng.random() < 0.15:  # two letters swapped, never the first
        at = rng.randrange(1, len(surname) - 1)
        if surname[at : at + 2].isalpha():
            surname = surname[:at] + surname[at + 1] + surname[at] + surname[at + 2 :]
    name = rng.choice([f"{given} {surname}", f"{surname}, {given}", f"{surname} {given}".upper()])
    phones = rng.choice([f"0{phone}", f"+31 {phone}", f"o{phone[0]}-{phone[1:]}", f"0031{phone}"])
    roll = rng.random()
    return Record(
        id=rid,
        source=rng.choice(["police", "coa", "care"]),
        names=(name,),
        birth_date=born if roll < 0.95 else None,
        birth_year=born.year if roll < 0.97 else None,
        phones=(phones,) if rng.random() < 0.8 else (),
    )


def pairwise_f1(truth: Sequence[int], predicted: Sequence[int]) -> float:
    def pairs(counts: Counter[object]) -> int:
        return sum(k * (k - 1) // 2 for k in counts.values())

    true_pairs, found = pairs(Counter(truth)), pairs(Counter(predicted))
    correct = pairs(Counter(zip(truth, predicted, strict=True)))
    precision, recall = correct / found, correct / true_pairs
    return 2 * precision * recall / (precision + recall)
