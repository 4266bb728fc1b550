from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Cases: contact person, handover, identification, B8 track, support and timeline."""

    name = "baken.cases"
    label = "cases"
    verbose_name = _("Cases")
