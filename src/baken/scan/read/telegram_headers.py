"""The name, type and id of every chat of a Telegram export, read ahead.

Real exports write a chat's `name` and `id` before its messages. For a file that writes them
after, the reader needs them before it can name the first post (`tg:<chat id>:<message id>`),
so it runs this pass first: a second streaming read of the file that keeps only those scalars,
one small record per chat, so memory stays constant.
"""

from __future__ import annotations

from pathlib import Path

import ijson

from baken.scan.read.telegram_messages import Chat

SECTIONS = ("chats", "left_chats")
CHAT_SCALARS = ("name", "type", "id")


def chat_headers(path: Path) -> dict[tuple[str, int], Chat]:
    """Every chat's name, type and id by (section, index): a streaming pass that keeps only
    those scalars, for exports that write a chat's `id` after its messages."""
    headers: dict[tuple[str, int], Chat] = {}
    counts = dict.fromkeys(SECTIONS, 0)
    current: Chat | None = None
    with path.open("rb") as handle:
        for prefix, event, value in ijson.parse(handle, use_float=True):
            if prefix in CHAT_SCALARS:
                current = headers.setdefault(("", 0), Chat("", 0))
                key = prefix
            else:
                section, _, rest = prefix.partition(".")
                if section not in SECTIONS or not rest.startswith("list.item"):
                    continue
                if rest == "list.item":
                    if event == "start_map":
                        current = Chat(section, counts[section])
                        headers[(section, counts[section])] = current
                        counts[section] += 1
                    continue
                key = rest[len("list.item.") :]
                if key not in CHAT_SCALARS or current is None:
                    continue
            if key == "id" and event in ("number", "string"):
                current.id = str(value)
            elif key == "name" and event == "string":
                current.name = value
            elif key == "type" and event == "string":
                current.type = value
    return headers
