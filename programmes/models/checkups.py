"""大体检's rectification (整改): one line per item a failed check-up lost points on, and the re-inspection that
closed a rectification's loop. The check-up itself is a form submission and its case (cases.checkups)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forms_app.constants import CheckupAnswer


class RectificationItem(models.Model):
    """An item of a failed check-up to put right: opened with the case's ``submit`` line, marked rectified by the
    unit that works on the case (who and when are kept, and a line in the case's history says it)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="rectification_items",
                             verbose_name=_("case"))
    field_id = models.CharField(_("question"), max_length=255)
    label = models.CharField(_("item"), max_length=512)
    answer = models.CharField(_("answer"), max_length=16, choices=CheckupAnswer.choices)
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=2)
    sort_order = models.PositiveIntegerField(default=0)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("rectified by"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["case", "sort_order"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        constraints = [models.UniqueConstraint(fields=["case", "field_id"], name="rectification_item_once")]
        # 体检检查员: the group given this permission opens and submits check-up forms (programmes.checkups.gate)
        permissions = [("inspect", _("Can carry out check-ups (inspector)"))]

    def __str__(self):
        return self.label


class Reinspection(models.Model):
    """A later check-up of the same community (the re-inspection, 复查) that closed a rectification's loop."""

    rectification = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="reinspection",
                                         verbose_name=_("rectification"))
    checkup = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reinspected",
                                verbose_name=_("re-inspection"))
    passed = models.BooleanField(_("passed"))
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("re-inspection")
        verbose_name_plural = _("re-inspections")
