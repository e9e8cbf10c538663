"""The plain values a document's placeholders are filled from: strings only, personal numbers masked.

This is the only bridge between a case and a template. It reads the case's own submission and
nothing else, so a template can show no other resident's data however it is written.
"""
from __future__ import annotations

import re

from django.utils.translation import gettext as _

from cases.deadlines import hours_for
from cases.handling import handling_for
from forms_app.constants import FieldType
from forms_app.export import answer_fields
from forms_app.presentation import display_answer, region_names_for
from forms_app.validators import mask_id_number, mask_mobile
from organisation.constants import RegionLevel

from .placeholders import ANSWER_PREFIX, chinese_date

NAME_LABEL_RE = re.compile(r"(姓名|户主|联系人|申请人|name)", re.IGNORECASE)
ADDRESS_LABEL_RE = re.compile(r"(地址|住址|address)", re.IGNORECASE)


def values_for_case(case, *, event=None) -> dict[str, str]:
    """Placeholder values for a document about ``case``, issued for ``event`` (a CaseEvent or None)."""
    data = case.submission.form_data or {}
    specs = answer_fields(case.form)
    region_names = region_names_for(specs)
    values = {}
    name = address = id_number = phone = ""
    for spec in specs:
        raw = data.get(spec.field_id)
        # A document names the resident it is for (a certificate, a notice); their numbers stay masked.
        text = display_answer(spec, raw, regions=region_names,
                              mask=spec.field_type in (FieldType.ID_NUMBER, FieldType.MOBILE))
        values[ANSWER_PREFIX + spec.field_id] = text
        if raw in (None, "", []):
            continue
        if spec.field_type == FieldType.ID_NUMBER and not id_number:
            id_number = mask_id_number(str(raw))
        elif spec.field_type == FieldType.MOBILE and not phone:
            phone = mask_mobile(str(raw))
        elif spec.field_type == FieldType.SINGLELINE and not name and NAME_LABEL_RE.search(spec.label):
            name = text
        elif spec.field_type in (FieldType.SINGLELINE, FieldType.MULTILINE) and not address \
                and ADDRESS_LABEL_RE.search(spec.label):
            address = text
    values.update(region_values(case.region))
    note = event.note if event is not None else ""
    transition = event.transition if event is not None else ""
    values.update({
        # Anonymous requests have no name: address the resident as such rather than print a blank.
        "resident_name": name or _("Resident"),
        "id_number_masked": id_number,
        "phone_masked": phone,
        "address": address or values.get("region_full", ""),
        "department": case.department.name if case.department_id else "",
        "reference": case.reference,
        "form_title": case.form.title,
        "category": category_named(case),
        "submitted_date": chinese_date(case.created_at),
        "resolved_date": chinese_date(case.resolved_at),
        "result": case.result or (note if transition in ("resolve", "close_with_advice") else ""),
        "reason": note if transition == "reject" else "",
        "score": _score(case.score),
        # One setting (the category's or the form's deadline) gives both the case's due time and what the
        # notice says: a rectification notice never promises 30 days for a case due in 9.
        "time_limit": time_limit(*hours_for(case)),
        "due_date": chinese_date(case.due_at),
    })
    return values


def category_named(case) -> str:
    """What a notice calls the matter (``{{ category }}``): the case's category when its form files cases under
    categories (the answer to its category question, or the default it chose), else the form's title.

    A form without a category is no less a matter: a 红白喜事报备 reads "反映的红白喜事报备…", never a category
    the form did not choose, such as one it no longer names since the case was opened.
    """
    if case.category_id:
        handling = handling_for(case.form)
        if handling.category_question or handling.default_category_id == case.category_id:
            return case.category.name
    return case.form.title


def region_values(region) -> dict[str, str]:
    """grid / community / street / region_full from a region and its ancestors."""
    if region is None:
        return {"grid": "", "community": "", "street": "", "region_full": ""}
    chain = list(region.get_ancestors()) + [region]
    by_level = {r.level: r.name for r in chain}
    return {
        "grid": region.name,
        "community": by_level.get(RegionLevel.COMMUNITY, ""),
        "street": by_level.get(RegionLevel.STREET, ""),
        "region_full": "".join(r.name for r in chain),
    }


def time_limit(hours, working_days_only=False) -> str:
    """7个工作日, 3日, 36小时: the deadline setting as a notice writes it."""
    if hours % 24:
        return _("%(hours)d working hours") % {"hours": hours} if working_days_only else \
            _("%(hours)d hours") % {"hours": hours}
    days = hours // 24
    return _("%(days)d working days") % {"days": days} if working_days_only else _("%(days)d days") % {"days": days}


def _score(score):
    if score is None:
        return ""
    text = f"{float(score):.2f}".rstrip("0").rstrip(".")
    return text
