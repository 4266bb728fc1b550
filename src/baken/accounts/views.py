"""Log-in with a second factor, log-out (here or everywhere), role switch, and the read-only
pages on organisations and users. Access is decided by `policy`; reads of users are audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts import policy, services, twofactor
from baken.accounts.forms import LoginForm, StyledPasswordChangeForm, TokenForm
from baken.accounts.middleware import SESSION_MEMBERSHIP_KEY
from baken.accounts.models import Membership, Organisation, OrganisationKind, Region, User
from baken.accounts.policy import Action
from baken.audit.models import AuditAction
from baken.audit.services import record, record_list, record_read
from baken.portal.redirects import safe_next


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # A session cookie without a session: it expired or was ended elsewhere.
        context["session_expired"] = (
            settings.SESSION_COOKIE_NAME in self.request.COOKIES
            and not self.request.user.is_authenticated
            and bool(self.request.GET.get("next"))
        )
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the own password under the strong-password rules. Django keeps this session and
    ends every other one (the session hash covers the password)."""

    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("portal:dashboard")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(form.user, AuditAction.PASSWORD_CHANGED, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have been logged out."))
    return redirect("accounts:login")


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.log_out_everywhere(request.user)  # type: ignore[arg-type]
    logout(request)
    messages.info(request, _("You have been logged out on every device."))
    return redirect("accounts:login")


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:2fa-setup")
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(
            safe_next(request, request.GET.get("next"), str(settings.LOGIN_REDIRECT_URL))
        )
    return render(request, "accounts/2fa_verify.html", {"form": form})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if twofactor.has_confirmed_device(user):
        messages.info(request, _("Two-factor authentication is already set up."))
        return redirect("portal:dashboard")
    device = twofactor.pending_device(user)
    form = TokenForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        record(user, AuditAction.TWO_FACTOR_ENABLED, user)
        messages.success(request, _("Two-factor authentication is now set up."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    context = {
        "form": form,
        "qr_svg": twofactor.qr_svg(device),
        "secret": twofactor.secret_base32(device),
    }
    return render(request, "accounts/2fa_setup.html", context)


@require_POST
@login_required
def switch_membership(request: HttpRequest) -> HttpResponse:
    chosen = request.POST.get("membership", "")
    membership = Membership.objects.filter(pk=chosen).first() if chosen.isdigit() else None
    if membership is None or not policy.can(request.user, Action.SWITCH_MEMBERSHIP, membership):
        raise Http404
    request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
    return redirect("portal:dashboard")


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_REFERENCE_DATA)
    organisations = policy.visible_to(
        request.user, Organisation.objects.select_related("region", "municipality")
    )
    region = request.GET.get("region")
    kind = request.GET.get("kind")
    if region:
        organisations = organisations.filter(region__code=region)
    if kind:
        organisations = organisations.filter(kind=kind)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "regions": Region.objects.all(),
        "kinds": OrganisationKind.choices,
        "selected_region": region or "",
        "selected_kind": kind or "",
    }
    return render(request, "accounts/organisation_list.html", context)


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, Action.VIEW_REFERENCE_DATA)
    organisation = get_object_or_404(
        policy.visible_to(request.user, Organisation.objects.select_related("region")), pk=pk
    )
    return render(request, "accounts/organisation_detail.html", {"organisation": organisation})


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.VIEW_USERS)
    users = policy.visible_to(request.user, User.objects.order_by("last_name", "username"))
    page = Paginator(users.prefetch_related("memberships__organisation"), 50).get_page(
        request.GET.get("page")
    )
    record_list(request.user, User)
    return render(request, "accounts/user_list.html", {"page": page})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Out of scope is a 404, not a 403: the page does not confirm that the user exists.
    target = get_object_or_404(policy.visible_to(request.user, User.objects.all()), pk=pk)
    policy.require(request.user, Action.VIEW_USER, target)
    record_read(request.user, target)
    memberships = policy.visible_to(
        request.user, target.memberships.select_related("organisation__region")
    )
    return render(
        request, "accounts/user_detail.html", {"target": target, "memberships": memberships}
    )
