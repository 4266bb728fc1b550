"""The regular-expression sources of an indicator matcher, made once and kept in the table cache.

Factoring a catalogue's thousands of alternatives into tries (`baken.scan.extract.trie`) and
reading the reach of their lookaheads (`reach`) took a third of a second in every scan's
worker pool before the first post could be analysed, for a result that only changes with the
catalogue. The sources are kept in the table cache (`baken.scan.table_cache`) under a key of
the alternatives themselves, the Python version (whose regex parser `reach` reads) and the code
that makes them (this module and the trie module), so a changed catalogue, a new Python or an
edited trie builder makes a new entry instead of reading a stale one. Compiling the sources
stays in `Matcher`: compiled expressions cannot be stored.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parser
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from baken.scan import table_cache
from baken.scan.extract import trie

Branches = list[tuple[str, str]]  # (alternative, marker name)
_VERSION = 1


@dataclass(frozen=True, slots=True)
class GroupSources:
    """One group of languages: the finder (the alternatives without names, which the regex
    engine runs about twice as fast), the same alternatives with a name at the end of each,
    those names, and the characters after a match that can decide which alternative matched."""

    finder: str
    named: str
    names: dict[str, str]
    reach: int | None


@dataclass(frozen=True, slots=True)
class Sources:
    groups: dict[str, GroupSources]
    symbols: tuple[str, dict[str, str]] | None  # alternatives that start with a symbol


def sources(lexicons: list[tuple[str, str, tuple[str, ...]]], groups: Sequence[str]) -> Sources:
    """The sources for `lexicons`: (marker name, language group, patterns) of every indicator
    and language, with the groups in the order `groups` gives. From the table cache when they
    were made before."""
    stamp = _code_stamp()
    if stamp is None:  # the code cannot be read (a frozen build): no key that would be safe
        return _make(lexicons, groups)
    name = "matcher-" + table_cache.key(
        _VERSION, sys.version, stamp, repr(lexicons), repr(tuple(groups))
    )
    stored = table_cache.load(name)
    if stored is not None:
        try:
            return _from_arrays(stored)
        except (KeyError, ValueError):
            pass  # an entry of another layout: made again below
    made = _make(lexicons, groups)
    table_cache.store(name, _to_arrays(made))
    return made


def reach(alternatives: list[str]) -> int | None:
    """How many characters after a match of any of `alternatives` (followed by `WORD_END`) can
    decide which of them matches: one for the word-end test plus the widest lookahead. None
    when a lookbehind or an unbounded lookahead could look further (then nothing is cached)."""
    # `re`'s own parser (`re._parser`, the public `sre_parse` of old) reads the expressions
    # exactly as they will be compiled, lookarounds and their widths included.
    widest = 0
    pending: list[Any] = [sre_parser.parse(source) for source in alternatives]
    while pending:
        item = pending.pop()
        if isinstance(item, sre_parser.SubPattern):
            pending.extend(item.data)
        elif isinstance(item, list | tuple):
            if len(item) == 2 and item[0] in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                direction, inner = item[1]
                if direction < 0:
                    return None
                width = inner.getwidth()[1]
                if width >= sre_constants.MAXREPEAT:
                    return None
                widest = max(widest, width)
            pending.extend(item)
    return 1 + widest


def _make(lexicons: list[tuple[str, str, tuple[str, ...]]], order: Sequence[str]) -> Sources:
    """Every alternative of every pattern (heads expanded, see `trie.expand_head`) in the trie
    of its language group, or, if it starts with a symbol or emoji, with the symbols: those
    are matched anywhere, the others after a boundary character."""
    branches: dict[str, Branches] = {group: [] for group in order}
    symbols: Branches = []
    for marker, group, patterns in lexicons:
        for pattern in patterns:
            for alternative in _alternatives(pattern):
                head, _ = trie.literal_prefix(alternative)
                free = bool(head) and not re.match(r"\w", head[0])
                (symbols if free else branches[group]).append((alternative, marker))
    groups = {}
    for group, found in branches.items():
        if not found:
            continue
        unnamed, _ = trie.trie_regex([(alternative, "") for alternative, _ in found])
        named, names = trie.trie_regex(found)
        groups[group] = GroupSources(
            finder=trie.BOUNDARY + "(?:" + unnamed + ")" + trie.WORD_END,
            named="(?:" + named + ")" + trie.WORD_END,
            names=names,
            reach=reach([alternative for alternative, _ in found]),
        )
    symbol_sources = None
    if symbols:
        source, symbol_names = trie.trie_regex(symbols)
        symbol_sources = ("(?:" + source + ")" + trie.WORD_END, symbol_names)
    return Sources(groups, symbol_sources)


def _alternatives(pattern: str) -> list[str]:
    return [
        expanded
        for alternative in trie.split_alternatives(pattern)
        for expanded in trie.expand_head(alternative)
    ]


def _code_stamp() -> str | None:
    """A key of the source of the code that makes the sources, or None when it cannot be read."""
    try:
        return table_cache.key(*(Path(module.__file__ or "").read_bytes() for module in _CODE))
    except OSError:
        return None


def _to_arrays(made: Sources) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {"groups": np.array(list(made.groups), dtype=str)}
    for group, found in made.groups.items():
        arrays[f"{group}.finder"] = np.array(found.finder)
        arrays[f"{group}.named"] = np.array(found.named)
        arrays[f"{group}.keys"] = np.array(list(found.names), dtype=str)
        arrays[f"{group}.values"] = np.array(list(found.names.values()), dtype=str)
        arrays[f"{group}.reach"] = np.array(-1 if found.reach is None else found.reach)
    if made.symbols is not None:
        arrays["symbols.source"] = np.array(made.symbols[0])
        arrays["symbols.keys"] = np.array(list(made.symbols[1]), dtype=str)
        arrays["symbols.values"] = np.array(list(made.symbols[1].values()), dtype=str)
    return arrays


def _from_arrays(stored: dict[str, np.ndarray]) -> Sources:
    def names(prefix: str) -> dict[str, str]:
        keys, values = stored[f"{prefix}.keys"].tolist(), stored[f"{prefix}.values"].tolist()
        if len(keys) != len(values):
            raise ValueError("names and values differ in length")
        return dict(zip(keys, values, strict=True))

    groups = {}
    for group in stored["groups"].tolist():
        found_reach = int(stored[f"{group}.reach"])
        groups[group] = GroupSources(
            finder=str(stored[f"{group}.finder"]),
            named=str(stored[f"{group}.named"]),
            names=names(group),
            reach=None if found_reach < 0 else found_reach,
        )
    symbols = None
    if "symbols.source" in stored:
        symbols = (str(stored["symbols.source"]), names("symbols"))
    return Sources(groups, symbols)


_CODE = (trie, sys.modules[__name__])

__all__ = ["GroupSources", "Sources", "reach", "sources"]
