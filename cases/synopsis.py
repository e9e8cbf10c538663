"""The one line that says what a case is about, so that a dispatcher can triage the listing without opening cases.

The form's case settings may name its *summary question* (:class:`cases.models.FormCaseSettings`); without one,
or when it was left unanswered, the first text answer is the summary. Personal answers read masked, as everywhere
staff read them (:func:`forms_app.presentation.display_answer`): a form whose summary question is a name or an
address shows ``李**``. The line is shown, never searched: the listing's search runs over the answers as they read
masked (``Submission.search_text``), so the hidden part of an answer never matches.
"""
from forms_app.constants import FieldType
from forms_app.presentation import display_answer, region_names_for
from forms_app.published import per_published_version, published_fields

from .handling import handling_for

#: the answers that may stand for the matter when the form names no summary question
TEXT_TYPES = frozenset({FieldType.MULTILINE, FieldType.SINGLELINE})
#: characters of the line; the rest is on the case page
MAX_LENGTH = 60

_specs_cache: dict = {}


def summary_fields(form):
    """The questions whose answer may sum up a case of ``form``, best first: its summary question, then its
    text questions in order. Read once per process and published version of the form."""

    def build():
        named = (handling_for(form).summary_question or "").strip()
        fields = published_fields(form)
        chosen = [f for f in fields if named and named in (f.field_id, f.label)]
        return tuple(chosen + [f for f in fields if f.field_type in TEXT_TYPES and f not in chosen])

    return per_published_version(_specs_cache, form, build)


def one_line(text, limit=MAX_LENGTH):
    """``text`` on one line (runs of white space become one space), cut at ``limit`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def synopses(cases):
    """{case pk: its one-line summary, masked} for ``cases`` (with their form and submission loaded): no query per
    case, and one for region names only when a summary question is a region picker."""
    specs = {case.form_id: summary_fields(case.form) for case in cases}
    regions = region_names_for([spec for fields in specs.values() for spec in fields])
    found = {}
    for case in cases:
        data = case.submission.form_data or {}
        found[case.pk] = ""
        for spec in specs[case.form_id]:
            value = data.get(spec.field_id)
            if value not in (None, "", []):
                found[case.pk] = one_line(display_answer(spec, value, regions=regions, mask=True))
                break
    return found
