"""Removing a resident's personal data from a submission, keeping what statistics need.

Personal answers (ID and mobile numbers, questions marked personal) are replaced by a placeholder,
the resident's files are deleted (rows and stored files), and the lookup keys and hashes that could
tie the submission to a person go. Choices, ratings, scores, dates and the region stay: the figures
leaders steer by are computed from them. Running it twice changes nothing the second time.
"""
from django.utils import timezone

from . import search
from .export import answer_fields
from .presentation import is_personal
from .submissions import SubmissionKey, Upload
from .uploads import delete_after_commit

REMOVED = "[removed]"


def anonymise(submission, *, form, at=None):
    """Strip ``submission`` (of the form page ``form``) of personal data, inside the caller's transaction;
    returns how many answers and files went (0, 0 when it was done before)."""
    if submission.anonymised_at is not None:
        return 0, 0
    specs = answer_fields(form)
    data = dict(submission.form_data or {})
    answers = 0
    for spec in specs:
        if spec.field_id in data and data[spec.field_id] not in (None, "", []) and is_personal(spec):
            data[spec.field_id] = REMOVED
            answers += 1
    uploads = list(Upload.objects.filter(submission=submission))
    for field_id, value in list(data.items()):
        if isinstance(value, dict) and value.get("upload") or isinstance(value, list) and any(
                isinstance(item, dict) and item.get("upload") for item in value):
            data[field_id] = REMOVED
    for upload in uploads:
        delete_after_commit(upload.file)
    Upload.objects.filter(submission=submission).delete()
    SubmissionKey.objects.filter(submission=submission).delete()
    submission.form_data = data
    submission.anonymised_at = at or timezone.now()
    submission.phone_hash = submission.client_hash = ""
    submission.search_text = search.masked_text(specs, data)
    submission.save(update_fields=["form_data", "anonymised_at", "phone_hash", "client_hash", "search_text"])
    return answers, len(uploads)
