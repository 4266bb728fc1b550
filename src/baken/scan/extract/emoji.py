"""The emoji in a post, in order of appearance, each as its full sequence.

Emoji carry meaning in ads (coded offers, signals of youth) and are part of an ad's template, so
they are kept as a list with repeats: a skin tone, a ZWJ sequence (👩‍❤️‍👨), a flag (two
regional indicators) and a keycap (1️⃣) each count as one.
"""

from __future__ import annotations

import re

_PICTOGRAPH = "\\U0001f000-\\U0001faff\\u2600-\\u27bf\\u2b00-\\u2bff\\u2300-\\u23ff"
_MODIFIERS = "[\\ufe0f\\U0001f3fb-\\U0001f3ff]*"
_EMOJI_RE = re.compile(
    f"[{_PICTOGRAPH}]"
    # A flag is a pair of regional indicators.
    "(?:(?<=[\\U0001f1e6-\\U0001f1ff])[\\U0001f1e6-\\U0001f1ff])?"
    f"{_MODIFIERS}(?:\\u200d[{_PICTOGRAPH}]{_MODIFIERS})*"
)
_KEYCAP_RE = re.compile("[0-9#*]\\ufe0f?\\u20e3")


def find_emoji(text: str) -> list[str]:
    if text.isascii():
        return []
    found = [(match.start(), match.group()) for match in _EMOJI_RE.finditer(text)]
    if "\u20e3" in text:
        found.extend((match.start(), match.group()) for match in _KEYCAP_RE.finditer(text))
        found.sort()
    return [emoji for _, emoji in found]
