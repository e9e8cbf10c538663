"""Every table of the overview, built once for the page and for its exports (CSV and XLSX use the same rows).

A table has its headings (each with the measure's "how is this counted" note), its rows (the first cell
names the row; a drill-down row carries the link one level down) and, where a chart draws it, the chart's
data: the chart is a picture of the table beside it, never data of its own.
"""
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.constants import RegionLevel

from ..measures import MEASURES, Ratio
from ..periods import Step
from ..selectors import RATINGS
from .cells import percent, ratio_text
from .figures import OTHER_DIMENSIONS

HEADLINE = ("received", "rejected", "handled", "resolved", "resolution_rate", "on_time_rate", "settled_rate",
            "satisfaction", "response_rate", "reopen_rate", "urges", "urged", "time_to_accept", "time_to_claim",
            "time_to_resolve")
NOW = ("overdue", "red", "yellow")
BREAKDOWN = ("received", "rejected", "resolved", "resolution_rate", "on_time_rate", "settled_rate", "satisfaction",
             "response_rate", "reopen_rate", "urges")
CHARTED_RATES = ("resolution_rate", "on_time_rate", "satisfaction")


@dataclass
class Row:
    cells: list
    url: str = ""
    how: str = ""


@dataclass
class Table:
    key: str
    title: str
    headings: list  # (text, how) pairs
    rows: list
    chart: dict = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def wide(self):
        """Too many columns to stand beside its chart: the page puts the chart above it."""
        return len(self.headings) > 4


def _measure(key):
    return str(MEASURES[key].label), str(MEASURES[key].how)


def figure(figures, key):
    """A figure of a period by its measure key (the response rate travels inside the satisfaction)."""
    return figures["satisfaction"].response_rate if key == "response_rate" else figures[key]


def _range(period):
    first, last = period.first_day, period.last_day
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def figures_table(o):
    rows = [Row([_measure(key)[0], figure(o.current, key), figure(o.previous, key)], how=_measure(key)[1])
            for key in HEADLINE]
    headings = [(_("Measure"), ""), (_("This period (%(range)s)") % {"range": _range(o.period)}, ""),
                (_("Previous period (%(range)s)") % {"range": _range(o.previous_period)}, "")]
    return Table("figures", _("The period's figures"), headings, rows)


def now_table(o):
    rows = [Row([_measure(key)[0], o.now[key]], how=_measure(key)[1]) for key in NOW]
    return Table("now", _("Figures now"), [(_("Measure"), ""), (_("Now"), "")], rows)


def step_label(at, step):
    at = timezone.localtime(at)
    if step == Step.HOUR:
        return at.strftime("%m-%d %H:00")
    if step == Step.MONTH:
        return at.strftime("%Y-%m")
    if step == Step.WEEK:
        return _("Week of %(day)s") % {"day": at.strftime("%m-%d")}
    return at.strftime("%m-%d")


def trend_table(o):
    step = o.period.step
    rows = [Row([step_label(p["start"], step), p["received"], p["resolved"]]) for p in o.trend]
    received, resolved = _measure("received")[0], _measure("resolved")[0]
    chart = {"kind": "line", "categories": [r.cells[0] for r in rows], "percent": False,
             "series": [{"name": received, "data": [r.cells[1] for r in rows]},
                        {"name": resolved, "data": [r.cells[2] for r in rows]}]}
    headings = [(Step(step).label, ""), (received, _("Cases opened in the step.")),
                (resolved, _("Cases whose resolution in the step stands, whenever they came in."))]
    return Table("trend", _("Received and resolved"), headings, rows, chart=chart)


def _breakdown_rows(rows, link=None):
    """A row per group; the satisfaction is its rate alone, the response rate being the next column."""
    def cell(row, key):
        return row["satisfaction"].rate if key == "satisfaction" else figure(row, key)

    return [Row([row["label"], *(cell(row, key) for key in BREAKDOWN)], url=link(row) if link else "")
            for row in rows]


def _rates_chart(rows):
    return {"kind": "bar", "categories": [r.cells[0] for r in rows], "percent": True,
            "series": [{"name": _measure(key)[0], "data": [percent(r.cells[1 + BREAKDOWN.index(key)]) for r in rows]}
                       for key in CHARTED_RATES]}


def _breakdown_table(key, title, first, rows, chart=True):
    headings = [(first, ""), *(_measure(k) for k in BREAKDOWN)]
    return Table(key, title, headings, rows, chart=_rates_chart(rows) if chart and rows else None)


def regions_table(o, url):
    def link(row):
        if row["id"] is None or row["level"] == RegionLevel.GRID:
            return ""
        return f"{url}?{o.query(region=row['id'])}#regions"

    table = _breakdown_table("regions", _("By region"), _("Region"), _breakdown_rows(o.regions, link))
    table.note = _("Each region is a link one level down; a row named after the region itself counts the cases "
                   "placed at it rather than below.")
    table.extra["trail"] = [(r.name, f"{url}?{o.query(region=r.pk)}#regions") for r in o.trail]
    return table


def departments_table(o):
    return _breakdown_table("departments", _("By department"), _("Department"), _breakdown_rows(o.departments))


def breakdown_table(o):
    label = str(OTHER_DIMENSIONS[o.by])
    table = _breakdown_table("breakdown", _("By %(dimension)s") % {"dimension": label}, label,
                             _breakdown_rows(o.other), chart=False)
    table.extra["by"] = o.by
    return table


def ratings_table(o):
    satisfaction = o.current["satisfaction"]
    rated = sum(satisfaction.ratings.values())
    rows = [Row([str(n), satisfaction.ratings[n], Ratio(satisfaction.ratings[n], rated)]) for n in RATINGS]
    chart = {"kind": "bar", "categories": [r.cells[0] for r in rows], "percent": False,
             "series": [{"name": _("Cases"), "data": [r.cells[1] for r in rows]}]}
    headings = [(_("Rating (1 to 5)"), ""), (_("Cases"), ""), (_("Share"), "")]
    table = Table("ratings", _("Satisfaction: the ratings"), headings, rows, chart=chart)
    table.note = _("Response rate %(rate)s.") % {"rate": ratio_text(satisfaction.response_rate)}
    return table


def resolve_times_table(o):
    buckets = o.resolve_times
    total = sum(b["count"] for b in buckets)
    rows = [Row([str(b["label"]), b["count"], Ratio(b["count"], total)]) for b in buckets]
    chart = {"kind": "bar", "categories": [r.cells[0] for r in rows], "percent": False,
             "series": [{"name": _("Cases"), "data": [r.cells[1] for r in rows]}]}
    headings = [(_("Time to resolve"), _measure("time_to_resolve")[1]), (_("Cases"), ""), (_("Share"), "")]
    return Table("resolve_times", _("Time to resolve"), headings, rows, chart=chart)


def red_table(o, by):
    rows = [Row([row["label"] if row["id"] or by == "region" else _("No department yet"), row["overdue"]])
            for row in o.red(by)]
    chart = {"kind": "hbar", "categories": [r.cells[0] for r in rows], "percent": False,
             "series": [{"name": _measure("overdue")[0], "data": [r.cells[1] for r in rows]}]}
    first = _("Department") if by == "department" else _("Region")
    title = _("Most overdue now, by department") if by == "department" else _("Most overdue now, by region")
    return Table(f"red_{by}s", title, [(first, ""), _measure("overdue")], rows, chart=chart if rows else None)


TABLES = {
    "figures": lambda o, url: figures_table(o),
    "now": lambda o, url: now_table(o),
    "trend": lambda o, url: trend_table(o),
    "regions": regions_table,
    "departments": lambda o, url: departments_table(o),
    "breakdown": lambda o, url: breakdown_table(o),
    "ratings": lambda o, url: ratings_table(o),
    "resolve_times": lambda o, url: resolve_times_table(o),
    "red_departments": lambda o, url: red_table(o, "department"),
    "red_regions": lambda o, url: red_table(o, "region"),
}


def build(o, key, url):
    """The table ``key`` of :data:`TABLES` for the overview ``o`` (``url``: the page's, for its links)."""
    return TABLES[key](o, url)
