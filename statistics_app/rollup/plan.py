"""Which months of a period the rollup answers, and which are counted live.

A period is read from the rollup only when it is made of whole months (the month now running too: it is built
again by every sweep after a change) and the cases in reach are exactly the cases of some region subtrees (``paths``, from :func:`cases.scopes.region_scope`;
``("",)`` is every case). Of its months, those built come from the rollup, as of their last build; a month
whose oldest mark is older than ``STATISTICS_ROLLUP_FRESH_FOR`` (the sweep is not keeping up, or not running)
is counted live, so the figures are never further behind than that. The two parts are added. Without a month
from the rollup there is no plan, and the figures are computed live and exact.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, Q

from cases.clock import now

from ..counting import period_cases
from .models import RollupMonth, RollupStale
from .months import months_q, whole_months

def fresh_for():
    """How far behind the rollup may be before a month is counted live (setting, in seconds; 10 minutes)."""
    return timedelta(seconds=int(getattr(settings, "STATISTICS_ROLLUP_FRESH_FOR", 600)))


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
    #: when the oldest of the period's rolled months was built: the figures are as of then
    as_of: datetime

    @property
    def clean(self):
        """The period's months read from the rollup."""
        return [m for m in self.months if m in self.rolled]

    @property
    def live(self):
        """The period's months counted live."""
        return [m for m in self.months if m not in self.rolled]

    def subtree_rows(self, model):
        """The rows of ``model`` (kept per subtree) of the period's clean months for exactly the reach's paths."""
        return model.objects.filter(region_path__in=self.paths, month__in=self.clean)

    def rows(self, model, months=None, field="month"):
        """The rollup's rows of ``model`` for ``months`` (by default the period's clean ones) in reach."""
        return model.objects.filter(paths_q(self.paths), **{f"{field}__in": self.clean if months is None else months})

    def live_cases(self, cases, start, end):
        """The period's cases in reach that the rollup does not answer for."""
        return period_cases(cases, start, end).filter(months_q(self.live))


@dataclass(frozen=True)
class RollupState:
    """What the rollup holds at a moment: the months built (with when) and those counted live because their
    oldest mark is older than :func:`fresh_for`. A page reads it once and plans all its figures from it, so
    they are as of the same builds and cost two queries, not two per figure."""

    built: dict
    behind: frozenset


def rollup_state(at=None):
    built = dict(RollupMonth.objects.filter(refreshed_at__isnull=False).values_list("month", "refreshed_at"))
    behind = (RollupStale.objects.values("month").annotate(first=Min("marked_at"))
              .filter(first__lt=(at or now()) - fresh_for()).values_list("month", flat=True))
    return RollupState(built=built, behind=frozenset(behind))


def plan_for(start, end, paths, at=None, state=None):
    """The :class:`Plan` of ``[start, end)`` over the region subtrees ``paths``, or None (compute live);
    ``state``: the :class:`RollupState` the caller has read (else it is read now)."""
    if paths is None:
        return None
    months = whole_months(start, end)
    if not months:
        return None
    state = state or rollup_state(at)
    if not state.built.keys() & set(months):
        return None
    rolled = frozenset(state.built.keys() - state.behind)
    clean = [state.built[m] for m in months if m in rolled]
    if not clean:
        return None
    return Plan(paths=tuple(paths), months=tuple(months), rolled=rolled, as_of=min(clean))
