"""The files a scan writes, and how they are written.

* `posts.jsonl`: one object per post, in input order: `id`, `source`, `posted_at` (ISO 8601 or
  null), `text`, `identifiers` and `indicators` (each with its span), `cluster_id`, `network_id`;
* `clusters.csv`: `post_id,cluster_id`; `networks.csv`: `post_id,network_id`;
* `leads.csv`: one row per network, highest score first: `network_id,score,posts,phones,
  handles,cities,names,top_indicators,first_seen,last_seen`. `phones`, `handles` (handles and
  e-mail addresses) and `cities` list their values separated by `|`; `names` counts the names
  advertised; `top_indicators` lists the most frequent indicator codes, contradicted ones left
  out;
* `report.html` (`baken.scan.report`).

Files are first written under temporary names in the output folder and renamed into place only
when all of them are complete, so a failed scan leaves the previous results as they were. The
same input gives byte-identical files: nothing in them depends on the clock or the machine.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, TextIO

import numpy as np

from baken.scan.model import Finding
from baken.scan.scoring import Lead

# (post, value) pairs of one chunk with the values interned: post numbers within the chunk, the
# number of each pair's value in the chunk, and the values in order of first appearance.
Interned = tuple[np.ndarray, np.ndarray, list[str]]


def intern_pairs(pairs: list[tuple[int, str]]) -> Interned:
    """The `Interned` form of a chunk's `(post, value)` pairs (done in the worker, so that the
    process collecting the chunks handles each distinct value of a chunk once, not each pair)."""
    numbers: dict[str, int] = {}
    values = [numbers.setdefault(value, len(numbers)) for _, value in pairs]
    return (
        np.fromiter((post for post, _ in pairs), dtype=np.int64, count=len(pairs)),
        np.array(values, dtype=np.int64),
        list(numbers),
    )


class ChunkRows(Protocol):
    """What `Columns.add` takes from a chunk (`baken.scan.chunks.ChunkResult`)."""

    ids: list[str]
    lines: bytes
    flat: np.ndarray
    offsets: np.ndarray
    posted: np.ndarray
    weight: np.ndarray
    contacts: Interned
    places: Interned
    names: Interned
    codes: Interned


POSTS, CLUSTERS, NETWORKS, LEADS, REPORT = (
    "posts.jsonl",
    "clusters.csv",
    "networks.csv",
    "leads.csv",
    "report.html",
)
CLUSTER_COLUMNS = ("post_id", "cluster_id")
NETWORK_COLUMNS = ("post_id", "network_id")
LEAD_COLUMNS = (
    "network_id",
    "score",
    "posts",
    "phones",
    "handles",
    "cities",
    "names",
    "top_indicators",
    "first_seen",
    "last_seen",
)


def identifier_id(prefix: str, number: int, count: int) -> str:
    """`T000012`, `N000345`: a prefix and a number padded to the width the count needs."""
    return f"{prefix}{number + 1:0{max(6, len(str(count)))}d}"


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


# `json.dumps(..., ensure_ascii=False)` escapes strings with this C function; using it directly
# on each string and joining the fixed keys by hand gives the same bytes as `json.dumps` of the
# record (keys in this order, `separators=(",", ":")`) at a third of the cost: this runs once
# per post, and the generic encoder's per-value dispatch was a tenth of a post's analysis.
_quote: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]
_BOOL = {True: "true", False: "false"}


def post_prefix(finding: Finding) -> str:
    """The JSON object of a post without its closing brace; `LineFinisher` adds the ids that
    are only known once every post has been read."""
    post = finding.post
    quote, boolean = _quote, _BOOL
    posted = iso(post.posted_at)
    identifiers = ",".join(
        [
            f'{{"kind":{quote(i.kind)},"value":{quote(i.value)},"raw":{quote(i.raw)},'
            f'"start":{i.start:d},"end":{i.end:d},"linkable":{boolean[bool(i.linkable)]},'
            f'"obscured":{boolean[bool(i.obscured)]},"field":{quote(i.field)}}}'
            for i in finding.identifiers
        ]
    )
    indicators = ",".join(
        [
            f'{{"code":{quote(h.code)},"evidence":{quote(h.evidence)},"start":{h.start:d},'
            f'"end":{h.end:d},"text":{quote(h.text)},"language":{quote(h.language)},'
            f'"field":{quote(h.field)}}}'
            for h in finding.indicators
        ]
    )
    return (
        f'{{"id":{quote(post.id)},"source":{quote(post.source)},'
        f'"posted_at":{"null" if posted is None else quote(posted)},"text":{quote(post.text)},'
        f'"identifiers":[{identifiers}],"indicators":[{indicators}]'
    )


def encode_lines(prefixes: list[str]) -> bytes:
    """A chunk's post prefixes as one block of UTF-8 lines, the form they travel and are
    spooled in: one bytes object pickles, writes and reads back without a step per post."""
    return ("\n".join(prefixes) + "\n").encode("utf-8") if prefixes else b""


class LineFinisher:
    """Completes an encoded prefix into a line of posts.jsonl with its cluster and network ids;
    the fragments are encoded once per cluster and network rather than once per post."""

    def __init__(self, cluster_ids: list[str], network_ids: list[str]) -> None:
        self.clusters = [f',"cluster_id":"{c}","network_id":"'.encode() for c in cluster_ids]
        self.networks = [f'{n}"}}\n'.encode() for n in network_ids]

    def __call__(self, prefix: bytes, cluster: int, network: int) -> bytes:
        return prefix + self.clusters[cluster] + self.networks[network]


def write_pairs(
    out: TextIO, header: tuple[str, str], first: Sequence[str], second: Sequence[str]
) -> None:
    """Two columns as CSV. When no value needs quoting (the usual case: post ids, cluster and
    network ids) the lines are joined directly, which gives the same bytes as `csv.writer`
    at a quarter of its time on a scan's hundred thousand rows."""
    plain = not any(
        _NEEDS_QUOTING.search("".join(values)) or "" in values for values in (first, second)
    )
    if not plain:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(zip(first, second, strict=True))
        return
    out.write(f"{header[0]},{header[1]}\n")
    out.write("".join([f"{a},{b}\n" for a, b in zip(first, second, strict=True)]))


# What makes `csv.writer` (minimal quoting) quote a value; an empty value is quoted as well.
_NEEDS_QUOTING = re.compile(r'[,"\r\n]')


def write_leads(out: TextIO, rows: Iterable[tuple[object, ...]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LEAD_COLUMNS)
    writer.writerows(rows)


@contextmanager
def staged(folder: Path) -> Iterator[Callable[[str], TextIO]]:
    """Open output files by name inside `folder`; on a clean exit they all replace their
    targets at once, on an error none does."""
    opened: list[tuple[TextIO, Path, Path]] = []

    def open_file(name: str) -> TextIO:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
        handle = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        opened.append((handle, Path(temporary), folder / name))
        return handle

    try:
        yield open_file
        for handle, _, _ in opened:
            handle.close()
        for _, temporary, target in opened:
            temporary.replace(target)
    finally:
        for handle, temporary, _ in opened:
            handle.close()
            temporary.unlink(missing_ok=True)


class Columns:
    """The compact results of all chunks so far; JSON lines go to a spool file in the output
    folder (removed by `close`)."""

    def __init__(self, folder: Path) -> None:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=".posts.", suffix=".spool")
        self.spool_path = Path(name)
        self.spool = os.fdopen(descriptor, "wb")
        self.ids: list[str] = []
        self._flat: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []
        self._posted: list[np.ndarray] = []
        self._weight: list[np.ndarray] = []
        self.contacts = _Pairs()
        self.places = _Pairs()
        self.names = _Pairs()
        self.codes = _Pairs()

    @property
    def count(self) -> int:
        return len(self.ids)

    def add(self, result: ChunkRows) -> None:
        base = len(self.ids)
        self.ids.extend(result.ids)
        self.spool.write(result.lines)
        self._flat.append(result.flat)
        self._lengths.append(np.diff(result.offsets))
        self._posted.append(result.posted)
        self._weight.append(result.weight)
        self.contacts.add(base, result.contacts)
        self.places.add(base, result.places)
        self.names.add(base, result.names)
        self.codes.add(base, result.codes)

    def shingles(self) -> tuple[np.ndarray, np.ndarray]:
        flat = np.concatenate(self._flat) if self._flat else np.zeros(0, dtype=np.uint32)
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, dtype=np.int64)
        self._flat = []
        return flat, np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)

    def posted(self) -> np.ndarray:
        return np.concatenate(self._posted) if self._posted else np.zeros(0)

    def weight(self) -> np.ndarray:
        return np.concatenate(self._weight) if self._weight else np.zeros(0, dtype=np.float32)

    def lines(self) -> Iterator[bytes]:
        """The spooled prefixes, UTF-8, without their line ends."""
        self.spool.flush()
        with self.spool_path.open("rb") as spool:
            for line in spool:
                yield line[:-1]

    def close(self) -> None:
        self.spool.close()
        self.spool_path.unlink(missing_ok=True)


class _Pairs:
    """(post, value) pairs of the whole scan with the values interned: `names[value id]`, ids
    in order of first appearance."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        self._posts: list[np.ndarray] = []
        self._values: list[np.ndarray] = []

    def add(self, base: int, pairs: Interned) -> None:
        posts, local, values = pairs
        ids = self.ids
        mapping = np.empty(len(values), dtype=np.int64)
        for k, value in enumerate(values):
            number = ids.get(value)
            if number is None:
                number = ids[value] = len(self.names)
                self.names.append(value)
            mapping[k] = number
        self._posts.append(posts + base)
        self._values.append(mapping[local])

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if not self._posts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(self._posts), np.concatenate(self._values)


def lead_rows(found: list[Lead], network_ids: list[str]) -> Iterator[tuple[object, ...]]:
    first_seen = stamps([lead.first_seen for lead in found])
    last_seen = stamps([lead.last_seen for lead in found])
    for lead, first, last in zip(found, first_seen, last_seen, strict=True):
        yield (
            network_ids[lead.network],
            f"{lead.score:.1f}",
            lead.posts,
            "|".join(lead.phones),
            "|".join(lead.handles),
            "|".join(lead.cities),
            lead.names,
            "|".join(lead.top_indicators),
            first,
            last,
        )


def stamp(seconds: float) -> str:
    if math.isnan(seconds):
        return ""
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat()


# Whole seconds from year 1 to year 9999: where NumPy's dates write what `stamp` writes.
_FIRST_SECOND, _LAST_SECOND = -62_135_596_800, 253_402_300_799


def stamps(seconds: Sequence[float]) -> list[str]:
    """`stamp` of every value. Whole seconds (every time an export or dump gives) are written
    by NumPy in one call, five times faster than a `datetime` each: a scan has a lead, with
    two times, for every network, and most networks are single posts."""
    values = np.asarray(seconds, dtype=np.float64)
    plain = (values == np.floor(values)) & (values >= _FIRST_SECOND) & (values <= _LAST_SECOND)
    written = np.datetime_as_string(np.where(plain, values, 0).astype("datetime64[s]"), unit="s")
    return [
        f"{text}+00:00" if simple else stamp(value)
        for text, simple, value in zip(
            written.tolist(), plain.tolist(), values.tolist(), strict=True
        )
    ]
