"""A multi-step form's answers, waiting in the session between steps.

Nothing reaches a submission until the final, fully re-validated POST. Files of earlier steps are
kept as private uploads that belong to no submission yet (``manage.py purge_draft_uploads`` removes
those of abandoned drafts). A draft is a plain dict, as sessions store JSON:
``{"key": submission key, "data": {name: [values]}, "uploads": {field id: upload id}, "done": [step numbers]}``.
"""
import uuid

from ..constants import FieldType
from ..services import store_upload
from ..submissions import Upload

MULTI_TYPES = {FieldType.CHECKBOXES, FieldType.MULTISELECT}


def new_draft(key=None):
    return {"key": key or uuid.uuid4().hex, "data": {}, "uploads": {}, "done": []}


def session_key(page):
    return f"form-draft-{page.pk}"


def load(request, page):
    return request.session.get(session_key(page)) or new_draft()


def save(request, page, draft):
    request.session[session_key(page)] = draft


def forget(request, page):
    request.session.pop(session_key(page), None)


def answers(by_id, draft, extra=None):
    """Raw answers by field id (lists for multi-choice), plus stored uploads, for the rules to read."""
    data = dict(draft["data"])
    if extra:
        data.update(extra)
    found = {}
    for fid, values in data.items():
        spec = by_id.get(fid)
        if spec is None:
            continue
        found[fid] = values if spec.field_type in MULTI_TYPES else (values[0] if values else "")
    for fid in draft.get("uploads", {}):
        found.setdefault(fid, "file")
    return found


def stored_uploads(page, draft, specs):
    """The uploads the draft keeps for ``specs``, by field id (only those still unattached)."""
    ids = {fid: uid for fid, uid in draft.get("uploads", {}).items() if fid in {s.field_id for s in specs}}
    if not ids:
        return {}
    found = {str(u.pk): u for u in Upload.objects.filter(pk__in=ids.values(), page=page, submission__isnull=True)}
    return {fid: found[uid] for fid, uid in ids.items() if uid in found}


def keep_step_uploads(page, step, form, hidden, draft):
    """Store a step's new files privately until submit; a replaced or now-hidden file is deleted."""
    for f in step.input_items:
        if f.field_type != FieldType.FILE:
            continue
        value = form.cleaned_data.get(f.field_id)
        if value and not isinstance(value, Upload):
            discard_upload(page, draft, f.field_id)
            draft["uploads"][f.field_id] = store_upload(page=page, field_id=f.field_id, value=value)["upload"]
        elif f.field_id in hidden:
            discard_upload(page, draft, f.field_id)


def discard_upload(page, draft, field_id):
    upload_id = draft["uploads"].pop(field_id, None)
    if upload_id is None:
        return
    for upload in Upload.objects.filter(pk=upload_id, page=page, submission__isnull=True):
        upload.file.delete(save=False)
        upload.delete()
