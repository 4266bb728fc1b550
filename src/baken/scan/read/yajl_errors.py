"""Where in a block of bytes the C JSON parser (yajl, under ijson) stopped."""

from __future__ import annotations


def error_position(message: str, block: bytes) -> int | None:
    """The error's offset in `block`, found from the context yajl prints under its message.

    yajl shows up to 30 bytes either side of the error (newlines shown as spaces) and a caret
    under the failing byte; finding that context in the block gives the exact position.
    """
    lines = message.split("\n")
    if not block or len(lines) < 3 or "(right here)" not in lines[2]:
        return None
    context = lines[1]
    caret = lines[2].find("^")
    text = context.lstrip(" ")
    if not text.strip() or caret < 0:
        return None
    needle = text.encode("utf-8", errors="ignore")
    haystack = block.replace(b"\n", b" ").replace(b"\r", b" ")
    found = haystack.find(needle)
    if found < 0 or haystack.find(needle, found + 1) >= 0:
        return None
    return min(found + caret - (len(context) - len(text)), len(block))
