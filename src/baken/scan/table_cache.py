"""A folder for tables the scan prepares from its models once and reads back in every process.

Preparing the language model takes half a second of decompression on every start of a scan's
worker pool, on the path before any post is analysed; reading the prepared arrays back from an
uncompressed file takes a tenth of that. The indicator matcher keeps its expression sources
here as well (`baken.scan.indicator_sources`). The folder is `BAKEN_CACHE_DIR`, else
`$XDG_CACHE_HOME/baken`, else `~/.cache/baken`; `BAKEN_CACHE_DIR=off` turns the cache off.
Entries are named by a key of everything they were made from, so a new model or a changed
setting makes a new entry instead of reading a stale one. Nothing here is personal data.

The cache is an optimisation only: a folder that cannot be written, or an entry that cannot be
read (truncated, from another numpy), is passed over and the table made again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

OFF = "off"


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    configured = os.environ.get("BAKEN_CACHE_DIR", "").strip()
    if configured.lower() == OFF:
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "baken"


def key(*parts: object) -> str:
    """A short, stable name for what an entry was made from."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]


def load(name: str) -> dict[str, np.ndarray] | None:
    """The arrays stored under `name`, or None when there are none (or they cannot be read)."""
    where = folder()
    if where is None:
        return None
    path = where / f"{name}.npz"
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {field: stored[field] for field in stored.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
        return None


def store(name: str, arrays: dict[str, np.ndarray]) -> None:
    """Keep `arrays` under `name`, written whole or not at all (readers never see half)."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=where, prefix=f".{name}.", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                np.savez(handle, **arrays)  # type: ignore[arg-type]
            os.replace(temporary, where / f"{name}.npz")
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        return  # a read-only or full disk: the next start prepares the table again
