"""Tasks on a case, each with one owner and a due date, so deadlines do not slip between
organisations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedTextField


class Task(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedTextField(_("task"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_tasks",
        verbose_name=_("owner"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # The introduction meeting of a handover is a task of the new contact person.
    handover = models.ForeignKey(
        "cases.Handover", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.case} task #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None
