"""Extract what a post says about contact, place, price, age, language and emoji.

Everything is found in the post's ORIGINAL text, before any normalisation, and keeps its span
there, so a reviewer always sees the words an identifier or flag rests on. Telegram's own
entities come first: the client already tagged phone numbers, mentions, e-mail addresses,
links and hashtags, and its spans are authoritative. The extractors then run over the text, and
what they find is dropped where it overlaps something of the same kind already found (or, for a
price, age, place or hashtag, where it lies inside a contact), so nothing is counted twice. The
structured columns of an ad dump (`title`, `phone`, `city`, `url`) are read too, with their
spans in `Identifier.field`.

`extract(post)` returns a `Finding` with identifiers, language and emoji filled and no
indicators yet; `baken.scan.indicators.score` adds those.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from operator import attrgetter

from baken.scan.extract.emoji import find_emoji
from baken.scan.extract.handles import find_handles, find_hashtags, handle_of_link
from baken.scan.extract.language import detect_language
from baken.scan.extract.links import find_emails, find_urls, find_whatsapp, normalise_url
from baken.scan.extract.numbers import find_ages, find_prices, scan_numbers
from baken.scan.extract.phones import MIN_LINKABLE_NATIONAL, find_phones, lookup
from baken.scan.extract.places import PlaceMatcher, default_matcher, find_places
from baken.scan.extract.trie import lowered
from baken.scan.model import Entity, Finding, Identifier, Post

__all__ = [
    "CONTACT_KINDS",
    "extract",
    "find_ages",
    "find_emoji",
    "find_phones",
    "find_places",
    "find_prices",
    "identifiers_in",
]

# Kinds that are ways to reach someone; the others describe an offer.
CONTACT_KINDS = frozenset({"phone", "handle", "email", "url"})

Finder = Callable[[str, str, int], list[Identifier]]
# Contacts besides phone numbers, in order of precedence.
CONTACT_FINDERS: tuple[Finder, ...] = (find_whatsapp, find_handles, find_emails, find_urls)
_DIGITS_RE = re.compile(r"\d+")


def extract(post: Post, places: PlaceMatcher | None = None) -> Finding:
    """Identifiers, language and emoji of `post` (indicators are left empty); places by
    `places` (default: the municipalities shipped with Baken, see `places.default_matcher`)."""
    text = post.text
    places = places or default_matcher()
    if post.entities:
        found = _from_entities(text, post.entities)
        _merge(found, identifiers_in(text, places=places))
    else:
        found = identifiers_in(text, places=places)  # overlap-free already: built by `_merge`
    for name, value in post.fields.items():
        if name in _FIELD_READERS and value:
            found.extend(_FIELD_READERS[name](value, name, places))
    found.sort(key=_order)
    return Finding(
        post=post,
        identifiers=found,
        language=detect_language(text),
        emoji=find_emoji(text),
    )


def identifiers_in(
    text: str, offset: int = 0, places: PlaceMatcher | None = None
) -> list[Identifier]:
    """Everything the extractors find in `text`, without overlaps, spans shifted by `offset`."""
    lower = lowered(text)
    numbers = scan_numbers(text, lower, offset)
    # Contacts first, so a price, age or place inside a link or number is dropped.
    found = find_phones(text, lower, offset, numbers.groups)
    for finder in CONTACT_FINDERS:
        _merge(found, finder(text, lower, offset))
    _merge(found, find_hashtags(text, lower, offset))
    _merge(found, numbers.prices)
    _merge(found, numbers.ages)
    _merge(found, find_places(text, lower, offset, places))
    return found


def _merge(kept: list[Identifier], new: Iterable[Identifier]) -> None:
    for candidate in new:
        descriptive = candidate.kind not in CONTACT_KINDS
        if not any(
            candidate.start < other.end
            and other.start < candidate.end
            and (other.kind == candidate.kind or (descriptive and other.kind in CONTACT_KINDS))
            for other in kept
        ):
            kept.append(candidate)


# Identifiers in reading order: by field, span and kind (a C-level key: this runs per post).
_order = attrgetter("field", "start", "end", "kind")


# -- Telegram's entities ---------------------------------------------------------------------
def _from_entities(text: str, entities: Iterable[Entity]) -> list[Identifier]:
    found: list[Identifier] = []
    for entity in entities:
        start, end = entity.start, entity.end
        written = text[start:end]
        if entity.kind == "phone":
            _merge(
                found,
                find_phones(written, lowered(written), start) or _loose_phone(written, start, end),
            )
        elif entity.kind == "mention":
            name = written.lstrip("@").lower()
            if name:
                found.append(Identifier("handle", name, written, start, end, linkable=True))
        elif entity.kind == "email":
            found.append(Identifier("email", written.lower(), written, start, end, linkable=True))
        elif entity.kind in ("link", "text_link"):
            target = entity.href if entity.kind == "text_link" and entity.href else written
            found.extend(_link(target, written, start, end))
        elif entity.kind == "hashtag":
            found.append(Identifier("hashtag", written.lstrip("#").lower(), written, start, end))
    return found


def _link(target: str, written: str, start: int, end: int, field: str = "") -> list[Identifier]:
    """A link as the contact it points to: a handle, a WhatsApp number, else a web address."""
    handle = handle_of_link(target)
    if handle is not None:
        return [Identifier("handle", handle, written, start, end, linkable=True, field=field)]
    lower = target.lower()
    phones = find_whatsapp(target, lower, 0)
    if phones:
        return [
            Identifier(
                "phone",
                phones[0].value,
                written,
                start,
                end,
                linkable=phones[0].linkable,
                field=field,
            )
        ]
    return [Identifier("url", normalise_url(target.strip()), written, start, end, field=field)]


def _loose_phone(written: str, start: int, end: int, field: str = "") -> list[Identifier]:
    """A number from a place that holds only a number (a tagged entity, a phone column), also
    when written without its `+` or trunk zero (`31612345678`)."""
    digits = "".join(_DIGITS_RE.findall(written))
    plus = written.lstrip().startswith("+")
    result = lookup(digits, plus) if digits else None
    if result is None and digits and not plus:
        result = lookup(digits, True)
    if result is None:
        return []
    e164, national = result
    return [
        Identifier(
            "phone",
            e164,
            written,
            start,
            end,
            linkable=national >= MIN_LINKABLE_NATIONAL,
            field=field,
        )
    ]


# -- structured fields -----------------------------------------------------------------------
def _phone_field(value: str, name: str, places: PlaceMatcher) -> list[Identifier]:
    found = find_phones(value, lowered(value))
    if not found:
        return _loose_phone(value, 0, len(value), name)
    return [_in_field(identifier, name) for identifier in found]


def _text_field(value: str, name: str, places: PlaceMatcher) -> list[Identifier]:
    return [_in_field(identifier, name) for identifier in identifiers_in(value, places=places)]


def _city_field(value: str, name: str, places: PlaceMatcher) -> list[Identifier]:
    found = places.find(value, lowered(value))
    return [_in_field(identifier, name) for identifier in found]


def _url_field(value: str, name: str, places: PlaceMatcher) -> list[Identifier]:
    return _link(value, value, 0, len(value), name)


def _in_field(identifier: Identifier, name: str) -> Identifier:
    return Identifier(
        identifier.kind,
        identifier.value,
        identifier.raw,
        identifier.start,
        identifier.end,
        identifier.linkable,
        identifier.obscured,
        name,
    )


# Each reader takes the field's value, its name and the scan's place matcher.
_FIELD_READERS: dict[str, Callable[[str, str, PlaceMatcher], list[Identifier]]] = {
    "phone": _phone_field,
    "title": _text_field,
    "city": _city_field,
    "url": _url_field,
}
