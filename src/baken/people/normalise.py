"""Normalisation of the identifying fields that record linkage compares.

Registrations of the same person differ in form more than in content: a phone number written
as ``o6-1234 5678`` by one organisation and ``+31612345678`` by another, a name with or
without diacritics, ``Van der Berg, Jan`` against ``jan vd berg``. Every function here maps
such variants onto one canonical value, or ``None`` when nothing usable is left. A value that
does not normalise is never guessed at: an invalid phone number stays on the record as
written, but it is never used to link two records.

Pure functions, no Django: the matching engine and the ``people`` app both use them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

import phonenumbers

# --- phone numbers --------------------------------------------------------------------------

# Separators people put in numbers, plus the invisible parts of keycap emoji (a keycap six is
# "6" + U+FE0F + U+20E3), which obfuscated adverts use to dodge simple number filters.
_PHONE_NOISE = re.compile(r"[\s.\-/()\[\]\ufe0f\u20e3\u200b]+")
_PHONE_PREFIX = re.compile(r"^(?:tel|phone|mob|gsm|whatsapp|wa|call)\s*[:.]?\s*", re.IGNORECASE)
# After removing separators: an optional "+", then digits with letters standing in for them.
_PHONE_SHAPE = re.compile(r"^\+?[0-9oOlI]{6,}$")
_LOOKALIKES = str.maketrans({"o": "0", "O": "0", "l": "1", "I": "1"})


def phone_e164(raw: str | None, region: str = "NL") -> str | None:
    """``raw`` as an E.164 number (``+31612345678``), or ``None`` if it is not a valid number.

    Tolerates spaces, dots, dashes, slashes and parentheses, ``+31``/``0031``/``+31 (0)``
    prefixes, keycap emoji and full-width digits, and the letters o/O for 0 and l/I for 1 when
    they stand among digits (``o6-l2345678``). Numbers without a country code are read in
    ``region``. Only numbers that `phonenumbers` deems valid are returned.
    """
    if not raw:
        return None
    text = _PHONE_PREFIX.sub("", unicodedata.normalize("NFKC", raw).strip())
    compact = _PHONE_NOISE.sub("", text)
    if not _PHONE_SHAPE.match(compact):
        return None
    return _valid_e164(_canonical_digits(compact.translate(_LOOKALIKES), region), region)


def _canonical_digits(compact: str, region: str) -> str:
    """One spelling per number before validating, so that the cache hits across formats."""
    if compact.startswith("00"):  # the international prefix of the Netherlands and Europe
        compact = "+" + compact[2:]
    if region == "NL":
        if compact.startswith("+310"):  # +31 (0)6...
            return "+31" + compact[4:]
        if compact.startswith("0"):
            return "+31" + compact[1:]
    return compact


@lru_cache(maxsize=1 << 20)
def _valid_e164(candidate: str, region: str) -> str | None:
    if candidate.startswith("+") and candidate[1:].isdigit():
        # The fast way for the common case: split off the country code and validate the
        # national number directly, skipping the general parser (three times slower).
        for length in (1, 2, 3):
            code = int(candidate[1 : 1 + length])
            if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                national = candidate[1 + length :]
                number = phonenumbers.PhoneNumber(
                    country_code=code, national_number=int(national or "0")
                )
                if not national.startswith("0") and phonenumbers.is_valid_number(number):
                    return f"+{code}{national}"
                break
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- e-mail addresses and handles -----------------------------------------------------------

_AT = re.compile(r"\s*(?:\[at\]|\(at\)|\{at\}|\sat\s)\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*(?:\[dot\]|\(dot\)|\{dot\}|\sdot\s)\s*", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,}$")


def email(raw: str | None) -> str | None:
    """``raw`` as a lower-case address, or ``None`` if it is not shaped like one.

    Accepts ``mailto:``, angle brackets and the ``name [at] host [dot] nl`` spelling.
    """
    if not raw:
        return None
    text = raw.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = _DOT.sub(".", _AT.sub("@", text)).lower()
    return text if _EMAIL.match(text) else None


_HANDLE_PREFIX = re.compile(
    r"^(?:https?://)?(?:www\.)?"
    r"(?:t\.me/|telegram\.me/|telegram\.dog/|instagram\.com/|twitter\.com/|x\.com/|tiktok\.com/)?"
    r"@?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"^[a-z0-9_.]{2,64}$")


def handle(raw: str | None) -> str | None:
    """A social-media handle without ``@``, link prefix or case: ``@Anna_X`` → ``anna_x``."""
    if not raw:
        return None
    text = _HANDLE_PREFIX.sub("", raw.strip()).split("?")[0].strip("/").lower()
    return text if _HANDLE.match(text) else None


# --- names ----------------------------------------------------------------------------------

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_LETTERS = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "\u0131": "i", "þ": "th"}
)
# Dutch name particles (tussenvoegsels). They are written, abbreviated and placed so
# inconsistently ("van der Berg", "Berg, van der", "vd Berg") that they carry no signal.
PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ten", "ter", "te", "t", "vd", "vder", "vden", "in", "op"}
)
_ABBREVIATED_PARTICLE = re.compile(r"\bv\s*[./]\s*d\s*[./]?(?=\s|\w|$)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(raw: str) -> str:
    """Lower-case ASCII: diacritics removed (``Ștefănescu`` → ``stefanescu``)."""
    text = unicodedata.normalize("NFKD", raw.lower().translate(_LETTERS))
    return "".join(char for char in text if not unicodedata.combining(char))


def name_tokens(raw: str | None) -> tuple[str, ...]:
    """The parts of a name, comparable whatever their order or spelling.

    Diacritics and punctuation removed, lower case, Dutch particles dropped, ``ij`` written as
    ``y`` (Dijkstra = Dykstra), sorted so that ``Jansen, Piet`` and ``Piet Jansen`` agree.
    """
    if not raw:
        return ()
    text = _ABBREVIATED_PARTICLE.sub(" ", fold(raw))
    parts = _NOT_ALNUM.sub(" ", text).split()
    return tuple(sorted(part.replace("ij", "y") for part in parts if part not in PARTICLES))


# --- phonetic key ---------------------------------------------------------------------------

_PATRONYMIC = re.compile(r"(?:szoon|sz|zoon|zn)$")
_SOUNDS = (
    # Order matters: longer spellings before their parts.
    ("sch", "s"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("dt", "t"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "h"),
    ("ch", "h"),
    ("cz", "k"),
    ("sz", "s"),
    ("ij", "y"),
    ("ei", "y"),
    ("g", "h"),
    ("x", "ks"),
    ("c", "k"),
    ("q", "k"),
    ("z", "s"),
    ("w", "v"),
    ("v", "f"),
)
_Y_SOUNDS = frozenset("ijy")
_DOUBLES = re.compile(r"(.)\1+")
_VOWELS = str.maketrans("", "", "aeiouyj")
PHONETIC_LENGTH = 6


@lru_cache(maxsize=1 << 18)
def phonetic(token: str) -> str:
    """A phonetic key of one folded name part, for Dutch and Central/Eastern European names.

    At most six letters. The rules, in order:

    1. a patronymic ending ``sz``/``szoon``/``zoon``/``zn`` is read as ``sen`` (Jansz = Jansen);
    2. spellings that sound alike are written one way: sch→s, ph→f, th→t, ck→k, dt→t, zh→j,
       kh/gh/ch/g→h (the Dutch g, the Ukrainian h: Galina = Halyna, Christo = Hristo), cz→k,
       sz→s, ij/ei→y, x→ks, c/q→k, z→s, w→v→f (Polish w is a v; Dutch v and f are confused);
    3. a final d is a t (Arend = Arent);
    4. double letters collapse (Janssen = Jansen);
    5. a first i, j or y is a y (Iordan = Jordan = Yordan, Zhelev = Jelev);
    6. vowels, and j, after the first letter are dropped, and doubles that this brings
       together collapse (Popescu = Popesku, Kowalski = Kovalski, Wójcik = Woicik).
    """
    text = _PATRONYMIC.sub("sen", token)
    for spelling, sound in _SOUNDS:
        text = text.replace(spelling, sound)
    if text.endswith("d"):
        text = text[:-1] + "t"
    text = _DOUBLES.sub(r"\1", text)
    if not text:
        return ""
    first = "y" if text[0] in _Y_SOUNDS else text[0]
    return _DOUBLES.sub(r"\1", first + text[1:].translate(_VOWELS))[:PHONETIC_LENGTH]


# --- dates and documents --------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def birth_year(value: date | int | str | None) -> int | None:
    """The year of a birth date, a year, or a text holding one (``"12-03-1994"``)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, int):
        return value if 1900 <= value <= 2100 else None
    found = _YEAR.search(str(value))
    return int(found.group(1)) if found else None


_DOCUMENT_NOISE = re.compile(r"[\s\-./]+")


def document(raw: str | None) -> str | None:
    """A document number in upper case without spaces, dashes, dots or slashes."""
    if not raw:
        return None
    text = _DOCUMENT_NOISE.sub("", unicodedata.normalize("NFKC", raw)).upper()
    return text or None
