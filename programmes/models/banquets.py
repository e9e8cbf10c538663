"""移风易俗 banquet declarations (红白喜事报备): the limits a village sets, the declarations and their history.

A declaration is the programme's side of a case: the household submits the declaration form (a form page,
so a submission and a case of the village), and the row here keeps what the programme reads — the event,
its size against the limit in force that day, whether it came late, and the follow-up visit. Its state is
protected: only the transition method below changes it (a line of :mod:`.banquet_machine`). Region paths
are copied on the rows so that need-to-know and the per-village counts are plain prefix filters.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin

from cases.clock import now
from cases.models import Case
from organisation.models import Region

from ..constants import BanquetEventKind, BanquetKind, BanquetState
from .banquet_machine import fsm


class BanquetLimit(models.Model):
    """The limits a region sets for banquets (桌数, 人数) and how many days ahead they must be declared.

    The nearest region up the tree with a row rules: a village's own row, else its town's, else the county's
    (the county default); without any row, the settings' ``BANQUET_DEFAULT_*`` values."""

    region = models.OneToOneField(Region, verbose_name=_("region"), on_delete=models.CASCADE,
                                  related_name="banquet_limit")
    max_tables = models.PositiveSmallIntegerField(_("most tables"))
    max_guests = models.PositiveIntegerField(_("most guests"))
    notice_days = models.PositiveSmallIntegerField(
        _("declare at least (days before)"),
        help_text=_("A wedding or other celebration declared fewer days before its date is late. Funerals are "
                    "declared as soon as they are known and are never late."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("banquet limit")
        verbose_name_plural = _("banquet limits")

    def __str__(self):
        return str(self.region)


class BanquetDeclaration(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """One household's declaration of a wedding, funeral or other feast, and its follow-up visit; or a banquet
    staff found held without one (``undeclared``: recorded as visited at once, with what they found)."""

    #: the household's case; none for a banquet staff found held without a declaration (``undeclared``)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="banquet", null=True, blank=True)
    undeclared = models.BooleanField(_("held without a declaration"), default=False, db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(max_length=255, db_index=True, editable=False)
    village = models.ForeignKey(Region, verbose_name=_("village / community"), on_delete=models.PROTECT,
                                related_name="banquet_declarations")
    kind = models.CharField(_("event"), max_length=16, choices=BanquetKind.choices)
    event_date = models.DateField(_("date of the event"), db_index=True)
    place = models.CharField(_("place"), max_length=255)
    tables = models.PositiveSmallIntegerField(_("tables"))
    guests = models.PositiveIntegerField(_("guests"))
    alcohol = models.BooleanField(_("alcohol served"), default=False)
    fireworks = models.BooleanField(_("fireworks"), default=False)
    party_member = models.BooleanField(_("party member or cadre"), default=False)
    pledged = models.BooleanField(_("pledge signed"), default=False)
    declared_on = models.DateField(_("declared on"))
    max_tables = models.PositiveSmallIntegerField(_("most tables allowed"))
    max_guests = models.PositiveIntegerField(_("most guests allowed"))
    over_limit = models.BooleanField(_("over the limit"), default=False, db_index=True)
    late = models.BooleanField(_("declared late"), default=False, db_index=True)
    state = FSMField(_("state"), default=BanquetState.DECLARED, choices=BanquetState.choices, protected=True,
                     db_index=True)
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("visited by"))
    as_declared = models.BooleanField(_("held as declared"), null=True, blank=True)
    actual_tables = models.PositiveSmallIntegerField(_("tables actually held"), null=True, blank=True)
    visit_remarks = models.TextField(_("remarks"), blank=True)

    class Meta:
        verbose_name = _("banquet declaration")
        verbose_name_plural = _("banquet declarations")
        ordering = ["-event_date", "-pk"]

    def __str__(self):
        return f"{self.label} {self.get_kind_display()} {self.event_date:%Y-%m-%d}"

    @property
    def label(self):
        """The case's reference number, or for an undeclared banquet its own number (未报备-12)."""
        return self.case.reference if self.case_id else _("Undeclared-%(number)s") % {"number": self.pk}

    @fsm("record_visit")
    def record_visit(self, *, at, by, as_declared, actual_tables, remarks):
        self.visited_at, self.visited_by = at, by
        self.as_declared, self.actual_tables, self.visit_remarks = as_declared, actual_tables, remarks


class BanquetEvent(models.Model):
    """One line of a declaration's history (declared, visited). Append-only."""

    declaration = models.ForeignKey(BanquetDeclaration, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(max_length=16, choices=BanquetEventKind.choices)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Banquet events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Banquet events are append-only")
