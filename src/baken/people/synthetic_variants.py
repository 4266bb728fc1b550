"""How one clerk writes a person's name, phone number, e-mail address and handle: the
variations that make registrations of one person differ (for `synthetic.py`).

Every function takes the `random.Random` of the generator, so a seed gives the same variants.
The rates are per written value; a name may get several variations at once (a typo in a
swapped, upper-case name).
"""

from __future__ import annotations

import random
import unicodedata
from functools import lru_cache

from baken.people.synthetic_names import POOLS, Name

TYPO, OTHER_SPELLING, IJ_AS_Y, FOLD_DIACRITICS = 0.10, 0.20, 0.30, 0.50
SWAPPED, SWAPPED_HU, PARTICLE_VARIANT, UPPER_CASE = 0.12, 0.45, 0.35, 0.10
SECOND_SURNAME_DROPPED = 0.10

_SPELLINGS = {name: group for pool in POOLS.values() for group in pool.spellings for name in group}
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D"})
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# A Dutch mobile number as people write it (n = "612345678", r = "12345678",
# p = "12 34 56 78"), including the letter o for the zero; a foreign one always with its
# country code (c), grouped or not (a, b, z).
_DUTCH_FORMATS = (
    "+31 6 {r}",
    "+31{n}",
    "0031{n}",
    "06-{r}",
    "06 {p}",
    "0{n}",
    "o6-{r}",
    "o{n}",
    "(06) {r}",
    "+31 (0)6 {r}",
)
_FOREIGN_FORMATS = ("+{c} {a} {b} {z}", "+{c}{n}", "00{c}{n}", "+{c}-{a}-{b}-{z}", "00{c} {n}")


def write_name(name: Name, nationality: str, rng: random.Random) -> str:
    """The name as one clerk wrote it down."""
    given, surname = _spelled(name.given, rng), _spelled(name.surname, rng)
    surname = feminine(surname, nationality) if name.female else surname
    if name.second_surname and rng.random() >= SECOND_SURNAME_DROPPED:
        surname = f"{surname} {name.second_surname}"
    if rng.random() < TYPO:
        if rng.random() < 0.5:
            given = typo(given, rng)
        else:
            surname = typo(surname, rng)
    particle = name.particle
    swapped = rng.random() < (SWAPPED_HU if nationality == "HU" else SWAPPED)
    if particle and rng.random() < PARTICLE_VARIANT:
        form = rng.randrange(3)
        if form == 0:  # dropped: "Jan Berg"
            particle = ""
        elif form == 1:  # capitalised: "Jan Van Der Berg"
            particle = particle.title()
        else:  # behind, as in an alphabetical register: "Berg, Jan van der"
            return _finished(f"{surname}, {given} {particle}", rng)
    family = f"{particle} {surname}" if particle else surname
    if swapped:  # family name first, as Hungarians do and many forms ask
        text = f"{family}, {given}" if rng.random() < 0.5 else f"{family} {given}"
    else:
        text = f"{given} {family}"
    return _finished(text, rng)


def _spelled(name: str, rng: random.Random) -> str:
    group = _SPELLINGS.get(name)
    return rng.choice(group) if group and rng.random() < OTHER_SPELLING else name


def _finished(text: str, rng: random.Random) -> str:
    if ("ij" in text or "IJ" in text) and rng.random() < IJ_AS_Y:
        text = text.replace("ij", "y").replace("IJ", "Y")
    if not text.isascii() and rng.random() < FOLD_DIACRITICS:
        text = fold(text)
    return text.upper() if rng.random() < UPPER_CASE else text


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The text without diacritics, as a keyboard without them writes it."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def feminine(surname: str, nationality: str) -> str:
    """The female form of a surname: Kowalski → Kowalska, Ivanov → Ivanova."""
    if nationality == "PL" and surname.endswith("ki"):
        return surname[:-1] + "a"
    if nationality == "UA" and surname.endswith("yi"):
        return surname[:-2] + "a"
    if nationality in {"BG", "UA"} and surname.endswith(("ov", "ev", "in")):
        return surname + "a"
    return surname


def typo(word: str, rng: random.Random) -> str:
    """One edit: a letter replaced, dropped, added, or two swapped (never the first letter,
    which people rarely get wrong)."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    letter = rng.choice(_LETTERS)
    letter = letter.upper() if word[i].isupper() else letter
    operation = rng.randrange(4)
    if operation == 0 and letter != word[i]:
        return word[:i] + letter + word[i + 1 :]
    if operation == 1:
        return word[:i] + word[i + 1 :]
    if operation == 2:
        return word[:i] + letter + word[i:]
    if word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def write_phone(phone: tuple[str, str], rng: random.Random) -> str:
    """A (country code, national number) pair in one of the ways people write numbers."""
    country, n = phone
    if country == "31":
        template = rng.choice(_DUTCH_FORMATS)
        pairs = " ".join(n[i : i + 2] for i in range(1, len(n), 2)) if "{p}" in template else ""
        return template.format(n=n, r=n[1:], p=pairs)
    return rng.choice(_FOREIGN_FORMATS).format(c=country, n=n, a=n[:3], b=n[3:6], z=n[6:])


def write_email(email: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:  # Jan.Devries@gmail.com
        local, _, domain = email.partition("@")
        return ".".join(part.capitalize() for part in local.split(".")) + "@" + domain
    if roll < 0.20:
        return email.upper()
    if roll < 0.25:
        return f" {email} "
    return email


def write_handle(handle: str, rng: random.Random) -> str:
    stem = handle.removeprefix("@")
    stem = stem.capitalize() if rng.random() < 0.2 else stem
    return f"@{stem}" if rng.random() < 0.6 else stem
