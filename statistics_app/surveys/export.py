"""Tables of the survey and check-up pages as files, through :mod:`forms_app.spreadsheet` (CSV with a byte-order
mark, XLSX; every text cell neutralised so a spreadsheet never runs an answer as a formula)."""
from django.utils.translation import gettext as _

from forms_app.spreadsheet import FORMATS, csv_response, workbook_response

__all__ = ["FORMATS", "table_response"]


def table_response(filename, sheets, fmt):
    """A download of ``sheets`` — [(title, headers, rows)] — as ``fmt``; a CSV holds the first sheet only, a
    workbook one worksheet each."""
    if fmt == "csv":
        _title, headers, rows = sheets[0]
        return csv_response(filename, headers, rows)
    return workbook_response(filename, [(title or _("Sheet"), headers, rows) for title, headers, rows in sheets])
