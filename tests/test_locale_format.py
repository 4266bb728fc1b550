"""`make messages` writes the catalogue back at 100 columns under a fixed header, so that a new
message is a small change and not a re-wrapped file."""

from __future__ import annotations

from pathlib import Path

import baken
from baken import locale_format

SHIPPED = Path(baken.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"

MAKEMESSAGES_OUTPUT = b"""\
# SOME DESCRIPTIVE TITLE.
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2026-11-29 01:00+0100\\n"
"Language: nl\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid ""
"The user name or password is not correct. Note that after several failed "
"attempts the account is locked for a while."
msgstr ""
"De gebruikersnaam of het wachtwoord klopt niet. Let op: na enkele mislukte "
"pogingen wordt het account een tijd geblokkeerd."

#, python-format
msgid "Shares %(kind)s %(value)s"
msgstr "Deelt %(kind)s %(value)s"
"""


def test_messages_are_rewrapped_at_100_columns_under_the_fixed_header() -> None:
    text = locale_format.reformat(MAKEMESSAGES_OUTPUT)

    assert text.startswith("# Dutch translations of Baken.")
    assert '"Language: nl\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert "POT-Creation-Date" not in text  # no stamp that changes on every run
    assert (
        'msgid ""\n'
        '"The user name or password is not correct. Note that after several failed attempts the '
        'account is "\n'
        '"locked for a while."\n'
    ) in text
    assert '#, python-format\nmsgid "Shares %(kind)s %(value)s"\nmsgstr "Deelt' in text
    assert locale_format.reformat(text.encode()) == text  # a second run changes nothing


def test_the_shipped_catalogue_is_in_its_written_form() -> None:
    # Edited by hand or by makemessages alone, the file would differ: run `make messages`.
    text = SHIPPED.read_bytes()

    assert locale_format.reformat(text) == text.decode("utf-8")


def test_the_command_rewrites_files_in_place(tmp_path: Path) -> None:
    path = tmp_path / "django.po"
    path.write_bytes(MAKEMESSAGES_OUTPUT)

    assert locale_format.main([str(path)]) == 0
    assert path.read_text(encoding="utf-8") == locale_format.reformat(MAKEMESSAGES_OUTPUT)
    assert locale_format.main([]) == 2
