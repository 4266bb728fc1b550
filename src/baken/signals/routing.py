"""Which routing rules apply to a signal: the pure decision, free of Django.

A rule names conditions on what a signal is about (themes, suspected forms of exploitation,
the region of its municipality, whether a minor is involved) and, elsewhere, where such a
signal goes. Rules are read in their order and *every* matching rule applies, so one signal
about trafficking and domestic violence reaches both the care coordinator and Veilig Thuis.
A matching rule marked `stop` ends the reading: the rules after it are not consulted.

An empty condition means "any": a rule without themes matches every theme, a rule without a
region every region, a rule whose `minor` is None matches signals with and without a minor.
A theme condition holds when the rule and the signal share at least one theme; forms likewise.

Where the matching rules send the signal, and what happens when none matches (the region's
coordination desk: a signal is never routed nowhere), is `baken.signals.dispatch`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RoutingFacts:
    """What routing may look at in a signal, and nothing more."""

    themes: frozenset[str]
    forms: frozenset[str]
    region_id: int
    is_minor: bool


@dataclass(frozen=True)
class RuleSpec:
    """The conditions of one routing rule. Empty sets and None mean "any"."""

    rule_id: int
    themes: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    region_id: int | None = None
    minor: bool | None = None
    stop: bool = False

    def matches(self, facts: RoutingFacts) -> bool:
        if self.themes and not self.themes & facts.themes:
            return False
        if self.forms and not self.forms & facts.forms:
            return False
        if self.region_id is not None and self.region_id != facts.region_id:
            return False
        return self.minor is None or self.minor == facts.is_minor


def matching_rules(facts: RoutingFacts, rules: Iterable[RuleSpec]) -> list[RuleSpec]:
    """The rules that apply, in the given order, up to and including the first matching rule
    that says stop."""
    matched: list[RuleSpec] = []
    for rule in rules:
        if not rule.matches(facts):
            continue
        matched.append(rule)
        if rule.stop:
            break
    return matched
