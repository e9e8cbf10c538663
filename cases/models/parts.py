"""协办: a co-unit's part of a joint case, with its own deadline, light and small state machine.

The case keeps its lead unit (``Case.department``); each other department asked to help has a part. Its
state is protected like the case's: only the methods below change it, each one transition of
:mod:`cases.parts_machine`; the services of :mod:`cases.parts` lock the case and the part, run them and
append the line to the case's history.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin

from organisation.models import Department

from ..clock import now
from ..constants import OPEN_STATES, OUTSTANDING_PARTS, Light, PartState
from ..parts_machine import part_fsm
from .case import Case


class CasePart(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """One co-unit's part of a case: asked to help, claimed, reported (or waived by the lead)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="parts")
    department = models.ForeignKey(Department, verbose_name=_("co-unit"), on_delete=models.PROTECT,
                                   related_name="case_parts")
    state = FSMField(_("state"), default=PartState.DISPATCHED, choices=PartState.choices, protected=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    dispatched_at = models.DateTimeField(_("asked at"), default=now)
    due_at = models.DateTimeField(_("due at"))
    yellow_at = models.DateTimeField(editable=False)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("claimed by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    waived_reason = models.TextField(_("reason for waiving"), blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-unit's part")
        verbose_name_plural = _("co-units' parts")
        ordering = ["dispatched_at", "pk"]
        constraints = [
            # a department helps on a case once at a time (again after its part is in, e.g. on a reopened case)
            models.UniqueConstraint(fields=["case", "department"], name="case_part_one_open_per_unit",
                                    condition=models.Q(state__in=OUTSTANDING_PARTS)),
        ]
        indexes = [models.Index(fields=["due_at"], name="case_part_outstanding_due",
                                condition=models.Q(state__in=OUTSTANDING_PARTS))]

    def __str__(self):
        return f"{self.case_id}: {self.department_id} ({self.state})"

    @property
    def outstanding(self):
        return self.state in OUTSTANDING_PARTS

    def light(self, at=None):
        """亮灯 like the case's: only an outstanding part of an open case has one."""
        if not self.outstanding or self.case.state not in OPEN_STATES:
            return None
        at = at or now()
        if at >= self.due_at:
            return Light.RED
        return Light.YELLOW if at >= self.yellow_at else Light.GREEN

    # -- transitions (see cases.parts_machine) ------------------------------------------------------

    @part_fsm("claim_part")
    def claim_part(self, *, handler):
        self.claimed_by, self.claimed_at = handler, now()

    @part_fsm("report_part")
    def report_part(self, *, result):
        self.result, self.reported_at = result, now()

    @part_fsm("waive_part")
    def waive_part(self, *, reason):
        self.waived_reason = reason
