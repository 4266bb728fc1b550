"""E-mail addresses, web addresses and WhatsApp links.

An e-mail address is a contact and links posts (value: lower case). A web address describes
where an ad points (a site, an invite link); it is kept for review but does not link posts on
its own. A WhatsApp link (`wa.me/31612345678`) is a phone number and is returned as one.
"""

from __future__ import annotations

import re

from baken.scan.extract.handles import handle_of_link
from baken.scan.extract.phones import MIN_LINKABLE_NATIONAL, lookup
from baken.scan.model import Identifier

_EMAIL_DOMAIN_RE = re.compile(r"@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,24}(?![\w-])")
_EMAIL_LOCAL = frozenset(".+-_")
_URL_RE = re.compile(r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"'`{}|\\^\[\]]+")
_URL_TRAILING = ".,;:!?)]}'\"…"
_WHATSAPP_RE = re.compile(
    r"(?<![\w.])(?:https?://)?(?:wa\.me/|(?:api\.)?whatsapp\.com/send/?\?phone=)\+?(\d{8,15})"
)


def find_emails(text: str, lower: str, offset: int = 0) -> list[Identifier]:
    if "@" not in lower:
        return []
    found: list[Identifier] = []
    for match in _EMAIL_DOMAIN_RE.finditer(lower):
        start = at = match.start()
        while start and (lower[start - 1].isalnum() or lower[start - 1] in _EMAIL_LOCAL):
            start -= 1
        while start < at and lower[start] in _EMAIL_LOCAL:
            start += 1  # a local part does not start with a dot or dash
        if start == at:
            continue
        end = match.end()
        found.append(
            Identifier(
                kind="email",
                value=lower[start:end],
                raw=text[start:end],
                start=start + offset,
                end=end + offset,
                linkable=True,
            )
        )
    return found


def find_urls(text: str, lower: str, offset: int = 0) -> list[Identifier]:
    """Web addresses; a `t.me` address to a handle is a handle (see `handles`), not a URL."""
    if "http" not in lower and "www." not in lower:
        return []
    found: list[Identifier] = []
    for match in _URL_RE.finditer(text):
        start, end = match.start(), match.end()
        while end > start and text[end - 1] in _URL_TRAILING:
            if text[end - 1] == ")" and "(" in text[start:end]:
                break
            end -= 1
        raw = text[start:end]
        if handle_of_link(raw) is not None or _WHATSAPP_RE.match(lower, start):
            continue
        found.append(
            Identifier(
                kind="url",
                value=normalise_url(raw),
                raw=raw,
                start=start + offset,
                end=end + offset,
            )
        )
    return found


def normalise_url(raw: str) -> str:
    """Scheme and host in lower case, `www.` addresses given a scheme, no trailing slash."""
    url = raw if "://" in raw else f"http://{raw}"
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}".rstrip("/")


def find_whatsapp(text: str, lower: str, offset: int = 0) -> list[Identifier]:
    """WhatsApp links, as the phone numbers they open (always written internationally)."""
    if "wa.me" not in lower and "whatsapp.com" not in lower:
        return []
    found: list[Identifier] = []
    for match in _WHATSAPP_RE.finditer(lower):
        result = lookup(match.group(1), True)
        if result is None:
            continue
        e164, national = result
        found.append(
            Identifier(
                kind="phone",
                value=e164,
                raw=text[match.start() : match.end()],
                start=match.start() + offset,
                end=match.end() + offset,
                linkable=national >= MIN_LINKABLE_NATIONAL,
            )
        )
    return found
