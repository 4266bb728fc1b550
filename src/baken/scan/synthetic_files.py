"""Write generated posts (`baken.scan.synthetic`) as the files a scan reads.

Site ads become one JSON Lines dump per site (`<site>.jsonl`, the columns of
`baken.scan.read.ads`); Telegram messages one single-chat Telegram Desktop export per channel
(`telegram-<chat id>/result.json`, as `shared/reference/telegram-export.md` describes: dates
as local time without a zone plus `date_unixtime` as a string, text as a plain string and as
`text_entities`). Post ids survive the round trip: reading the files gives the same ids.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from baken.scan.model import Post


def write_inputs(posts: list[Post], folder: Path) -> list[Path]:
    """Files holding `posts` in `folder`, in a fixed order; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    ads: defaultdict[str, list[Post]] = defaultdict(list)
    chats: defaultdict[str, list[Post]] = defaultdict(list)
    for post in posts:
        kind, place, _ = post.id.split(":", 2)
        (ads if kind == "ad" else chats)[place].append(post)
    paths: list[Path] = []
    for site in sorted(ads):
        path = folder / f"{site}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for post in ads[site]:
                record = {
                    "id": post.id.rsplit(":", 1)[1],
                    "site": site,
                    "posted_at": post.posted_at.isoformat() if post.posted_at else None,
                    "text": post.text,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(path)
    for chat_id in sorted(chats):
        path = folder / f"telegram-{chat_id}" / "result.json"
        path.parent.mkdir(exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            _write_chat(out, chat_id, chats[chat_id])
        paths.append(path)
    return paths


def _write_chat(out, chat_id: str, posts: list[Post]) -> None:  # type: ignore[no-untyped-def]
    name = posts[0].source if posts else chat_id
    head = {"name": name, "type": "public_channel", "id": int(chat_id)}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "messages": [\n')
    for number, post in enumerate(posts):
        moment = post.posted_at
        message = {
            "id": int(post.id.rsplit(":", 1)[1]),
            "type": "message",
            "date": moment.replace(tzinfo=None).isoformat(timespec="seconds") if moment else "",
            "date_unixtime": str(int(moment.timestamp())) if moment else "",
            "from": name,
            "from_id": f"channel{chat_id}",
            "text": post.text,
            "text_entities": [{"type": "plain", "text": post.text}],
        }
        comma = "," if number < len(posts) - 1 else ""
        out.write(" " + json.dumps(message, ensure_ascii=False) + comma + "\n")
    out.write("]}\n")
