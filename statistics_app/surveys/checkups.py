"""Check-ups (大体检) across communities: each community's latest score and its history, the items that fail most,
the rectification cases failed check-ups opened, and the communities not checked in the period.

A check-up is a submission of a check-up form with the inspection workflow; its case holds the score
(``Case.score``, computed when it opened). A passing check-up's case is filed at once; a failing one *is* the
rectification case (整改), moved on the workbench like any other, so "the rectification case a check-up opened"
is the check-up's own case while it is not filed as a record.

Check-ups are counted per community (社区/村): the region picker names a grid, and a failing check-up's case is
moved up to the grid's community when it opens (cases.services.case_open), so both roll up to the community.
Everything is read in a fixed number of queries — the form's questions, the communities in reach, the period's
check-up cases with their answers — whatever the number of check-ups; the per-community and per-item figures are
tallied from those rows (a few per community and month, not a county's million cases).
"""
from dataclasses import dataclass, field

from cases.checkups import points
from cases.handling import handling_for
from cases.selectors import cases_visible_to
from forms_app.constants import CheckupAnswer, FieldType, FormKind
from forms_app.models import FormPage
from forms_app.published import published_fields
from organisation.access import ancestor_paths
from organisation.constants import RegionLevel
from organisation.selectors import regions_for


def checkup_forms():
    """The check-up forms, in the order of the page tree."""
    return FormPage.objects.filter(kind=FormKind.CHECKUP).order_by("path")


@dataclass
class Checkup:
    case: object
    score: float | None
    passed: bool
    answers: dict

    @property
    def at(self):
        return self.case.created_at

    @property
    def score_text(self):
        return points(self.score)

    @property
    def rectification(self):
        """The rectification case this check-up opened (its own case, when it failed), else None."""
        return None if self.passed else self.case


@dataclass
class CommunityRow:
    path: str
    name: str
    checkups: list = field(default_factory=list)  # oldest first

    @property
    def latest(self):
        return self.checkups[-1] if self.checkups else None


@dataclass
class ItemRow:
    label: str
    weight: float
    counts: dict  # answer → communities whose latest check-up gave it
    answered: int

    @property
    def weight_text(self):
        return points(self.weight)

    @property
    def pass_rate(self):
        """Share of the communities assessed on this item whose latest check-up answered “yes”, in percent."""
        return round(100 * self.counts[CheckupAnswer.YES] / self.answered, 1) if self.answered else None


@dataclass
class CheckupReport:
    form: object
    pass_mark: float | None
    communities: list  # CommunityRow, checked ones, tree order
    unchecked: list  # (path, name) of communities in reach with no check-up in the period
    items: list  # ItemRow, the ones that fail most first
    checkups: list  # every Checkup of the period, newest first

    @property
    def pass_mark_text(self):
        return points(self.pass_mark)

    @property
    def rectifications(self):
        return [c for c in self.checkups if not c.passed]


def _community_of(path, communities):
    for prefix in reversed(ancestor_paths(path)):
        if prefix in communities:
            return prefix
    return None


def checkup_report(user, form, start, end):
    """The check-ups of ``form`` received in ``[start, end)`` among the cases ``user`` may list."""
    handling = handling_for(form)
    communities = dict(regions_for(user).filter(level=RegionLevel.COMMUNITY).values_list("path", "name"))
    cases = (cases_visible_to(user).filter(form=form, created_at__gte=start, created_at__lt=end)
             .select_related("submission", "region").order_by("created_at", "pk"))
    rows = {path: CommunityRow(path, name) for path, name in communities.items()}
    every = []
    for case in cases.iterator(chunk_size=500):
        score = float(case.score) if case.score is not None else None
        checkup = Checkup(case=case, score=score, passed=handling.passes(score), answers=case.submission.form_data or {})
        every.append(checkup)
        community = _community_of(case.region_path, communities)
        if community is not None:
            rows[community].checkups.append(checkup)
    checked = [row for row in rows.values() if row.checkups]
    unchecked = [(row.path, row.name) for row in rows.values() if not row.checkups]
    items = item_rows(published_fields(form), [row.latest for row in checked])
    pass_mark = float(handling.pass_mark) if handling.pass_mark is not None else None
    return CheckupReport(form=form, pass_mark=pass_mark, communities=checked, unchecked=unchecked, items=items,
                         checkups=every[::-1])


def item_rows(fields, latest):
    """Per check-up item, how the communities' latest check-ups answered it; lowest pass rate first."""
    rows = []
    for spec in fields:
        if spec.field_type != FieldType.CHECKUP_ITEM:
            continue
        counts = {answer: 0 for answer in CheckupAnswer.values}
        for checkup in latest:
            answer = checkup.answers.get(spec.field_id)
            if answer in counts:
                counts[answer] += 1
        rows.append(ItemRow(spec.label, float(spec.weight), counts, sum(counts.values())))
    return sorted(rows, key=lambda r: (r.pass_rate is None, r.pass_rate if r.pass_rate is not None else 0))
