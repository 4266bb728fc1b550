"""Send a new signal to the organisations the routing rules name, and record why.

The decision which rules apply is `baken.signals.routing` (pure); this module reads the active
rules, resolves each matching rule's target to organisations in the signal's region and stores
one `SignalRouting` per organisation, with the rule that sent it there. A signal that reaches no
organisation (no rule matched, or the targets named no active organisation in the region) goes
to its region's coordination desk: never nowhere. A region without a desk is a configuration
error: `route` raises and the caller's transaction stores nothing.

The caller (the intake service) owns the transaction and writes the audit record.
"""

from __future__ import annotations

from django.db import transaction

from baken.accounts.models import Organisation, Region
from baken.signals.models import RoutingRule, Signal, SignalRouting
from baken.signals.routing import RoutingFacts, RuleSpec, matching_rules

# Stored as the routing's reason: plain English, like the rule names stored beside it.
NO_RULE_MATCHED = "no rule matched: the region's coordination desk"


class RoutingError(Exception):
    """Routing cannot place a signal: the region has no (active) coordination desk."""


def facts_of(signal: Signal) -> RoutingFacts:
    return RoutingFacts(
        themes=frozenset(signal.themes),
        forms=frozenset(signal.forms),
        region_id=signal.municipality.region_id,
        is_minor=signal.involves_minor,
    )


def spec_of(rule: RoutingRule) -> RuleSpec:
    return RuleSpec(
        rule_id=rule.pk,
        themes=frozenset(rule.themes),
        forms=frozenset(rule.forms),
        region_id=rule.region_id,
        minor=rule.minor,
        stop=rule.stop,
    )


def _active_desk(region: Region) -> Organisation | None:
    desk = region.coordination_desk
    return desk if desk is not None and desk.is_active else None


def targets_of(rule: RoutingRule, region: Region) -> list[Organisation]:
    """The active organisations a rule sends a signal of `region` to (possibly none).

    A rule has one target (the rule form demands it); should a rule carry more, all count.
    """
    targets: list[Organisation] = []
    if rule.to_coordination_desk:
        desk = _active_desk(region)
        if desk is not None:
            targets.append(desk)
    if rule.target_kind:
        targets.extend(
            Organisation.objects.filter(
                region=region, kind=rule.target_kind, is_active=True
            ).order_by("name", "id")
        )
    if rule.target_organisation is not None and rule.target_organisation.is_active:
        targets.append(rule.target_organisation)
    return targets


def route(signal: Signal) -> list[SignalRouting]:
    """Store and return the routing decisions for a freshly filed signal.

    Each organisation receives the signal once, attributed to the first rule (in rule order)
    that sent it there.
    """
    region = Region.objects.select_related("coordination_desk").get(
        pk=signal.municipality.region_id
    )
    rules = {
        rule.pk: rule
        for rule in RoutingRule.objects.filter(is_active=True)
        .select_related("target_organisation")
        .order_by("position", "id")
    }
    matched = matching_rules(facts_of(signal), (spec_of(rule) for rule in rules.values()))

    decisions: dict[int, tuple[Organisation, RoutingRule | None, str]] = {}
    for spec in matched:
        rule = rules[spec.rule_id]
        for organisation in targets_of(rule, region):
            decisions.setdefault(organisation.pk, (organisation, rule, rule.name))
    if not decisions:
        desk = _active_desk(region)
        if desk is None:
            raise RoutingError(
                f"Region {region.code} has no active coordination desk: "
                "a signal that matches no routing rule has nowhere to go."
            )
        decisions[desk.pk] = (desk, None, NO_RULE_MATCHED)

    with transaction.atomic():
        return [
            SignalRouting.objects.create(
                signal=signal,
                organisation=organisation,
                rule=rule,
                reason=reason,
                created_at=signal.filed_at,
            )
            for organisation, rule, reason in decisions.values()
        ]
