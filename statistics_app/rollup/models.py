"""The rollup's tables (see :mod:`statistics_app.rollup`). Written only by :mod:`.refresh`; the group columns are
plain ids, not foreign keys: a row is a count, and the live queries name the groups when they are read."""
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    """A mark: a case received in ``month`` changed after the month was built. Marks are only ever inserted (by
    the history's signal, in the transaction of the change) and deleted by the refresh that took them in, so two
    changes never wait for each other on one row."""

    month = models.DateField(db_index=True)
    marked_at = models.DateTimeField(auto_now_add=True)


def _count_fields():
    return {name: models.PositiveIntegerField(default=0) for name in (*COUNTS, *RESOLVE_COUNTS)}


class MonthCounts(models.Model):
    """The counts of one month's cases of one group: region path × category × department × form × triage ×
    channel; one column per name in :data:`~statistics_app.counting.COUNTS` and ``RESOLVE_COUNTS`` (added below)."""

    month = models.DateField()
    region_path = models.CharField(max_length=255, blank=True)
    category_id = models.IntegerField(null=True)
    department_id = models.IntegerField(null=True)
    form_id = models.IntegerField(null=True)
    triage = models.CharField(max_length=16, blank=True)
    channel = models.CharField(max_length=16, blank=True)

    class Meta:
        indexes = [models.Index(fields=["month", "region_path"], name="rollup_counts_month_region")]


for _name, _field in _count_fields().items():
    MonthCounts.add_to_class(_name, _field)


class MonthDurations(models.Model):
    """How many of one month's cases in one region path took a duration of bucket ``bucket`` (see :mod:`.buckets`)."""

    month = models.DateField()
    region_path = models.CharField(max_length=255, blank=True)
    measure = models.CharField(max_length=20)
    bucket = models.SmallIntegerField()
    n = models.PositiveIntegerField()

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
