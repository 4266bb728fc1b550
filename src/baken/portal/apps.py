from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The shell around every app: layout, dashboards per role, language, error pages."""

    name = "baken.portal"
    label = "portal"
    verbose_name = _("Portal")
