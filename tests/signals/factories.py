"""factory_boy factories for the signals app. Signals built here skip the intake service: they
are for testing what happens to a stored signal (routing, triage), not how it is filed."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from baken.signals.models import IndicatorCatalogue, RoutingRule, Signal
from baken.signals.vocabulary import PlaceKind, Theme, Urgency
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory


class IndicatorCatalogueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorCatalogue
        django_get_or_create = ("version",)

    version = "test-1"
    checksum = "0" * 64


class SignalFactory(DjangoModelFactory):
    class Meta:
        model = Signal

    reference = factory.Sequence(lambda n: f"S-TEST-{n:05d}")
    catalogue = factory.SubFactory(IndicatorCatalogueFactory)
    filed_by = factory.SubFactory(UserFactory)
    filed_by_organisation = factory.SubFactory(OrganisationFactory)
    filed_at = factory.LazyFunction(timezone.now)
    municipality = factory.SubFactory(MunicipalityFactory)
    place_kind = PlaceKind.WORKPLACE
    observed_on = factory.LazyFunction(timezone.localdate)
    themes = factory.LazyFunction(lambda: [Theme.TRAFFICKING.value])
    forms = factory.LazyFunction(list)
    observation = "Synthetische waarneming voor een test."
    urgency = Urgency.NORMAL
    respond_by = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))


class RoutingRuleFactory(DjangoModelFactory):
    class Meta:
        model = RoutingRule

    position = factory.Sequence(lambda n: 100 + 10 * n)
    name = factory.Sequence(lambda n: f"Regel {n}")
    to_coordination_desk = True
