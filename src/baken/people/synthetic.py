"""Synthetic linkage data with a known truth, to test and benchmark the linkage engine.

`generate(n, seed)` invents persons and writes each of them onto 1 to 4 organisations' lists,
every time a little differently, the way registrations about one person differ in practice
(`synthetic_variants`): a typo, the name order swapped, the particle moved or dropped ("van
der Berg" / "Berg, Jan van der"), "ij" written as "y", diacritics lost, another spelling of a
transliterated name, the phone number in another format, fields left empty, an alias. It also
plants the traps that make linkage hard: family members who share a surname and a phone
number but are different persons, and common names (Jan de Vries) that many different persons
carry (`synthetic_names`). The true person of every record is returned beside the records.

Everything is drawn from one seeded `random.Random`, so a seed gives the same data on every
machine with the same locked packages. No real person is described: names come from lists of
names, and numbers, addresses and dates are random. Records carry no document numbers, as the
files of `baken link` have no column for them.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from baken.people.matching import Record
from baken.people.synthetic_names import (
    COMMON_FIRST_NAMES,
    COMMON_SURNAMES,
    MAIL_DOMAINS,
    MOBILE_PLANS,
    NATIONALITY_WEIGHTS,
    POOLS,
    Name,
    rare_names,
)
from baken.people.synthetic_variants import fold, write_email, write_handle, write_name, write_phone

DEFAULT_LISTS = ("politie", "coa", "zorg", "gemeente", "arbeidsinspectie")

# Persons: how many lists they are on (1 to 4), their families and identifiers.
LIST_COUNT_WEIGHTS = (0.50, 0.28, 0.15, 0.07)
FAMILY_START = 0.05  # chance that a new person starts a family of 2 to 4 persons
FAMILY_SIZE_WEIGHTS = (0.5, 0.3, 0.2)
OWN_PHONE_IN_FAMILY = 0.5  # family members with a number of their own besides the shared one
DUTCH_NUMBER = 0.6  # persons from abroad with a Dutch rather than a home-country number
HAS_PHONE, SECOND_PHONE, HAS_EMAIL, HAS_HANDLE, HAS_ALIAS = 0.92, 0.10, 0.60, 0.40, 0.08
# Records: which values the organisation wrote down.
SHOWS_PHONE, MAIN_PHONE, SHOWS_EMAIL, SHOWS_HANDLE = 0.85, 0.70, 0.50, 0.40
SHOWS_NATIONALITY, FULL_DATE, YEAR_ONLY = 0.80, 0.95, 0.03  # else no birth date at all
ALIAS_SHOWN, ALIAS_ONLY = 0.50, 0.15

_FIRST_BIRTH, _YOUNG_BIRTH, _LAST_BIRTH = (
    date(1960, 1, 1).toordinal(),
    date(1985, 1, 1).toordinal(),
    date(2007, 12, 31).toordinal(),
)


@dataclass(frozen=True, slots=True)
class Person:
    nationality: str
    name: Name
    birth_date: date
    phones: tuple[tuple[str, str], ...]  # (country code, national number), the main one first
    email: str
    handle: str
    alias: Name | None


def generate(
    n_records: int, seed: int, lists: Sequence[str] = DEFAULT_LISTS
) -> tuple[list[Record], list[int]]:
    """`n_records` records on `lists`, in random order, and for each the number of its true
    person. Record ids are `R0000001` and up, in the order returned."""
    if not lists:
        raise ValueError("at least one list is needed")
    maker = _Maker(random.Random(seed), tuple(lists))  # noqa: S311 (test data, not secrets)
    drafts: list[tuple[int, str, Person]] = []
    for person_id, person in enumerate(maker.persons()):
        if len(drafts) >= n_records:
            break
        drafts.extend((person_id, source, person) for source in maker.lists_of_person())
    del drafts[n_records:]
    maker.rng.shuffle(drafts)
    width = max(7, len(str(n_records)))
    records = [
        maker.record(f"R{i + 1:0{width}d}", source, person)
        for i, (_, source, person) in enumerate(drafts)
    ]
    return records, [person_id for person_id, _, _ in drafts]


class _Weighted:
    """Draws from values with the given weights, or with weights falling as 1/sqrt(rank)."""

    def __init__(self, values: Sequence[str], weights: Sequence[float] | None = None) -> None:
        self.values = tuple(values)
        raw = weights or [1 / (rank + 1) ** 0.5 for rank in range(len(self.values))]
        self.cumulative = list(itertools.accumulate(raw))

    def draw(self, rng: random.Random) -> str:
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


class _Names:
    """A common name (weighted by rank) with probability `common`, else a rare one."""

    def __init__(self, common: Sequence[str], rare: Sequence[str], share: float) -> None:
        self.common, self.rare, self.share = _Weighted(common), tuple(rare), share

    def draw(self, rng: random.Random) -> str:
        if not self.rare or rng.random() < self.share:
            return self.common.draw(rng)
        return self.rare[rng.randrange(len(self.rare))]


class _Maker:
    def __init__(self, rng: random.Random, lists: tuple[str, ...]) -> None:
        self.rng = rng
        # The first lists are the larger ones: the police registers more than the inspectorate.
        self.list_choice = _Weighted(lists, [1 / (1 + 0.25 * i) for i in range(len(lists))])
        counts = min(len(LIST_COUNT_WEIGHTS), len(lists))
        self.list_count = _Weighted(("1", "2", "3", "4")[:counts], LIST_COUNT_WEIGHTS[:counts])
        self.nationalities = _Weighted(
            tuple(NATIONALITY_WEIGHTS), tuple(NATIONALITY_WEIGHTS.values())
        )
        rare = rare_names()
        self.male, self.female, self.surnames = {}, {}, {}
        for nat, pool in POOLS.items():
            first, last = COMMON_FIRST_NAMES[nat], COMMON_SURNAMES[nat]
            self.male[nat] = _Names(pool.male, rare[nat].male, first)
            self.female[nat] = _Names(pool.female, rare[nat].female, first)
            self.surnames[nat] = _Names(pool.surnames, rare[nat].surnames, last)
        self.mail_domains = {nat: _Weighted(domains) for nat, domains in MAIL_DOMAINS.items()}
        self.nicknames = {
            given: short for pool in POOLS.values() for given, short in pool.nicknames
        }
        self.used_phones: set[tuple[str, str]] = set()
        self.used_accounts: set[str] = set()

    def persons(self) -> Iterator[Person]:
        return itertools.chain.from_iterable(self._household() for _ in itertools.count())

    def lists_of_person(self) -> list[str]:
        count = int(self.list_count.draw(self.rng))
        chosen: list[str] = []
        while len(chosen) < count:
            source = self.list_choice.draw(self.rng)
            if source not in chosen:
                chosen.append(source)
        return chosen

    def _household(self) -> list[Person]:
        """One person, or a family: a surname and a phone number shared by persons with
        different first names and birth years (parents and children, siblings)."""
        rng = self.rng
        nationality = self.nationalities.draw(rng)
        if rng.random() >= FAMILY_START:
            return [self._person(nationality, self._name(nationality), self._birth(), [])]
        size = rng.choices((2, 3, 4), FAMILY_SIZE_WEIGHTS)[0]
        family_name = self._name(nationality)
        shared = self._phone(nationality)
        first_year = self._birth().year
        years = [first_year]
        while len(years) < size:
            year = first_year + rng.choice((-1, 1)) * rng.randint(2, 30)
            if year not in years and 1950 <= year <= 2008:
                years.append(year)
        members: list[Person] = []
        givens: set[str] = set()
        for year in years:
            name = self._name(nationality, family=family_name)
            while name.given in givens:
                name = self._name(nationality, family=family_name)
            givens.add(name.given)
            birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
            own = [self._phone(nationality)] if rng.random() < OWN_PHONE_IN_FAMILY else []
            members.append(self._person(nationality, name, birth, [shared, *own]))
        return members

    def _person(
        self, nationality: str, name: Name, birth: date, phones: list[tuple[str, str]]
    ) -> Person:
        rng = self.rng
        if not phones and rng.random() < HAS_PHONE:
            phones = [self._phone(nationality)]
            if rng.random() < SECOND_PHONE:
                phones.append(self._phone(nationality))
        alias = None
        if rng.random() < HAS_ALIAS:  # a short form of the name, or another name altogether
            nickname = self.nicknames.get(name.given)
            if nickname and rng.random() < 0.5:
                alias = Name(nickname, name.particle, name.surname, name.female)
            else:
                alias = self._name(nationality, female=name.female)
        return Person(
            nationality=nationality,
            name=name,
            birth_date=birth,
            phones=tuple(phones),
            email=self._email(nationality, name, birth) if rng.random() < HAS_EMAIL else "",
            handle=self._handle(nationality, name, birth) if rng.random() < HAS_HANDLE else "",
            alias=alias,
        )

    def _name(
        self, nationality: str, family: Name | None = None, female: bool | None = None
    ) -> Name:
        rng = self.rng
        female = rng.random() < 0.5 if female is None else female
        given = (self.female if female else self.male)[nationality].draw(rng)
        if family is not None:
            return Name(given, family.particle, family.surname, female, family.second_surname)
        particle, _, surname = self.surnames[nationality].draw(rng).rpartition(" ")
        second = self.surnames[nationality].draw(rng) if nationality == "ES" else ""
        return Name(given, particle, surname, female, second)

    def _birth(self) -> date:
        # Most known victims are young adults; about a third were born before 1985.
        low = _FIRST_BIRTH if self.rng.random() < 0.3 else _YOUNG_BIRTH
        return date.fromordinal(self.rng.randint(low, _LAST_BIRTH))

    def _phone(self, nationality: str) -> tuple[str, str]:
        rng = self.rng
        dutch = nationality == "NL" or rng.random() < DUTCH_NUMBER
        country, prefixes, rest = MOBILE_PLANS["NL" if dutch else nationality]
        while True:  # numbers are unique, except those that a family shares on purpose
            number = rng.choice(prefixes) + f"{rng.randrange(10**rest):0{rest}d}"
            if (country, number) not in self.used_phones:
                self.used_phones.add((country, number))
                return country, number

    def _account(self, stem: str) -> str:
        account = stem
        while account in self.used_accounts:
            account = f"{stem}{self.rng.randrange(10, 1000)}"
        self.used_accounts.add(account)
        return account

    def _email(self, nationality: str, name: Name, birth: date) -> str:
        g, s = _plain(name.given), _plain(name.particle + name.surname)
        yy = f"{birth.year % 100:02d}"
        local = self.rng.choice(
            (f"{g}.{s}", f"{g}{s}", f"{g}_{s}", f"{g[0]}.{s}", f"{g}.{s}{yy}", f"{g}{yy}")
        )
        return self._account(f"{local}@{self.mail_domains[nationality].draw(self.rng)}")

    def _handle(self, nationality: str, name: Name, birth: date) -> str:
        g, s, yy = _plain(name.given), _plain(name.surname), f"{birth.year % 100:02d}"
        stem = self.rng.choice(
            (f"{g}{s}", f"{g}_{s}{yy}", f"{g}.{nationality.lower()}", f"{s}{g[0]}")
        )
        return self._account(f"@{stem}")

    def record(self, record_id: str, source: str, person: Person) -> Record:
        rng = self.rng
        roll = rng.random()
        phones: tuple[str, ...] = ()
        if person.phones and rng.random() < SHOWS_PHONE:
            main = len(person.phones) == 1 or rng.random() < MAIN_PHONE
            phones = (write_phone(person.phones[0 if main else 1], rng),)
        email = person.email and rng.random() < SHOWS_EMAIL
        handle = person.handle and rng.random() < SHOWS_HANDLE
        return Record(
            id=record_id,
            source=source,
            names=self._names(person),
            birth_date=person.birth_date if roll < FULL_DATE else None,
            birth_year=person.birth_date.year if roll < FULL_DATE + YEAR_ONLY else None,
            phones=phones,
            emails=(write_email(person.email, rng),) if email else (),
            handles=(write_handle(person.handle, rng),) if handle else (),
            documents=(),
            nationality=person.nationality if rng.random() < SHOWS_NATIONALITY else "",
        )

    def _names(self, person: Person) -> tuple[str, ...]:
        rng = self.rng
        written = write_name(person.name, person.nationality, rng)
        if person.alias is None or rng.random() >= ALIAS_SHOWN:
            return (written,)
        alias = write_name(person.alias, person.nationality, rng)
        if rng.random() < ALIAS_ONLY:
            return (alias,)
        return (written, alias) if rng.random() < 0.5 else (alias, written)


def _plain(text: str) -> str:
    return fold(text).lower().replace(" ", "").replace("'", "")
