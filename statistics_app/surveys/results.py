"""Survey results per question: counts and shares per choice, rating and Likert distributions, numbers' mean and
median, free-text answers (masked), and a cross-tab of one question by region.

**Why one streamed pass and not a GROUP BY per question.** A single choice could be counted in the database
(``values("form_data__<key>").annotate(Count("pk"))`` works on SQLite and PostgreSQL), but a multiple choice is a
JSON *array*, and counting its elements needs ``jsonb_array_elements`` on PostgreSQL and ``json_each`` on SQLite:
no portable lookup does it. Rather than one query per question (plus a raw one per multiple choice), the
period's submissions of the form are read once, with ``values_list("form_data", "region__path")`` and
``.iterator()`` (server-side chunks, nothing kept but the tallies), and every question and the cross-tab are
tallied in the same pass. The page costs a fixed number of queries — the questions, the regions, the submissions —
whatever the number of submissions or questions (tests/statistics_app/test_surveys.py counts them). Only what the
page shows is kept: counters, the numbers of number questions (for the median) and the first
:data:`TEXT_LIMIT` free-text answers of each question, newest first.

Free text is shown masked: personal questions through :func:`forms_app.presentation.display_answer` (never
unmasked here, whatever the user's rights), and mobile or ID numbers a resident typed into any text are masked
as well (:func:`scrub`).
"""
import re
import statistics
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from forms_app.constants import CHOICE_TYPES, DISPLAY_ONLY_TYPES, LIKERT_CHOICES, CheckupAnswer, FieldType
from forms_app.models import Submission
from forms_app.presentation import display_answer
from forms_app.published import published_fields
from forms_app.validators import mask_id_number, mask_mobile
from organisation.constants import RegionLevel
from organisation.models import Region

TEXT_LIMIT = 200
MULTI_TYPES = {FieldType.CHECKBOXES, FieldType.MULTISELECT}
SCALE_TYPES = {FieldType.RATING, FieldType.LIKERT}
TEXT_TYPES = {FieldType.SINGLELINE, FieldType.MULTILINE, FieldType.EMAIL, FieldType.URL}
YES_NO_TYPES = {FieldType.CHECKBOX, FieldType.CONSENT}
#: Questions whose answers fall into a few known values: counted per value, and offered for the cross-tab.
CATEGORICAL_TYPES = CHOICE_TYPES | SCALE_TYPES | YES_NO_TYPES | {FieldType.CHECKUP_ITEM}
CROSSTAB_LEVELS = (RegionLevel.STREET, RegionLevel.COMMUNITY, RegionLevel.GRID)
OTHER = "\0other"  # the bucket of answers outside a question's choices (a choice's “Other” text)
NO_REGION = ""

_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_IN_TEXT = re.compile(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])")


def scrub(text):
    """Mask mobile and ID numbers a resident typed into a free-text answer (as the masks of those questions do)."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_mobile(m.group()), text)


def choices_of(spec):
    """A choice question's options as the editor typed them (one a line, or comma-separated), as Wagtail splits them."""
    text = spec.choices or ""
    parts = text.splitlines() if "\n" in text else text.split(",")
    return [p.strip() for p in parts if p.strip()]


def known_values(spec):
    """(stored value, label) of every answer a categorical question can have, in the order the form shows them."""
    kind = spec.field_type
    if kind == FieldType.RATING:
        return [(i, str(i)) for i in range(1, 6)]
    if kind == FieldType.LIKERT:
        return [(int(v), str(label)) for v, label in LIKERT_CHOICES]
    if kind == FieldType.CHECKUP_ITEM:
        return [(v, str(label)) for v, label in CheckupAnswer.choices]
    if kind in YES_NO_TYPES:
        return [(True, _("Yes")), (False, _("No"))]
    return [(c, c) for c in choices_of(spec)]


def normalised(spec, value):
    """The answer as one of :func:`known_values`' keys (ratings may be stored as "4" or 4), else as it is."""
    if spec.field_type in SCALE_TYPES:
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    if spec.field_type in YES_NO_TYPES:
        return value is True or str(value).lower() in ("true", "on", "1")
    return value


@dataclass
class Option:
    value: object
    label: str
    count: int = 0
    share: float | None = None  # percent of the question's respondents


@dataclass
class QuestionResult:
    spec: object
    kind: str  # choice, multi, scale, number, text, count
    answered: int = 0
    options: list = field(default_factory=list)
    numbers: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def label(self):
        return self.spec.label

    @property
    def key(self):
        return self.spec.field_id

    @property
    def texts_hidden(self):
        """How many answers were given beyond those listed."""
        return max(self.answered - len(self.texts), 0) if self.kind == "text" else 0


def kind_of(spec):
    if spec.field_type in MULTI_TYPES:
        return "multi"
    if spec.field_type in SCALE_TYPES:
        return "scale"
    if spec.field_type in CATEGORICAL_TYPES:
        return "choice"
    if spec.field_type == FieldType.NUMBER:
        return "number"
    if spec.field_type in TEXT_TYPES:
        return "text"
    return "count"  # dates, files, regions, phone and ID numbers: how many answered, nothing more


class Tally:
    """One question's running counts while the submissions stream past."""

    def __init__(self, spec):
        self.spec, self.kind = spec, kind_of(spec)
        self.result = QuestionResult(spec=spec, kind=self.kind)
        self.known = dict(known_values(spec)) if self.kind in ("choice", "multi", "scale") else {}
        self.counts = {value: 0 for value in self.known}
        self.counts[OTHER] = 0

    def values(self, raw):
        """The answer's categorical values (a list: a multiple choice has several), or [] when unanswered."""
        if raw in (None, "", []):
            return []
        items = raw if isinstance(raw, list) else [raw]
        found = []
        for item in items:
            value = normalised(self.spec, item)
            value = value if value in self.known else OTHER
            if value not in found:
                found.append(value)
        return found

    def add(self, raw):
        if raw in (None, "", []):
            return
        result = self.result
        if self.kind in ("choice", "multi", "scale"):
            values = self.values(raw)
            for value in values:
                self.counts[value] += 1
            if self.kind == "scale" and values and values[0] != OTHER:
                result.numbers.append(values[0])
        elif self.kind == "number":
            try:
                result.numbers.append(float(raw))
            except (TypeError, ValueError):
                return
        elif self.kind == "text" and len(result.texts) < TEXT_LIMIT:
            result.texts.append(scrub(display_answer(self.spec, raw, mask=True)))
        result.answered += 1

    def finish(self):
        result = self.result
        if self.known:
            options = [Option(value, label, self.counts[value]) for value, label in self.known.items()]
            if self.counts[OTHER]:
                options.append(Option(OTHER, _("Other"), self.counts[OTHER]))
            for option in options:
                option.share = round(100 * option.count / result.answered, 1) if result.answered else None
            result.options = options
        if result.numbers:
            result.mean = round(statistics.fmean(result.numbers), 2)
            result.median = statistics.median(result.numbers)
            result.minimum, result.maximum = min(result.numbers), max(result.numbers)
        result.numbers = []
        return result


@dataclass
class CrossTab:
    """One categorical question's answers per region of a level: ``rows`` are options, ``columns`` regions."""

    question: QuestionResult
    level: str
    columns: list  # (region path or NO_REGION, name)
    rows: list  # (option label, [count per column], total)
    respondents: list  # respondents per column


@dataclass
class SurveyResults:
    form: object
    respondents: int
    questions: list
    crosstab: CrossTab | None


def survey_questions(form):
    """The questions of the form's live version that take an answer (what the results are tallied for)."""
    return [f for f in published_fields(form) if f.field_type not in DISPLAY_ONLY_TYPES]


def _level_regions(level):
    """{path: name} of the regions at ``level``: what a submission's grid is rolled up to for the cross-tab."""
    return dict(Region.objects.filter(level=level).order_by("path").values_list("path", "name"))


def _column_of(path, prefixes):
    """The region of the cross-tab's level that contains the region at ``path`` (NO_REGION when none does)."""
    for length in prefixes:
        column = (path or "")[:length]
        if column in prefixes[length]:
            return column
    return NO_REGION


def survey_results(form, start, end, *, crosstab_key=None, level=RegionLevel.COMMUNITY):
    """The form's results over its submissions received in ``[start, end)``; the cross-tab of ``crosstab_key``
    (a categorical question's id; default: the first one) by the regions at ``level``."""
    specs = survey_questions(form)
    tallies = [Tally(spec) for spec in specs]
    categorical = [t for t in tallies if t.kind in ("choice", "multi", "scale")]
    crossed = next((t for t in categorical if t.spec.field_id == crosstab_key), categorical[0] if categorical else None)
    regions = _level_regions(level) if crossed else {}
    prefixes = {}
    for path in regions:
        prefixes.setdefault(len(path), set()).add(path)
    cells, per_column = {}, {}
    respondents = 0
    rows = (Submission.objects.filter(page=form, submit_time__gte=start, submit_time__lt=end)
            .order_by("-submit_time", "-pk").values_list("form_data", "region__path"))
    for answers, path in rows.iterator(chunk_size=2000):
        answers = answers or {}
        respondents += 1
        for tally in tallies:
            tally.add(answers.get(tally.spec.field_id))
        if crossed is not None:
            values = crossed.values(answers.get(crossed.spec.field_id))
            if values:
                column = _column_of(path, prefixes)
                per_column[column] = per_column.get(column, 0) + 1
                for value in values:
                    cells[(value, column)] = cells.get((value, column), 0) + 1
    questions = [t.finish() for t in tallies]
    table = _crosstab(crossed, level, regions, cells, per_column) if crossed else None
    return SurveyResults(form=form, respondents=respondents, questions=questions, crosstab=table)


def _crosstab(tally, level, regions, cells, per_column):
    """The cross-tab's table: every region of the level that answered, in tree order, then answers with no region."""
    columns = [(path, name) for path, name in regions.items() if path in per_column]
    if NO_REGION in per_column:
        columns.append((NO_REGION, _("No region")))
    rows = []
    for option in tally.result.options:
        counts = [cells.get((option.value, path), 0) for path, _name in columns]
        rows.append((option.label, counts, sum(counts)))
    return CrossTab(question=tally.result, level=level, columns=columns, rows=rows,
                    respondents=[per_column[path] for path, _name in columns])


def crosstab_questions(results):
    """The questions a cross-tab can be drawn for (the categorical ones), as (id, label)."""
    return [(q.key, q.label) for q in results.questions if q.kind in ("choice", "multi", "scale")]
