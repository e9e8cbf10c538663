"""Columns of a form's submissions, keyed by field id so relabelling never breaks exports."""
import re
from dataclasses import dataclass

from .constants import DISPLAY_ONLY_TYPES

# What a spreadsheet would take as the start of a formula (CWE-1236).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def neutralise_formula(value):
    """Prefix a quote so spreadsheets show ``=cmd()`` as text instead of running it.

    Plain numbers such as ``-5`` or ``+3.5`` are left alone: they cannot run anything.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


@dataclass(frozen=True)
class RetiredField:
    """A question no longer on the form, as an older revision described it."""

    field_id: str
    label: str
    field_type: str
    personal: bool = False


def data_fields(page):
    """(key, heading) pairs, as the submissions listing shows them: fixed columns, then every question ever asked."""
    return page.get_submissions_list_view_class().columns_for(page)


def answer_fields(page):
    """Field specs of every answer column: current questions in order, then retired ones."""
    current = [f for f in page.get_form_fields() if f.field_type not in DISPLAY_ONLY_TYPES]
    # a retired question whose id is the key of a column before the answers gets no column of its own
    fixed = {key for key, _label in page.get_submissions_list_view_class().fixed_columns()}
    seen = {f.field_id for f in current} | fixed
    specs = list(current)
    for retired in retired_fields(page):
        if retired.field_id not in seen:
            seen.add(retired.field_id)
            specs.append(retired)
    return specs


def retired_fields(page):
    """Questions removed since older revisions, so their answers still get a column."""
    from wagtail.models import Revision

    found = []
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).order_by("-created_at").values_list(
        "content", flat=True
    )[:50]
    for content in revisions:
        for item in (content or {}).get("form_fields", []):
            if item.get("clean_name") and item.get("field_type") not in DISPLAY_ONLY_TYPES:
                found.append(
                    RetiredField(
                        field_id=item["clean_name"],
                        label=item.get("label") or item["clean_name"],
                        field_type=item.get("field_type") or "",
                        personal=bool(item.get("personal")),
                    )
                )
    return found
