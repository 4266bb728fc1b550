"""Routing: which rules apply (pure), and where a stored signal goes (dispatch)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.apps import apps as django_apps

from baken.accounts.models import Municipality, Organisation, OrganisationKind, Region
from baken.signals.dispatch import NO_RULE_MATCHED, RoutingError, route
from baken.signals.models import RoutingRule, Signal, SignalRouting
from baken.signals.routing import RoutingFacts, RuleSpec, matching_rules
from tests.factories import MunicipalityFactory, OrganisationFactory, RegionFactory
from tests.signals.factories import RoutingRuleFactory, SignalFactory

# --- Which rules apply -------------------------------------------------------------------------


def facts(
    themes: tuple[str, ...] = ("trafficking",),
    forms: tuple[str, ...] = (),
    region_id: int = 1,
    is_minor: bool = False,
) -> RoutingFacts:
    return RoutingFacts(frozenset(themes), frozenset(forms), region_id, is_minor)


def rule(rule_id: int, *, themes: tuple[str, ...] = (), forms: tuple[str, ...] = (), **kw):  # type: ignore[no-untyped-def]
    return RuleSpec(rule_id, frozenset(themes), frozenset(forms), **kw)


def ids(rules: list[RuleSpec]) -> list[int]:
    return [r.rule_id for r in rules]


def test_rule_without_conditions_matches_every_signal() -> None:
    anything = rule(1)
    assert ids(matching_rules(facts(), [anything])) == [1]
    assert ids(matching_rules(facts(themes=(), is_minor=True, region_id=9), [anything])) == [1]


def test_theme_condition_needs_one_shared_theme() -> None:
    either = rule(1, themes=("trafficking", "undermining"))
    assert ids(matching_rules(facts(themes=("undermining", "housing_fraud")), [either])) == [1]
    assert matching_rules(facts(themes=("domestic_violence",)), [either]) == []
    assert matching_rules(facts(themes=()), [either]) == []


def test_form_condition_needs_one_shared_form() -> None:
    labour = rule(1, forms=("labour", "criminal"))
    assert ids(matching_rules(facts(forms=("labour",)), [labour])) == [1]
    assert matching_rules(facts(forms=("sexual",)), [labour]) == []
    assert matching_rules(facts(forms=()), [labour]) == []


def test_region_condition_matches_only_that_region() -> None:
    utrecht = rule(1, region_id=7)
    assert ids(matching_rules(facts(region_id=7), [utrecht])) == [1]
    assert matching_rules(facts(region_id=8), [utrecht]) == []


@pytest.mark.parametrize(
    ("minor", "is_minor", "applies"),
    [
        (None, True, True),
        (None, False, True),
        (True, True, True),
        (True, False, False),
        (False, False, True),
        (False, True, False),
    ],
)
def test_minor_condition(minor: bool | None, is_minor: bool, applies: bool) -> None:
    assert bool(matching_rules(facts(is_minor=is_minor), [rule(1, minor=minor)])) is applies


def test_every_condition_must_hold() -> None:
    narrow = rule(1, themes=("trafficking",), forms=("labour",), region_id=7, minor=True)
    assert ids(matching_rules(facts(forms=("labour",), region_id=7, is_minor=True), [narrow])) == [
        1
    ]
    assert matching_rules(facts(forms=("labour",), region_id=7, is_minor=False), [narrow]) == []
    assert matching_rules(facts(forms=("sexual",), region_id=7, is_minor=True), [narrow]) == []


def test_every_matching_rule_applies_in_the_given_order() -> None:
    rules = [
        rule(30, themes=("trafficking",)),
        rule(10, themes=("domestic_violence",)),
        rule(20, minor=True),
        rule(40, themes=("undermining",)),
    ]
    found = matching_rules(facts(themes=("trafficking", "domestic_violence"), is_minor=True), rules)
    assert ids(found) == [30, 10, 20]


def test_matching_stop_rule_ends_evaluation_and_applies_itself() -> None:
    rules = [rule(1), rule(2, themes=("trafficking",), stop=True), rule(3), rule(4)]
    assert ids(matching_rules(facts(), rules)) == [1, 2]


def test_stop_rule_that_does_not_match_does_not_stop() -> None:
    rules = [rule(1, themes=("undermining",), stop=True), rule(2)]
    assert ids(matching_rules(facts(), rules)) == [2]


# --- Where a stored signal goes ----------------------------------------------------------------


@dataclass
class Chain:
    region: Region
    municipality: Municipality
    desk: Organisation
    veilig_thuis: Organisation
    youth_care: Organisation
    other_region_veilig_thuis: Organisation
    bare_region: Region  # another region, with only a desk and a Veilig Thuis


def organisation_of(kind: str, name: str, region: Region | None) -> Organisation:
    return cast(Organisation, OrganisationFactory(name=name, kind=kind, region=region))


def region_with_desk(code: str, name: str) -> Region:
    region = cast(Region, RegionFactory(code=code, name=name))
    region.coordination_desk = organisation_of(
        OrganisationKind.CARE, f"Zorgcoördinatie {name}", region
    )
    region.save()
    return region


@pytest.fixture
def chain(db: None) -> Chain:
    region = region_with_desk("gelderland-zuid", "Gelderland-Zuid")
    other = region_with_desk("twente", "Twente")
    assert region.coordination_desk is not None
    municipality = cast(Municipality, MunicipalityFactory(region=region, name="Nijmegen"))
    return Chain(
        region=region,
        municipality=municipality,
        desk=region.coordination_desk,
        veilig_thuis=organisation_of(
            OrganisationKind.VEILIG_THUIS, "Veilig Thuis Gelderland-Zuid", region
        ),
        youth_care=organisation_of(
            OrganisationKind.YOUTH_CARE, "Jeugdzorg Gelderland-Zuid", region
        ),
        other_region_veilig_thuis=organisation_of(
            OrganisationKind.VEILIG_THUIS, "Veilig Thuis Twente", other
        ),
        bare_region=other,
    )


def stored_signal(chain: Chain, *themes: str, **fields: Any) -> Signal:
    """A signal filed in the chain's region (stored directly; intake is tested elsewhere)."""
    return cast(
        Signal, SignalFactory(municipality=chain.municipality, themes=list(themes), **fields)
    )


def routed_to(routings: list[SignalRouting]) -> dict[str, str | None]:
    """Organisation name → the name of the rule that sent the signal there."""
    return {r.organisation.name: (r.rule.name if r.rule else None) for r in routings}


def test_default_rules_are_installed_by_migration(db: None) -> None:
    rules = list(RoutingRule.objects.filter(is_active=True).order_by("position"))
    assert [(r.position, r.themes, r.minor) for r in rules] == [
        (10, ["trafficking"], None),
        (20, ["domestic_violence"], None),
        (30, ["undermining"], None),
        (40, ["housing_fraud"], None),
        (50, [], True),
    ]
    assert rules[0].to_coordination_desk
    assert [r.target_kind for r in rules[1:]] == [
        "veilig_thuis",
        "riec",
        "municipality",
        "youth_care",
    ]


def test_default_rules_migration_leaves_existing_rules_alone(db: None) -> None:
    migration = importlib.import_module("baken.signals.migrations.0003_default_routing_rules")
    migration.create_default_rules(django_apps, None)
    assert RoutingRule.objects.count() == 5
    RoutingRule.objects.all().delete()
    migration.create_default_rules(django_apps, None)
    assert RoutingRule.objects.count() == 5


def test_trafficking_goes_to_the_region_coordination_desk(chain: Chain) -> None:
    signal = stored_signal(chain, "trafficking")
    routings = route(signal)
    assert routed_to(routings) == {chain.desk.name: "Mensenhandel → regionale zorgcoördinatie"}
    assert routings[0].reason == "Mensenhandel → regionale zorgcoördinatie"
    assert list(signal.routings.all()) == routings


def test_domestic_violence_goes_to_veilig_thuis_of_its_own_region_only(chain: Chain) -> None:
    signal = stored_signal(chain, "domestic_violence")
    assert routed_to(route(signal)) == {chain.veilig_thuis.name: "Huiselijk geweld → Veilig Thuis"}


def test_signal_on_two_themes_reaches_both_partners(chain: Chain) -> None:
    signal = stored_signal(chain, "trafficking", "domestic_violence")
    assert set(routed_to(route(signal))) == {chain.desk.name, chain.veilig_thuis.name}


def test_minor_is_routed_to_youth_care_as_well(chain: Chain) -> None:
    signal = stored_signal(chain, "trafficking", involves_minor=True)
    assert routed_to(route(signal)) == {
        chain.desk.name: "Mensenhandel → regionale zorgcoördinatie",
        chain.youth_care.name: "Minderjarige → jeugdzorg",
    }


def test_signal_matching_no_rule_goes_to_the_desk_without_a_rule(chain: Chain) -> None:
    RoutingRule.objects.update(is_active=False)
    RoutingRuleFactory(themes=["trafficking"], region=chain.bare_region)
    signal = stored_signal(chain, "trafficking")
    [routing] = route(signal)
    assert routing.organisation == chain.desk
    assert routing.rule is None
    assert routing.reason == NO_RULE_MATCHED


def test_rule_whose_target_is_missing_in_the_region_falls_back_to_the_desk(chain: Chain) -> None:
    # The default rule sends undermining to the RIEC; this region has none.
    signal = stored_signal(chain, "undermining")
    [routing] = route(signal)
    assert (routing.organisation, routing.rule, routing.reason) == (
        chain.desk,
        None,
        NO_RULE_MATCHED,
    )


def test_region_without_desk_is_a_configuration_error(chain: Chain) -> None:
    chain.region.coordination_desk = None
    chain.region.save()
    signal = stored_signal(chain, "undermining")
    with pytest.raises(RoutingError):
        route(signal)
    assert not SignalRouting.objects.filter(signal=signal).exists()


def test_inactive_desk_counts_as_no_desk(chain: Chain) -> None:
    chain.desk.is_active = False
    chain.desk.save()
    signal = stored_signal(chain, "trafficking")
    with pytest.raises(RoutingError):
        route(signal)


def test_inactive_rules_and_organisations_are_passed_over(chain: Chain) -> None:
    RoutingRule.objects.filter(position=50).update(is_active=False)
    chain.veilig_thuis.is_active = False
    chain.veilig_thuis.save()
    signal = stored_signal(chain, "domestic_violence", involves_minor=True)
    [routing] = route(signal)
    assert (routing.organisation, routing.rule) == (chain.desk, None)


def test_organisation_reached_by_two_rules_gets_the_signal_once_from_the_first(
    chain: Chain,
) -> None:
    first = RoutingRule.objects.get(position=10)
    RoutingRuleFactory(position=15, name="Arbeidsuitbuiting → zorgcoördinatie", forms=["labour"])
    signal = stored_signal(chain, "trafficking", forms=["labour"])
    [routing] = route(signal)
    assert (routing.organisation, routing.rule) == (chain.desk, first)


def test_stop_rule_keeps_later_rules_from_applying(chain: Chain) -> None:
    RoutingRuleFactory(position=5, name="Alleen zorgcoördinatie", themes=["trafficking"], stop=True)
    signal = stored_signal(chain, "trafficking", involves_minor=True)
    assert routed_to(route(signal)) == {chain.desk.name: "Alleen zorgcoördinatie"}


def test_rule_may_name_one_national_organisation(chain: Chain) -> None:
    comensha = organisation_of(OrganisationKind.COMENSHA, "CoMensha", None)
    RoutingRuleFactory(
        position=60,
        name="Mensenhandel → CoMensha",
        themes=["trafficking"],
        to_coordination_desk=False,
        target_organisation=comensha,
    )
    signal = stored_signal(chain, "trafficking")
    assert set(routed_to(route(signal))) == {chain.desk.name, "CoMensha"}


def test_region_condition_keeps_a_rule_to_its_region(chain: Chain) -> None:
    riec = organisation_of(OrganisationKind.RIEC, "RIEC Oost", chain.region)
    here = stored_signal(chain, "undermining")
    assert routed_to(route(here)) == {riec.name: "Ondermijning → RIEC"}
    RoutingRule.objects.filter(position=30).update(region=chain.bare_region)
    again = stored_signal(chain, "undermining")
    assert routed_to(route(again)) == {chain.desk.name: None}
