"""The intake page: one form for every theme, built to be filed within two minutes on a phone.

What is typed is kept on the server as a draft (autosaved with htmx while typing, and on every
submit), so a lost connection or a validation error loses nothing. Filing goes through
`intake.file_signal`, which routes the signal and deletes the draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.signals import intake
from baken.signals.dispatch import RoutingError
from baken.signals.forms.intake_page import (
    IntakePageForm,
    IntakeVictimFormSet,
    as_query_dict,
    draft_data,
    grouped_indicators,
    with_victim_blocks,
)
from baken.signals.models import Signal

ADD_VICTIM = "add_victim"
# Fields whose input is a group of checkboxes or radio buttons: an error links to the first.
CHOICE_GROUPS = frozenset({"themes", "forms", "urgency"})


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary at the top: the message and the field it links to."""

    anchor: str
    label: str
    message: str


def _seat(user: User) -> str | None:
    """The municipality of the signaler's organisation: the likeliest place, preselected."""
    membership = policy.active_membership(user)
    seat = membership.organisation.municipality if membership else None
    return seat.cbs_code if seat else None


def _error_summary(form: IntakePageForm, victims: BaseFormSet) -> list[ErrorLink]:  # type: ignore[type-arg]
    links = [ErrorLink("intake-form", "", str(e)) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        if name in CHOICE_GROUPS:
            anchor = f"id_{name}_0"
        elif name == "indicators":
            anchor = "indicators"
        else:
            anchor = form[name].id_for_label
        links += [ErrorLink(anchor, str(form.fields[name].label), str(e)) for e in errors]
    links += [
        ErrorLink("victims", _("Possible victims"), str(e)) for e in victims.non_form_errors()
    ]
    for number, victim in enumerate(victims.forms, start=1):
        for name, errors in victim.errors.items():
            anchor = victim[name].id_for_label if name != "__all__" else f"victim-{number}"
            label = _("Person %(number)d: %(field)s") % {
                "number": number,
                "field": victim.fields[name].label if name != "__all__" else "",
            }
            links += [ErrorLink(anchor, label, str(e)) for e in errors]
    return links


def _render(
    request: HttpRequest,
    form: IntakePageForm,
    victims: BaseFormSet,  # type: ignore[type-arg]
    *,
    errors: list[ErrorLink] | None = None,
    restored: bool = False,
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "victims": victims,
        "groups": grouped_indicators(form),
        "chosen": form.chosen_codes(),
        "errors": errors or [],
        "show_errors": errors is not None,
        "restored": restored,
        "can_add_victim": victims.total_form_count() < victims.max_num,
        "opened_at": f"{timezone.now().timestamp():.3f}",
    }
    return render(request, "signals/intake.html", context)


def _bound(data: QueryDict, user: User, *, quiet: bool) -> tuple[IntakePageForm, BaseFormSet]:  # type: ignore[type-arg]
    form = IntakePageForm(data, seat=_seat(user), quiet=quiet)
    victims = IntakeVictimFormSet(data, form_kwargs={"quiet": quiet})
    return form, victims


@login_required
def intake_page(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    policy.require(user, Action.FILE_SIGNAL)
    if request.method == "POST":
        return _submit(request, user)

    draft = intake.load_draft(user)
    if draft:
        form, victims = _bound(with_victim_blocks(as_query_dict(draft)), user, quiet=True)
        return _render(request, form, victims, restored=True)
    return _render(request, IntakePageForm(seat=_seat(user)), IntakeVictimFormSet())


def _submit(request: HttpRequest, user: User) -> HttpResponse:
    if ADD_VICTIM in request.POST:
        data = with_victim_blocks(request.POST, add=1)
        intake.save_draft(user, draft_data(data))
        form, victims = _bound(data, user, quiet=True)
        return _render(request, form, victims)

    data = with_victim_blocks(request.POST)
    form, victims = _bound(data, user, quiet=False)
    if form.is_valid() and victims.is_valid():
        # A block Django left unvalidated (unchanged) holds nobody; `from_forms` also skips
        # the validated blocks in which nothing is known.
        people = [victim for victim in victims.forms if victim.has_changed()]
        try:
            signal = intake.file_signal(user, intake.IntakeData.from_forms(form, people))
        except RoutingError:
            intake.save_draft(user, draft_data(data))
            messages.error(
                request,
                _(
                    "This signal cannot be routed: its region has no coordination desk. Your "
                    "input is kept as a draft; please tell your administrator."
                ),
            )
            return _render(request, form, victims, errors=[])
        messages.success(
            request,
            _("Thank you. Your signal has been filed with reference %(reference)s.")
            % {"reference": signal.reference},
        )
        return redirect("signals:detail", pk=signal.pk)

    intake.save_draft(user, draft_data(data))
    return _render(request, form, victims, errors=_error_summary(form, victims))


def _filed_since_opened(user: User, opened_at: str) -> bool:
    """Whether the user filed a signal after this form was opened: an autosave that arrives
    after the form was sent must not bring the filed signal back as a draft."""
    try:
        opened = datetime.fromtimestamp(float(opened_at), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return False
    own = Signal.objects.filter(filed_by=user, filed_at__gte=opened)
    return policy.visible_to(user, own).exists()


@require_POST
@login_required
def save_draft(request: HttpRequest) -> HttpResponse:
    """The htmx autosave: store what was typed, answer with a status line."""
    user: User = request.user  # type: ignore[assignment]
    policy.require(user, Action.FILE_SIGNAL)
    if _filed_since_opened(user, request.POST.get("opened_at", "")):
        return render(request, "signals/_draft_status.html", {"already_filed": True})
    intake.save_draft(user, draft_data(request.POST))
    saved_at = timezone.localtime().strftime("%H:%M")
    return render(request, "signals/_draft_status.html", {"saved_at": saved_at})
