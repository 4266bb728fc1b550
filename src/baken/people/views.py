"""Person pages for coordinators: the person list, one person with the records the viewer may
see, match suggestions to confirm or reject, and merges to undo. Every page that shows
identifying values is audited; URLs carry only ids and pseudonyms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baken.accounts import policy
from baken.accounts.models import Organisation
from baken.accounts.policy import Action
from baken.audit.services import record_list, record_read
from baken.cases.models import Case
from baken.people import merging
from baken.people.models import MatchSuggestion, MergeEvent, Person
from baken.portal.redirects import safe_next
from baken.signals.models import Signal


def _visible_persons(request: HttpRequest) -> Any:
    return policy.visible_to(request.user, Person.objects.filter(merged_into__isnull=True))


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_PERSON)
    persons = _visible_persons(request).order_by("-created_at")
    query = request.GET.get("q", "").strip().upper()
    if query:
        persons = persons.filter(pseudonym__icontains=query)
    page = Paginator(persons, 25).get_page(request.GET.get("page"))
    open_suggestions = policy.visible_to(
        request.user, MatchSuggestion.objects.filter(status=MatchSuggestion.Status.OPEN)
    ).count()
    return render(
        request,
        "people/list.html",
        {"page": page, "q": query, "open_suggestions": open_suggestions},
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(policy.visible_to(request.user, Person.objects.all()), pk=pk)
    policy.require(request.user, Action.VIEW_PERSON, person)
    if person.merged_into_id:
        messages.info(request, _("This person was merged; you see the person it became."))
        return redirect("people:detail", pk=person.merged_into_id)
    visible_records = policy.visible_to(
        request.user, person.records.select_related("organisation", "victim__signal")
    )
    # Decrypting identifying values is a read of personal data.
    record_read(request.user, person)
    signals = policy.visible_to(
        request.user,
        Signal.objects.filter(victims__person_record__person=person).select_related("municipality"),
    )
    lists = (
        Organisation.objects.filter(pk__in=person.records.values("organisation"))
        .order_by("name")
        .distinct()
    )
    context = {
        "person": person,
        "records": visible_records,
        "hidden_records": person.records.count() - visible_records.count(),
        "signals": signals,
        # Cases are need-to-know: only those in whose team the user's organisation is.
        "cases": policy.visible_to(request.user, Case.objects.filter(person=person)),
        "lists": lists,
        "merges": MergeEvent.objects.filter(kept=person).select_related("merged", "merged_by"),
        "suggestions": policy.visible_to(
            request.user,
            MatchSuggestion.objects.filter(status=MatchSuggestion.Status.OPEN).filter(
                left__person=person
            )
            | MatchSuggestion.objects.filter(status=MatchSuggestion.Status.OPEN).filter(
                right__person=person
            ),
        ).select_related(
            "left__person", "right__person", "left__organisation", "right__organisation"
        ),
    }
    return render(request, "people/detail.html", context)


@login_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_PERSON)
    suggestions = policy.visible_to(
        request.user,
        MatchSuggestion.objects.filter(status=MatchSuggestion.Status.OPEN).select_related(
            "left__person", "right__person", "left__organisation", "right__organisation"
        ),
    )
    record_list(request.user, MatchSuggestion)
    page = Paginator(suggestions, 25).get_page(request.GET.get("page"))
    return render(request, "people/suggestions.html", {"page": page})


@require_POST
@login_required
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(
        policy.visible_to(request.user, MatchSuggestion.objects.all()), pk=pk
    )
    confirm = request.POST.get("decision") == "confirm"
    try:
        merging.decide(request.user, suggestion, confirm=confirm)  # type: ignore[arg-type]
    except merging.MergeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The records are now one person.") if confirm else _("Marked as different persons."),
        )
    default = reverse("people:suggestions")
    return redirect(safe_next(request, request.POST.get("next"), default))


@require_POST
@login_required
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge another person, named by pseudonym, into this one."""
    person = get_object_or_404(policy.visible_to(request.user, Person.objects.all()), pk=pk)
    pseudonym = request.POST.get("other", "").strip().upper()
    other = policy.visible_to(request.user, Person.objects.filter(pseudonym=pseudonym)).first()
    if other is None:
        messages.error(request, _("There is no person with that pseudonym that you can see."))
        return redirect("people:detail", pk=person.pk)
    try:
        merging.merge(request.user, person, other, reason=request.POST.get("reason", "")[:500])  # type: ignore[arg-type]
    except merging.MergeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The records are now one person."))
    return redirect("people:detail", pk=person.pk)


@require_POST
@login_required
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(policy.visible_to(request.user, MergeEvent.objects.all()), pk=pk)
    try:
        person = merging.unmerge(request.user, event)  # type: ignore[arg-type]
    except merging.MergeError as exc:
        messages.error(request, str(exc))
        return redirect("people:detail", pk=event.kept_id)
    messages.success(request, _("The merge was undone."))
    return redirect("people:detail", pk=person.pk)
