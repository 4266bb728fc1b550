"""Phone numbers: plain, international and obscured forms found; prices and times never."""

from __future__ import annotations

import random

import pytest

from baken.scan.extract import find_phones, identifiers_in
from baken.scan.extract.phones import lookup, parsed
from baken.scan.extract.trie import lowered
from baken.scan.model import Identifier

KEYCAP = "\ufe0f\u20e3"


def _phones(text: str) -> list[Identifier]:
    return find_phones(text, lowered(text))


@pytest.mark.parametrize(
    ("text", "value", "raw"),
    [
        ("bel 0612345678 schat", "+31612345678", "0612345678"),
        ("bel 06-12345678", "+31612345678", "06-12345678"),
        ("06 12 34 56 78", "+31612345678", "06 12 34 56 78"),
        ("+31 6 12345678", "+31612345678", "+31 6 12345678"),
        ("+31 (0)6 12345678", "+31612345678", "+31 (0)6 12345678"),
        ("0031 6 1234 5678", "+31612345678", "0031 6 1234 5678"),
        ("tel: (020) 123 4567", "+31201234567", "(020) 123 4567"),
        ("Belgique +32 470 12 34 56", "+32470123456", "+32 470 12 34 56"),
        ("Sună la +40 721 234 567", "+40721234567", "+40 721 234 567"),
        ("Kontakt: +48 512 345 678", "+48512345678", "+48 512 345 678"),
        ("Bel 0032 470 123456", "+32470123456", "0032 470 123456"),
    ],
)
def test_plainly_written_numbers_are_found_and_not_obscured(
    text: str, value: str, raw: str
) -> None:
    (phone,) = _phones(text)

    assert (phone.value, phone.raw) == (value, raw)
    assert text[phone.start : phone.end] == raw
    assert phone.linkable
    assert not phone.obscured


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("Bel o6 12 34 56 78 schat", "o6 12 34 56 78"),
        ("O6-l2345678", "O6-l2345678"),
        ("06.12.34.56.78 of 0 6 1 2 3 4 5 6 7 8", "0 6 1 2 3 4 5 6 7 8"),
        ("06*12*34*56*78", "06*12*34*56*78"),
        ("06_12_34_56_78", "06_12_34_56_78"),
        ("nul zes een twee drie vier vijf zes zeven acht", None),
        (
            "bel: Nul Zes Eén Twee Drie Vier Vijf Zes Zeven Acht!",
            "Nul Zes Eén Twee Drie Vier Vijf Zes Zeven Acht",
        ),
        ("zero six one two three four five six seven eight", None),
        ("nul zes 12 34 56 78", None),
        ("0" + KEYCAP + "6" + KEYCAP + "".join(d + KEYCAP for d in "12345678"), None),
        ("\uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", None),  # fullwidth
        ("".join(chr(0x1D7CE + int(d)) for d in "0612345678"), None),  # mathematical bold
        ("⓪⑥①②③④⑤⑥⑦⑧", None),  # circled
    ],
)
def test_obscured_forms_are_found_and_marked_obscured(text: str, raw: str | None) -> None:
    found = _phones(text)

    assert [phone.value for phone in found][-1] == "+31612345678"
    phone = found[-1]
    assert phone.obscured
    assert phone.linkable
    assert phone.raw == (raw if raw is not None else text)


def test_spelled_international_number_with_plus() -> None:
    text = "Call plus four eight five one two three four five six seven eight now"

    (phone,) = _phones(text)

    assert phone.value == "+48512345678"
    assert phone.raw == "plus four eight five one two three four five six seven eight"
    assert phone.obscured


def test_letters_for_several_digits_in_a_row() -> None:
    (phone,) = _phones("whatsapp O6lOOl2345")

    assert phone.value == "+31610012345"
    assert phone.obscured


def test_number_glued_to_a_contact_word_is_found() -> None:
    assert [phone.value for phone in _phones("tel06 12345678")] == ["+31612345678"]


@pytest.mark.parametrize(
    "text",
    [
        "24/7 beschikbaar",
        "110 30",
        "€150 p/u",
        "€ 110 30 min",
        "150 euro per uur, 250 euro per 2 uur",
        "open 20:00-04:00",
        "van 20.00 tot 04.00 uur",
        "06.00-18.00",
        "geboren 01-02-2024 10:00",
        "op 12.03.2024 om 20.00 uur",
        "in 2024 en 2025",
        "jaar 1990",
        "prijs 150 200 250 300 350",
        "06 123",
        "1234567890123",
        "NL91ABNA0417164300",
        "Lisa 19 jaar, 165 cm, 55 kg",
        "postcode 1012 AB, huisnummer 12",
    ],
)
def test_prices_times_dates_years_and_short_numbers_are_not_phones(text: str) -> None:
    assert _phones(text) == []


def test_invalid_number_of_the_right_shape_is_not_kept() -> None:
    # 06-9… is not an issued Dutch mobile range: phonenumbers calls it invalid.
    assert _phones("bel 06 98765432") == []


def test_short_valid_service_number_is_kept_but_not_linkable() -> None:
    (phone,) = _phones("gratis 0800 1234")

    assert phone.value == "+318001234"
    assert not phone.linkable


def test_number_is_found_after_a_price_that_takes_the_digits_before_it() -> None:
    (phone,) = _phones("€ 110 30 min, 0612345678")

    assert phone.raw == "0612345678"


def test_two_numbers_in_one_post() -> None:
    found = _phones("bel 06 12 34 56 78 of 020-1234567")

    assert [(phone.value, phone.raw) for phone in found] == [
        ("+31612345678", "06 12 34 56 78"),
        ("+31201234567", "020-1234567"),
    ]


def test_whatsapp_link_is_a_phone_number() -> None:
    text = "app me: https://wa.me/31612345678"

    phones = [i for i in identifiers_in(text) if i.kind == "phone"]

    assert [(p.value, p.raw) for p in phones] == [("+31612345678", "https://wa.me/31612345678")]
    assert not [i for i in identifiers_in(text) if i.kind == "url"]


def test_offset_shifts_spans() -> None:
    (phone,) = find_phones("bel 0612345678", "bel 0612345678", offset=100)

    assert (phone.start, phone.end) == (104, 114)


def test_dutch_numbers_read_without_the_parser_as_the_parser_reads_them() -> None:
    # Random digit strings written as Dutch numbers: with the trunk 0, or +31 / 0031 followed
    # by the national number with or without a stray trunk 0 (or two), of every length.
    rng = random.Random(31)
    heads = ["6", "06", "006", "0", "00", "1", "10", "20", "31", "58", "800", "0800", "900", "97"]
    checked = valid = 0
    for _ in range(12_000):
        rest = rng.choice(heads) + "".join(rng.choices("0123456789", k=rng.randint(0, 12)))
        for digits, plus in (("0" + rest, False), ("31" + rest, True), ("0031" + rest, False)):
            expected = parsed(digits, plus)  # the parser's answer, as for other countries
            assert lookup.__wrapped__(digits, plus) == expected, (digits, plus)
            checked += 1
            valid += expected is not None
    assert checked == 36_000
    assert valid > 3_000  # the comparison covers many valid numbers, not only refusals


def test_a_stray_trunk_zero_after_the_country_code_is_dropped() -> None:
    assert lookup("310612345678", True) == ("+31612345678", 9)
    assert lookup("00310612345678", False) == ("+31612345678", 9)
    assert lookup("31", True) is None
