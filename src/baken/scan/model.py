"""The records the scan engine passes between its stages: read → extract → score → group → link.

A *post* is one unit of online material: a Telegram message or one advertisement. Everything
the engine finds in a post keeps the character span in the post's original text, so a reviewer
can always see the words a flag rests on. No Django here: the engine is a library first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Entity:
    """A span the source itself tagged (Telegram's `text_entities`): kind as Telegram names it
    (`phone`, `mention`, `email`, `link`, `text_link`, `hashtag`), with `href` for text links."""

    kind: str
    start: int
    end: int
    text: str
    href: str = ""


@dataclass(slots=True)
class Post:
    """One message or advertisement as read from a file.

    `id` is stable across re-reads of the same material (`tg:<chat id>:<message id>` or
    `ad:<site>:<ad id>`), which is what makes a scan idempotent. `source` names where it came
    from (chat name or site). `fields` holds the structured columns of an ad dump (`title`,
    `city`, `phone`, `url`) when present.
    """

    id: str
    source: str
    text: str
    posted_at: datetime | None = None
    entities: tuple[Entity, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)


class Identifier(NamedTuple):
    """Something that can tie posts together or place them: a phone number, handle, e-mail, URL,
    price, stated age, place or name.

    `value` is the normalised form used for linking (E.164 for phones, lower-case handle without
    `@`, lower-case e-mail, municipality name as officially spelled); `raw` the text as written.
    `linkable` is true only for identifiers that may join posts into a network (a VALID phone
    number with at least 8 national digits, a handle, an e-mail); prices, ages and places never
    link, they describe.

    `field` is empty when the span is in `Post.text`; otherwise it names the `Post.fields` entry
    the span is in (an ad dump's `title`, `phone`, `city` or `url` column, or the phone number
    of a contact card shared in a Telegram message).

    Identifiers and indicator hits are named tuples rather than frozen dataclasses: the same
    immutable values with the same hash, made five times faster (a frozen dataclass sets each
    field through `object.__setattr__`), and a scan makes several for every post.
    """

    kind: str
    value: str
    raw: str
    start: int
    end: int
    linkable: bool = False
    obscured: bool = False
    field: str = ""


class IndicatorHit(NamedTuple):
    """One indicator found in a post, with the matched span and the indicator's evidence level
    (`validated`, `official`, `practitioner`, `contradicted`, or `structural`/`research`/`mixed`
    as the catalogue says). A hit is a reason to review, never a label for a person."""

    code: str
    evidence: str
    start: int
    end: int
    text: str
    language: str = ""
    field: str = ""  # as `Identifier.field`: empty for `Post.text`, else the `Post.fields` key


@dataclass(slots=True)
class Finding:
    """What extraction and scoring made of one post."""

    post: Post
    identifiers: list[Identifier] = field(default_factory=list)
    indicators: list[IndicatorHit] = field(default_factory=list)
    language: str = ""
    emoji: list[str] = field(default_factory=list)
