"""A multi-step form's answers, waiting in the session between steps.

Nothing reaches a submission until the final, fully re-validated POST. Files of earlier steps are
kept as private uploads that belong to no submission yet (``manage.py purge_draft_uploads`` removes
those of abandoned drafts, after settings.DRAFT_UPLOAD_HOURS). What one session and one client address may keep
so is capped (:func:`upload_cap_refusal`). A draft is a plain dict, as sessions store JSON:
``{"key": submission key, "data": {name: [values]}, "uploads": {field id: upload id}, "done": [step numbers]}``.
"""
import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import FieldType
from ..services import store_upload
from ..submissions import Upload

MULTI_TYPES = {FieldType.CHECKBOXES, FieldType.MULTISELECT}


def new_draft(key=None):
    return {"key": key or uuid.uuid4().hex, "data": {}, "uploads": {}, "done": []}


SESSION_PREFIX = "form-draft-"


def session_key(page):
    return f"{SESSION_PREFIX}{page.pk}"


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


def keep_step_uploads(page, step, form, hidden, draft, client_hash=""):
    """Store a step's new files privately until submit; a replaced or now-hidden file is deleted."""
    for f in step.input_items:
        if f.field_type != FieldType.FILE:
            continue
        value = form.cleaned_data.get(f.field_id)
        if value and not isinstance(value, Upload):
            discard_upload(page, draft, f.field_id)
            draft["uploads"][f.field_id] = store_upload(page=page, field_id=f.field_id, value=value,
                                                       client_hash=client_hash)["upload"]
        elif f.field_id in hidden:
            discard_upload(page, draft, f.field_id)


def discard_upload(page, draft, field_id):
    upload_id = draft["uploads"].pop(field_id, None)
    if upload_id is None:
        return
    for upload in Upload.objects.filter(pk=upload_id, page=page, submission__isnull=True):
        upload.file.delete(save=False)
        upload.delete()


def new_files(step, form):
    """{field id: file} of the files this step's POST brings (not those kept from an earlier POST)."""
    found = {}
    for f in step.input_items:
        value = form.cleaned_data.get(f.field_id) if f.field_type == FieldType.FILE else None
        if value and not isinstance(value, Upload):
            found[f.field_id] = value
    return found


def upload_cap_refusal(request, draft, new, client_hash):
    """Why ``new`` files may not join the drafts (a message), or None.

    Files kept before submit belong to no submission, so no daily limit counts them: without a cap one
    client could fill the disk with drafts never sent. Capped per session (all its drafts) and per client
    address (its drafts of the last DRAFT_UPLOAD_HOURS, whatever the session); a file this POST replaces
    does not count. A setting of 0 is no cap.
    """
    replaced = {draft["uploads"][fid] for fid in new if fid in draft["uploads"]}
    kept = set(draft["uploads"].values())
    for name, value in request.session.items():
        if name.startswith(SESSION_PREFIX) and isinstance(value, dict):
            kept |= set(value.get("uploads", {}).values())
    adding = (len(new), sum(f.size for f in new.values()))
    in_session = Upload.objects.filter(pk__in=kept - replaced, submission__isnull=True)
    since = timezone.now() - timedelta(hours=settings.DRAFT_UPLOAD_HOURS)
    from_client = Upload.objects.filter(client_hash=client_hash, submission__isnull=True, created_at__gte=since)
    caps = [(in_session, settings.DRAFT_UPLOADS_PER_SESSION, settings.DRAFT_UPLOAD_BYTES_PER_SESSION)]
    if client_hash:
        caps.append((from_client.exclude(pk__in=replaced), settings.DRAFT_UPLOADS_PER_CLIENT,
                     settings.DRAFT_UPLOAD_BYTES_PER_CLIENT))
    for rows, most, most_bytes in caps:
        totals = rows.aggregate(n=Count("pk"), size=Sum("size"))
        if (most and totals["n"] + adding[0] > most) or (most_bytes and (totals["size"] or 0) + adding[1] > most_bytes):
            return _("Too many files are waiting in forms not yet sent from this device or network (at most "
                     "%(count)s files, %(size)s in all). Please send the forms you have started, or try again "
                     "later.") % {"count": most or "—", "size": filesizeformat(most_bytes) if most_bytes else "—"}
    return None
