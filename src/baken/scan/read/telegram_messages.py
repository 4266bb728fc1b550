"""One Telegram export message (as parsed JSON) into a post.

The plain text is the concatenation of the message's text parts; Telegram's own entities
(`phone`, `mention`, `email`, `link`, `text_link`, `hashtag`) keep their offsets into that text,
counted in characters, so the extractors can take them as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NoReturn

from baken.scan.model import Entity, Post

ENTITY_KINDS = frozenset({"phone", "mention", "email", "link", "text_link", "hashtag"})
# Message keys the scan uses; the reader may skip any other key's value while parsing.
MESSAGE_KEYS = frozenset(
    {
        "id",
        "type",
        "date",
        "date_unixtime",
        "text",
        "text_entities",
        "from",
        "from_id",
        "forwarded_from",
        "via_bot",
        "contact_information",
        "photo",
        "file",
        "media_type",
    }
)
# Message keys copied as they are into `Post.fields`.
FIELD_KEYS = ("from", "from_id", "forwarded_from", "via_bot")

Fail = Callable[[str, str, str], NoReturn]


@dataclass(slots=True)
class Chat:
    """A chat as far as the reader knows it; `messages` counts the messages seen so far."""

    section: str  # "" for a single-chat export, else "chats" or "left_chats"
    index: int
    name: str | None = None
    type: str = ""
    id: str = ""
    messages: int = 0

    def path(self) -> str:
        return f"{self.section}.list[{self.index}]" if self.section else ""

    def message_path(self, index: int | None = None) -> str:
        number = self.messages - 1 if index is None else index
        base = self.path()
        return f"{base}.messages[{number}]" if base else f"messages[{number}]"


def message_post(chat: Chat, message: dict[str, Any], fail: Fail) -> Post | None:
    """The post for `message` of `chat`, or None for service messages and messages without
    text. `fail(where, expected, found)` raises the reader's error."""
    if message.get("type") != "message":
        return None  # service and unsupported messages
    where = chat.message_path()
    number = message.get("id")
    if type(number) is not int:
        fail(where, "an integer message id", repr(number))
    text, entities = _text(message, where, fail)
    if not text.strip():
        return None
    fields = {key: str(message[key]) for key in FIELD_KEYS if message.get(key) not in (None, "")}
    contact = message.get("contact_information")
    if isinstance(contact, dict) and contact.get("phone_number"):
        fields["phone"] = str(contact["phone_number"])
    media = message.get("media_type") or (
        "photo" if "photo" in message else "file" if "file" in message else ""
    )
    if media:
        fields["media"] = str(media)
    if chat.type:
        fields["chat_type"] = chat.type
    return Post(
        id=f"tg:{chat.id}:{number}",
        source=chat.name or chat.type or chat.id,
        text=text,
        posted_at=_time(message, where, fail),
        entities=entities,
        fields=fields,
    )


def _text(message: dict[str, Any], where: str, fail: Fail) -> tuple[str, tuple[Entity, ...]]:
    parts = message.get("text_entities")
    key = "text_entities"
    if parts is None:
        parts, key = message.get("text", ""), "text"
    if isinstance(parts, str):
        return parts, ()
    if not isinstance(parts, list):
        fail(f"{where}.{key}", "a string or an array of text parts", repr(parts)[:60])
    pieces: list[str] = []
    entities: list[Entity] = []
    position = 0
    for number, part in enumerate(parts):
        if isinstance(part, str):
            pieces.append(part)
            position += len(part)
            continue
        piece = part.get("text") if isinstance(part, dict) else None
        if not isinstance(piece, str):
            fail(
                f"{where}.{key}[{number}]",
                'a string or an object with "type" and "text"',
                repr(part)[:60],
            )
        kind = part.get("type")
        end = position + len(piece)
        if kind in ENTITY_KINDS:
            href = part.get("href") if kind == "text_link" else ""
            entities.append(Entity(kind, position, end, piece, str(href or "")))
        pieces.append(piece)
        position = end
    return "".join(pieces), tuple(entities)


def _time(message: dict[str, Any], where: str, fail: Fail) -> datetime | None:
    stamp = message.get("date_unixtime")
    if stamp is not None:
        try:
            return datetime.fromtimestamp(int(stamp), tz=UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            fail(f"{where}.date_unixtime", "epoch seconds as a string", repr(stamp))
    local = message.get("date")
    if isinstance(local, str):
        # Old exports without date_unixtime: local time of the exporting machine, zone unknown.
        try:
            return datetime.fromisoformat(local).replace(tzinfo=UTC)
        except ValueError:
            fail(f"{where}.date", "a time as YYYY-MM-DDTHH:MM:SS", repr(local))
    return None
