"""Phone numbers in ad text, also when written to escape search.

Numbers are found as runs of digits that may be broken by spaces, dots, dashes, slashes or
brackets, and also in the forms used to hide them from filters: letters for digits (`o6`,
`O6 l2…`), digits spelled out in Dutch or English (`nul zes een twee…`, `zero six…`), emoji
keycaps (0️⃣…9️⃣), fullwidth, mathematical or circled digits, and digits spaced out one by one
or separated by `*`, `_`, `|`. A number written in such a form is `obscured`, the structural
indicator that the US study of ads with known outcomes found predictive (online catalogue
ONL-03).

Every candidate is checked by `phonenumbers` with the Netherlands as default region; only
numbers it deems valid are kept, and only valid numbers with at least 8 national significant
digits are `linkable`. A candidate must start with `+` or `0` (Dutch numbers are written with
the trunk 0, foreign ones with `+` or `00`), and it is built only from the digit groups that
`numbers.scan_numbers` leaves after taking dates, times, `24/7`, prices and ages, so those are
never read as phone numbers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import phonenumbers

from baken.scan.extract.numbers import SPECIAL_DIGITS, scan_numbers
from baken.scan.model import Identifier

DEFAULT_REGION = "NL"
MIN_DIGITS = 8
MAX_DIGITS = 15
MIN_LINKABLE_NATIONAL = 8

_LETTER_DIGITS = {"o": "0", "i": "1", "l": "1"}
_KEYCAP = "\ufe0f\u20e3"
_PLAIN_SEPARATORS = frozenset(" \t\u00a0\u2009\u202f.-\u2013\u2014/()")
_OBSCURING_SEPARATORS = frozenset("_*|~•·,")
_SEPARATORS = _PLAIN_SEPARATORS | _OBSCURING_SEPARATORS
_PLAIN_SEPARATOR_CHARS = "".join(_PLAIN_SEPARATORS)
_SEPARATOR_CHARS = "".join(_SEPARATORS)
MAX_GAP = 4  # separator characters allowed between two digit groups of one number
# Single-digit groups from which spacing counts as hiding ("0 6 1 2 3 4 5 6 7 8").
SPACED_OUT_GROUPS = 5
MAX_LETTERS = 6  # letter-digits in a row (`lOOl` for 1001)
# Words that may be glued to a number ("tel06…", "bel:06…" is covered by the colon).
_GLUED_WORDS = ("tel", "bel", "nr", "app", "call", "sms", "whatsapp")
MIN_REAL_DIGITS = 3  # below this many digits in a text, no number is looked for

_NUMBER_WORDS = {
    "nul": "0",
    "een": "1",
    "één": "1",
    "eén": "1",  # "Eén", as Dutch capitalises één
    "twee": "2",
    "drie": "3",
    "vier": "4",
    "vijf": "5",
    "zes": "6",
    "zeven": "7",
    "acht": "8",
    "negen": "9",
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
# Spelled-out numbers start with a zero (trunk prefix or 00) or "plus"; the cheap test.
_ZERO_WORDS = ("nul", "zero", "oh", "plus")
_SPELLED_TOKEN_RE = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|\d)"
    r"(?![^\W\d_])"
)

# Dutch numbers written nationally: ten digits, or a service number (0800, 0900, 0906, 0909)
# of eight to eleven; anything else starting with a single 0 is not worth asking phonenumbers.
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def plausible(digits: str, plus: bool) -> bool:
    """A cheap test before `lookup`: is this digit string worth asking phonenumbers about?"""
    if plus or digits.startswith("00"):
        return MIN_DIGITS <= len(digits) - (0 if plus else 2) <= MAX_DIGITS
    if not digits.startswith("0"):
        return False
    return len(digits) == 10 or (8 <= len(digits) <= 11 and digits.startswith(_SERVICE_PREFIXES))


@lru_cache(maxsize=65536)
def lookup(digits: str, plus: bool) -> tuple[str, int] | None:
    """E.164 form and count of national significant digits of a valid number, else None.

    A Dutch number (`06…`, `+316…`, `00316…`) skips phonenumbers' parser: its national number is
    read as the parser reads it (`_dutch_national`), and only `is_valid_number` is asked. The
    parser costs about 30 us a number, and most numbers in a large scan are distinct.
    """
    national = _dutch_national(digits, plus) if digits.isascii() else None
    if national is not None:
        if not _valid_dutch(national):
            return None
        return f"+31{national}", len(national)
    return parsed(digits, plus)


def parsed(digits: str, plus: bool) -> tuple[str, int] | None:
    """`lookup` by phonenumbers' own parser and validation, for any country."""
    try:
        number = phonenumbers.parse(("+" if plus else "") + digits, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, len(phonenumbers.national_significant_number(number))


Desc = tuple[frozenset[int], re.Pattern[str]]


@cache
def _dutch_descs() -> tuple[Desc, tuple[Desc, ...]]:
    """The Dutch general number description and those of every number type, from the
    metadata `phonenumbers` ships, compiled once."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(DEFAULT_REGION)
    # Both ship with phonenumbers; without them no Dutch number could be validated at all.
    assert metadata is not None
    assert metadata.general_desc is not None
    types = (
        metadata.premium_rate,
        metadata.toll_free,
        metadata.shared_cost,
        metadata.voip,
        metadata.personal_number,
        metadata.pager,
        metadata.uan,
        metadata.voicemail,
        metadata.fixed_line,
        metadata.mobile,
    )

    def compiled(desc: phonenumbers.PhoneNumberDesc) -> Desc:
        return frozenset(desc.possible_length or ()), re.compile(desc.national_number_pattern or "")

    usable = tuple(compiled(d) for d in types if d is not None and d.national_number_pattern)
    return compiled(metadata.general_desc), usable


def _dutch_national(digits: str, plus: bool) -> str | None:
    """The national significant number phonenumbers reads in a Dutch number, or None when
    `digits` is not written as a Dutch number (trunk 0, or country code 31 after `+` or 00).

    After the country code, a trunk 0 that should not be there (`+31 06…`, a common slip) is
    dropped once, as the parser does (`_maybe_strip_national_prefix_and_carrier_code`: the Dutch
    prefix for parsing is a plain 0, and it stays only where the digits with it fit the
    numbering plan, which no Dutch national number starting with 0 does)."""
    if not plus and digits[:1] == "0" and digits[1:2] != "0":
        return digits[1:]
    if plus and digits.startswith("31"):
        national = digits[2:]
    elif not plus and digits.startswith("0031"):
        national = digits[4:]
    else:
        return None
    return national[1:] if national[:1] == "0" else national


def _valid_dutch(national: str) -> bool:
    """`phonenumbers.is_valid_number` for a Dutch national significant number, without building
    a `PhoneNumber`: the same test (the general description, then any number type, each by its
    possible lengths and full pattern, as `phonenumbers._number_type_helper` does), about five
    times faster. Each distinct number met in a scan costs one such call, and most numbers in
    a large scan are distinct."""
    general, types = _dutch_descs()

    def matches(desc: Desc) -> bool:
        lengths, pattern = desc
        if lengths and len(national) not in lengths:
            return False
        return pattern.fullmatch(national) is not None

    return matches(general) and any(matches(desc) for desc in types)


class _Piece:
    """Digits written together: a digit group, a letter standing for a digit, a spelled word."""

    __slots__ = ("digits", "end", "hidden", "start")

    def __init__(self, digits: str, start: int, end: int, hidden: bool) -> None:
        self.digits = digits
        self.start = start
        self.end = end
        self.hidden = hidden  # written as letters, words, keycaps or non-ASCII digits


def find_phones(
    text: str, lower: str, offset: int = 0, groups: list[tuple[int, int]] | None = None
) -> list[Identifier]:
    """The valid phone numbers in `text` (`lower` is `lowered(text)`), spans shifted by
    `offset`. `groups` are the digit groups of `numbers.scan_numbers` when the caller has
    scanned already (dates, times and prices are not among them)."""
    found: list[Identifier] = []
    taken: list[tuple[int, int]] = []
    if any(word in lower for word in _ZERO_WORDS):
        for run in _spelled_runs(lower):
            found.extend(_numbers(text, run, offset, taken))
    if groups is None:
        groups = scan_numbers(text, lower).groups
    if sum([end - start for start, end in groups]) < MIN_REAL_DIGITS:
        return found
    for run in _digit_runs(text, lower, groups):
        if not taken or not _overlaps((run[0].start, run[-1].end), taken):
            found.extend(_numbers(text, run, offset, taken))
    return found


def _digit_runs(text: str, lower: str, groups: list[tuple[int, int]]) -> list[list[_Piece]]:
    """Digit groups close enough together to be one number, with the letters among them."""
    runs: list[list[_Piece]] = []
    run: list[_Piece] = []
    previous_end = -1
    for start, end in groups:
        if run:
            gap = lower[previous_end:start]
            if len(gap) <= MAX_GAP and not gap.strip(_PLAIN_SEPARATOR_CHARS):
                letters: list[_Piece] | None = []  # the common case: plain separators
            else:
                letters = _gap_letters(gap, previous_end)
        if not run or letters is None:
            _close(run, lower, previous_end, runs)
            run = _leading_letters(lower, start)
        elif letters:
            run.extend(letters)
        written = text[start:end]
        if written.isascii():
            run.append(_Piece(written, start, end, False))
        else:
            run.append(_Piece("".join(map(_digit_of, written)), start, end, True))
        if "\u20e3" in lower[end : end + 2]:
            run[-1].hidden = True
        previous_end = end
    _close(run, lower, previous_end, runs)
    return runs


def _close(run: list[_Piece], lower: str, end: int, runs: list[list[_Piece]]) -> None:
    if not run:
        return
    run.extend(_trailing_letters(lower, end))
    if sum([len(piece.digits) for piece in run]) >= MIN_DIGITS:
        runs.append(run)


def _gap_letters(gap: str, start: int) -> list[_Piece] | None:
    """The letter-digits in the gap between two digit groups, or None if the gap breaks the
    number (too many separators, or anything but separators, keycap marks and o/i/l)."""
    letters: list[_Piece] = []
    separators = 0
    for index, char in enumerate(gap):
        if char in _KEYCAP:
            continue
        if char in _SEPARATORS:
            separators += 1
            if separators > MAX_GAP:
                return None
            continue
        digit = _LETTER_DIGITS.get(char)
        if digit is None or len(letters) == MAX_LETTERS:
            return None
        letters.append(_Piece(digit, start + index, start + index + 1, True))
    return letters


def _leading_letters(lower: str, start: int) -> list[_Piece]:
    """Letter-digits glued before a group (`o6…`, `OO31…`); a group glued to any other word
    gets a blocking piece: no number starts there."""
    if lower.endswith(_GLUED_WORDS, 0, start):
        return []
    first = start
    while first and lower[first - 1] in _LETTER_DIGITS and start - first < MAX_LETTERS:
        first -= 1
    if first and lower[first - 1].isalpha():
        return [_Piece("", start, start, False)]
    return [_Piece(_LETTER_DIGITS[lower[at]], at, at + 1, True) for at in range(first, start)]


def _trailing_letters(lower: str, end: int) -> list[_Piece]:
    """Letter-digits glued after a group (`…567O`), unless they begin a word."""
    last = end
    while last < len(lower) and lower[last] in _LETTER_DIGITS and last - end < MAX_LETTERS:
        last += 1
    if last == end or (last < len(lower) and lower[last].isalpha()):
        return []
    return [_Piece(_LETTER_DIGITS[lower[at]], at, at + 1, True) for at in range(end, last)]


def _spelled_runs(lower: str) -> list[list[_Piece]]:
    runs: list[list[_Piece]] = []
    run: list[_Piece] = []
    for match in _SPELLED_TOKEN_RE.finditer(lower):
        word = match.group()
        if run and (
            match.start() - run[-1].end > 3
            or lower[run[-1].end : match.start()].strip(_SEPARATOR_CHARS)
        ):
            if sum(piece.hidden for piece in run) >= 2:
                runs.append(run)
            run = []
        digit = _NUMBER_WORDS.get(word, word)
        if not digit.isascii():
            digit = _digit_of(digit)
        run.append(_Piece(digit, match.start(), match.end(), word in _NUMBER_WORDS))
    if sum(piece.hidden for piece in run) >= 2:
        runs.append(run)
    return runs


def _numbers(
    text: str, run: list[_Piece], offset: int, taken: list[tuple[int, int]]
) -> list[Identifier]:
    """The valid numbers in one run: the whole run, or else its longest valid stretches of
    whole digit groups (so `€ 110 30 min, 0612345678` still yields the number)."""
    blocked = bool(run) and not run[0].digits  # glued to a word before: no number starts here
    if blocked:
        run = run[1:]
    groups = _groups(run)
    written = [
        group[0].digits if len(group) == 1 else "".join([piece.digits for piece in group])
        for group in groups
    ]
    ends = [0]
    for digits in written:
        ends.append(ends[-1] + len(digits))
    plus_at = -1 if blocked else _plus_before(text, run[0].start)
    plus = plus_at >= 0
    found: list[Identifier] = []
    first = 1 if blocked else 0
    while first < len(groups):
        hit = None
        leading_plus = plus and first == 0
        if leading_plus or written[first][0] == "0":
            for last in range(len(groups), first, -1):
                length = ends[last] - ends[first]
                if length > MAX_DIGITS:
                    continue
                if length < MIN_DIGITS:
                    break
                digits = "".join(written[first:last])
                if not plausible(digits, leading_plus):
                    continue
                result = lookup(digits, leading_plus)
                if result is not None:
                    hit = last, result
                    break
        if hit is None:
            first += 1
            continue
        last, (e164, national) = hit
        start = plus_at if leading_plus else groups[first][0].start
        end = groups[last - 1][-1].end
        if text[start - 1 : start] == "(" and ")" in text[start:end]:
            start -= 1  # "(020) 123 4567"
        while end < len(text) and text[end] in _KEYCAP:
            end += 1
        found.append(
            Identifier(
                kind="phone",
                value=e164,
                raw=text[start:end],
                start=start + offset,
                end=end + offset,
                linkable=national >= MIN_LINKABLE_NATIONAL,
                obscured=_obscured(text, groups[first:last], written[first:last]),
            )
        )
        taken.append((start, end))
        first = last
    return found


def _plus_before(text: str, start: int) -> int:
    """Where a `+` or the word "plus" stands just before `start` (spaces allowed), or -1."""
    window = max(0, start - 7)
    before = text[window:start].lower().rstrip(" -.:")
    if before.endswith("+"):
        return window + len(before) - 1
    if before.endswith("plus") and not before[:-4][-1:].isalpha():
        return window + len(before) - 4
    return -1


def _groups(run: list[_Piece]) -> list[list[_Piece]]:
    """Pieces that touch each other form a group (`o` and `6` in `o6`); a separator starts a
    new one."""
    groups: list[list[_Piece]] = []
    for piece in run:
        if groups and groups[-1][-1].end == piece.start:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _obscured(text: str, groups: list[list[_Piece]], written: list[str]) -> bool:
    if any(piece.hidden for group in groups for piece in group):
        return True
    if list(map(len, written)).count(1) >= SPACED_OUT_GROUPS:
        return True
    start, end = groups[0][0].end, groups[-1][-1].start
    return not _OBSCURING_SEPARATORS.isdisjoint(text[start:end])


def _digit_of(char: str) -> str:
    special = SPECIAL_DIGITS.get(char)
    if special is not None:
        return special
    return str(unicodedata.decimal(char, 0))


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(start < other_end and other_start < end for other_start, other_end in spans)
