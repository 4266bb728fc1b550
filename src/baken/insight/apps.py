from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """Insight: estimates of the hidden number (wraps the mse engine)."""

    name = "baken.insight"
    label = "insight"
    verbose_name = _("Insight")
