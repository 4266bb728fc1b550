"""Telegram handles (`@name`, `t.me/name`) and hashtags.

A handle is a contact: the same handle in several ads ties them together, so it is linkable.
Its value is the lower-case name without `@` (Telegram names are case-insensitive). A `t.me`
link to a person or channel is that handle; invite links (`t.me/+…`, `t.me/joinchat/…`) are
not handles and are left to the URL extractor.
"""

from __future__ import annotations

import re

from baken.scan.model import Identifier

# Telegram usernames are 5-32 characters of letters, digits and underscores.
HANDLE = r"[a-z0-9_]{5,32}"
_MENTION_RE = re.compile(r"(?<![\w@.+-])@(" + HANDLE + r")(?![\w@])")
_TME_RE = re.compile(
    r"(?<![\w.@/])(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/(?:s/)?@?("
    + HANDLE
    + r")(?![\w/+])/?"
)
_TG_RESOLVE_RE = re.compile(r"tg://resolve\?domain=(" + HANDLE + r")(?![\w])")
_HASHTAG_RE = re.compile(r"(?<![\w#&])#(\w*[^\W\d_]\w*)")
# Paths under t.me that are not usernames.
NOT_HANDLES = frozenset({"joinchat", "addstickers", "addemoji", "share", "proxy", "socks", "iv"})


def find_handles(text: str, lower: str, offset: int = 0) -> list[Identifier]:
    """Handles written as `@name`, `t.me/name` or `tg://resolve?domain=name`."""
    found: list[Identifier] = []
    if "@" in lower:
        found.extend(
            _handle(text, match.group(1), match.start(), match.end(), offset)
            for match in _MENTION_RE.finditer(lower)
        )
    if ".me/" in lower or ".dog/" in lower:
        for match in _TME_RE.finditer(lower):
            if match.group(1) not in NOT_HANDLES:
                found.append(_handle(text, match.group(1), match.start(), match.end(), offset))
    if "tg://" in lower:
        found.extend(
            _handle(text, match.group(1), match.start(), match.end(), offset)
            for match in _TG_RESOLVE_RE.finditer(lower)
        )
    return found


def handle_of_link(link: str) -> str | None:
    """The handle a link points to (`https://t.me/Name` → `name`), or None."""
    lower = link.strip().lower()
    match = _TME_RE.fullmatch(lower) or _TG_RESOLVE_RE.fullmatch(lower)
    if match is None or match.group(1) in NOT_HANDLES:
        return None
    return match.group(1)


def find_hashtags(text: str, lower: str, offset: int = 0) -> list[Identifier]:
    """Hashtags; they describe (a place, a service) and never link on their own."""
    if "#" not in lower:
        return []
    return [
        Identifier(
            kind="hashtag",
            value=match.group(1),
            raw=text[match.start() : match.end()],
            start=match.start() + offset,
            end=match.end() + offset,
        )
        for match in _HASHTAG_RE.finditer(lower)
    ]


def _handle(text: str, name: str, start: int, end: int, offset: int) -> Identifier:
    return Identifier(
        kind="handle",
        value=name,
        raw=text[start:end],
        start=start + offset,
        end=end + offset,
        linkable=True,
    )
