"""The whole timeline of a case, filterable by kind, and its PDF export for a transfer.
Reading is audited as a view; the PDF as an export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.audit.models import AuditAction
from baken.audit.services import record, record_read
from baken.cases import export_pdf, timeline
from baken.cases.models import EventKind
from baken.cases.views.detail import case_or_404


@login_required
def case_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    kinds = [kind for kind in request.GET.getlist("kind") if kind in EventKind.values]
    record_read(request.user, case, reason="timeline")
    return render(
        request,
        "cases/timeline.html",
        {
            "case": case,
            "entries": timeline.entries(case, kinds),
            "kinds": EventKind.choices,
            "chosen": kinds,
            "can_export": policy.can(request.user, Action.EXPORT_CASE, case),
        },
    )


@login_required
def timeline_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_or_404(request, pk)
    policy.require(request.user, Action.EXPORT_CASE, case)
    kinds = [kind for kind in request.GET.getlist("kind") if kind in EventKind.values]
    user: User = request.user  # type: ignore[assignment]
    pdf = export_pdf.timeline_pdf(
        case, timeline.entries(case, kinds), user.get_full_name() or user.username
    )
    record(user, AuditAction.EXPORT, case, reason="timeline PDF")
    response = HttpResponse(pdf, content_type="application/pdf")
    # The reference, never a name, in the file name.
    response["Content-Disposition"] = f'attachment; filename="tijdlijn-{case.reference}.pdf"'
    return response
