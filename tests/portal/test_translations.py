"""Every user-facing string has a Dutch translation, and the compiled catalogue is current."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parents[2] / "src" / "baken"
PO = SRC / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

TEMPLATE_STRING = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
PYTHON_STRING = re.compile(r"""\b_\(\s*(["'])((?:(?!\1).)+)\1\s*[,)]""")


def _catalogue() -> dict[str, str]:
    """Singular msgid -> translation (the first form, for plural entries)."""
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    return {
        (m.id[0] if m.pluralizable else m.id): (m.string[0] if m.pluralizable else m.string)
        for m in catalogue
        if m.id and not m.fuzzy
    }


def test_every_catalogue_entry_is_translated() -> None:
    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    untranslated = [
        m.id
        for m in catalogue
        if m.id and (m.fuzzy or not (all(m.string) if m.pluralizable else m.string))
    ]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    # gettext() on a plural entry's singular id gives its first form.
    stale = {msgid: text for msgid, text in _catalogue().items() if compiled.gettext(msgid) != text}
    assert stale == {}, "run `make messages` to recompile django.mo"


@pytest.mark.parametrize(
    ("pattern", "glob"),
    [(TEMPLATE_STRING, "**/templates/**/*.html"), (PYTHON_STRING, "**/*.py")],
    ids=["templates", "python"],
)
def test_every_marked_string_is_in_the_catalogue(pattern: re.Pattern[str], glob: str) -> None:
    catalogue = _catalogue()
    found = [
        (path, match.group(2))
        for path in SRC.glob(glob)
        if "migrations" not in path.parts
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert len(found) > 20, "the pattern no longer finds the marked strings"
    missing = sorted(
        {f"{p.relative_to(SRC)}: {text}" for p, text in found if text not in catalogue}
    )
    assert missing == [], "run `make messages` and translate the new strings"
