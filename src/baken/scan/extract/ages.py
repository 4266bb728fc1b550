"""Ages stated in an ad ("19 jaar", "19yo", "age 19", "19 ani", "19 lat", "19 év", "19 лет").

The number and the word after it are found in the one pass over every number of a post
(`numbers.scan_numbers`), with the vocabulary here. Only 14 to 99 is read as an age: lower
numbers in ads are hours, counts or prices. A stated age is what the ad claims, not a person's
age; it describes and never links. Ages under 18 raise the minors indicator, 18 and 19 the
(weak, mixed-evidence) low-age indicator.
"""

from __future__ import annotations

import re

from baken.scan.model import Identifier

MIN_AGE = 14
MAX_AGE = 99
# Words after the number, per language: nl, en, ro, pl, hu, bg/ru/uk, es/pt, de, fr, cs/sk.
AGE_AFTER = (
    r"jaar(?:\s+oud)?|jr\.?|j\.|y\.?\s?o\b\.?|y/o|yrs?\b\.?(?:\s+old)?|years?(?:\s+old)?"
    r"|de\s+ani|ani\b|anișori|lat(?:ka|a)?\b|éves|év\b|eves\b|ev\b"
    r"|години|годин[аи]?|года|лет|рок(?:и|ів)?\b|г\.|р\.|г\b"  # noqa: RUF001
    r"|años|anos\b|jahre?\b|ans\b|rokov|let\b"
)
# What follows "19 jaar" when it is not an age ("19 jaar ervaring", "15 years ago").
NOT_AN_AGE = (
    r"\s*(?:ervaring|werkervaring|in\s+(?:het|dit)\s+vak|geleden|lang|getrouwd|experience|ago"
    r"|garantie|warranty|doświadczenia|experiență|experienta|опыта|досвіду|de\s+experiencia)"
)
_BEFORE = (
    r"age|aged|leeftijd|edad|idade|vârsta|varsta|vârstă|wiek|életkor|kor|възраст|возраст|вік"
    r"|alter|âge"
)
# "age 19", "leeftijd: 21": a word before the number, looked for behind two-digit numbers.
_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:" + _BEFORE + r")\s*[:=-]?\s*$")
_BEFORE_WINDOW = 16
# Not an age after a currency sign or inside a number, date or time.
_GUARD = frozenset("€$£₴₽.,:/+-")


def age(text: str, lower: str, start: int, end: int, offset: int) -> Identifier | None:
    """The age stated by the number followed by an age word at `start`..`end`."""
    if start and (lower[start - 1] in _GUARD or lower[start - 1].isalnum()):
        return None
    value = int(lower[start : start + 2])
    if not MIN_AGE <= value <= MAX_AGE:
        return None
    return Identifier("age", str(value), text[start:end], start + offset, end + offset)


def age_before(text: str, lower: str, start: int, end: int, offset: int) -> Identifier | None:
    """The age stated by a bare two-digit number when a word such as "age" stands before it."""
    value = int(lower[start:end])
    if not MIN_AGE <= value <= MAX_AGE or lower[end : end + 1] in (".", ","):
        return None
    lead = _BEFORE_RE.search(lower, max(0, start - _BEFORE_WINDOW), start)
    if lead is None:
        return None
    return Identifier(
        "age", str(value), text[lead.start() : end], lead.start() + offset, end + offset
    )
