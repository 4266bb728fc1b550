"""The timeline of a case as a PDF, for a transfer to another organisation.

Built with reportlab (no browser or system fonts needed). The caller checks access and writes
the audit entry (an export is audited as such). The PDF carries the case reference, not the
person's name, in its title and file name.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from baken.cases.models import Case
from baken.cases.timeline import Entry


def _paragraph(text: str, style: object) -> Paragraph:
    # reportlab parses a mini-markup: escape what people wrote, keep line breaks.
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def timeline_pdf(case: Case, entries: list[Entry], exported_by: str) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Timeline of case %(reference)s") % {"reference": case.reference},
        author="Baken",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    now = formats.date_format(timezone.localtime(), "j F Y H:i")
    story: list[object] = [
        _paragraph(
            _("Timeline of case %(reference)s") % {"reference": case.reference}, styles["Title"]
        ),
        _paragraph(
            _(
                "Exported on %(date)s by %(name)s. Confidential: for the receiving organisation "
                "only."
            )
            % {"date": now, "name": exported_by},
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    rows = [[_("When"), _("What"), _("Who")]]
    for entry in entries:
        what = entry.text + (f"\n{entry.body}" if entry.body else "")
        who = ""
        if entry.actor is not None:
            who = entry.actor.get_full_name() or entry.actor.username
        if entry.organisation is not None:
            who = f"{who}\n{entry.organisation.name}".strip()
        rows.append(
            [
                _paragraph(
                    formats.date_format(timezone.localtime(entry.at), "j M Y H:i"), styles["Normal"]
                ),
                _paragraph(f"{entry.kind_label}: {what}", styles["Normal"]),
                _paragraph(who, styles["Normal"]),
            ]
        )
    table = Table(rows, colWidths=[32 * mm, 100 * mm, 42 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
            ]
        )
    )
    story.append(table)
    document.build(story)
    return buffer.getvalue()
