"""Tables of the survey and check-up pages as files: CSV with a byte-order mark (so Excel opens the Chinese as
UTF-8) and XLSX, each cell neutralised so a spreadsheet never runs an answer as a formula."""
import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from forms_app.export import neutralise_formula

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    return neutralise_formula(value) if isinstance(value, str) else value


def table_response(filename, sheets, fmt):
    """A download of ``sheets`` — [(title, headers, rows)] — as ``fmt``; a CSV holds the first sheet only, a
    workbook one worksheet each."""
    if fmt == "csv":
        title, headers, rows = sheets[0]
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow([_cell(h) for h in headers])
        writer.writerows([[_cell(v) for v in row] for row in rows])
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook  # a heavy import, needed only by this download

        book = Workbook()
        book.remove(book.active)
        for title, headers, rows in sheets:
            sheet = book.create_sheet(title=(title or _("Sheet"))[:31])
            sheet.append([_cell(h) for h in headers])
            for row in rows:
                sheet.append([_cell(v) for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
