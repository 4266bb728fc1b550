"""The table cache: prepared model tables kept between processes, never trusted blindly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from baken.scan import indicator_sources, table_cache
from baken.scan.catalogue import default_catalogue
from baken.scan.extract import language
from baken.scan.indicators import Matcher


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BAKEN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_arrays_come_back_as_they_were_stored(cache_dir: Path) -> None:
    arrays = {"a": np.arange(5, dtype=np.uint32), "labels": np.array(["nl", "en"])}

    table_cache.store("entry", arrays)
    loaded = table_cache.load("entry")

    assert loaded is not None
    assert loaded["a"].tolist() == [0, 1, 2, 3, 4]
    assert loaded["labels"].tolist() == ["nl", "en"]
    assert [p.name for p in cache_dir.iterdir()] == ["entry.npz"]  # no half-written leftovers


def test_a_damaged_or_missing_entry_reads_as_none(cache_dir: Path) -> None:
    cache_dir.mkdir()
    (cache_dir / "broken.npz").write_bytes(b"PK\x03\x04 not a zip at all")

    assert table_cache.load("broken") is None
    assert table_cache.load("absent") is None


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BAKEN_CACHE_DIR", "off")
    monkeypatch.chdir(tmp_path)

    table_cache.store("entry", {"a": np.arange(3)})

    assert table_cache.folder() is None
    assert table_cache.load("entry") is None
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_passed_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("BAKEN_CACHE_DIR", str(blocker / "cache"))

    table_cache.store("entry", {"a": np.arange(3)})  # no error

    assert table_cache.load("entry") is None


def test_the_language_model_read_from_the_cache_equals_the_prepared_one(cache_dir: Path) -> None:
    language._model.cache_clear()
    try:
        prepared = language._model()
        entries = list(cache_dir.glob("langid-*.npz"))
        language._model.cache_clear()
        cached = language._model()
    finally:
        language._model.cache_clear()

    assert len(entries) == 1
    for field in ("nextmove", "rowbase", "output", "packed", "prior", "labels"):
        assert getattr(cached, field) == getattr(prepared, field), field
    assert cached.unpack.format == prepared.unpack.format


def test_a_damaged_language_entry_is_prepared_again(cache_dir: Path) -> None:
    language._model.cache_clear()
    try:
        language._model()
        (entry,) = cache_dir.glob("langid-*.npz")
        entry.write_bytes(b"damaged")
        language._model.cache_clear()
        assert language.detect_language("Hallo, ik ben nieuw hier en zoek een kamer") == "nl"
    finally:
        language._model.cache_clear()
    assert table_cache.load(entry.stem) is not None  # written whole again


def _matcher_parts(matcher: Matcher) -> tuple[object, ...]:
    return (
        {
            group: (finder.pattern, namer.pattern, names)
            for group, (finder, namer, names) in matcher.word_res.items()
        },
        matcher._reach,
        matcher.symbol_re.pattern if matcher.symbol_re else None,
        matcher.symbol_names,
    )


def test_a_matcher_from_cached_sources_equals_one_made_afresh(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indicators = default_catalogue().indicators
    made = Matcher(indicators)  # made, then stored
    entries = sorted(p.name for p in cache_dir.iterdir() if p.name.startswith("matcher-"))
    assert len(entries) == 1

    def not_again(*args: object) -> None:
        raise AssertionError("the sources were made again instead of read from the cache")

    monkeypatch.setattr(indicator_sources, "_make", not_again)
    cached = Matcher(indicators)

    assert _matcher_parts(cached) == _matcher_parts(made)
    assert made.symbol_re is not None  # the catalogue has emoji patterns: that part is covered
    assert any(reach is not None for reach in made._reach.values())
    text = "Nieuw in Utrecht, geen BSN nodig, contant betaald, 24/7 beschikbaar 💯"
    assert cached.find(text.lower()) == made.find(text.lower())
    assert made.find(text.lower())  # the text does hit indicators


def test_a_damaged_sources_entry_is_made_again(cache_dir: Path) -> None:
    indicators = default_catalogue().indicators
    made = Matcher(indicators)
    (entry,) = [p for p in cache_dir.iterdir() if p.name.startswith("matcher-")]
    stored = dict(np.load(entry))
    del stored["latin.values"]
    np.savez(entry, **stored)  # same name, another layout

    again = Matcher(indicators)

    assert _matcher_parts(again) == _matcher_parts(made)


def test_another_catalogue_gets_its_own_entry(cache_dir: Path) -> None:
    indicators = default_catalogue().indicators
    Matcher(indicators)
    Matcher(indicators[:3])

    assert len([p for p in cache_dir.iterdir() if p.name.startswith("matcher-")]) == 2


def test_without_readable_code_the_sources_are_made_and_not_stored(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indicator_sources, "_code_stamp", lambda: None)

    matcher = Matcher(default_catalogue().indicators)

    assert matcher.word_res
    assert not cache_dir.exists() or not any(cache_dir.glob("matcher-*"))


def test_code_that_cannot_be_read_gives_no_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    class Gone:
        __file__ = "/nonexistent/baken/trie.py"

    assert indicator_sources._code_stamp() is not None
    monkeypatch.setattr(indicator_sources, "_CODE", (Gone,))
    assert indicator_sources._code_stamp() is None
