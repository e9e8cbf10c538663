"""A check-up's outcome as the workbench shows it: the score, the pass mark, the verdict and the items that failed.

The score itself is computed once, when the case opens (:func:`cases.services.score_for`, stored on
``Case.score``); here it is only read back, with the answers, so the case page explains a failing score by
the items that lost points.
"""
from dataclasses import dataclass

from forms_app.constants import CHECKUP_SCORE, CheckupAnswer, FieldType, FormKind
from forms_app.published import published_fields

from .handling import handling_for


def points(value):
    """A score or a number of points as people write it: 37.5, 100, 92.86 (not 37.50 or 100.00); "" for none."""
    if value is None:
        return ""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class FailedItem:
    label: str
    answer: str  # the answer's label: partly or no
    weight: float
    lost: float  # the points the answer did not earn
    field_id: str = ""  # the question (a rectification line names it)
    value: str = ""  # the answer as stored: partly or no

    @property
    def weight_text(self):
        return points(self.weight)

    @property
    def lost_text(self):
        return points(self.lost)


@dataclass(frozen=True)
class CheckupOutcome:
    score: float | None
    pass_mark: float | None
    passed: bool
    failed_items: tuple

    @property
    def score_text(self):
        return points(self.score)

    @property
    def pass_mark_text(self):
        return points(self.pass_mark)


def failed_items(fields, answers):
    """The check-up items answered “partly” or “no”, in the form's order, with the points each lost."""
    labels = dict(CheckupAnswer.choices)
    found = []
    for spec in fields:
        answer = answers.get(spec.field_id)
        if spec.field_type != FieldType.CHECKUP_ITEM or answer not in CHECKUP_SCORE or answer == CheckupAnswer.YES:
            continue
        weight = float(spec.weight)
        found.append(FailedItem(spec.label, str(labels[answer]), weight, weight * (1 - CHECKUP_SCORE[answer]),
                                spec.field_id, answer))
    return tuple(found)


def checkup_outcome(case):
    """The outcome of a check-up's case, or None when the case is not a check-up."""
    if case.form.kind != FormKind.CHECKUP and case.score is None:
        return None
    handling = handling_for(case.form)
    score = float(case.score) if case.score is not None else None
    pass_mark = float(handling.pass_mark) if handling.pass_mark is not None else None
    answers = case.submission.form_data or {}
    return CheckupOutcome(score=score, pass_mark=pass_mark, passed=handling.passes(score),
                          failed_items=failed_items(published_fields(case.form), answers))


def failed_labels(case, fields=None):
    """The labels of the items a check-up's case lost points on ("" for other cases): the listing's and the
    export's column, so each failed item is named wherever the score is."""
    if case.score is None:
        return ""
    fields = published_fields(case.form) if fields is None else fields
    return "；".join(item.label for item in failed_items(fields, case.submission.form_data or {}))
