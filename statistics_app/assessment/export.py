"""The scorecard as a CSV (UTF-8 with a BOM, so Excel in China opens it) or XLSX file: the table the page shows.

A scorecard holds no personal data (units and counts), so its export is not an audited action.
"""
import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .scoring import PartScore

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rate(part: PartScore):
    return "" if part.rate is None else f"{float(part.rate * 100):.1f}%"


def table(board):
    """Header and rows of the scorecard, as strings and numbers."""
    header = [_("Rank"), _("Unit"), pgettext("assessment", "Accepted"), pgettext("assessment", "Resolved"), _("On-time rate"), _("On-time points"),
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
    return header, [["" if v is None else (float(v) if hasattr(v, "quantize") else v) for v in row]
                    for row in rows]


def export_response(board, fmt, filename):
    header, rows = table(board)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook  # a heavy module, needed only for this download (no project code)

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Assessment"))
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
