"""Rows as a spreadsheet download: CSV that Excel opens in Chinese, or XLSX.

Excel reads a CSV file as the system's code page (GBK on a Chinese Windows) unless it starts with a UTF-8
byte-order mark, so every CSV here starts with one. XLSX is written by openpyxl (Wagtail's own dependency) in
write-only mode. Text cells pass :func:`forms_app.export.neutralise_formula` (a region or form named ``=…`` must
not run in a spreadsheet); times are written in the site's time zone, as staff read them on the page.

The rooms above (the case export, the statistics tables) hand plain rows here: str, int, Decimal, dates,
times, None, and :class:`Percent` for a share that a spreadsheet should keep as a number.
"""
import csv
import io
from datetime import date, datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .export import neutralise_formula

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"


class Percent(float):
    """A share from 0 to 1: "94.0%" in a CSV file, a number formatted as a percentage in XLSX."""


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Percent):
        return f"{100 * value:.1f}%"
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise_formula(str(value)) if isinstance(value, str) else value


def _xlsx_value(sheet, value):
    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "0.0%"
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    return neutralise_formula(str(value)) if isinstance(value, str) else value


class _Echo:
    """csv.writer writes into this and gets the line back, so a large export streams row by row."""

    def write(self, value):
        return value


def csv_response(filename, headings, rows):
    """A streamed CSV download (UTF-8 with a BOM) of ``headings`` and then ``rows``."""
    writer = csv.writer(_Echo())

    def lines():
        yield BOM + writer.writerow([csv_value(h) for h in headings])
        for row in rows:
            yield writer.writerow([csv_value(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    return response


def sheet_title(title):
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(title)).strip()
    return cleaned[:31] or "Sheet"


def xlsx_response(filename, headings, rows, title=None):
    """An XLSX download with one sheet: ``headings``, then ``rows``."""
    return workbook_response(filename, [(title or filename, headings, rows)])


def workbook_response(filename, sheets):
    """An XLSX download of ``sheets`` — ``[(title, headings, rows)]`` — one worksheet each."""
    workbook = Workbook(write_only=True)
    for title, headings, rows in sheets:
        sheet = workbook.create_sheet(title=sheet_title(title))
        sheet.append([_xlsx_value(sheet, h) for h in headings])
        for row in rows:
            sheet.append([_xlsx_value(sheet, v) for v in row])
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx")
    return response


def spreadsheet_response(fmt, filename, headings, rows, title=None):
    """``fmt`` is one of :data:`FORMATS` (the callers' URLs allow no other)."""
    if fmt == "csv":
        return csv_response(filename, headings, rows)
    if fmt == "xlsx":
        return xlsx_response(filename, headings, rows, title)
    raise ValueError(f"Unknown spreadsheet format {fmt!r}")
