"""协办 on the case page: the co-units' parts, each with its light and the part actions the user may take.

Built from the part table (:mod:`cases.parts_machine`) like the case's own buttons are built from the case's.
"""
from django.urls import reverse

from .. import parts_machine
from ..constants import OPEN_STATES
from . import forms as f
from .modeladmin import light_badge, person


def available_part_actions(part, user):
    names = {t.name for t in part.get_available_user_state_transitions(user)}
    return [t for t in parts_machine.part_actions() if t.name in names]


def part_prefix(part, name):
    return f"part{part.pk}-{name}"


def make_part_form(name, part, data=None, files=None):
    return f.part_form_for(name)(data, files, case=part.case, part=part, prefix=part_prefix(part, name))


def part_rows(case, user, bound=None):
    """The case's parts as the page shows them; ``bound`` is a part form posted with errors, shown again."""
    rows = []
    open_case = case.state in OPEN_STATES  # a part moves only while its case is open (cases.parts)
    for part in case.parts.select_related("department", "claimed_by").order_by("dispatched_at", "pk"):
        part.case = case
        forms = []
        for spec in available_part_actions(part, user) if open_case else []:
            prefix = part_prefix(part, spec.name)
            form = bound if bound is not None and bound.prefix == prefix else make_part_form(spec.name, part)
            forms.append({"name": spec.name, "label": spec.action, "form": form, "open": form.is_bound,
                          "url": reverse("cases_workbench_part_action", args=[case.pk, part.pk, spec.name])})
        rows.append({"part": part, "light": light_badge(part.light()), "claimed_by": person(part.claimed_by),
                     "action_forms": forms})
    return rows


def waiting_for(rows):
    """The co-units whose parts are still out (the lead's *Resolve* waits for them), as one line."""
    return "、".join(row["part"].department.name for row in rows if row["part"].outstanding)
