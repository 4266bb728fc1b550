"""Prices and rates: an amount with a currency and, when stated, a unit of time.

"€150 p/u", "100 euro per half uur", "1 uur: 150", "300 lei pe lună", "1.500 zł miesięcznie".
The value is normalised as `<amount> <currency>/<unit>` ("150 EUR/hour"); a rate written
without currency but with an hourly unit ("150 p/u") keeps an empty currency ("150/hour").
Prices describe an offer (a rate, a rent, a wage) and never link posts.

Most prices are found in the one pass over every number of a post (`numbers.scan_numbers`),
which uses the vocabulary here; this module turns a match into a price.
"""

from __future__ import annotations

import re

from baken.scan.model import Identifier

_CURRENCIES = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "usd": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "lei": "RON",
    "ron": "RON",
    "zł": "PLN",
    "zl": "PLN",
    "pln": "PLN",
    "лв": "BGN",
    "лв.": "BGN",
    "лева": "BGN",
    "bgn": "BGN",
    "huf": "HUF",
    "forint": "HUF",
    "грн": "UAH",
    "грн.": "UAH",
    "₴": "UAH",
    "uah": "UAH",
    "руб": "RUB",  # noqa: RUF001
    "руб.": "RUB",  # noqa: RUF001
    "₽": "RUB",
    "rub": "RUB",
    "chf": "CHF",
}
# A currency after the amount (searched in lowered text).
CURRENCY = (
    r"(?:€|\$|£|₴|₽|euros?\b|eur\b|usd\b|gbp\b|lei\b|ron\b|zł|zl\b|pln\b|лв\.?|лева|bgn\b"
    r"|huf\b|forint\b|грн\.?|uah\b|руб\.?|rub\b|chf\b)"  # noqa: RUF001
)
CURRENCY_SIGNS = "€$£₴₽"
# An hourly unit right after the amount makes a rate even without a currency ("150 p/u").
RATE_AHEAD = r"(?=\s?(?:p\.?\s?/?\s?u\b|per\s+uur|per\s+hour|/\s*uur|p/h))"
# The rest of an amount after its first digit ("1.500", "12,50", "150").
AMOUNT_TAIL = r"(?:\d{0,2}(?:[.,]\d{3})+|\d{0,5}(?:[.,]\d{1,2})?)"
_UNITS: dict[str, str] = {
    "half-hour": (
        r"(?:per\s+|/\s*|p/?\s*)?(?:half\s*uur|halfuur|1/2\s*uur|30\s*min(?:uten|utes)?\.?"
        r"|half[\s-]*hour)"
    ),
    "hour": (
        r"p\.?\s?/?\s?u\b\.?|per\s+uur|/\s*uur|/\s*u\b|p/h|ph\b|per\s+hour|/\s*h(?:ou)?r?\b"
        r"|an\s+hour|(?:1\s*)?uur\b|pe\s+or[aă]|/\s*or[aă]|za\s+godzin[eę]|/\s*godz\.?"
        r"|в\s+час|/\s*час|за\s+годину|на\s+час|por\s+hora|/\s*hora|óránként|/\s*óra"
    ),
    "night": r"per\s+nacht|/\s*nacht|per\s+night|/\s*night|a\s+night|overnight|hele\s+nacht",
    "day": r"per\s+dag|/\s*dag|per\s+day|/\s*day|a\s+day|pe\s+zi|/\s*zi\b|dziennie|в\s+день",
    "week": r"per\s+week|/\s*week|p/w|a\s+week|pe\s+săptămână|tygodniowo|в\s+неделю",
    "month": (
        r"per\s+maand|/\s*maand|p/m\b|p\.m\.|per\s+month|/\s*month|a\s+month|pe\s+lun[aă]"
        r"|/\s*lun[aă]|miesięcznie|/\s*mies\.?|na\s+miesiąc|в\s+месяц|на\s+месяц|/\s*мес\.?"
        r"|на\s+місяць|/\s*міс\.?|на\s+месец|/\s*месец|al\s+mes|por\s+mes|/\s*mes\b"
        r"|por\s+mês|/\s*mês|havonta|/\s*hó\b|monatlich|/\s*monat"
    ),
}


def unit_after(tag: str) -> str:
    """An optional unit after an amount, one named group per unit (`<unit>_<tag>`); the tag
    keeps the names apart where several expressions are joined into one."""
    units = "|".join(
        f"(?P<{name.replace('-', '_')}_{tag}>{source})" for name, source in _UNITS.items()
    )
    return r"(?:\s*(?:" + units + r"))?"


_AMOUNT = r"\d" + AMOUNT_TAIL
# "EUR 150", "lei 300 pe lună": a currency word just before the amount.
_CURRENCY_BEFORE_RE = re.compile(
    r"(?<![^\W\d_])(?P<cur>euros?|eur|usd|gbp|lei|ron|zł|zl|pln|лв\.?|лева|bgn|huf|forint|грн\.?"
    r"|uah|руб\.?|rub|chf)\s?$"  # noqa: RUF001
)
_CURRENCY_BEFORE_WINDOW = 8
_AMOUNT_RE = re.compile(_AMOUNT + r"(?:,-)?")
_UNIT_RE = re.compile(unit_after("u"))
# A unit written before the price ("half uur €80", "1 uur: 150 euro", "nacht €500").
_LEADING_RE = re.compile(
    r"(?:(?P<half>half\s*uur|halfuur|1/2\s*uur|30\s*min(?:uten|utes)?|half\s*(?:an\s*)?hour)"
    r"|(?P<hour>(?:1|een)\s*uur|(?:1|one|an)\s*hour)"
    r"|(?P<night>(?:hele\s*)?nacht|overnight|(?:whole\s*)?night))\s*[:=\-\u2013]?\s*$"
)
_LEADING_WINDOW = 20
_LEADING = {"half": "half-hour", "hour": "hour", "night": "night"}


def price(
    text: str,
    lower: str,
    match: re.Match[str],
    start: int,
    amount: str,
    currency_text: str,
    offset: int,
    tag: str,
    end: int | None = None,
) -> Identifier | None:
    """The price `match` found at `start` (its units tagged `tag`, see `unit_after`), with a
    unit written before it taken in; None when it has neither currency nor unit (then it is
    just a number)."""
    currency = _CURRENCIES.get(currency_text.strip(), "")
    unit = next((name for name in _UNITS if match.group(f"{name.replace('-', '_')}_{tag}")), "")
    if not currency:
        word = _CURRENCY_BEFORE_RE.search(lower, max(0, start - _CURRENCY_BEFORE_WINDOW), start)
        if word is not None:
            currency, start = _CURRENCIES[word.group("cur")], word.start()
    lead = _LEADING_RE.search(lower, max(0, start - _LEADING_WINDOW), start)
    if lead is not None and (lead.start() == 0 or not lower[lead.start() - 1].isalnum()):
        start = lead.start()
        unit = unit or next(name for group, name in _LEADING.items() if lead.group(group))
    if not currency and not unit:
        return None
    value = _number(amount)
    value = f"{value} {currency}" if currency else value
    if unit:
        value += f"/{unit}"
    end = match.end() if end is None else end
    while end > start and lower[end - 1].isspace():
        end -= 1
    return Identifier(
        kind="price", value=value, raw=text[start:end], start=start + offset, end=end + offset
    )


def price_after_word(text: str, lower: str, start: int, offset: int) -> Identifier | None:
    """A bare amount at `start` that a currency word stands before ("EUR 150", "lei 300 pe
    lună"); None when there is no such word."""
    word = _CURRENCY_BEFORE_RE.search(lower, max(0, start - _CURRENCY_BEFORE_WINDOW), start)
    amount = _AMOUNT_RE.match(lower, start)
    if word is None or amount is None:
        return None
    unit_match = _UNIT_RE.match(lower, amount.end())
    return price(
        text,
        lower,
        unit_match or amount,
        word.start(),
        lower[start : amount.end()].rstrip(",-"),
        word.group("cur"),
        offset,
        "u",
        (unit_match or amount).end(),
    )


def _number(amount: str) -> str:
    """ "1.500" and "1,500" are thousands, "12,50" and "12.50" have cents."""
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", amount):
        return amount.replace(".", "").replace(",", "")
    whole, _, cents = amount.replace(",", ".").partition(".")
    if cents.strip("0"):
        return f"{whole}.{cents.ljust(2, '0')}"
    return whole
