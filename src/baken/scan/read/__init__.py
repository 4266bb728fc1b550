"""Read online material into posts: Telegram Desktop exports and ad dumps (JSON Lines, CSV).

`iter_posts(path)` reads one file (or an export folder), whatever its format; `read_posts(paths)`
reads several and yields each post id once, so re-reading the same material, or an export that
overlaps an earlier one, adds nothing twice. A file that cannot be read raises
`ScanInputError` naming the file, the place in it and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from baken.scan.errors import ScanInputError
from baken.scan.model import Post
from baken.scan.read.ads import iter_csv, iter_jsonl
from baken.scan.read.detect import CSV, FORMATS, JSONL, TELEGRAM, detect_format, resolve
from baken.scan.read.telegram import iter_telegram

__all__ = [
    "CSV",
    "FORMATS",
    "JSONL",
    "TELEGRAM",
    "ScanInputError",
    "detect_format",
    "iter_posts",
    "read_posts",
    "whole_characters",
]


def iter_posts(path: str | Path, kind: str | None = None) -> Iterator[Post]:
    """The posts in the file (or Telegram export folder) at `path`, streamed in file order.

    The format is detected from the content unless `kind` ("telegram", "jsonl", "csv") is
    given. Posts come out one at a time, so a multi-gigabyte export is read in constant memory.
    """
    file = resolve(path)
    kind = kind or detect_format(file)
    if kind == TELEGRAM:
        return iter_telegram(file)
    if kind == JSONL:
        return iter_jsonl(file)
    if kind == CSV:
        return iter_csv(file)
    raise ValueError(f"unknown format {kind!r}; known: {', '.join(FORMATS)}")


def read_posts(paths: Iterable[str | Path], seen: set[str] | None = None) -> Iterator[Post]:
    """The posts of several inputs, each post id once.

    `seen` holds ids already taken (for instance those stored by an earlier scan); it is updated
    in place, so a caller can carry it from one run to the next.
    """
    taken = seen if seen is not None else set()
    for path in paths:
        for post in iter_posts(path):
            post = whole_characters(post)
            if post.id in taken:
                continue
            taken.add(post.id)
            yield post


# Half of a UTF-16 surrogate pair ("\ud83d", an emoji cut in two by a client or a scraper) can
# stand in JSON, but no file can hold it as UTF-8: every output would fail on it.
_SURROGATE = re.compile("[\ud800-\udfff]")
_REPLACEMENT = "\ufffd"


def whole_characters(post: Post) -> Post:
    """`post` with every lone surrogate in its text, id, source, fields and entities replaced by
    U+FFFD, one character for one, so the spans of entities and findings stay where they are."""
    strings = [post.text, post.id, post.source, *post.fields.values()]
    for entity in post.entities:
        strings.extend((entity.text, entity.href))
    joined = "".join(strings)  # one C-level test of everything: this runs for every post
    if joined.isascii() or not _SURROGATE.search(joined):
        return post
    return Post(
        id=_SURROGATE.sub(_REPLACEMENT, post.id),
        source=_SURROGATE.sub(_REPLACEMENT, post.source),
        text=_SURROGATE.sub(_REPLACEMENT, post.text),
        posted_at=post.posted_at,
        entities=tuple(
            replace(
                entity,
                text=_SURROGATE.sub(_REPLACEMENT, entity.text),
                href=_SURROGATE.sub(_REPLACEMENT, entity.href),
            )
            for entity in post.entities
        ),
        fields={key: _SURROGATE.sub(_REPLACEMENT, value) for key, value in post.fields.items()},
    )
