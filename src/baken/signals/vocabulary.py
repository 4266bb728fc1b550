"""The words a signal is described in: themes, forms of exploitation, places, urgency.

Stored values are English codes; labels are Dutch through the catalogue. Free of Django models
so the engines (routing, priority, deadlines) can use the codes as plain strings.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    """What the signaler suspects. One intake serves every theme (BRIEF: one signal intake)."""

    TRAFFICKING = "trafficking", _("Human trafficking")
    UNDERMINING = "undermining", _("Undermining")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    HOUSING_FRAUD = "housing_fraud", _("Housing fraud")


class Form(models.TextChoices):
    """Suspected form of exploitation (for the trafficking theme)."""

    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Labour exploitation")
    CRIMINAL = "criminal", _("Criminal exploitation")
    FORCED_BEGGING = "forced_begging", _("Forced begging")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    UNKNOWN = "unknown", _("Not known yet")


class IndicatorGroup(models.TextChoices):
    """Where an indicator belongs in the catalogue: a form of exploitation or a theme."""

    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Labour exploitation")
    CRIMINAL = "criminal", _("Criminal exploitation")
    OTHER_FORMS = "other_forms", _("Other forms (begging, organ removal, forced marriage)")
    GENERAL = "general", _("Any form of exploitation")
    UNDERMINING = "undermining", _("Undermining")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    HOUSING_FRAUD = "housing_fraud", _("Housing fraud")
    MINORS = "minors", _("Young prostitution and minors")


class PlaceKind(models.TextChoices):
    PRIVATE_HOME = "private_home", _("Private home")
    HOTEL = "hotel", _("Hotel")
    WORKPLACE = "workplace", _("Workplace")
    FARM = "farm", _("Farm")
    SHOP = "shop", _("Shop")
    COA_LOCATION = "coa_location", _("COA location")
    ONLINE = "online", _("Online")
    STREET = "street", _("Street")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent: act today")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")
