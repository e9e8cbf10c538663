"""How one cell of a statistics table reads: on the page ("47 / 50 = 94.0%") and in a spreadsheet.

A rate is shown with its parts, so a reader sees at once that 100 % of 2 cases is not 100 % of 2,000; a time
spread as its median and 90th percentile in hours; nothing to divide by as a dash. Spreadsheets get numbers
(a rate as a percentage, which Excel can sort and chart) and the same texts where there is no single number.
"""
from datetime import timedelta

from django.utils.translation import gettext as _

from forms_app.spreadsheet import Percent

from ..measures import Ratio, Satisfaction, Spread

DASH = "—"


def hours(duration):
    return _("%(hours)s h") % {"hours": f"{duration.total_seconds() / 3600:.1f}"}


def ratio_text(ratio):
    if not ratio.whole:
        return DASH
    return f"{ratio.part} / {ratio.whole} = {ratio}"


def display(cell):
    """The text of ``cell`` on the page."""
    if cell is None:
        return DASH
    if isinstance(cell, Ratio):
        return ratio_text(cell)
    if isinstance(cell, Satisfaction):
        if not cell.response_rate.whole:
            return DASH  # nothing resolved, so nothing to rate
        return _("%(rate)s (response rate %(response)s)") % {
            "rate": ratio_text(cell.rate), "response": ratio_text(cell.response_rate)}
    if isinstance(cell, Spread):
        if not cell.count:
            return DASH
        return _("median %(median)s, P90 %(p90)s") % {"median": hours(cell.median), "p90": hours(cell.p90)}
    if isinstance(cell, timedelta):
        return hours(cell)
    return str(cell)


def export_value(cell):
    """The value of ``cell`` in a CSV or XLSX file."""
    if isinstance(cell, Satisfaction):
        cell = cell.rate
    if isinstance(cell, Ratio):
        return None if cell.value is None else Percent(cell.value)
    if isinstance(cell, (Spread, timedelta)):
        return display(cell)
    return cell


def percent(ratio):
    """A rate for a chart: a percentage with one decimal, or None (a gap) when there is nothing to divide."""
    if isinstance(ratio, Satisfaction):
        ratio = ratio.rate
    return None if ratio.value is None else round(100 * ratio.value, 1)
