"""Extraction of handles, links, prices, ages, places, language and emoji, with spans in the
original text, Telegram's own entities first and nothing counted twice."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import baken
from baken.scan.errors import ScanInputError
from baken.scan.extract import extract, find_ages, find_prices, identifiers_in
from baken.scan.extract.emoji import find_emoji
from baken.scan.extract.language import detect_language
from baken.scan.extract.places import (
    MUNICIPALITIES_CSV,
    PlaceMatcher,
    find_places,
    matcher_for,
    read_municipalities,
)
from baken.scan.extract.trie import lowered
from baken.scan.model import Entity, Identifier, Post
from baken.scan.read import iter_posts

DATA = Path(__file__).parent / "data"
ROUTING_CSV = Path(baken.__file__).parent / "accounts" / "data" / "municipalities.csv"


def _kinds(text: str, kind: str) -> list[tuple[str, str]]:
    return [(i.value, i.raw) for i in identifiers_in(text) if i.kind == kind]


def test_every_span_points_at_its_words_in_the_original_text() -> None:
    text = (
        "ÍNDIA 🔥 Nieuw in Den Haag: Mila, 19 jaar. Bel O6-12 34 56 78 of @Mila_Real_NL, "
        "mila@Example.com, www.example.org/mila. Prijs €150 p/u #DenHaag"
    )

    found = identifiers_in(text)

    assert {i.kind for i in found} >= {"place", "age", "phone", "handle", "email", "url"}
    for identifier in found:
        assert text[identifier.start : identifier.end] == identifier.raw


# -- handles, links, e-mail, hashtags -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("app me @Lisa_Escort_NL!", [("lisa_escort_nl", "@Lisa_Escort_NL")]),
        ("zie t.me/Lisa_NL voor foto's", [("lisa_nl", "t.me/Lisa_NL")]),
        ("https://t.me/lisa_nl", [("lisa_nl", "https://t.me/lisa_nl")]),
        ("telegram.me/s/kanaal_nl", [("kanaal_nl", "telegram.me/s/kanaal_nl")]),
        ("tg://resolve?domain=lisa_nl", [("lisa_nl", "tg://resolve?domain=lisa_nl")]),
        ("@abcd is te kort", []),
        ("@" + "a" * 33 + " is te lang", []),
        ("mail lisa@example.com", []),  # an e-mail address, not a handle
        ("invite: t.me/joinchat/AAAAAE", []),
    ],
)
def test_telegram_handles(text: str, expected: list[tuple[str, str]]) -> None:
    assert _kinds(text, "handle") == expected


def test_handles_link_and_descriptive_identifiers_do_not() -> None:
    found = identifiers_in("@lisa_nl, 21 jaar, Utrecht, €150")

    assert {i.kind: i.linkable for i in found} == {
        "handle": True,
        "age": False,
        "place": False,
        "price": False,
    }


def test_email_is_lower_cased_and_linkable() -> None:
    (email,) = [i for i in identifiers_in("Mail: Lisa.Escort+nl@Example.COM.") if i.kind == "email"]

    assert (email.value, email.raw, email.linkable) == (
        "lisa.escort+nl@example.com",
        "Lisa.Escort+nl@Example.COM",
        True,
    )


def test_urls_are_normalised_and_trailing_punctuation_dropped() -> None:
    assert _kinds("Foto's: https://Example.ORG/Lisa/. En www.site.nl!", "url") == [
        ("https://example.org/Lisa", "https://Example.ORG/Lisa/"),
        ("http://www.site.nl", "www.site.nl"),
    ]


def test_hashtags_are_found_but_not_numbers_after_a_hash() -> None:
    assert _kinds("#Amsterdam #escort #1", "hashtag") == [
        ("amsterdam", "#Amsterdam"),
        ("escort", "#escort"),
    ]


# -- prices ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("€150 p/u", [("150 EUR/hour", "€150 p/u")]),
        ("100 euro per half uur", [("100 EUR/half-hour", "100 euro per half uur")]),
        (
            "half uur €80, 1 uur €150",
            [
                ("80 EUR/half-hour", "half uur €80"),
                ("150 EUR/hour", "1 uur €150"),
            ],
        ),
        ("hele nacht 500 euro", [("500 EUR/night", "hele nacht 500 euro")]),
        ("€150,- per nacht", [("150 EUR/night", "€150,- per nacht")]),
        ("€ 12,50 per uur", [("12.50 EUR/hour", "€ 12,50 per uur")]),
        ("kamer €450 per maand", [("450 EUR/month", "€450 per maand")]),
        ("salariu 2.000 EUR/lună", [("2000 EUR/month", "2.000 EUR/lună")]),
        ("300 lei pe lună", [("300 RON/month", "300 lei pe lună")]),
        ("1.500 zł miesięcznie", [("1500 PLN/month", "1.500 zł miesięcznie")]),
        ("EUR 150 per uur", [("150 EUR/hour", "EUR 150 per uur")]),
        ("150 p/u", [("150/hour", "150 p/u")]),
        ("24/7", []),
        ("19 jaar", []),
        ("110 30", []),
    ],
)
def test_prices_with_currency_and_unit(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.value, p.raw) for p in find_prices(text, lowered(text))] == expected


# -- ages -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Lisa, 19 jaar", "19"),
        ("sexy 19yo", "19"),
        ("22 y.o.", "22"),
        ("23 years old", "23"),
        ("age 19", "19"),
        ("leeftijd: 21", "21"),
        ("Ana 19 ani", "19"),
        ("Kasia 19 lat", "19"),
        ("Anna 19 éves", "19"),
        ("Маша 19 лет", "19"),
        ("Олена, 20 років", "20"),
        ("Lucia 19 años", "19"),
        ("Bia 19 anos", "19"),
        ("Mia 17 jaar", "17"),
    ],
)
def test_stated_ages_in_many_languages(text: str, age: str) -> None:
    assert [i.value for i in find_ages(text, lowered(text))] == [age]


@pytest.mark.parametrize(
    "text",
    ["13 jaar", "100 jaar", "15 jaar ervaring", "10 years experience", "€19 jaar", "1990 jaar"],
)
def test_not_a_stated_age(text: str) -> None:
    assert find_ages(text, lowered(text)) == []


# -- places ---------------------------------------------------------------------------------------
def test_the_shipped_list_has_every_municipality_and_agrees_with_the_routing_list() -> None:
    names = read_municipalities()
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as rows:
        shipped = {row["cbs_code"]: row["name"] for row in csv.DictReader(rows)}
    with ROUTING_CSV.open(encoding="utf-8", newline="") as rows:
        routed = {row["cbs_code"]: row["name"] for row in csv.DictReader(rows)}

    assert len(names) == len(set(names)) == len(shipped) == 342
    assert all(re.fullmatch(r"GM\d{4}", code) for code in shipped)
    # The demo's routing list is a part of it: same codes, same official names.
    assert {code: shipped.get(code) for code in routed} == routed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nieuw in Den Haag en ROTTERDAM", ["'s-Gravenhage", "Rotterdam"]),
        ("ontvangst in 's-Hertogenbosch of Den Bosch", ["'s-Hertogenbosch", "'s-Hertogenbosch"]),
        ("Middelburg centrum", ["Middelburg (Z.)"]),
        ("sudwest fryslan", ["Súdwest-Fryslân"]),
        ("🔥Utrecht🔥", ["Utrecht"]),
        ("rotterdamse meid", []),
        ("for the gents", []),  # Gent (Ghent) only when capitalised
        ("Gent centrum", ["Ghent"]),
        ("Sofia, 21 jaar", []),  # a first name, not the city
        ("из Бухареста? нет, из Киев", ["Kyiv"]),
        ("muncă în Olanda, plecare din București", ["Bucharest"]),
        ("Deventer, Hengelo en Rijswijk", ["Deventer", "Hengelo (O.)", "Rijswijk (ZH.)"]),
        ("Nuenen of Tietjerksteradeel", ["Nuenen, Gerwen en Nederwetten", "Tytsjerksteradiel"]),
        ("Bergen of Bergen op Zoom", ["Bergen op Zoom"]),  # Bergen (L.) or (NH.): neither
        ("houten vloer, kampen met stress", []),
        ("Houten centrum, ook Kampen", ["Houten", "Kampen"]),
        ("Best service in town", []),  # a sentence opens with it
        ("🔥Best girls. Huizen te huur", []),
        ("Nieuw in Best, Eindhoven, Best", ["Best", "Eindhoven", "Best"]),
        ("geen buren, discreet in Huizen", ["Huizen"]),
    ],
)
def test_places_as_whole_words_with_official_spelling(text: str, expected: list[str]) -> None:
    assert [p.value for p in find_places(text, lowered(text))] == expected


def test_a_list_of_municipalities_replaces_the_shipped_one_and_keeps_aliases() -> None:
    matcher = matcher_for(("'s-Gravenhage", "Deventer"))
    text = "Deventer, Den Haag, Utrecht of Keulen"

    found = [p.value for p in find_places(text, lowered(text), matcher=matcher)]

    assert found == ["Deventer", "'s-Gravenhage", "Cologne"]  # foreign cities stay


def test_the_order_of_a_list_does_not_change_what_is_found() -> None:
    names = read_municipalities()

    forward, backward = matcher_for(tuple(names)), matcher_for(tuple(reversed(names)))

    assert forward.values == backward.values
    assert forward.pattern.pattern == backward.pattern.pattern


def test_a_municipalities_file_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    listed = tmp_path / "gemeenten.csv"
    listed.write_text("\ufeffcbs_code,name\nGM0150,Deventer\nGM0193, Zwolle \n", encoding="utf-8")

    assert read_municipalities(listed) == ["Deventer", "Zwolle"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"code,naam\nGM0150,Deventer\n", "line 1: expected a header with a `name` column"),
        (b"cbs_code,name\n", "expected at least one municipality under `name`; found none"),
        (b"", "line 1: expected a header with a `name` column"),
        (b"name\nDeventer\n's-Hertogenbosch\xff\n", "expected a readable UTF-8 CSV file"),
    ],
)
def test_a_municipalities_file_that_cannot_be_used_is_named_with_the_reason(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    listed = tmp_path / "gemeenten.csv"
    listed.write_bytes(content)

    with pytest.raises(ScanInputError) as error:
        read_municipalities(listed)

    assert str(error.value).startswith(f"{listed}: ")
    assert expected in str(error.value)


def test_place_matcher_takes_any_list() -> None:
    matcher = PlaceMatcher({"Bergen (NH.)": ("Bergen (NH.)",), "Best": ("Best",)})

    assert [p.value for p in matcher.find("Bergen en Best", "bergen en best")] == [
        "Bergen (NH.)",
        "Best",
    ]
    # "best" in lower case is an ordinary word.
    assert matcher.find("de best e", "de best e") == []


# -- language and emoji ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "Hoi schatjes! Nieuw in de stad, jonge meid, geen nep. Bel voor een afspraak."),
        ("en", "Hi guys! New in town, young girl, no fake. Call or text me for an appointment."),
        ("ro", "Locuri de muncă în Olanda! Cazare asigurată de angajator, transport asigurat."),
        ("pl", "Praca w Holandii, zakwaterowanie zapewnione przez pracodawcę. Zadzwoń teraz."),
        ("bg", "Работа в Холандия, осигурена квартира от работодателя. Обадете се сега."),  # noqa: RUF001
        ("hu", "Munka Hollandiában, a szállást a munkáltató biztosítja. Hívjon most."),
        ("uk", "Робота в Нідерландах, житло надає роботодавець. Телефонуйте зараз."),
        ("ru", "Работа в Нидерландах, жильё предоставляет работодатель. Звоните сейчас."),
        ("es", "Trabajo en Holanda, alojamiento proporcionado por el empleador. Llama ahora."),
        ("pt", "Trabalho na Holanda, alojamento garantido pelo empregador. Ligue já."),
        ("de", "Arbeit in den Niederlanden, Unterkunft wird vom Arbeitgeber gestellt."),
        ("fr", "Travail aux Pays-Bas, logement fourni par l'employeur. Appelez maintenant."),
    ],
)
def test_language_among_the_languages_that_matter(language: str, text: str) -> None:
    assert detect_language(text) == language


def test_too_little_text_has_no_language() -> None:
    assert detect_language("0612345678") == ""
    assert detect_language("hoi") == ""


def test_emoji_in_order_with_sequences_kept_whole() -> None:
    text = "Hoi 💋💋 👩🏽‍❤️‍👨 1️⃣ 🇳🇱 ❤️ fin"

    assert find_emoji(text) == ["💋", "💋", "👩🏽\u200d❤️\u200d👨", "1️⃣", "🇳🇱", "❤️"]
    assert find_emoji("no emoji at all") == []


# -- extract(): entities first, no double counting, fields ---------------------------------------
def test_telegram_entities_are_taken_first_and_not_counted_twice() -> None:
    post = list(iter_posts(DATA / "telegram_chat.json"))[1]

    finding = extract(post)

    pairs = [(i.kind, i.value, i.start, i.end) for i in finding.identifiers]
    assert pairs == [
        ("phone", "+31687654321", 4, 18),
        ("handle", "lisa_escort", 22, 34),
        ("handle", "lisa_nl", 42, 62),
        ("url", "https://example.org/lisa", 63, 69),  # a text link: the span is its words
        ("hashtag", "amsterdam", 70, 80),
        ("place", "Amsterdam", 71, 80),  # the hashtag names a place
        ("email", "lisa.nl@example.com", 81, 100),
    ]
    assert finding.emoji == ["💋"]
    assert finding.indicators == []


def test_entity_span_wins_over_an_extractor_span_of_the_same_kind() -> None:
    text = "Bel 06 12 34 56 78 nu"
    # Telegram tagged only part of the number; its span is authoritative.
    post = Post(id="tg:1:1", source="x", text=text, entities=(Entity("phone", 4, 18, text[4:18]),))

    phones = [i for i in extract(post).identifiers if i.kind == "phone"]

    assert [(p.start, p.end) for p in phones] == [(4, 18)]


def test_descriptive_identifier_inside_a_contact_is_dropped() -> None:
    found = identifiers_in("zie https://escort-utrecht.example/19-jaar/150-euro")

    assert [i.kind for i in found] == ["url"]


def test_ad_columns_are_read_with_their_field_named() -> None:
    post = next(iter_posts(DATA / "ads.jsonl"))

    finding = extract(post)

    in_fields = [(i.field, i.kind, i.value) for i in finding.identifiers if i.field]
    assert in_fields == [
        ("city", "place", "Rotterdam"),
        ("phone", "phone", "+31612345678"),
        ("title", "age", "19"),
        ("url", "url", "https://kinky.example/ads/a1"),
    ]
    (title_age,) = [i for i in finding.identifiers if i.field == "title"]
    assert post.fields["title"][title_age.start : title_age.end] == "19 jaar"


def test_phone_column_without_plus_or_trunk_zero_is_read() -> None:
    post = Post(id="ad:x:1", source="x", text="bel me", fields={"phone": "31612345678"})

    (phone,) = extract(post).identifiers

    assert (phone.field, phone.value, phone.linkable) == ("phone", "+31612345678", True)


def test_t_me_link_in_url_column_is_a_handle() -> None:
    post = next(p for p in iter_posts(DATA / "ads.csv") if p.id.endswith("c2"))

    handles = [i for i in extract(post).identifiers if i.kind == "handle"]

    assert [(h.field, h.value) for h in handles] == [("url", "twogirls_nl")]


def test_finding_has_language_and_keeps_the_post() -> None:
    post = next(iter_posts(DATA / "ads.jsonl"))

    finding = extract(post)

    assert finding.post is post
    assert finding.language == "nl"
    assert all(isinstance(i, Identifier) for i in finding.identifiers)
