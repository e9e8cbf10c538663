"""Columns of a form's submissions, keyed by field id so relabelling never breaks exports."""
from django.utils.translation import gettext_lazy as _

from .constants import DISPLAY_ONLY_TYPES


def data_fields(page):
    """(key, heading) pairs: fixed case columns, then every question ever asked, current first."""
    columns = [
        ("reference", _("Reference number")),
        ("submit_time", _("Submission date")),
        ("status", _("Status")),
        ("region", _("Region")),
    ]
    current = [f for f in page.get_form_fields() if f.field_type not in DISPLAY_ONLY_TYPES]
    seen = {f.field_id for f in current}
    columns += [(f.field_id, f.label) for f in current]
    for field_id, label in retired_fields(page):
        if field_id not in seen:
            seen.add(field_id)
            columns.append((field_id, label))
    return columns


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
                found.append((item["clean_name"], item.get("label", item["clean_name"])))
    return found
