"""Every figure the platform reports, defined once: its key, its label and how it is counted.

Pages, exports and the public board show a measure's ``label`` and its ``how`` note (in Chinese and English,
by gettext); :mod:`statistics_app.selectors` computes them. The formulas, over **the period's cases**: the
cases *received* (opened) at or after ``start`` and before ``end``, states as they are now (a cohort, so a
rate never exceeds 100 % and a period's figures settle as its cases are handled). Records filed at once
(the *record* workflow: surveys) are not matters to handle and are left out of every figure.

- 受理量 ``received``        = cases opened in the period
- 不予受理 ``rejected``       = of those, cases not accepted (a ``reject`` line in their history)
- ``handled``                = received − rejected: the base of the handling rates
- 办结量 ``resolved``         = cases with a resolution standing (``resolved_at`` set: resolved, evaluated,
  or archived after resolution; a reopened case counts again only once it is resolved again)
- 办结率 ``resolution_rate``  = resolved / handled
- 按期办结率 ``on_time_rate``  = resolved at or before their deadline (``resolved_at <= due_at``) / resolved
  cases that had a deadline. The deadline is the one the case carries, already counted in working days when
  its category says so (:mod:`cases.deadlines`); after a reopening it is the new one.
- 化解率 ``settled_rate``     = resolved and never reopened / handled. The seeds' 化解率 counts matters that
  are *settled* (矛盾化解): a matter that came back — the resident was not satisfied, or a supervisor reopened
  it — was not settled the first time, so it does not count even when resolved again.
- 满意率 ``satisfaction``     = rated above "unsatisfied" (rating > ``cases.workflow.UNSATISFIED_AT_MOST``,
  the same line at which a bad rating reopens a case) / rated, with the distribution of ratings 1–5. The
  rating is the resident's standing verdict (a reopening clears an earlier one). Never given without:
- 参评率 ``response_rate``    = resolved cases the resident rated / resolved. A case closed by the sweep's
  ``auto_evaluate`` (no answer in time) was not rated.
- 重办率 ``reopen_rate``      = cases reopened at least once / cases ever resolved (resolved, or reopened)
- 督办 ``urges``              = times the period's cases were urged (Σ ``urge_count``); ``urged`` = cases
  urged at least once
- time to accept            = first ``accept`` line − opened (``created_at``)
- time to claim             = first ``claim`` line − first ``dispatch`` line
- time to resolve           = ``resolved_at`` − opened; each as the median and the 90th percentile (P90) over the
  period's cases that have both moments, interpolated between ranks as PostgreSQL's ``percentile_cont`` does;
  over two or more whole months of a region reach they come from the monthly rollup's histograms
  (:mod:`statistics_app.rollup`), within 2 % of that

Figures *now* (not of a period, over every case in reach, at the moment ``at``):

- 超期 ``overdue``            = open cases past their deadline (the red light: ``due_at <= at``)
- 红灯 ``red`` / 黄灯 ``yellow`` = open cases showing that light (:func:`cases.selectors.light_q`)
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    how: str


MEASURES = {m.key: m for m in (
    Measure("received", _("Cases received"), _("Cases opened in the period (受理量).")),
    Measure("rejected", _("Cases not accepted"), _("Of the period's cases, those not accepted (不予受理).")),
    Measure("handled", _("Accepted for handling"), _("Cases received minus those not accepted.")),
    Measure("resolved", _("Cases resolved"),
            _("Of the period's cases, those whose resolution stands: a reopened case counts once resolved "
              "again (办结量).")),
    Measure("resolution_rate", _("Resolution rate"),
            _("Resolved cases divided by the cases accepted for handling (办结率).")),
    Measure("on_time_rate", _("Resolved on time"),
            _("Of the resolved cases that had a deadline, the share resolved by it; deadlines count working days "
              "where the category says so (按期办结率).")),
    Measure("settled_rate", _("Settled rate"),
            _("Cases resolved and never reopened, divided by the cases accepted for handling: a matter that "
              "came back was not settled the first time (化解率).")),
    Measure("satisfaction", _("Satisfaction"),
            _("Of the cases the resident rated, the share rated 3 to 5 out of 5; always shown with the response "
              "rate (满意率).")),
    Measure("response_rate", _("Response rate"),
            _("Of the resolved cases, the share the resident rated; cases closed without an answer are not "
              "rated (参评率).")),
    Measure("ratings", _("Ratings"), _("How many resolved cases the residents rated 1, 2, 3, 4 and 5.")),
    Measure("reopen_rate", _("Reopened rate"),
            _("Cases reopened at least once, divided by the cases ever resolved (重办率).")),
    Measure("urges", _("Times urged"), _("How many times a supervisor urged the period's cases (督办).")),
    Measure("urged", _("Cases urged"), _("The period's cases urged at least once.")),
    Measure("time_to_accept", _("Time to accept"),
            _("From the submission to its acceptance: the median and the 90th percentile (over several whole "
              "months, from monthly histograms: accurate to 2 %).")),
    Measure("time_to_claim", _("Time to claim"),
            _("From the first dispatch to the first claim by a handler: the median and the 90th percentile (over "
              "several whole months, from monthly histograms: accurate to 2 %).")),
    Measure("time_to_resolve", _("Time to resolve"),
            _("From the submission to its resolution: the median and the 90th percentile (over several whole "
              "months, from monthly histograms: accurate to 2 %).")),
    Measure("overdue", _("Overdue now"), _("Open cases past their deadline at this moment (超期).")),
    Measure("red", _("Red now"), _("Open cases showing the red light at this moment: overdue.")),
    Measure("yellow", _("Yellow now"), _("Open cases showing the yellow light at this moment: due soon.")),
)}


@dataclass(frozen=True)
class Ratio:
    """A rate with its parts, so a page can show "47 / 50" and a small cell can be suppressed."""

    part: int
    whole: int

    @property
    def value(self):
        """The share from 0 to 1, or None when there is nothing to divide by."""
        return self.part / self.whole if self.whole else None

    def __str__(self):
        return "—" if not self.whole else f"{100 * self.part / self.whole:.1f}%"


@dataclass(frozen=True)
class Satisfaction:
    """满意率 always travels with 参评率 and the distribution it comes from."""

    rate: Ratio
    response_rate: Ratio
    ratings: dict


@dataclass(frozen=True)
class Spread:
    """The median and the 90th percentile of a duration (a ``timedelta``), None when no case has one."""

    median: object
    p90: object
    count: int
