"""The administrators' pages for routing rules: the ordered list, create, change, move,
deactivate. Access is decided by `policy`; every change goes through `signals.rules`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baken.accounts import policy
from baken.accounts.models import OrganisationKind
from baken.accounts.policy import Action
from baken.signals import rules
from baken.signals.forms.routing_rules import RoutingRuleForm
from baken.signals.models import RoutingRule
from baken.signals.vocabulary import Form, Theme

THEMES = dict(Theme.choices)
FORMS = dict(Form.choices)


@dataclass(frozen=True)
class RuleRow:
    """A rule as the list shows it: its conditions and its target in words."""

    rule: RoutingRule
    conditions: list[str]
    target: str


def describe_conditions(rule: RoutingRule) -> list[str]:
    """The rule's conditions in the active language; one line per condition that is set."""
    lines = []
    if rule.themes:
        labels = ", ".join(str(THEMES.get(code, code)) for code in rule.themes)
        lines.append(_("Theme: %(themes)s") % {"themes": labels})
    if rule.forms:
        labels = ", ".join(str(FORMS.get(code, code)) for code in rule.forms)
        lines.append(_("Form: %(forms)s") % {"forms": labels})
    if rule.region is not None:
        lines.append(_("Region: %(region)s") % {"region": rule.region})
    if rule.minor is True:
        lines.append(_("A minor is involved"))
    elif rule.minor is False:
        lines.append(_("No minor is involved"))
    return lines or [_("Every signal")]


def describe_target(rule: RoutingRule) -> str:
    if rule.to_coordination_desk:
        return _("The region's coordination desk")
    if rule.target_kind:
        kind = OrganisationKind(rule.target_kind).label
        return _("%(kind)s in the signal's region") % {"kind": kind}
    if rule.target_organisation is not None:
        return str(rule.target_organisation)
    return _("No target")


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.MANAGE_ROUTING_RULES)
    queryset = RoutingRule.objects.select_related("region", "target_organisation").order_by(
        "-is_active", "position", "id"
    )
    rows = [
        RuleRow(rule, describe_conditions(rule), describe_target(rule))
        for rule in policy.visible_to(request.user, queryset)
    ]
    context = {
        "active": [row for row in rows if row.rule.is_active],
        "inactive": [row for row in rows if not row.rule.is_active],
    }
    return render(request, "signals/routing_rules/list.html", context)


@login_required
def rule_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Action.MANAGE_ROUTING_RULES)
    form = RoutingRuleForm(
        request.POST or None, initial={"position": rules.next_position(), "is_active": True}
    )
    if request.method == "POST" and form.is_valid():
        rule = rules.create_rule(request.user, form.rule_fields())
        messages.success(request, _("Routing rule “%(name)s” added.") % {"name": rule.name})
        return redirect("signal_rules:list")
    return render(request, "signals/routing_rules/form.html", {"form": form, "rule": None})


def _rule_or_404(request: HttpRequest, pk: int) -> RoutingRule:
    policy.require(request.user, Action.MANAGE_ROUTING_RULES)
    return get_object_or_404(policy.visible_to(request.user, RoutingRule.objects.all()), pk=pk)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule_or_404(request, pk)
    form = RoutingRuleForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        rule = rules.update_rule(request.user, rule, form.rule_fields())
        messages.success(request, _("Routing rule “%(name)s” saved.") % {"name": rule.name})
        return redirect("signal_rules:list")
    return render(request, "signals/routing_rules/form.html", {"form": form, "rule": rule})


@require_POST
@login_required
def rule_move(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule_or_404(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the rule up or down."))
        return redirect("signal_rules:list")
    try:
        rules.move_rule(request.user, rule, direction)  # type: ignore[arg-type]
    except ValidationError:
        messages.error(request, _("Only an active rule can be moved."))
    return redirect("signal_rules:list")


@require_POST
@login_required
def rule_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule_or_404(request, pk)
    rule = rules.deactivate_rule(request.user, rule)
    messages.success(request, _("Routing rule “%(name)s” deactivated.") % {"name": rule.name})
    return redirect("signal_rules:list")
