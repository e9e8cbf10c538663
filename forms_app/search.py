"""Searching residents' answers without leaking what is masked.

Staff search the answers as they read them: ``Submission.search_text`` holds every answer with its
personal data masked, so no search can match the hidden digits of a phone number one by one (the
attack the raw-JSON ``icontains`` allowed). A full ID or mobile number can still be looked up
exactly, by those allowed to see personal data: it is hashed with the platform's key
(``keyed_hash``) and compared with ``SubmissionKey`` rows written when the submission was stored.
"""
import re

from .constants import FieldType
from .keys import keyed_hash
from .presentation import display_answer, region_names_for
from .submissions import SubmissionKey
from .validators import normalize_id_number

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")


def digest_of(term):
    """The keyed hash a full mobile or ID number is stored under, or None when ``term`` is neither."""
    value = normalize_id_number(term)
    if value.startswith("+86"):
        value = value[3:]
    if _MOBILE.match(value):
        return keyed_hash("mobile:" + value)
    if _ID_NUMBER.match(value):
        return keyed_hash("id:" + value)
    return None


def digests(specs, answers):
    """The lookup keys of one submission's answers: one per ID or mobile number given."""
    found = set()
    for spec in specs:
        value = answers.get(spec.field_id)
        if not value or not isinstance(value, str):
            continue
        if spec.field_type in (FieldType.MOBILE, FieldType.ID_NUMBER):
            found.add(digest_of(value))
    found.discard(None)
    return found


def masked_text(specs, answers, regions=None):
    """Every answer as staff read it, personal data masked, one per line."""
    regions = region_names_for(specs) if regions is None else regions
    lines = []
    for spec in specs:
        value = answers.get(spec.field_id)
        if value in (None, "", []):
            continue
        lines.append(display_answer(spec, value, regions=regions, mask=True))
    return "\n".join(line for line in lines if line)


def index(submission, specs):
    """Write the submission's search text and lookup keys (inside the caller's transaction)."""
    answers = submission.form_data or {}
    submission.search_text = masked_text(specs, answers)
    type(submission).objects.filter(pk=submission.pk).update(search_text=submission.search_text)
    SubmissionKey.objects.filter(submission=submission).delete()
    add_keys(submission, specs)


def add_keys(submission, specs):
    """The lookup keys of a submission that has none yet: a new one, whose search text was saved with it
    (:func:`forms_app.services.submit`: two statements fewer per submission than :func:`index`)."""
    answers = submission.form_data or {}
    SubmissionKey.objects.bulk_create(SubmissionKey(submission=submission, digest=d) for d in digests(specs, answers))
