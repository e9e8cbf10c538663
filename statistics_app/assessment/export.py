"""The scorecard as a CSV (UTF-8 with a BOM, so Excel in China opens it) or XLSX file: the table the page shows,
written by :mod:`forms_app.spreadsheet` (a unit named ``=…`` is neutralised, rates stay numbers in XLSX).

A scorecard holds no personal data (units and counts), so its export is not an audited action.
"""
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from forms_app.spreadsheet import Percent, spreadsheet_response

from .scoring import PartScore


def _rate(part: PartScore):
    return None if part.rate is None else Percent(part.rate)


def table(board):
    """Header and rows of the scorecard, as strings and numbers."""
    header = [_("Rank"), _("Unit"), pgettext("assessment", "Accepted"), pgettext("assessment", "Resolved"),
              _("On-time rate"), _("On-time points"),
              _("Satisfaction"), _("Rated"), _("Satisfaction points"), _("Resolution rate"), _("Resolution points"),
              _("Reopened"), _("Urges"), _("Deductions"), _("Score"), _("Overdue now"), _("Light"), _("Note")]
    rows = []
    for card in board.cards:
        parts = {p.part: p for p in card.score.parts}
        f = card.figures
        rows.append([
            card.rank if card.ranked else "", card.label, f.handled, f.resolved,
            _rate(parts["on_time"]), parts["on_time"].points, _rate(parts["satisfaction"]), f.rated,
            parts["satisfaction"].points, _rate(parts["resolution"]), parts["resolution"].points,
            f.reopened, f.urges, card.score.deductions, card.score.total, f"{f.overdue}/{f.open}",
            str(card.light_label), card.note,
        ])
    return header, [[v if isinstance(v, Percent) or not hasattr(v, "quantize") else float(v) for v in row]
                    for row in rows]


def export_response(board, fmt, filename):
    header, rows = table(board)
    return spreadsheet_response(fmt, filename, header, rows, title=_("Assessment"))
