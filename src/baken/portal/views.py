"""The dashboard each role lands on after log-in, health check and error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from baken.accounts import policy
from baken.accounts.models import Organisation, OrganisationKind, User
from baken.accounts.policy import Action
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.cases import figures as case_figures


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    membership = policy.active_membership(user)
    if membership is None:
        return render(request, "portal/no_membership.html", status=403)
    policy.require(user, Action.VIEW_DASHBOARD)
    role = Role(membership.role)
    region = membership.organisation.region
    partners = policy.visible_to(user, Organisation.objects.filter(is_active=True))
    context: dict[str, Any] = {
        "role": role,
        "region": region,
        "partners_in_region": partners.filter(region=region).select_related("municipality"),
        "national_partners": partners.filter(region__isnull=True),
        # The user's own recent sign-ins: their own data, so no separate read record.
        "own_logins": policy.visible_to(user, AuditEntry.objects.all()).filter(
            user_id=membership.user_id, action__in=[AuditAction.LOGIN, AuditAction.LOGIN_FAILED]
        )[:5],
    }
    if role == Role.ANALYST:
        counts = partners.filter(region=region).values("kind").annotate(n=Count("id"))
        context["organisations_by_kind"] = sorted(
            (OrganisationKind(row["kind"]).label, row["n"]) for row in counts
        )
        context["case_figures"] = case_figures.for_region(region)
    if role == Role.ADMINISTRATOR:
        context["user_count"] = policy.visible_to(user, User.objects.filter(is_active=True)).count()
        context["recent_audit_count"] = policy.visible_to(user, AuditEntry.objects.all()).count()
    return render(request, f"portal/dashboard/{role.value}.html", context)


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "portal/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("Bad request"), _("The request could not be processed."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("No access"), _("You do not have permission to see this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Page not found"), _("This page does not exist."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        _("Something went wrong"),
        _("An unexpected error occurred. Nothing was saved. Please try again later."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("Form expired"),
        _(
            "The form was no longer valid, for example because your session had expired. "
            "Please reload the page and try again."
        ),
    )
