"""The roles a membership can carry, and what each role is for.

A role is always held *in* an organisation: the same person may be a signaler for a COA location
and an analyst for a region, through two memberships.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SIGNALER = "signaler", _("Signaler")
    COORDINATOR = "coordinator", _("Care coordinator")
    CASE_WORKER = "case_worker", _("Case worker")
    ONLINE_MONITOR = "online_monitor", _("Online monitor")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose work shows personal data of possible victims or of professionals. The analyst
# works with aggregates only and never sees a person's data.
ROLES_SEEING_PERSONAL_DATA = frozenset(
    {
        Role.SIGNALER,
        Role.COORDINATOR,
        Role.CASE_WORKER,
        Role.ONLINE_MONITOR,
        Role.ADMINISTRATOR,
    }
)
