"""Places named in a post: Dutch municipalities and a short list of large foreign cities.

Municipalities are, unless a scan names its own (`ScanOptions.municipalities`: the app adds
those loaded into its database, `baken scan --municipalities FILE` gives a CSV file instead),
the 342 of CBS's list (`baken/scan/data/municipalities.csv`, code and official name; the
municipal map of 1 January 2023, which no merger has changed since as far as we know on
2026-11-29). A name matches as a whole word in any case; the value is the official spelling
(`Den Haag` → `'s-Gravenhage`, `Middelburg` → `Middelburg (Z.)`). Foreign cities are given
under their English name.

Some names are also ordinary words or first names: those match only when capitalised ("Gent",
"Houten", "Kampen"), and a few that open sentences of ads ("Best service", "Huizen te huur")
only when the capital is not explained by the start of a sentence. A spelling that two places
share ("Bergen": Bergen (L.) and Bergen (NH.)) stands for neither. A place describes where an
offer is; it never links posts.

All names are matched in one pass by one compiled alternation, built once per list.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path

import baken
from baken.scan.errors import ScanInputError
from baken.scan.extract.trie import padded, word_pattern, words_regex
from baken.scan.model import Identifier

MUNICIPALITIES_CSV = Path(baken.__file__).parent / "scan" / "data" / "municipalities.csv"

# Names in common use for a municipality, beside its official name (for Frisian names, the
# Dutch ones that were official before).
MUNICIPALITY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "'s-Gravenhage": ("Den Haag", "The Hague"),
    "'s-Hertogenbosch": ("Den Bosch",),
    "Súdwest-Fryslân": ("Zuidwest-Friesland",),
    "Noardeast-Fryslân": ("Noordoost-Friesland",),
    "De Fryske Marren": ("De Friese Meren",),
    "Tytsjerksteradiel": ("Tietjerksteradeel",),
    "Dantumadiel": ("Dantumadeel",),
    "Nuenen, Gerwen en Nederwetten": ("Nuenen",),
    "Horst aan de Maas": ("Horst",),
}

# Large cities abroad that matter for recruitment and housing offers, by English name.
FOREIGN_CITIES: Mapping[str, tuple[str, ...]] = {
    "Brussels": ("Brussel", "Bruxelles", "Brussels"),
    "Antwerp": ("Antwerpen", "Antwerp", "Anvers"),
    "Ghent": ("Gent", "Ghent"),
    "Liège": ("Luik", "Liège"),
    "Cologne": ("Keulen", "Köln", "Koeln", "Cologne"),
    "Düsseldorf": ("Düsseldorf", "Duesseldorf"),
    "Berlin": ("Berlijn", "Berlin"),
    "Hamburg": ("Hamburg",),
    "Paris": ("Parijs", "Paris"),
    "London": ("Londen", "London"),
    "Bucharest": ("Boekarest", "București", "Bucuresti", "Bucharest"),
    "Constanța": ("Constanța", "Constanţa"),
    "Timișoara": ("Timișoara", "Timişoara"),
    "Iași": ("Iași", "Iaşi"),
    "Cluj-Napoca": ("Cluj-Napoca", "Cluj"),
    "Warsaw": ("Warschau", "Warszawa", "Warsaw"),
    "Kraków": ("Krakau", "Kraków", "Krakow", "Cracow"),
    "Wrocław": ("Wrocław", "Breslau"),
    "Sofia": ("София",),  # "Sofia" in Latin script is too often a first name
    "Varna": ("Varna", "Варна"),
    "Plovdiv": ("Plovdiv", "Пловдив"),
    "Budapest": ("Boedapest", "Budapest"),
    "Debrecen": ("Debrecen",),
    "Kyiv": ("Kyiv", "Kiev", "Kiew", "Київ", "Киев"),
    "Odesa": ("Odesa", "Odessa", "Одеса", "Одесса"),
    "Lviv": ("Lviv", "Lwów", "Львів", "Львов"),
    "Kharkiv": ("Kharkiv", "Charkiv", "Харків", "Харьков"),
    "Moscow": ("Moskou", "Moscow", "Moskva", "Москва"),
    "Madrid": ("Madrid",),
    "Barcelona": ("Barcelona",),
    "Lisbon": ("Lissabon", "Lisboa", "Lisbon"),
    "Porto": ("Porto",),
    "São Paulo": ("São Paulo", "Sao Paulo"),
    "Vienna": ("Wenen", "Wien", "Vienna"),
    "Prague": ("Praag", "Praha", "Prague"),
}

# Place names that are also common words or first names: matched only when capitalised.
CAPITALISED_ONLY = frozenset(
    {
        *("gent", "luik", "paris", "porto", "best", "goes", "ede", "epe", "sluis", "horst"),
        *("beek", "borne", "buren", "duiven", "hoorn", "houten", "huizen", "hulst", "kampen"),
        *("laren", "losser", "putten", "stein", "voorst", "waterland", "weert", "wierden"),
    }
)
# Of those, the ones that often open a sentence of an ad: a capital that the start of the text
# or of a sentence explains does not count.
MID_SENTENCE_ONLY = frozenset({"best", "buren", "huizen"})


class PlaceMatcher:
    """Finds any of a set of place names in lowered text, in one regex pass."""

    def __init__(self, places: Mapping[str, Iterable[str]]) -> None:
        owners: dict[str, set[str]] = {}
        for value, names in places.items():
            for name in names:
                for variant in _variants(name):
                    owners.setdefault(variant, set()).add(value)
        # A spelling of two places says neither: guessing would put an offer in the wrong
        # municipality, and "Make a signal" would pre-fill it.
        self.values: dict[str, str] = {
            variant: next(iter(values)) for variant, values in owners.items() if len(values) == 1
        }
        self.pattern = word_pattern(words_regex(self.values))

    def find(self, text: str, lower: str, offset: int = 0) -> list[Identifier]:
        found: list[Identifier] = []
        for match in self.pattern.finditer(padded(lower)):
            start, end = match.start(), match.end() - 1
            name = lower[start:end]
            if name in CAPITALISED_ONLY and (
                not text[start].isupper()
                or (name in MID_SENTENCE_ONLY and _opens_sentence(lower, start))
            ):
                continue
            found.append(
                Identifier(
                    kind="place",
                    value=self.values[name],
                    raw=text[start:end],
                    start=start + offset,
                    end=end + offset,
                )
            )
        return found


def read_municipalities(path: Path = MUNICIPALITIES_CSV) -> list[str]:
    """The official names in a municipalities CSV: UTF-8, a header with a `name` column (as
    `baken load-municipalities` takes), one municipality a row.

    Raises `ScanInputError` naming the file and what is wrong with it: a scan must not quietly
    run without the places its user asked for."""
    try:
        # utf-8-sig drops the byte order mark that spreadsheet programs put before the header.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.DictReader(handle)
            if "name" not in (rows.fieldnames or ()):
                raise ScanInputError(
                    path, "line 1", "a header with a `name` column", ",".join(rows.fieldnames or ())
                )
            names = [row["name"].strip() for row in rows if (row.get("name") or "").strip()]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ScanInputError(path, "", "a readable UTF-8 CSV file", str(exc)) from exc
    if not names:
        raise ScanInputError(path, "", "at least one municipality under `name`", "none")
    return names


def places_of(municipalities: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Municipalities by official name with the names in common use for them, and the
    foreign cities: what a `PlaceMatcher` is made of."""
    places: dict[str, tuple[str, ...]] = {}
    for name in municipalities:
        places[name] = (name, *MUNICIPALITY_ALIASES.get(name, ()))
    places.update(FOREIGN_CITIES)
    return places


@lru_cache(maxsize=8)
def matcher_for(municipalities: tuple[str, ...]) -> PlaceMatcher:
    """The matcher of a list of municipalities, compiled once per process for each list a
    scan names (a few milliseconds; every chunk of the scan names the same list)."""
    return PlaceMatcher(places_of(municipalities))


@cache
def default_matcher() -> PlaceMatcher:
    """The matcher of the list shipped with Baken."""
    return matcher_for(tuple(read_municipalities()))


def find_places(
    text: str, lower: str, offset: int = 0, matcher: PlaceMatcher | None = None
) -> list[Identifier]:
    return (matcher or default_matcher()).find(text, lower, offset)


def _opens_sentence(lower: str, start: int) -> bool:
    """Whether `start` is the first word of the text or of a sentence (after a full stop, a
    line break, an emoji or other sign): anything but a letter, digit or comma before it."""
    before = lower[:start].rstrip(" \t")
    return not before or not (before[-1].isalnum() or before[-1] == ",")


def _variants(name: str) -> set[str]:
    """The lower-case ways a name is written: without a qualifier ("Middelburg (Z.)"), with
    either apostrophe, with a space for a hyphen and without diacritics."""
    base = re.sub(r"\s*\([^)]*\)$", "", name).strip().lower()
    variants = {base}
    variants |= {variant.replace("'", "\u2019") for variant in variants}
    variants |= {variant.replace("-", " ") for variant in variants}
    variants |= {_plain(variant) for variant in variants}
    return {variant for variant in variants if variant}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
