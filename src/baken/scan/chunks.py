"""A chunk of posts and what analysing it gives: the unit of work a scan sends to its workers.

`analyse_chunk(chunk)` runs in whichever process analyses the chunk (the scan's own, a local
worker, a Dask worker): it extracts and scores every post, writes each post's JSON prefix and
keeps, in compact form, only what the global steps need (shingle ids, linkable identifiers,
places, names, indicator codes, dates, evidence weights).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

import numpy as np

from baken.scan import minhash, output
from baken.scan.extract.places import matcher_for as place_matcher
from baken.scan.model import Entity, Finding, Post
from baken.scan.scoring import EVIDENCE_WEIGHTS, advertised_names

ANALYSER = "baken.scan.analyse:analyse"
LINKING_KINDS = ("phone", "handle", "email")


@dataclass(slots=True)
class Chunk:
    """Posts to analyse, the analyser (`module:name`) and the municipalities to find as places
    (None: those shipped with Baken). An analyser is called as `analyse(post)`, and as
    `analyse(post, places=matcher)` when the chunk names municipalities."""

    index: int
    posts: list[Post]
    analyser: str = ANALYSER
    municipalities: tuple[str, ...] | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # A chunk crosses to a worker process as plain tuples: pickling a slotted dataclass
        # goes through Python-level `__reduce_ex__` per object, which made sending the posts
        # cost as much CPU in the reading process as a tenth of their analysis.
        posts = [
            (p.id, p.source, p.text, p.posted_at, p.entities, p.fields or None) for p in self.posts
        ]
        return _unpack_chunk, (self.index, posts, self.analyser, self.municipalities)


def _unpack_chunk(
    index: int,
    posts: list[tuple[str, str, str, Any, tuple[Entity, ...], dict[str, str] | None]],
    analyser: str,
    municipalities: tuple[str, ...] | None = None,
) -> Chunk:
    return Chunk(
        index,
        [
            Post(id_, source, text, posted_at, entities, fields or {})
            for id_, source, text, posted_at, entities, fields in posts
        ],
        analyser,
        municipalities,
    )


@dataclass(slots=True)
class ChunkResult:
    """What the global steps need of a chunk of posts, in compact form."""

    index: int
    ids: list[str]
    lines: bytes  # the posts' JSON prefixes (`output.post_prefix`), UTF-8, one per line
    flat: np.ndarray
    offsets: np.ndarray
    posted: np.ndarray
    weight: np.ndarray
    contacts: output.Interned
    places: output.Interned
    names: output.Interned
    codes: output.Interned


_SHINGLER = minhash.Shingler()
_ANALYSERS: dict[str, Callable[[Post], Finding]] = {}


def _analyser(name: str) -> Callable[[Post], Finding]:
    if name not in _ANALYSERS:
        module, _, attribute = name.partition(":")
        _ANALYSERS[name] = getattr(importlib.import_module(module), attribute)
    return _ANALYSERS[name]


def warm_up(analyser: str = ANALYSER) -> None:
    """Load what the analyser needs (language model, place names, catalogue) ahead of time."""
    module = importlib.import_module(analyser.partition(":")[0])
    if hasattr(module, "warm_up"):
        module.warm_up()


def analyse_chunk(chunk: Chunk) -> ChunkResult:
    """Analyse the posts of `chunk`: the function every worker runs."""
    analyse = _analyser(chunk.analyser)
    if chunk.municipalities is not None:
        with_places: Callable[..., Finding] = analyse  # analysers take `places` (see `Chunk`)
        analyse = functools.partial(with_places, places=place_matcher(chunk.municipalities))
    lines: list[str] = []
    words: list[list[str]] = []
    posted = np.full(len(chunk.posts), np.nan)
    weight = np.zeros(len(chunk.posts), dtype=np.float32)
    contacts: list[tuple[int, str]] = []
    places: list[tuple[int, str]] = []
    names: list[tuple[int, str]] = []
    codes: list[tuple[int, str]] = []
    for number, post in enumerate(chunk.posts):
        finding = analyse(post)
        lines.append(output.post_prefix(finding))
        masks = []
        named = False
        for item in finding.identifiers:
            if not item.field:
                masks.append((item.start, item.end))
            if item.linkable and item.kind in LINKING_KINDS:
                contacts.append((number, f"{item.kind}:{item.value}"))
            elif item.kind == "place":
                places.append((number, item.value))
            elif item.kind == "name":
                names.append((number, item.value))
                named = True
        if not named:
            names.extend([(number, name) for name in advertised_names(post.text)])
        words.append(minhash.masked_words(post.text, masks))
        evidence = {hit.code: hit.evidence for hit in finding.indicators}
        weight[number] = sum([EVIDENCE_WEIGHTS.get(level, 0.0) for level in evidence.values()])
        codes.extend([(number, c) for c, level in evidence.items() if level != "contradicted"])
        if post.posted_at is not None:
            moment = post.posted_at
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            posted[number] = moment.timestamp()
    flat, offsets = _SHINGLER.shingle(words)
    return ChunkResult(
        chunk.index,
        [post.id for post in chunk.posts],
        output.encode_lines(lines),
        flat,
        offsets,
        posted,
        weight,
        output.intern_pairs(contacts),
        output.intern_pairs(places),
        output.intern_pairs(names),
        output.intern_pairs(codes),
    )


__all__ = ["ANALYSER", "LINKING_KINDS", "Chunk", "ChunkResult", "analyse_chunk", "warm_up"]
