"""Placeholders in document templates: ``{{ resident_name }}``, ``{{ answer.<field id> }}`` …

A template is text, not code. Placeholders are looked up in a flat dict of strings built here from the
case (:func:`values_for_case`) or a batch row; nothing else is reachable from a template: no attribute
access, no filters, no tags, no settings, no other resident's data. Personal numbers only ever appear
masked. Unknown or malformed placeholders are found when the template is saved (:func:`check`), so a
resident never meets a broken document.

The rooms above may add placeholders of their own (:func:`register_placeholders`, called in their
``AppConfig.ready``), e.g. the statistics room's ranking table. A value may be a *table* (a dict with
``columns`` and ``rows`` of strings, as JSON stores it): a placeholder alone in its paragraph becomes an HTML
table whose every cell is escaped, so a table is data too, never markup.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TOKEN_RE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
NAME_RE = re.compile(r"^(?:[a-z][a-z0-9_]*|answer\.[A-Za-z_][A-Za-z0-9_]*)$")
ANSWER_PREFIX = "answer."

#: Every placeholder a template may use, with what it means (shown in the picker).
PLACEHOLDERS = {
    "resident_name": gettext_lazy("Resident's name"),
    "id_number_masked": gettext_lazy("Resident's ID number, masked"),
    "phone_masked": gettext_lazy("Resident's mobile number, masked"),
    "address": gettext_lazy("Address"),
    "grid": gettext_lazy("Grid or region the matter concerns"),
    "community": gettext_lazy("Community / village"),
    "street": gettext_lazy("Street / town"),
    "region_full": gettext_lazy("Full region name (county to grid)"),
    "department": gettext_lazy("Department handling the case"),
    "reference": gettext_lazy("Case reference number"),
    "form_title": gettext_lazy("Name of the form / matter"),
    "category": gettext_lazy("Category of the matter"),
    "submitted_date": gettext_lazy("Date submitted"),
    "resolved_date": gettext_lazy("Date resolved"),
    "issued_date": gettext_lazy("Date of issue"),
    "year": gettext_lazy("Year of issue"),
    "result": gettext_lazy("Result of handling"),
    "reason": gettext_lazy("Reason for not accepting"),
    "score": gettext_lazy("Check-up score"),
    "time_limit": gettext_lazy("Time allowed to handle the case, from its deadline setting (e.g. 7个工作日)"),
    "due_date": gettext_lazy("Date the case is due"),
    "serial": gettext_lazy("Serial number of the document"),
    "verify_code": gettext_lazy("Verification code"),
    "title": gettext_lazy("Title of the document"),
    "issuer": gettext_lazy("Issuing body"),
}
#: The placeholders this room fills from a case (documents.values) or from the issue (documents.compose), before
#: the rooms above register theirs.
BUILT_IN = frozenset(PLACEHOLDERS)
#: Column headings a batch list may use instead of placeholder names (Chinese offices write these).
COLUMN_ALIASES = {
    "姓名": "resident_name", "户主": "resident_name", "户主姓名": "resident_name", "居民姓名": "resident_name",
    "name": "resident_name", "身份证号": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number",
    "id_number": "id_number", "手机号": "phone", "手机号码": "phone", "联系电话": "phone", "phone": "phone",
    "地址": "address", "住址": "address", "家庭住址": "address", "网格": "grid", "所在网格": "grid",
    "社区": "community", "村": "community", "街道": "street", "乡镇": "street",
}
#: Values a batch row supplies itself; everything else comes from the template and the issue.
ROW_KEYS = {"resident_name", "address", "grid", "community", "street", "region_full"}

# Values shown in previews: a real-looking resident with rare characters in the name, so that a
# preview proves the fonts as well as the layout.
SAMPLE_VALUES = {
    "resident_name": "李堃喆", "id_number_masked": "2208**********1234", "phone_masked": "138****8000",
    "address": "东湖街道幸福社区3号楼2单元501室", "grid": "幸福社区第一网格", "community": "幸福社区",
    "street": "东湖街道", "region_full": "镇赉县东湖街道幸福社区第一网格", "department": "住建局",
    "reference": "SQ-2026-000123", "form_title": "诉求反映", "category": "管道维修",
    "submitted_date": "2026年11月2日", "resolved_date": "2026年11月9日", "result": "已更换破损水管，恢复供水。",
    "reason": "该事项不属于本平台受理范围，请向县市场监督管理局反映。", "score": "72",
    "time_limit": "7个工作日", "due_date": "2026年11月11日",
}


#: Long but realistic values the rooms above give for their placeholders (documents.long_values has the
#: built-in ones): the preview's *Long values* mode and the test that every demo template fits its pages use them.
REGISTERED_LONG_VALUES: dict = {}


def register_placeholders(labels, samples=None, long_samples=None):
    """Placeholders a room above fills (``{name: label}``), with sample values for previews and long ones
    (the longest realistic: a county's ranking, a crowded meeting) that the layout must hold."""
    PLACEHOLDERS.update(labels)
    SAMPLE_VALUES.update(samples or {})
    REGISTERED_LONG_VALUES.update(long_samples or {})


def is_table(value):
    return isinstance(value, dict) and "rows" in value


def table_html(table) -> str:
    """An escaped HTML table from ``{"columns": [...], "rows": [[...], ...]}``."""
    def cells(tag, row):
        return "".join(f"<{tag}>{html.escape(str(cell))}</{tag}>" for cell in row)

    head = f"<thead><tr>{cells('th', table.get('columns') or [])}</tr></thead>" if table.get("columns") else ""
    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in table["rows"])
    return f'<table class="data">{head}<tbody>{body}</tbody></table>'


def table_text(table) -> str:
    return "; ".join(" ".join(str(cell) for cell in row) for row in table["rows"])


BLOCK_RE = re.compile(r"<p[^>]*>\s*\{\{\s*([^{}]*?)\s*\}\}\s*</p>")


class PlaceholderError(ValueError):
    """Placeholders a template may not use, with a message that names them."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Placeholder:
    name: str
    label: str

    @property
    def token(self):
        return "{{ %s }}" % self.name


def catalogue():
    """The picker's list: (name, label) of the plain placeholders, in display order."""
    return [Placeholder(name, str(label)) for name, label in PLACEHOLDERS.items()]


def names_in(text: str) -> list[str]:
    """The placeholder names used in ``text`` (HTML or plain), in order, without repeats."""
    return list(dict.fromkeys(match.group(1) for match in TOKEN_RE.finditer(text or "")))


def check(*texts: str, answer_ids=None) -> list[str]:
    """Problems with the placeholders in ``texts``, as messages; empty when all is well.

    ``answer_ids``: the field ids that ``answer.*`` may name (None: any well-formed id; the form that
    attaches the template checks them).
    """
    problems = []
    for text in texts:
        text = text or ""
        raw = names_in(text)
        visible_text = html.unescape(strip_tags(text))
        visible = names_in(visible_text)
        for name in visible:
            if name not in raw:
                problems.append(_("Placeholder “{{ %(name)s }}” is split by formatting: remove bold, italics or "
                                  "links inside the braces.") % {"name": name})
        for name in raw:
            if not NAME_RE.match(name):
                problems.append(_("“{{ %(name)s }}” is not a placeholder. Pick one from the list.") % {"name": name})
            elif name.startswith(ANSWER_PREFIX):
                field_id = name[len(ANSWER_PREFIX):]
                if answer_ids is not None and field_id not in answer_ids:
                    problems.append(_("“{{ %(name)s }}”: the form has no question with the id “%(id)s”.")
                                    % {"name": name, "id": field_id})
            elif name not in PLACEHOLDERS:
                problems.append(_("Unknown placeholder “{{ %(name)s }}”. Pick one from the list.") % {"name": name})
        leftovers = TOKEN_RE.sub("", visible_text)
        if "{{" in leftovers or "}}" in leftovers:
            problems.append(_("Unmatched “{{” or “}}”: every placeholder is written as {{ name }}."))
    return list(dict.fromkeys(problems))


def substitute(text: str, values: dict, *, escape=True) -> str:
    """Replace each placeholder by its value (HTML-escaped when ``escape``); missing values become blank."""

    def block(match):
        found = values.get(match.group(1))
        return table_html(found) if is_table(found) else match.group(0)

    def value(match):
        found = values.get(match.group(1), "")
        if is_table(found):
            return html.escape(table_text(found)) if escape else table_text(found)
        found = "" if found is None else str(found)
        return html.escape(found) if escape else found

    if escape:
        text = BLOCK_RE.sub(block, text or "")
    return TOKEN_RE.sub(value, text or "")


def chinese_date(value) -> str:
    """2026年11月22日, in the site's time zone."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"
