"""The one write path of routing rules: create, change, reorder, deactivate.

Only administrators change rules (`Action.MANAGE_ROUTING_RULES`); every change is audited. A
rule is never deleted: routing decisions point at the rule that made them, so a rule that is
no longer wanted is deactivated and stays on record.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from baken.accounts import policy
from baken.accounts.models import Organisation, Region
from baken.accounts.policy import Action
from baken.audit.models import AuditAction
from baken.audit.services import record
from baken.signals.models import RoutingRule

POSITION_STEP = 10
Direction = Literal["up", "down"]


@dataclass
class RuleFields:
    """Everything an administrator sets on a rule. Empty lists and None mean "any"."""

    name: str
    position: int
    themes: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    region: Region | None = None
    minor: bool | None = None
    to_coordination_desk: bool = False
    target_kind: str = ""
    target_organisation: Organisation | None = None
    stop: bool = False
    is_active: bool = True

    def target_count(self) -> int:
        return sum(
            (
                self.to_coordination_desk,
                bool(self.target_kind),
                self.target_organisation is not None,
            )
        )


def next_position() -> int:
    """A position after every existing rule, leaving room to insert between."""
    highest = RoutingRule.objects.aggregate(highest=Max("position"))["highest"]
    return (highest or 0) + POSITION_STEP


def _check(fields: RuleFields) -> None:
    # The form says this in the administrator's words; this guards every other caller.
    if fields.target_count() != 1:
        raise ValidationError("A routing rule needs exactly one target.")


def _apply(rule: RoutingRule, fields: RuleFields) -> list[str]:
    """Set the fields on the rule; the names of those that changed."""
    changed = []
    for each in dataclasses.fields(fields):
        value = getattr(fields, each.name)
        if getattr(rule, each.name) != value:
            setattr(rule, each.name, value)
            changed.append(each.name)
    return changed


@transaction.atomic
def create_rule(user: Any, fields: RuleFields) -> RoutingRule:
    policy.require(user, Action.MANAGE_ROUTING_RULES)
    _check(fields)
    rule = RoutingRule()
    _apply(rule, fields)
    rule.save()
    record(user, AuditAction.CREATE, rule)
    return rule


@transaction.atomic
def update_rule(user: Any, rule: RoutingRule, fields: RuleFields) -> RoutingRule:
    policy.require(user, Action.MANAGE_ROUTING_RULES)
    _check(fields)
    rule = RoutingRule.objects.select_for_update().get(pk=rule.pk)
    changed = _apply(rule, fields)
    if changed:
        rule.save(update_fields=changed)
        record(user, AuditAction.UPDATE, rule, reason="changed: " + ", ".join(changed))
    return rule


@transaction.atomic
def move_rule(user: Any, rule: RoutingRule, direction: Direction) -> RoutingRule:
    """Swap an active rule with its active neighbour above or below.

    The two swap positions. Should they share one, the active rules are renumbered 10, 20,
    30, ... in their new order instead. Every rule whose position changed gets an audit entry.
    """
    policy.require(user, Action.MANAGE_ROUTING_RULES)
    if direction not in ("up", "down"):
        raise ValueError(f"Unknown direction: {direction!r}")
    ordered = list(
        RoutingRule.objects.select_for_update().filter(is_active=True).order_by("position", "id")
    )
    index = next((i for i, each in enumerate(ordered) if each.pk == rule.pk), None)
    if index is None:
        raise ValidationError("Only an active rule can be moved.")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return ordered[index]  # already first or last
    moved, neighbour = ordered[index], ordered[other]
    if moved.position != neighbour.position:
        new_positions = {moved.pk: neighbour.position, neighbour.pk: moved.position}
    else:
        ordered[index], ordered[other] = neighbour, moved
        new_positions = {
            each.pk: (number + 1) * POSITION_STEP for number, each in enumerate(ordered)
        }
    for each in ordered:
        position = new_positions.get(each.pk, each.position)
        if each.position != position:
            old, each.position = each.position, position
            each.save(update_fields=["position"])
            record(user, AuditAction.UPDATE, each, reason=f"position {old} → {position}")
    return moved


@transaction.atomic
def deactivate_rule(user: Any, rule: RoutingRule) -> RoutingRule:
    """Stop using a rule. It stays, with the decisions it made."""
    policy.require(user, Action.MANAGE_ROUTING_RULES)
    rule = RoutingRule.objects.select_for_update().get(pk=rule.pk)
    if rule.is_active:
        rule.is_active = False
        rule.save(update_fields=["is_active"])
        record(user, AuditAction.UPDATE, rule, reason="deactivated")
    return rule
