"""A table of the overview as a spreadsheet: the rows the page shows, with numbers a spreadsheet can use.

The figures are counts, not personal data; the export is recorded in the audit log all the same (what was
exported, for which period), as every export from the admin is.
"""
from forms_app.spreadsheet import spreadsheet_response
from organisation import audit

from .cells import export_value


def filename(table, overview):
    first, last = overview.period.first_day, overview.period.last_day
    where = f"-{overview.region.name}" if table.key == "regions" and overview.region is not None else ""
    return f"{table.title}{where}-{first.isoformat()}_{last.isoformat()}"


def table_response(request, table, fmt, overview):
    """``table`` (statistics_app.overview.tables.Table) as a CSV (UTF-8 with a BOM) or XLSX download."""
    audit.record(request.user, "govforms.export", user=request.user, what="statistics", table=table.key,
                 format=fmt, period=overview.period.query(), rows=len(table.rows))
    headings = [text for text, _how in table.headings]
    rows = ([export_value(cell) for cell in row.cells] for row in table.rows)
    return spreadsheet_response(fmt, filename(table, overview), headings, rows, title=table.title)
