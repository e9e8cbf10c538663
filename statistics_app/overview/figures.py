"""What one overview page (or one of its exports) computes, each piece once and only when asked for.

A page shows every table; an export asks for one. :class:`Overview` holds the request's choices (the period,
the region of the drill-down, the breakdown tab) and computes each figure lazily over the cases the user may
list, so an export of the trend never computes the region breakdown.
"""
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cases.clock import now
from cases.scopes import region_scope
from cases.selectors import cases_visible_to
from organisation.models import Region

from ..periods import period_from_query
from ..rollup.plan import plan_for, rollup_state
from .. import selectors as stats
from ..selectors import breakdown, figures_now, period_figures, trend
from . import selectors

#: The breakdowns of the tabbed table (the region and the department have sections of their own).
OTHER_DIMENSIONS = {
    "category": _("Category"), "form": _("Form"), "triage": _("Triage"), "channel": _("Channel"),
}


@dataclass
class Overview:
    user: object
    period: object
    home: object
    region: object
    by: str = "category"
    at: object = field(default_factory=now)

    @cached_property
    def cases(self):
        return cases_visible_to(self.user)

    @cached_property
    def paths(self):
        """The region subtrees the reach is made of, if it is (then whole months come from the rollup)."""
        return region_scope(self.user)

    @cached_property
    def rollup(self):
        """What the rollup holds, read once: every figure of the page is planned from it."""
        return rollup_state(self.at)

    @cached_property
    def as_of(self):
        """When the figures were counted: now, or for whole months read from the rollup when its oldest month
        used was built (:mod:`statistics_app.rollup`)."""
        plans = [plan_for(p.start, p.end, self.paths, state=self.rollup) for p in (self.period, self.previous_period)]
        return min([self.at, *(plan.as_of for plan in plans if plan is not None)])

    @cached_property
    def previous_period(self):
        return self.period.previous()

    @cached_property
    def current(self):
        return period_figures(self.cases, self.period.start, self.period.end, self.paths, self.rollup)

    @cached_property
    def previous(self):
        return period_figures(self.cases, self.previous_period.start, self.previous_period.end, self.paths,
                              self.rollup)

    @cached_property
    def now(self):
        return figures_now(self.cases, self.at)

    @cached_property
    def trend(self):
        return trend(self.cases, self.period.start, self.period.end, self.period.step, self.paths, self.rollup)

    @cached_property
    def regions(self):
        if self.region is None:
            return []
        return breakdown(self.cases, self.period.start, self.period.end, "region", region=self.region,
                         paths=self.paths, rollup=self.rollup)

    @cached_property
    def departments(self):
        return breakdown(self.cases, self.period.start, self.period.end, "department", paths=self.paths,
                         rollup=self.rollup)

    @cached_property
    def other(self):
        return breakdown(self.cases, self.period.start, self.period.end, self.by, paths=self.paths, rollup=self.rollup)

    @cached_property
    def resolve_times(self):
        return stats.resolve_times(self.cases, self.period.start, self.period.end, self.paths, self.rollup)

    def red(self, by):
        return selectors.red_ranking(self.cases, by, self.at)

    @cached_property
    def trail(self):
        return selectors.trail(self.home, self.region) if self.region is not None else []

    def query(self, **changes):
        """The query string of this page with ``changes`` (the period always kept), for links and exports."""
        params = dict(self.period.query())
        if self.region is not None and self.home is not None and self.region.pk != self.home.pk:
            params["region"] = self.region.pk
        if self.by != "category":
            params["by"] = self.by
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _region(home, value):
    """The drill-down's region from the query string: the user's home region or one below it."""
    if not value:
        return home
    region = Region.objects.filter(pk=value).first() if str(value).isdigit() and len(value) < 12 else None
    if region is None or home is None or not region.path.startswith(home.path):
        raise ValidationError(_("Unknown region."), code="region")
    return region


def overview_from_query(user, params):
    """The overview ``params`` (a QueryDict) ask for; bad input raises ValidationError with its message."""
    period = period_from_query(params)
    by = params.get("by") or "category"
    if by not in OTHER_DIMENSIONS:
        raise ValidationError(_("Unknown breakdown."), code="by")
    home = selectors.home_region(user)
    return Overview(user=user, period=period, home=home, region=_region(home, params.get("region")), by=by)
