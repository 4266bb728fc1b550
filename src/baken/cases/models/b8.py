"""The B8 track of a case: reflection period, police report or cooperation, permit, renewal,
continued residence, and the exception route. The dates are facts; the deadlines are computed
(`cases.b8_deadlines`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.fields.encrypted import EncryptedTextField


class ReportStatus(models.TextChoices):
    """Aangifte or cooperation with the investigation. A separate fact: it never decides
    whether Baken treats someone as a victim."""

    UNKNOWN = "unknown", _("Not discussed yet")
    CONSIDERING = "considering", _("Considering")
    FILED = "filed", _("Report filed or cooperating")
    DECLINED = "declined", _("Declined")
    NOT_POSSIBLE_THREAT = "not_possible_threat", _("Not possible: serious threat")
    NOT_POSSIBLE_MEDICAL = "not_possible_medical", _("Not possible: medical reasons")


DECIDED_REPORT_STATUSES = frozenset(
    {
        ReportStatus.FILED,
        ReportStatus.DECLINED,
        ReportStatus.NOT_POSSIBLE_THREAT,
        ReportStatus.NOT_POSSIBLE_MEDICAL,
    }
)


class IndDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class B8Track(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="b8")
    reflection_offered_on = models.DateField(_("reflection period offered on"), null=True)
    reflection_start = models.DateField(_("reflection period start"), null=True)
    report_status = models.CharField(
        _("police report or cooperation"),
        max_length=30,
        choices=ReportStatus.choices,
        default=ReportStatus.UNKNOWN,
    )
    report_status_on = models.DateField(_("report status since"), null=True)
    permit_applied_on = models.DateField(_("permit applied for on"), null=True)
    ind_decision = models.CharField(
        _("IND decision"), max_length=10, choices=IndDecision.choices, blank=True
    )
    ind_decision_on = models.DateField(_("IND decision on"), null=True)
    permit_valid_until = models.DateField(_("permit valid until"), null=True)
    criminal_case_ended_on = models.DateField(_("criminal case ended on"), null=True)
    conviction_on = models.DateField(_("conviction on"), null=True)
    continued_residence_applied_on = models.DateField(
        _("continued residence applied for on"), null=True
    )
    # The exception route: no cooperation possible because of a serious threat or for medical
    # reasons, shown by statements (of the police, a doctor); its own one-year horizon.
    exception_route = models.BooleanField(_("exception route"), default=False)
    exception_statements = EncryptedTextField(_("statements"), blank=True)
    exception_granted_on = models.DateField(_("exception granted on"), null=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("B8 track")
        verbose_name_plural = _("B8 tracks")

    def __str__(self) -> str:
        return f"B8 {self.case}"
