"""What linkage compares: a record as an organisation wrote it, and the same record prepared.

A `Record` holds raw values, as typed on one organisation's list. `prepare` normalises it once
into a `PreparedRecord`, which is all that scoring and blocking look at; the ``people`` app
stores keyed hashes of its `blocking_keys` to find candidates without decrypting anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple

from baken.people import normalise

# Blocking keys of these kinds group records that share an identifier; the other kinds
# ("date", "year", "name") group records whose names sound alike.
IDENTIFIER_KINDS = ("phone", "email", "handle", "document")


@dataclass(frozen=True, slots=True)
class Record:
    """One organisation's registration of a (possible) victim, with raw, unnormalised values.

    `names` holds the name and any aliases as written. `birth_year` may stand alone when only
    an (approximate) age is known; with a `birth_date` it is taken from the date.
    """

    id: str
    source: str
    names: tuple[str, ...] = ()
    birth_date: date | None = None
    birth_year: int | None = None
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    nationality: str = ""


class Name(NamedTuple):
    """One name of a record, prepared: its parts sorted, and their phonetic codes."""

    tokens: tuple[str, ...]
    codes: tuple[str, ...]  # phonetic code per token, same order
    text: str  # the tokens joined by spaces
    key: str  # the sorted codes joined by spaces: equal for names that sound alike
    sounds: tuple[str, ...]  # the codes of parts of two letters or more, for blocking
    starts: tuple[str, ...]  # the first three letters of parts of three or more, plus "-"


class PreparedRecord(NamedTuple):
    """A record normalised once for scoring and blocking.

    A named tuple rather than a dataclass: a batch linkage builds a million of them, and
    tuples are the cheapest immutable objects to make and to read.
    `unusable_phones` keeps the numbers that did not validate, as written, for display: they
    never link records.
    """

    id: str
    source: str
    names: tuple[Name, ...]
    birth_date: date | None
    birth_year: int | None
    phones: frozenset[str]
    unusable_phones: tuple[str, ...]
    emails: frozenset[str]
    handles: frozenset[str]
    documents: frozenset[str]
    nationality: str


def prepare(record: Record) -> PreparedRecord:
    """Normalise every field of `record` (see `normalise`); duplicate names collapse."""
    names: dict[tuple[str, ...], Name] = {}
    for raw in record.names:
        name = prepared_name(raw)
        if name is not None:
            names.setdefault(name.tokens, name)
    phones: set[str] = set()
    unusable: list[str] = []
    for raw in record.phones:
        number = normalise.phone_e164(raw)
        if number:
            phones.add(number)
        elif raw and raw.strip():
            unusable.append(raw.strip())
    birth_date = record.birth_date
    if isinstance(birth_date, datetime):  # a date and time equals no date: keep the date
        birth_date = birth_date.date()
    year = birth_date.year if birth_date else normalise.birth_year(record.birth_year)
    return PreparedRecord(
        record.id,
        record.source,
        tuple(names.values()),
        birth_date,
        year,
        frozenset(phones) if phones else _NONE,
        tuple(unusable),
        _normalised(record.emails, normalise.email),
        _normalised(record.handles, normalise.handle),
        _normalised(record.documents, normalise.document),
        record.nationality.strip().upper(),
    )


_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=1 << 18)
def prepared_name(raw: str) -> Name | None:
    """One raw name prepared, or None if nothing of it is left (punctuation, particles)."""
    tokens = normalise.name_tokens(raw)
    if not tokens:
        return None
    codes = tuple(normalise.phonetic(token) for token in tokens)
    return Name(
        tokens,
        codes,
        " ".join(tokens),
        " ".join(sorted(codes)),
        tuple(sorted({code for code, token in zip(codes, tokens, strict=True) if len(token) > 1})),
        tuple(sorted({token[:3] + "-" for token in tokens if len(token) > 2})),
    )


def _normalised(
    values: tuple[str, ...], normaliser: Callable[[str | None], str | None]
) -> frozenset[str]:
    if not values:
        return _NONE
    result = set()
    for raw in values:
        value = normaliser(raw)
        if value:
            result.add(value)
    return frozenset(result)


def blocking_keys(record: PreparedRecord) -> set[str]:
    """The keys under which a record is a candidate for comparison, as ``kind:value``.

    - ``phone:``, ``email:``, ``handle:``, ``document:`` with each normalised identifier;
    - ``date:<iso date>:<code>`` for the phonetic code of each name part (two letters or
      more, so initials do not count), and ``date:<iso date>:<abc>-`` for its first three
      letters (a typo later in the part, which may change the code), when the birth date is
      known;
    - ``year:<year>:<code>`` likewise with the birth year, when it is known;
    - ``name:<codes>`` with all codes of a name, sorted: the only key of a record that has a
      name and nothing else.

    Two records are compared when they share a key. The kind before the first colon tells
    how a batch linkage treats an oversized block (see `blocking`).
    """
    keys = {"phone:" + value for value in record.phones}
    if record.emails:
        keys.update(["email:" + value for value in record.emails])
    if record.handles:
        keys.update(["handle:" + value for value in record.handles])
    if record.documents:
        keys.update(["document:" + value for value in record.documents])
    names = record.names
    if not names:
        return keys
    sounds = set(names[0].sounds)
    for name in names[1:]:
        sounds.update(name.sounds)
    if record.birth_date is not None:
        prefix = f"date:{record.birth_date.isoformat()}:"
        keys.update([prefix + sound for sound in sounds])
        for name in names:
            keys.update([prefix + start for start in name.starts])
    if record.birth_year is not None:
        prefix = f"year:{record.birth_year}:"
        keys.update([prefix + sound for sound in sounds])
    keys.update(["name:" + name.key for name in names])
    return keys
