"""Opening a case from a signal: the coordinator picks the signals about the same person that
the organisation holds (the one they came from is ticked), a contact person, and opens it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import CASE_ROLES, Action
from baken.cases import opening
from baken.cases.common import CaseError
from baken.cases.forms import OpenCaseForm
from baken.people.models import PersonRecord
from baken.signals.models import Signal
from baken.signals.workflow import SignalStatus


def _related_signals(user: User, start: Signal) -> QuerySet[Signal]:
    """The starting signal and the other signals the organisation holds whose possible victims
    are linked to the same person(s), without a case yet."""
    persons = opening.persons_of([start])
    person_ids = {person.pk for person in persons}
    linked = PersonRecord.objects.filter(person_id__in=person_ids) | PersonRecord.objects.filter(
        person__merged_into_id__in=person_ids
    )
    held = policy.visible_to(user, Signal.objects.all()).filter(
        routings__organisation_id=policy.active_membership(user).organisation_id,  # type: ignore[union-attr]
        routings__is_active=True,
    )
    ids = {start.pk} | set(
        held.filter(victims__person_record__in=linked).values_list("pk", flat=True)
    )
    return (
        Signal.objects.filter(pk__in=ids, cases__isnull=True)
        .exclude(status=SignalStatus.CLOSED)
        .order_by("filed_at")
    )


def _contacts(user: User) -> QuerySet[User]:
    membership = policy.active_membership(user)
    assert membership is not None
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=membership.organisation,
            memberships__role__in=list(CASE_ROLES),
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@login_required
def open_case(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    policy.require(user, Action.OPEN_CASE)
    raw = request.GET.get("signal") or request.POST.get("from_signal") or ""
    start = (
        policy.visible_to(user, Signal.objects.all()).filter(pk=int(raw)).first()
        if raw.isdigit()
        else None
    )
    if start is None:
        raise Http404
    policy.require(user, Action.OPEN_CASE, start)
    signals = _related_signals(user, start)
    form = OpenCaseForm(
        request.POST or None,
        signals=signals,
        contacts=_contacts(user),
        initial={"signals": [start.pk]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = opening.open_case(
                user,
                list(data["signals"]),
                alias=data["alias"],
                forms=data["forms"],
                contact_person=data["contact_person"],
            )
        except CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Case %(reference)s has been opened.") % {"reference": case.reference}
            )
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/open.html",
        {"form": form, "start": start, "persons": opening.persons_of([start])},
        status=400 if request.method == "POST" else 200,
    )
