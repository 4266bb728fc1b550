from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineConfig(AppConfig):
    """Online monitoring: scans of Telegram exports and ad dumps (wraps the scan engine)."""

    name = "baken.online"
    label = "online"
    verbose_name = _("Online monitoring")
