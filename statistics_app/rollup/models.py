"""The rollup's tables (see :mod:`statistics_app.rollup`). Written only by :mod:`.refresh`; the group columns are
plain ids, not foreign keys: a row is a count, and the live queries name the groups when they are read."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.clock import now

from ..counting import COUNTS, RESOLVE_COUNTS


class RollupMonth(models.Model):
    """A month of the rollup: built (``refreshed_at``) or waiting to be."""

    month = models.DateField(_("month"), primary_key=True, help_text=_("The first day of the month, local time."))
    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True)
    cases = models.PositiveIntegerField(_("cases"), default=0)

    class Meta:
        verbose_name = _("statistics month")
        verbose_name_plural = _("statistics months")

    def __str__(self):
        return f"{self.month:%Y-%m}"


class RollupStale(models.Model):
    """A mark: a case received in ``month`` changed (or came in) since the month was built. Marks are only ever
    inserted (by the history's signal, in the transaction of the change) and deleted by the refresh that took
    them in, so two changes never wait for each other on one row."""

    month = models.DateField(db_index=True)
    marked_at = models.DateTimeField(default=now)


def _count_fields():
    return {name: models.PositiveIntegerField(default=0) for name in (*COUNTS, *RESOLVE_COUNTS)}


class MonthCounts(models.Model):
    """The counts of one month's cases in one region path with one ``value`` of one breakdown ``dimension``
    (category, department, form: the id as text, "" for none; triage, channel: the code). One column per name
    in :data:`~statistics_app.counting.COUNTS` and ``RESOLVE_COUNTS`` (added below). A breakdown of a county's
    year reads a thousand rows or so."""

    month = models.DateField()
    region_path = models.CharField(max_length=255, blank=True)
    dimension = models.CharField(max_length=16)
    value = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [models.Index(fields=["dimension", "month", "region_path"], name="rollup_counts_dim_month")]


for _name, _field in _count_fields().items():
    MonthCounts.add_to_class(_name, _field)


class MonthTotals(models.Model):
    """The same counts summed over the groups of one month and region path: what a period's figures read (a
    county's year is a few hundred rows)."""

    month = models.DateField()
    region_path = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["month", "region_path"], name="rollup_totals_month_region")]


for _name, _field in _count_fields().items():
    MonthTotals.add_to_class(_name, _field)


class MonthDurations(models.Model):
    """One duration's histogram over one month's cases in the subtree of one region path (kept for every path
    that is a case's or above it, "" the whole tree): ``{bucket: count}`` (see :mod:`.buckets`)."""

    month = models.DateField()
    region_path = models.CharField(max_length=255, blank=True)
    measure = models.CharField(max_length=20)
    histogram = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["month", "region_path"], name="rollup_durations_month_region")]


class MonthResolved(models.Model):
    """How many of one month's cases in one region path were resolved (and stay so) in ``resolved_month``."""

    month = models.DateField()
    resolved_month = models.DateField()
    region_path = models.CharField(max_length=255, blank=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["resolved_month", "region_path"], name="rollup_resolved_month_region")]
