"""Scoring posts against the online indicator catalogue: hits with spans, in many languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from baken.scan.analyse import analyse, analyse_all
from baken.scan.catalogue import OnlineIndicator, default_catalogue, parse_catalogue_bytes
from baken.scan.extract import extract
from baken.scan.indicator_sources import reach as _reach
from baken.scan.indicators import Matcher, indicator_hits, priority, score
from baken.scan.model import Finding, IndicatorHit, Post
from baken.scan.read import iter_posts

DATA = Path(__file__).parent / "data"


def _post(text: str, **fields: str) -> Post:
    return Post(id="ad:test:1", source="test", text=text, fields=dict(fields))


def _hits(text: str) -> list[tuple[str, str, str]]:
    return [(hit.code, hit.text, hit.language) for hit in analyse(_post(text)).indicators]


def test_hit_carries_span_words_evidence_and_language() -> None:
    text = "Nieuw hier. 100% echt en geen nep!"

    hits = analyse(_post(text)).indicators

    assert hits == [
        IndicatorHit("ONL-04", "validated", 12, 21, "100% echt", "nl"),
        IndicatorHit("ONL-04", "validated", 25, 33, "geen nep", "nl"),
    ]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text


@pytest.mark.parametrize(
    ("text", "code", "words", "language"),
    [
        # Dutch and English, lexical rows 4-13 and 15.
        ("Jonge meid, net 18", "ONL-05", "Jonge meid", "nl"),
        ("Young and fresh, new to this", "ONL-05", "Young", "en"),
        ("Dag en nacht beschikbaar", "ONL-07", "Dag en nacht", "nl"),
        ("Available 24/7 for you", "ONL-07", "24/7", ""),
        ("Alles mogelijk, ook zonder condoom", "ONL-08", "Alles mogelijk", "nl"),
        ("No limits, bareback", "ONL-08", "No limits", "en"),
        ("Nieuwe meiden elke week", "ONL-11", "Nieuwe meiden", "nl"),
        ("Bel de chauffeur voor een afspraak", "ONL-12", "Bel de chauffeur", "nl"),
        ("Incall in a hotel room", "ONL-13", "hotel room", "en"),
        ("Sweet s3x in town", "ONL-15", "s3x", "nl"),
        ("Nieuw in Utrecht, net aangekomen", "ONL-10", "Nieuw in Utrecht", "nl"),
        # Housing and job offers, rows 16-25, in the migrants' languages.
        ("Cazare asigurată de angajator", "ONL-16", "Cazare asigurată", "ro"),
        ("Praca z zakwaterowaniem w Holandii", "ONL-16", "Praca z zakwaterowaniem", "pl"),
        ("Работа с квартира в Холандия", "ONL-16", "Работа с квартира", "bg"),  # noqa: RUF001
        ("Ingyenes szállás Hollandiában", "ONL-16", "Ingyenes szállás", "hu"),
        ("Безкоштовне житло від роботодавця", "ONL-16", "Безкоштовне житло", "uk"),
        ("Бесплатное жильё в Голландии", "ONL-16", "Бесплатное жильё", "ru"),
        ("Trabajo con alojamiento en Holanda", "ONL-16", "Trabajo con alojamiento", "es"),
        ("Trabalho com alojamento na Holanda", "ONL-16", "Trabalho com alojamento", "pt"),
        ("Huur wordt ingehouden van je loon", "ONL-17", "Huur wordt ingehouden", "nl"),
        ("Chiria se scade din salariu", "ONL-17", "Chiria se scade din salariu", "ro"),
        ("We pay your ticket, repay from your salary", "ONL-18", "We pay your ticket", "en"),
        ("Оплачиваем билет, вернете из зарплаты", "ONL-18", "Оплачиваем билет", "ru"),
        ("Paspoort inleveren bij aankomst", "ONL-19", "Paspoort inleveren", "nl"),
        ("Paszport zostaje u pracodawcy", "ONL-19", "Paszport zostaje u pracodawcy", "pl"),
        ("Geen BSN nodig, contant uitbetaald", "ONL-20", "Geen BSN nodig", "nl"),
        ("Sin contrato, pago en efectivo", "ONL-20", "Sin contrato", "es"),
        ("Snel veel geld verdienen", "ONL-21", "Snel veel geld", "nl"),
        ("Швидкі гроші для дівчат", "ONL-21", "Швидкі гроші", "uk"),
        ("Kamer delen met 6 personen", "ONL-22", "Kamer delen met 6", "nl"),
        ("Transport asigurat la locul de muncă", "ONL-23", "Transport asigurat", "ro"),
        ("Room in exchange for favours", "ONL-24", "Room in exchange for favours", "en"),
        ("Szoba szexért Budapesten", "ONL-24", "Szoba szexért", "hu"),
        ("Vluchtelingen welkom, werk direct", "ONL-25", "Vluchtelingen welkom", "nl"),
        ("Para refugiadas, trabajo fácil", "ONL-25", "Para refugiadas", "es"),
    ],
)
def test_lexical_indicators_in_many_languages(
    text: str, code: str, words: str, language: str
) -> None:
    assert (code, words, language) in _hits(text)


def test_patterns_match_whole_words_only() -> None:
    # "extreme" must not fire inside "extremely", nor "hotel" inside "hotelschool".
    assert _hits("extremely nice, studied at the hotelschool") == []


def test_obscured_phone_raises_the_validated_structural_indicator() -> None:
    finding = analyse(_post("Bel o6 12 34 56 78"))

    assert finding.indicators == [
        IndicatorHit("ONL-03", "validated", 4, 18, "o6 12 34 56 78", ""),
    ]


def test_plain_phone_raises_nothing() -> None:
    assert analyse(_post("Bel 06 12 34 56 78")).indicators == []


def test_stated_ages_raise_the_age_indicators() -> None:
    low = analyse(_post("Mila, 19 jaar")).indicators
    minor = analyse(_post("Mia 16 jaar")).indicators
    adult = analyse(_post("Eva 24 jaar")).indicators

    assert [(hit.code, hit.evidence, hit.text) for hit in low] == [("ONL-09", "mixed", "19 jaar")]
    assert [(hit.code, hit.evidence, hit.text) for hit in minor] == [
        ("ONL-26", "official", "16 jaar")
    ]
    assert adult == []


def test_contradicted_indicator_is_shown_but_weighs_nothing() -> None:
    finding = analyse(_post("Nieuw in Utrecht, alleen deze week!"))

    assert {hit.code for hit in finding.indicators} == {"ONL-10"}
    assert {hit.evidence for hit in finding.indicators} == {"contradicted"}
    assert priority(finding) == 0


def test_priority_sums_distinct_indicator_weights() -> None:
    finding = analyse(_post("100% echt, geen nep, 24/7. Bel o6 12 34 56 78. Net aangekomen."))

    codes = sorted({hit.code for hit in finding.indicators})
    assert codes == ["ONL-03", "ONL-04", "ONL-07", "ONL-10"]
    # ONL-04 counts once however often it occurs: 3 + 3 + 2 + 0.
    assert priority(finding) == 8


def test_nationality_is_never_an_indicator() -> None:
    text = "Roemeense meid, Poolse studente? Latina, Asian, Eastern European girl"

    codes = {hit.code for hit in analyse(_post(text)).indicators}

    # Only the youth word "studente" counts; none of the stated origins does.
    assert codes == {"ONL-05"}


def test_sex_work_as_such_raises_nothing() -> None:
    text = "Escort en privé ontvangst, erotische massage, discreet. Bel voor een afspraak."

    assert _hits(text) == []


def test_title_column_is_scored_with_its_field_named() -> None:
    finding = analyse(_post("Bel voor info", title="100% ECHT!"))

    assert [(hit.code, hit.field, hit.text) for hit in finding.indicators] == [
        ("ONL-04", "title", "100% ECHT")
    ]


def test_all_latin_script_lexicons_are_scanned_whatever_the_language() -> None:
    # Detected as English, and the Polish words carry no Polish letters: still found.
    text = (
        "Good jobs in Holland for strong men and women, with good pay every single week "
        "and friendly people around you all the time, so call or text us now for a start "
        "next Monday at the farm or the warehouse near the city. Zakwaterowanie zapewnione, "
        "bez umowy."
    )

    finding = analyse(_post(text))

    assert finding.language == "en"
    assert {("ONL-16", "pl"), ("ONL-20", "pl")} <= {
        (hit.code, hit.language) for hit in finding.indicators
    }


def test_score_replaces_earlier_hits_and_uses_the_given_catalogue() -> None:
    catalogue = parse_catalogue_bytes(
        b"""
version = "test-1"
title = "Test"
[sources]
s = "A source"
[[indicator]]
code = "TST-01"
group = "online"
weight = 2
evidence = "research"
label = { nl = "Appel", en = "Apple" }
explanation = { nl = "Fruit.", en = "Fruit." }
source = "s"
patterns.nl = ['appel(?:s|en)?']
patterns.en = ['apples?']
"""
    )
    finding = extract(_post("Appels en apples, 100% echt"))
    finding.indicators = [IndicatorHit("OLD-01", "validated", 0, 1, "x")]

    scored = score(finding, catalogue)

    assert scored is finding
    assert [(hit.code, hit.text, hit.language) for hit in finding.indicators] == [
        ("TST-01", "Appels", "nl"),
        ("TST-01", "apples", "en"),
    ]


def test_sample_exports_are_scored() -> None:
    findings = {f.post.id: f for f in analyse_all(iter_posts(DATA / "telegram_account.json"))}

    romanian = findings["tg:1700000002:1"]
    assert romanian.language == "ro"
    assert [(hit.code, hit.text) for hit in romanian.indicators] == [
        ("ONL-16", "Cazare asigurată"),
        ("ONL-23", "transport asigurat"),
        ("ONL-20", "Nu ai nevoie de contract"),
    ]
    housing = findings["tg:1800000001:2"]
    assert [(hit.code, hit.text) for hit in housing.indicators] == [
        ("ONL-22", "Bed beschikbaar"),
        ("ONL-22", "kamer delen met 6"),
    ]


def test_default_catalogue_is_loaded_once() -> None:
    assert default_catalogue() is default_catalogue()


def test_analyse_fills_everything() -> None:
    finding = analyse(_post("Hoi! Nieuw: Mila, 19 jaar 💋 Bel o6 12 34 56 78. 100% echt."))

    assert isinstance(finding, Finding)
    assert finding.language == "nl"
    assert finding.emoji == ["💋"]
    assert {i.kind for i in finding.identifiers} == {"age", "phone"}
    assert [hit.code for hit in finding.indicators] == ["ONL-09", "ONL-03", "ONL-04"]


def test_indicator_hits_takes_a_post_and_its_identifiers() -> None:
    post = _post("Jonge meid, bel o6 12 34 56 78")
    identifiers = extract(post).identifiers

    hits = indicator_hits(post, identifiers)

    assert [(hit.code, hit.text) for hit in hits] == [
        ("ONL-05", "Jonge meid"),
        ("ONL-03", "o6 12 34 56 78"),
    ]


def _indicator(code: str, position: int, pattern: str) -> OnlineIndicator:
    return OnlineIndicator(
        code=code,
        group="online",
        weight=1,
        evidence="practitioner",
        label_nl=code,
        label_en=code,
        explanation_nl="",
        explanation_en="",
        source="test",
        position=position,
        patterns={"nl": (pattern,)},
    )


def test_a_remembered_match_still_depends_on_what_a_lookahead_reads() -> None:
    # Both alternatives match the same word; which one it is depends on the word after it.
    matcher = Matcher(
        (_indicator("T-1", 0, "werk(?= nu)"), _indicator("T-2", 1, "werk")),
    )
    first = [(position, start, end) for position, _, start, end in matcher.find("werk nu")]
    second = [(position, start, end) for position, _, start, end in matcher.find("werk nooit")]
    again = [(position, start, end) for position, _, start, end in matcher.find("werk nu")]

    assert first == again == [(0, 0, 4)]
    assert second == [(1, 0, 4)]


def test_no_match_is_remembered_when_a_lookbehind_or_an_open_lookahead_is_used() -> None:
    assert _reach(["werk(?= nu)", "werk"]) == 4  # three characters of lookahead, one word end
    assert _reach(["(?<=x)werk"]) is None
    assert _reach(["werk(?=.* nu)"]) is None
