"""What a batch's recipients must supply for a template: the columns of its list, a sample sheet naming them, and
the placeholders nothing would fill.

A certificate printed with a blank where the star rating should be (``{{ answer.shen_bao_xing_ji }}`` from a list
without that column) is worse than no certificate: such placeholders are found before the batch starts and the
batch is refused with their names, and the batch page offers a sample sheet with every column the template needs.
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from forms_app.published import published_fields
from forms_app.spreadsheet import spreadsheet_response

from .placeholders import ANSWER_PREFIX, BUILT_IN, names_in

#: Filled by every document itself (documents.compose.full_values), whatever its recipients.
ISSUE_KEYS = frozenset({"serial", "verify_code", "title", "issuer", "issued_date", "year"})
#: A placeholder a list row fills → the column (after COLUMN_ALIASES) it is read from, and the sheet's heading.
ROW_COLUMNS = {
    "resident_name": ("resident_name", "姓名"), "id_number_masked": ("id_number", "身份证号"),
    "phone_masked": ("phone", "手机号"), "address": ("address", "地址"), "grid": ("grid", "网格"),
    "community": ("community", "社区"), "street": ("street", "街道"), "region_full": ("region_full", "region_full"),
}


def used_names(template) -> list[str]:
    """The placeholders the template prints (title, body, footer), in order, without repeats."""
    return list(dict.fromkeys(name for text in template.texts() for name in names_in(text)))


def _column(name):
    """(column key, heading) a list must have to fill ``name``; None when no list column can."""
    if name.startswith(ANSWER_PREFIX):
        field_id = name[len(ANSWER_PREFIX):]
        return field_id, field_id
    return ROW_COLUMNS.get(name)


def sheet_columns(template) -> list[str]:
    """The headings of a list for ``template``: the name first (every row needs it), then what its placeholders use."""
    headings = ["姓名"]
    for name in used_names(template):
        column = _column(name)
        if column and column[1] not in headings:
            headings.append(column[1])
    return headings


def token(name):
    return "{{ %s }}" % name


def unfilled_by_list(template, header) -> list[str]:
    """The placeholders of ``template`` that no column of ``header`` (alias-mapped keys) fills."""
    columns = set(header)
    missing = []
    for name in used_names(template):
        if name in ISSUE_KEYS:
            continue
        column = _column(name)
        if column is None:
            missing.append(_("%(token)s (a list cannot fill it: it comes from a case)") % {"token": token(name)})
        elif column[0] not in columns:
            missing.append(_("%(token)s (add a column “%(column)s”)") % {"token": token(name), "column": column[1]})
    return missing


def unfilled_by_form(template, form) -> list[str]:
    """The placeholders of ``template`` that the cases of ``form`` do not fill (an answer it does not ask for)."""
    answer_ids = {spec.field_id for spec in published_fields(form)}
    missing = []
    for name in used_names(template):
        if name.startswith(ANSWER_PREFIX):
            if name[len(ANSWER_PREFIX):] not in answer_ids:
                missing.append(token(name))
        elif name not in BUILT_IN:
            missing.append(token(name))
    return missing


def refusal(missing, *, form=None) -> str:
    """The message a refused batch shows, naming the placeholders that would print blank."""
    names = "; ".join(missing)
    if form is not None:
        return _("These placeholders of the template would print blank, as the form “%(form)s” has no question "
                 "that fills them: %(names)s. Choose another form or template.") % {"form": form.title, "names": names}
    return _("These placeholders of the template would print blank, as no column of the list fills them: %(names)s. "
             "Add the columns (the sample sheet lists them) or choose another template.") % {"names": names}


def sample_response(template, fmt):
    """The sample sheet: a CSV (with a BOM, for Excel) or XLSX file whose first row names the columns."""
    return spreadsheet_response(fmt, _("%(template)s list") % {"template": template.name},
                                sheet_columns(template), [], title=template.name)


__all__ = ["refusal", "sample_response", "sheet_columns", "unfilled_by_form", "unfilled_by_list"]
