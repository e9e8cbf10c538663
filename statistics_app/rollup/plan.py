"""Which months of a period the rollup answers, and which are counted live.

A period is read from the rollup only when it is made of whole months and the cases in reach are exactly the
cases of some region subtrees (``paths``, from :func:`cases.scopes.region_scope`; ``("",)`` is every case). Of
its months, those built and not marked since (and never the month now running) come from the rollup; the rest
are counted live, and the two parts are added. Without a single month from the rollup there is no plan, and the
figures are computed live and exact, as before.
"""
from dataclasses import dataclass

from django.db.models import Q

from cases.clock import now

from ..counting import period_cases
from .models import RollupMonth, RollupStale
from .months import month_of, months_q, whole_months


def paths_q(paths, field="region_path"):
    """A filter for the region subtrees ``paths`` (``""`` is the whole tree; none is nothing)."""
    if "" in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


@dataclass(frozen=True)
class Plan:
    paths: tuple
    months: tuple
    #: every month the rollup answers for (the period's and others: the trend's resolved side needs them)
    rolled: frozenset

    @property
    def clean(self):
        """The period's months read from the rollup."""
        return [m for m in self.months if m in self.rolled]

    @property
    def live(self):
        """The period's months counted live."""
        return [m for m in self.months if m not in self.rolled]

    def rows(self, model, months=None, field="month"):
        """The rollup's rows of ``model`` for ``months`` (by default the period's clean ones) in reach."""
        return model.objects.filter(paths_q(self.paths), **{f"{field}__in": self.clean if months is None else months})

    def live_cases(self, cases, start, end):
        """The period's cases in reach that the rollup does not answer for."""
        return period_cases(cases, start, end).filter(months_q(self.live))


def plan_for(start, end, paths, at=None):
    """The :class:`Plan` of ``[start, end)`` over the region subtrees ``paths``, or None (compute live)."""
    if paths is None:
        return None
    months = whole_months(start, end)
    if not months:
        return None
    running = month_of(at or now())
    built = set(RollupMonth.objects.filter(refreshed_at__isnull=False, month__lt=running)
                .values_list("month", flat=True))
    if not built.intersection(months):
        return None
    rolled = frozenset(built - set(RollupStale.objects.values_list("month", flat=True).distinct()))
    if not rolled.intersection(months):
        return None
    return Plan(paths=tuple(paths), months=tuple(months), rolled=rolled)
