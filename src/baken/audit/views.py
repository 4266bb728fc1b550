from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baken.accounts import policy
from baken.accounts.policy import Action
from baken.audit.filters import AuditFilterForm
from baken.audit.models import AuditEntry
from baken.audit.services import record_list


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_AUDIT)
    form = AuditFilterForm(request.GET or None)
    entries = policy.visible_to(
        request.user, AuditEntry.objects.select_related("user", "organisation")
    )
    if form.is_bound:
        entries = form.apply(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    # Reading the audit trail shows who looked at what: that read is itself recorded.
    record_list(request.user, AuditEntry)
    query = request.GET.copy()
    query.pop("page", None)
    template = "audit/_entries.html" if request.headers.get("HX-Request") else "audit/list.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})
