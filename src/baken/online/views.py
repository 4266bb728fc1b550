"""The online monitor's pages: scans (start one, see its progress), the ranked leads of a
scan, and one lead: its network picture, templates and posts with the evidence marked.
Every page shows raw material about people and is audited; out of scope is a 404."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.audit.services import record_list, record_read
from baken.online import evidence, graph, services
from baken.online.forms import ScanForm
from baken.online.highlight import highlighted
from baken.online.models import Lead, Scan, ScannedPost, ScanStatus

POSTS_PER_PAGE = 50


@login_required
def scans(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    policy.require(user, Action.VIEW_SCANS)
    can_start = policy.can(user, Action.START_SCAN)
    form = ScanForm(request.POST or None, request.FILES or None) if can_start else None
    if request.method == "POST":
        policy.require(user, Action.START_SCAN)
        assert form is not None
        if form.is_valid():
            try:
                scan = services.start_scan(
                    user,
                    title=form.cleaned_data["title"],
                    uploads=form.cleaned_data["uploads"],
                    server_path=form.cleaned_data["server_path"],
                )
            except services.ScanRequestError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The scan has started."))
                return redirect("online:scan", pk=scan.pk)
    listed = policy.visible_to(user, Scan.objects.select_related("started_by", "organisation"))
    record_list(user, Scan)
    return render(
        request,
        "online/scans.html",
        {"form": form, "scans": listed[:100]},
        status=400 if request.method == "POST" else 200,
    )


def _scan_or_404(request: HttpRequest, pk: int) -> Scan:
    return get_object_or_404(policy.visible_to(request.user, Scan.objects.all()), pk=pk)


@login_required
def scan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scan = _scan_or_404(request, pk)
    record_read(request.user, scan)
    leads = scan.leads.all()[:200] if scan.status == ScanStatus.DONE else []
    rows = [
        {
            "lead": lead,
            "indicators": [
                (
                    evidence.indicator_label(code),
                    evidence.evidence_label(evidence.indicator_level(code)),
                )
                for code in lead.top_indicators[:4]
            ],
        }
        for lead in leads
    ]
    template = "online/_progress.html" if request.headers.get("HX-Request") else "online/scan.html"
    return render(request, template, {"scan": scan, "rows": rows})


@login_required
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_object_or_404(
        policy.visible_to(request.user, Lead.objects.select_related("scan")), pk=pk
    )
    record_read(request.user, lead)
    posts = list(
        ScannedPost.objects.filter(scan=lead.scan, network_id=lead.network_id).order_by(
            "posted_at", "id"
        )
    )
    templates: dict[str, list[ScannedPost]] = defaultdict(list)
    for post in posts:
        templates[post.cluster_id].append(post)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    elements = graph.elements(posts, lead.ties)
    codes = Counter(hit["code"] for post in posts for hit in post.indicators)
    context = {
        "lead": lead,
        "scan": lead.scan,
        "elements": elements,
        "set_aside": graph.set_aside(elements),
        "templates": [
            {"cluster": cluster, "count": len(members), "summary": _template_summary(members)}
            for cluster, members in sorted(templates.items(), key=lambda kv: -len(kv[1]))
            if len(members) > 1
        ],
        "indicators": [
            {
                "label": evidence.indicator_label(code),
                "evidence": evidence.evidence_label(evidence.indicator_level(code)),
                "contradicted": evidence.indicator_level(code) == "contradicted",
                "count": count,
            }
            for code, count in codes.most_common()
        ],
        "page": page,
        "posts": [
            {"post": post, "html": highlighted(post.text, post.indicators, post.identifiers)}
            for post in page
        ],
        "can_signal": policy.can(request.user, Action.LEAD_TO_SIGNAL, lead)
        and policy.can(request.user, Action.FILE_SIGNAL),
    }
    return render(request, "online/lead.html", context)


def _template_summary(members: list[ScannedPost]) -> list[dict[str, object]]:
    """The template of a group: its words, with the slots that vary between the posts."""
    from baken.scan.grouping.summary import summarise

    texts = [post.text for post in members[:50] if post.text]
    if not texts:
        return []
    return [
        {"text": segment.text, "slot": segment.slot, "kind": segment.kind}
        for segment in summarise(texts).segments
    ]


@require_POST
@login_required
def lead_signal(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_object_or_404(policy.visible_to(request.user, Lead.objects.all()), pk=pk)
    services.lead_to_signal(request.user, lead)  # type: ignore[arg-type]
    messages.info(
        request,
        _("The signal form is filled in with the network's evidence. Check it and send it."),
    )
    return redirect("signals:intake")
