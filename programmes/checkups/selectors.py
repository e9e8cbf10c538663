"""Reads of the check-ups: a case's rectification lines, and a community's history of check-ups (before and after).

Need-to-know: the history lists only the check-up cases the user may list (cases.selectors.cases_visible_to) in
a community of their reach (organisation.selectors.regions_for)."""
from dataclasses import dataclass

from cases.checkups import checkup_outcome
from cases.selectors import cases_visible_to
from forms_app.constants import CheckupAnswer, FormKind
from organisation.constants import RegionLevel
from organisation.selectors import regions_for

from ..models import RectificationItem, Reinspection


def lines_of(case):
    return list(RectificationItem.objects.filter(case=case).select_related("rectified_by"))


def communities_for(user):
    """The communities (社区/村) of ``user``'s areas, in tree order (a county department's seat is none)."""
    return regions_for(user, areas_only=True).filter(level=RegionLevel.COMMUNITY)


@dataclass
class HistoryEntry:
    case: object
    outcome: object
    lines: list
    reinspection: object  # the Reinspection that closed this one's loop, or None
    after: dict  # field id → the re-inspection's answer label, for this one's failed items


def community_history(user, community):
    """Every check-up of ``community`` the user may list, oldest first, each with its rectification lines and, when
    it was re-inspected, how each failed item was answered then (the after beside the before)."""
    cases = list(cases_visible_to(user).filter(form__kind=FormKind.CHECKUP, region_path__startswith=community.path)
                 .select_related("form", "submission").order_by("created_at", "pk"))
    ids = [c.pk for c in cases]
    lines = {}
    for line in RectificationItem.objects.filter(case_id__in=ids).select_related("rectified_by"):
        lines.setdefault(line.case_id, []).append(line)
    again = {r.rectification_id: r for r in Reinspection.objects.filter(rectification_id__in=ids)
             .select_related("checkup__submission")}
    labels = dict(CheckupAnswer.choices)
    entries = []
    for case in cases:
        reinspection = again.get(case.pk)
        after = {}
        if reinspection is not None:
            answers = reinspection.checkup.submission.form_data or {}
            after = {line.field_id: str(labels.get(answers.get(line.field_id), "—")) for line in lines.get(case.pk, [])}
        entries.append(HistoryEntry(case, checkup_outcome(case), lines.get(case.pk, []), reinspection, after))
    return entries
