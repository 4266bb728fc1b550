"""`python -m baken.locale_format FILE.po`: write a message catalogue back in Baken's form.

Django's `makemessages` wraps every message at 79 columns and stamps the header with the time,
while Baken's catalogues are kept at 100 columns (Babel's writer) with a fixed header: without
this step, adding one message re-wrapped the whole Dutch file and hid the change in hundreds of
lines.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

WIDTH = 100


HEADER = (
    "# Dutch translations of Baken. Source strings are English; Dutch is the default language.\n"
    "# Regenerate with `make messages`.\n"
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: Baken\\n"\n'
    '"Language: {language}\\n"\n'
    '"Plural-Forms: {plural_forms}\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=utf-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
)


def reformat(text: bytes) -> str:
    """`text` (a .po file) with every message written at `WIDTH` under the fixed header."""
    catalogue = read_po(io.BytesIO(text))
    out = io.BytesIO()
    write_po(out, catalogue, width=WIDTH, no_location=True, omit_header=True)
    header = HEADER.format(
        language=catalogue.locale_identifier or "", plural_forms=catalogue.plural_forms
    )
    return header + "\n" + out.getvalue().decode("utf-8").lstrip("\n")


def main(argv: list[str] | None = None) -> int:
    paths = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    if not paths:
        print("usage: python -m baken.locale_format FILE.po ...", file=sys.stderr)
        return 2
    for path in paths:
        path.write_text(reformat(path.read_bytes()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
