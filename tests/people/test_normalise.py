from __future__ import annotations

from datetime import date

import pytest

from baken.people import normalise


@pytest.mark.parametrize(
    "raw",
    [
        "0612345678",
        "06-12345678",
        "06 12 34 56 78",
        "06.12.34.56.78",
        "(06) 12345678",
        "o6-1234 5678",
        "O6 12345678",
        "06-l2345678",
        "+31612345678",
        "+31 6 1234 5678",
        "+31 (0)6 12345678",
        "0031 6 12345678",
        "tel: 06-12345678",
        "".join(chr(0xFF10 + int(digit)) for digit in "0612345678"),  # full-width digits
    ],
)
def test_dutch_mobile_numbers_in_any_notation_become_one_e164_number(raw: str) -> None:
    assert normalise.phone_e164(raw) == "+31612345678"


def test_numbers_without_country_code_are_read_in_the_given_region() -> None:
    assert normalise.phone_e164("0721 234 567", region="RO") == "+40721234567"
    assert normalise.phone_e164("020-1234567") == "+31201234567"


def test_foreign_numbers_keep_their_country_code() -> None:
    assert normalise.phone_e164("+40 721 234 567") == "+40721234567"
    assert normalise.phone_e164("0048-512-345-678") == "+48512345678"


@pytest.mark.parametrize("raw", ["061234", "+3161234567", "06-abcdefgh", "bel me", "", None])
def test_invalid_or_garbled_numbers_do_not_normalise(raw: str | None) -> None:
    assert normalise.phone_e164(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "Anna.X@GMail.com",
        " anna.x@gmail.com ",
        "<anna.x@gmail.com>",
        "mailto:anna.x@gmail.com",
        "anna.x [at] gmail [dot] com",
    ],
)
def test_email_addresses_are_lower_cased_and_unwrapped(raw: str) -> None:
    assert normalise.email(raw) == "anna.x@gmail.com"


@pytest.mark.parametrize("raw", ["anna", "anna@", "@gmail.com", "anna@gmail", None])
def test_things_that_are_not_addresses_do_not_normalise(raw: str | None) -> None:
    assert normalise.email(raw) is None


@pytest.mark.parametrize(
    "raw", ["@Anna_X", "anna_x", "ANNA_X", "https://t.me/Anna_X", "t.me/anna_x/", "@anna_x "]
)
def test_handles_lose_their_at_sign_link_prefix_and_case(raw: str) -> None:
    assert normalise.handle(raw) == "anna_x"


def test_an_email_address_is_not_a_handle() -> None:
    assert normalise.handle("anna@gmail.com") is None


def test_name_parts_lose_diacritics_and_case() -> None:
    assert normalise.name_tokens("Ștefănescu Ioana") == ("ioana", "stefanescu")
    assert normalise.name_tokens("Łukasz WÓJCIK") == ("lukasz", "wojcik")


@pytest.mark.parametrize(
    "raw",
    ["Jan van der Berg", "Berg, Jan van der", "jan vd berg", "J. v.d. Berg", "Jan Berg"],
)
def test_dutch_particles_and_name_order_do_not_matter(raw: str) -> None:
    assert normalise.name_tokens(raw) in {("berg", "jan"), ("berg", "j")}


def test_particle_with_apostrophe_is_dropped() -> None:
    assert normalise.name_tokens("Jan 't Hart") == ("hart", "jan")


def test_ij_and_y_are_one_letter() -> None:
    assert normalise.name_tokens("Dijkstra") == normalise.name_tokens("Dykstra") == ("dykstra",)


def test_name_order_does_not_matter() -> None:
    assert normalise.name_tokens("Popescu, Ana") == normalise.name_tokens("Ana Popescu")


def test_a_name_of_only_particles_and_punctuation_is_empty() -> None:
    assert normalise.name_tokens("van der -") == ()
    assert normalise.name_tokens("") == ()


@pytest.mark.parametrize(
    "variants",
    [
        ("jansen", "janssen", "jansz", "janszoon"),
        ("kowalski", "kovalski"),
        ("popescu", "popesku"),
        ("hristo", "christo", "khristo"),
        ("yordan", "jordan", "iordan"),
        ("dykstra", "dijkstra"),
        ("halyna", "galyna", "galina"),
        ("arend", "arent"),
        ("wojcik", "woicik"),
        ("philips", "filips"),
    ],
)
def test_names_that_sound_alike_get_one_phonetic_code(variants: tuple[str, ...]) -> None:
    assert len({normalise.phonetic(name) for name in variants}) == 1


@pytest.mark.parametrize(
    ("left", "right"), [("jansen", "janssens"), ("jan", "piet"), ("kowalski", "nowak")]
)
def test_names_that_sound_different_get_different_codes(left: str, right: str) -> None:
    assert normalise.phonetic(left) != normalise.phonetic(right)


def test_phonetic_codes_are_at_most_six_letters() -> None:
    assert len(normalise.phonetic("wolfeschlegelsteinhausenbergerdorff")) == 6


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (date(1994, 3, 12), 1994),
        (1994, 1994),
        ("1994", 1994),
        ("12-03-1994", 1994),
        ("1994-03-12", 1994),
        (None, None),
        ("", None),
        ("unknown", None),
        (12, None),
    ],
)
def test_birth_year_from_a_date_a_year_or_a_text(
    value: date | int | str | None, year: int | None
) -> None:
    assert normalise.birth_year(value) == year


def test_document_numbers_are_upper_case_without_separators() -> None:
    assert normalise.document(" nl-ab 12.34/56 ") == "NLAB123456"
    assert normalise.document(" - ") is None
