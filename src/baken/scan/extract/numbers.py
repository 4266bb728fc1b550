"""One pass over every number in a post: what is a date or time, a price, an age, and what is
left as digit groups for the phone extractor.

Every regular-expression pass over a post costs about as much as the next, whatever it looks
for, so the number-shaped things are found together. The expression starts with one character
class (a digit or a currency sign), so the engine skips in C from number to number, and at each
tries in turn:

1. a price with the currency sign first ("€150 p/u");
2. a date, a time or an availability such as 24/7 (masked: never part of a phone number);
3. a price with the amount first ("150 euro per uur", "150 p/u");
4. an age ("19 jaar", "19yo", "19 лет");
5. else the digits as they stand: a digit group, which the phone extractor joins into numbers.

What a match takes, the later alternatives and the phone extractor cannot take again, so a
price or a date is never read as (part of) a phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from baken.scan.extract import ages, prices
from baken.scan.model import Identifier

# Digits that are not Unicode decimals (`\d` finds those already): circled and dingbat forms.
SPECIAL_DIGITS = {
    **dict.fromkeys("⓪⓿🄋🄌", "0"),
    **{chr(0x2460 + n): str(n + 1) for n in range(9)},  # ①..⑨
    **{chr(0x2776 + n): str(n + 1) for n in range(9)},  # ❶..❾
    **{chr(0x2780 + n): str(n + 1) for n in range(9)},  # ➀..➈
    **{chr(0x278A + n): str(n + 1) for n in range(9)},  # ➊..➒
}
_DIGIT = "\\d" + "".join(SPECIAL_DIGITS)
# After the first digit: dates, times and availability.
_MASK = (
    r"\d?[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)"  # 01-02-2024
    r"|\d{3}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"  # 2024-02-01
    r"|\d?[:h]\d{2}(?:\s*[-\u2013]\s*\d{1,2}[:h.]\d{2})?(?!\d)"  # 20:00, 20:00-04:00, 10h30
    r"|\d?\.\d{2}\s*[-\u2013]\s*\d{1,2}[.:]\d{2}(?!\d)"  # 20.00-04.00
    r"|\d?\.\d{2}\s*(?:uur|u|h)\b"  # 20.00 uur
    r"|(?<=2)4\s*/\s*(?:7|24)(?!\d)|(?<=7)\s*/\s*7(?!\d)"  # 24/7, 24/24, 7/7
)
_NUMERIC_RE = re.compile(
    f"[{prices.CURRENCY_SIGNS}{_DIGIT}](?:"
    # 1. sign first
    f"(?<=[{prices.CURRENCY_SIGNS}])\\s?(?P<s_amount>\\d{prices.AMOUNT_TAIL})(?:,-)?"
    f"{prices.unit_after('s')}(?P<k_sign>)"
    # 2. dates, times, availability
    f"|(?<=\\d)(?:{_MASK})(?P<k_mask>)"
    # 3. amount first
    f"|(?<=\\d)(?P<a_amount>{prices.AMOUNT_TAIL})(?:,-)?"
    f"(?:\\s?(?P<cur>{prices.CURRENCY})|{prices.RATE_AHEAD}){prices.unit_after('a')}"
    "(?P<k_amount>)"
    # 4. age: a second digit and an age word
    f"|(?<=[1-9])\\d\\s?-?\\s?(?:{ages.AGE_AFTER})(?![^\\W\\d_])(?!{ages.NOT_AN_AGE})(?P<k_age>)"
    # 5. a digit group
    f"|(?<=[{_DIGIT}])[{_DIGIT}]*(?P<k_digits>)"
    ")"
)


@dataclass(slots=True)
class NumberScan:
    """The numbers of one text: digit groups left for phone numbers (spans in the text),
    and the prices and ages found."""

    groups: list[tuple[int, int]] = field(default_factory=list)
    prices: list[Identifier] = field(default_factory=list)
    ages: list[Identifier] = field(default_factory=list)


def scan_numbers(text: str, lower: str, offset: int = 0) -> NumberScan:
    """Read every number of `text` (`lower` is `lowered(text)`); spans shifted by `offset`."""
    scan = NumberScan()
    for match in _NUMERIC_RE.finditer(lower):
        kind = match.lastgroup
        start, end = match.start(), match.end()
        if kind == "k_digits":
            if start > 1 and lower[start - 1 if lower[start - 1] != " " else start - 2].isalpha():
                found = prices.price_after_word(text, lower, start, offset)
                if found is not None:
                    scan.prices.append(found)
                    continue
            scan.groups.append((start, end))
            if end - start == 2:
                stated = ages.age_before(text, lower, start, end, offset)
                if stated is not None:
                    scan.ages.append(stated)
        elif kind == "k_sign":
            amount = match.group("s_amount")
            found = prices.price(text, lower, match, start, amount, lower[start], offset, "s")
            if found is not None:
                scan.prices.append(found)
        elif kind == "k_amount":
            if start and (lower[start - 1].isalnum() or lower[start - 1] in ".,_"):
                continue
            amount = lower[start : match.end("a_amount")]
            currency = match.group("cur") or ""
            found = prices.price(text, lower, match, start, amount, currency, offset, "a")
            if found is not None:
                scan.prices.append(found)
        elif kind == "k_age":
            stated = ages.age(text, lower, start, end, offset)
            if stated is not None:
                scan.ages.append(stated)
    return scan


def find_prices(text: str, lower: str, offset: int = 0) -> list[Identifier]:
    """All prices of `text`, in order."""
    return scan_numbers(text, lower, offset).prices


def find_ages(text: str, lower: str, offset: int = 0) -> list[Identifier]:
    """All stated ages of `text`, in order."""
    return scan_numbers(text, lower, offset).ages
