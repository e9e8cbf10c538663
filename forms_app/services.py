"""The resident's submission: answers, uploads and what the receiver makes of them land together or not at all.

The receiver (forms_app.seams) is the cases room: inside the same transaction it draws the reference
number (a row lock that serialises the form's submissions) and opens the case.
"""
import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import seams, search
from .builder import to_json_value
from .constants import CHECKUP_SCORE, FieldType
from .keys import keyed_hash
from .submissions import Submission, Upload

logger = logging.getLogger(__name__)


class SubmissionLimitReached(Exception):
    """The phone number or device (``per_client``: the client address) has used up today's submissions for
    this form; ``limit`` is how many it had."""

    def __init__(self, limit=0, *, per_client=False):
        super().__init__(limit)
        self.limit, self.per_client = limit, per_client


def start_of_today():
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today, time.min))


def seconds_until_tomorrow():
    """When a daily limit frees again (the site's midnight), for a 429's Retry-After."""
    return max(1, int((start_of_today() + timedelta(days=1) - timezone.now()).total_seconds()))


def client_address(request):
    """The resident's address; behind ``TRUSTED_PROXY_COUNT`` load balancers, taken from X-Forwarded-For.

    The hop ``TRUSTED_PROXY_COUNT`` from the end is the one our own outermost proxy wrote; anything left
    of it the client may have forged. A request carrying the header while the count is 0 is logged once
    per process: the deployment is probably behind a proxy it has not declared (see BEHIND_PROXY).
    """
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if not proxies and "HTTP_X_FORWARDED_FOR" in request.META:
        warn_undeclared_proxy()
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


_proxy_warned = False


def warn_undeclared_proxy():
    global _proxy_warned
    if not _proxy_warned:
        _proxy_warned = True
        logger.warning("A request came with X-Forwarded-For but TRUSTED_PROXY_COUNT is 0: every client behind "
                       "the proxy is counted as one address. Set TRUSTED_PROXY_COUNT (and BEHIND_PROXY=1).")


def check_daily_limit(*, page, phone_hash, client_hash):
    """The form's daily limit per phone number (without one, per device), and beside it the limit per client
    address whatever the numbers (settings.SUBMISSIONS_PER_CLIENT_DAILY, or the form's own when higher):
    phone numbers cost nothing to make up, an address does. 0 on the form means no limit.

    Runs after the receiver's reserve (cases: the reference counter's row lock), so concurrent requests
    queue here."""
    if not page.daily_limit:
        return
    since = start_of_today()
    if count_today(page.pk, since, phone_hash, client_hash) >= page.daily_limit:
        raise SubmissionLimitReached(page.daily_limit)
    per_client = settings.SUBMISSIONS_PER_CLIENT_DAILY and max(page.daily_limit, settings.SUBMISSIONS_PER_CLIENT_DAILY)
    if per_client and client_hash and count_today(page.pk, since, "", client_hash, any_phone=True) >= per_client:
        raise SubmissionLimitReached(per_client, per_client=True)


def count_today(page_id, since, phone_hash, client_hash, *, any_phone=False):
    """Submissions to the form since ``since`` by this phone (or, without one, this device; with
    ``any_phone``, from this client address whatever the phone).

    Hand-written SQL: this count runs on every submission, and compiling the
    equivalent queryset cost more than the query itself (see tests/bench).
    """
    table = connection.ops.quote_name(Submission._meta.db_table)
    start, end = (connection.ops.adapt_datetimefield_value(t) for t in (since, since + timedelta(days=1)))
    sql = f'SELECT COUNT(*) FROM {table} WHERE "page_id" = %s AND "submit_time" >= %s AND "submit_time" < %s AND '
    if any_phone:
        sql += '"client_hash" = %s'
        params = [page_id, start, end, client_hash]
    elif phone_hash:
        sql += '"phone_hash" = %s'
        params = [page_id, start, end, phone_hash]
    else:
        sql += '"client_hash" = %s AND "phone_hash" = %s'
        params = [page_id, start, end, client_hash, ""]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def checkup_score(fields, answers):
    """Weighted share of full marks, in percent, over the check-up items that were shown and answered.

    A hidden or unanswered (optional) item was not assessed, so it neither earns nor loses points.
    """
    earned = possible = 0
    for f in fields:
        if f.field_type == FieldType.CHECKUP_ITEM and answers.get(f.field_id) in CHECKUP_SCORE:
            possible += float(f.weight)
            earned += float(f.weight) * CHECKUP_SCORE[answers[f.field_id]]
    return round(100 * earned / possible, 2) if possible else None


def submit(*, page, form):
    """Store ``form``'s cleaned answers and hand them to the receiver, exactly once per submission key.

    The form carries what the flow knows about the request: ``submission_key``
    (one per form render, so a double click or a re-sent POST is recognised),
    ``client_hash``, the field objects in ``form.layout_fields`` and, when staff enter it on a resident's
    behalf, ``staff_entry`` (:class:`forms_app.seams.StaffEntry`): the resident's daily limits are then not
    counted, since the office's one address and the staff member's many calls would soon use them up.
    """
    key = form.submission_key
    entry = getattr(form, "staff_entry", None)
    fields = form.layout_fields
    answers, uploads, region_id, phone = cleaned_answers(form, fields)
    phone_hash = keyed_hash(phone)
    receiver = seams.receiver()
    try:
        with transaction.atomic():
            # The receiver's reserve comes first: its row lock serialises this form's submissions,
            # so the daily-limit count below cannot be raced.
            reserved = receiver.reserve(page)
            if entry is None:
                check_daily_limit(page=page, phone_hash=phone_hash, client_hash=form.client_hash)
            submission = Submission.objects.create(
                page=page,
                form_data=answers,
                revision_id=page.live_revision_id,
                submission_key=key,
                phone_hash=phone_hash,
                # the office's address is not the resident's: a staff entry does not use up a kiosk's quota
                client_hash=form.client_hash if entry is None else "",
                region_id=region_id,
                search_text=search.masked_text(fields, answers),
            )
            for name, value in uploads:
                submission.form_data[name] = store_upload(page=page, field_id=name, value=value, submission=submission)
            if uploads:  # the stored files' names replace the uploads in the answers, and in the search text
                submission.search_text = search.masked_text(fields, submission.form_data)
                submission.save(update_fields=["form_data", "search_text"])
            search.add_keys(submission, fields)
            receiver.stored(page=page, submission=submission, fields=fields, reserved=reserved, entry=entry,
                            submitted_by=getattr(form, "submitted_by", None))
    except (IntegrityError, SubmissionLimitReached):
        # The key was used already (a double click, a re-sent POST, or a concurrent request
        # that won the race): return its result. Otherwise the error stands.
        existing = Submission.objects.filter(page=page, submission_key=key).first()
        if existing is None:
            raise
        return existing
    return submission


def cleaned_answers(form, fields):
    """(answers as JSON, [(field id, file)], region id, first phone number) from a valid form."""
    answers, uploads, region_id, phone = {}, [], None, ""
    by_id = {f.field_id: f for f in fields}
    for name, value in form.cleaned_data.items():
        spec = by_id.get(name)
        if spec is None:
            continue
        if spec.field_type == FieldType.FILE:
            if value:
                uploads.append((name, value))
            continue
        if spec.field_type == FieldType.REGION and value:
            region_id = value
        if spec.field_type == FieldType.MOBILE and value and not phone:
            phone = value
        answers[name] = to_json_value(value)
    return answers, uploads, region_id, phone


def store_upload(*, page, field_id, value, submission=None, client_hash=""):
    """Keep an uploaded file privately; an Upload kept from an earlier step is attached instead.
    ``client_hash`` marks a draft's file, for the caps on what one client may keep unsubmitted."""
    if isinstance(value, Upload):
        upload = value
        if submission is not None:
            Upload.objects.filter(pk=upload.pk, submission__isnull=True).update(submission=submission)
    else:
        checked = value.checked
        upload = Upload(
            original_name=value.name[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            page=page,
            field_id=field_id,
            submission=submission,
            client_hash=client_hash,
        )
        upload.file.save(f"{upload.id.hex}.{checked.type_key}", value, save=False)
        upload.save()
    return {"upload": str(upload.pk), "name": upload.original_name, "size": upload.size}
