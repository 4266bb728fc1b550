from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Pseudonymous persons and the linkage of records about them across organisations."""

    name = "baken.people"
    label = "people"
    verbose_name = _("Persons")
