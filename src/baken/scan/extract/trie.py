"""Many alternatives as one regular expression, factored by their literal prefixes.

Python's `re` tries the branches of an alternation one after the other, so a flat list of a few
hundred words costs a few hundred comparisons at every word of every post. Factored as a trie
(`ver(?:voer|blijf)…`), a position that fits no alternative is refused after one or two
comparisons. Branches that are regular expressions keep their tail as written; only their
literal head goes into the trie. Each branch may end in an empty named group, so
`match.lastgroup` says which alternative matched.

Text is matched in lower case (see `lowered`), which keeps the engine on its fast literal path;
the alternatives are therefore expected in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_META = frozenset(".^$*+?{}[]\\|()")
_QUANTIFIERS = frozenset("*+?{")
# A match that ends with a word character must not be followed by one; one that ends with
# punctuation or an emoji may.
WORD_END = r"(?:(?!\w)|(?<=\W))"
# The characters that may stand before a word: ASCII punctuation and white space, Latin-1
# punctuation, general punctuation, symbols, arrows, dingbats, CJK punctuation and emoji.
# Matching a word as "one of these, then the word" instead of "\b, then the word" lets the
# regex engine skip along the text to the next such character in C, rather than trying every
# alternative at every position: about three times faster on a 300-character post. The text is
# searched with one space in front (`padded`), so a word at the very start is found as well.
BOUNDARY = (
    "[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f\\u00a0-\\u00bf\\u2000-\\u2bff"
    "\\u3000-\\u303f\\ufe0f\\U0001f000-\\U0001faff]"
)
# The ASCII characters of `BOUNDARY`. In an all-ASCII text a pattern starting with this class
# finds exactly what the same pattern starting with `BOUNDARY` finds, and the engine tests a
# character against one 256-bit map instead of walking the ranges of the full class: a pass
# over an ASCII post (most posts) costs a quarter less. See `WordPattern`.
ASCII_BOUNDARY = "[\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f]"


def lowered(text: str) -> str:
    """`text` in lower case with every character at its own offset.

    A handful of characters grow when lowered (the Turkish dotted capital I becomes two); those
    stay as they are, so spans found in the lowered text are spans in the original.
    """
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def padded(lower: str) -> str:
    """The lowered text with the one space in front that `BOUNDARY` patterns expect; a match
    of such a pattern in it starts at the boundary character, so `match.start()` is the
    offset of the word in the unpadded text and `match.end() - 1` its end."""
    return " " + lower


class WordPattern:
    """A pattern that starts with `BOUNDARY`, compiled twice: as written, and with
    `ASCII_BOUNDARY` in front for texts that are all ASCII. Both find the same matches in such
    a text; the second finds them sooner."""

    __slots__ = ("ascii", "pattern")

    def __init__(self, source: str) -> None:
        if not source.startswith(BOUNDARY):
            raise ValueError("a word pattern starts with BOUNDARY")
        self.pattern = re.compile(source)
        self.ascii = re.compile(ASCII_BOUNDARY + source[len(BOUNDARY) :])

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches in `text` (a `padded` text), as `re.Pattern.finditer` gives them."""
        # `str.isascii` reads a flag of the string object: it costs nothing per character.
        return (self.ascii if text.isascii() else self.pattern).finditer(text)


def word_pattern(source: str) -> WordPattern:
    """A compiled pattern finding `source` as whole words in `padded` text."""
    return WordPattern(BOUNDARY + "(?:" + source + ")" + WORD_END)


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (`a|b(c|d)` → `a`, `b(c|d)`)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]" or pattern[index + 1 : index + 3] == "^]":
                index += 2 if pattern[index + 1] == "]" else 3
                continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts


def literal_prefix(branch: str) -> tuple[str, str]:
    """Split a branch without top-level `|` into its literal head and the rest of the source."""
    chars: list[str] = []
    index = 0
    while index < len(branch):
        char = branch[index]
        if char == "\\":
            following = branch[index + 1 : index + 2]
            if not following or following.isalnum():
                break  # \d, \s, \b, \1 ...: not a literal
            literal, width = following, 2
        elif char in _META:
            break
        else:
            literal, width = char, 1
        following = branch[index + width : index + width + 1]
        if following and following in _QUANTIFIERS:
            break  # the literal is quantified: it belongs to the tail
        chars.append(literal)
        index += width
    return "".join(chars), branch[index:]


MAX_EXPANSION = 64  # alternatives one branch may be expanded into


def expand_head(branch: str) -> list[str]:
    """A branch without top-level `|` rewritten as plain alternatives with longer literal heads.

    A group after the literal head is distributed over what follows (`(?:huur|kosten) worden`
    becomes `huur worden`, `kosten worden`; an optional group also yields the branch without
    it), a small character class is spelled out and a `\\d` becomes the ten digits, again and
    again until the head meets something else. A branch with no literal head is tried in full
    at every position of every post, so this matters: it made the combined indicator expression
    five times faster. It also puts `hotel room` in the trie beside `hotel`, so the longer
    wording wins. Branches that cannot be expanded (a repeated group, a negated class) stop
    there; a branch that would grow beyond `MAX_EXPANSION` is left as it is.
    """
    done: list[str] = []
    pending = [branch]
    while pending:
        current = pending.pop()
        head, tail = literal_prefix(current)
        options = _distribute(tail)
        if options is None:
            done.append(current)
        else:
            prefix = re.escape(head)
            pending.extend(prefix + option for option in reversed(options) if prefix + option)
        if len(done) + len(pending) > MAX_EXPANSION:
            return [branch]
    return done


def _distribute(branch: str) -> list[str] | None:
    optional = _optional_literal(branch)
    if optional is not None:
        literal, rest = optional
        return [literal + rest, rest]
    if branch.startswith("(") and not branch.startswith(("(?=", "(?!", "(?<", "(?P")):
        close = _closing(branch, 0, "(", ")")
        if close is None:
            return None
        inner = branch[3:close] if branch.startswith("(?:") else branch[1:close]
        return _quantified(split_alternatives(inner), branch[close + 1 :])
    if branch.startswith("[") and not branch.startswith("[^"):
        close = _closing(branch, 0, "[", "]")
        if close is None:
            return None
        members = branch[1:close]
        if "\\" in members or "-" in members[1:-1] or len(members) > 8:
            return None
        return _quantified([re.escape(char) for char in members], branch[close + 1 :])
    if branch.startswith("\\d"):
        rest = branch[2:]
        if rest.startswith("+"):
            return [f"{digit}\\d*{rest[1:]}" for digit in "0123456789"]
        return _quantified(list("0123456789"), rest)
    return None


def _optional_literal(branch: str) -> tuple[str, str] | None:
    """`e?rest` or `\\ ?rest`: one optional literal character, as (its source, rest)."""
    if branch[:1] == "\\" and branch[1:2] and not branch[1].isalnum() and branch[2:3] == "?":
        return branch[:2], branch[3:]
    if branch[:1] and branch[0] not in _META and branch[1:2] == "?":
        return branch[0], branch[2:]
    return None


def _quantified(options: list[str], rest: str) -> list[str] | None:
    if rest.startswith(("*", "+", "{", "??")):
        return None
    if rest.startswith("?"):
        return [option + rest[1:] for option in options] + [rest[1:]]
    return [option + rest for option in options]


def _closing(text: str, start: int, opening: str, closing: str) -> int | None:
    """The index of the bracket closing the one at `start`, skipping escapes and classes."""
    depth = 0
    index = start
    in_class = False
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if opening == "[":
            if char == "]" and index > start + 1:
                return index
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    tails: list[str] = field(default_factory=list)


def trie_regex(branches: Iterable[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """One regex source for `(pattern, marker)` branches, and the marker of each group name.

    Each pattern is split into its top-level alternatives; each alternative's literal head goes
    into a trie and its tail, followed by an empty group named for the marker when one is
    given, hangs below. Group names are unique (`<marker>_<n>`); the returned mapping leads
    back from `match.lastgroup` to the marker. Longer heads are tried before shorter ones.
    """
    root = _Node()
    names: dict[str, str] = {}
    for pattern, marker in branches:
        alternatives = [
            expanded
            for alternative in split_alternatives(pattern)
            for expanded in expand_head(alternative)
        ]
        for alternative in alternatives:
            end = ""
            if marker:
                name = f"{marker}_{len(names)}"
                names[name] = marker
                end = f"(?P<{name}>)"
            head, tail = literal_prefix(alternative)
            node = root
            for char in head:
                node = node.children.setdefault(char, _Node())
            tail_source = f"(?:{tail})" if tail and _needs_group(tail) else tail
            node.tails.append(tail_source + end)
    return _emit(root), names


def words_regex(words: Iterable[str]) -> str:
    """A regex source matching any of the literal `words` (longest first at each position)."""
    return trie_regex((re.escape(word), "") for word in sorted(set(words)))[0]


def _needs_group(tail: str) -> bool:
    return len(split_alternatives(tail)) > 1


def _emit(node: _Node) -> str:
    alternatives = [re.escape(char) + _emit(child) for char, child in sorted(node.children.items())]
    alternatives.extend(dict.fromkeys(node.tails))  # in order, without repeats
    if not alternatives:
        return "(?!)"  # nothing to match
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"
