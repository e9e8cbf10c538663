"""Background tasks (django-tasks): immediate in the embedded demo, database-backed in production."""
import logging
from datetime import timedelta
from smtplib import SMTPException

from django.db import transaction
from django_tasks import default_task_backend, task
from django_tasks_db import DatabaseBackend

from forms_app.sms import SmsError

from .clock import now
from .machine import RESIDENT_NOTICES, STAFF_NOTICES
from .models import Notice
from .notifications import deliver_notice
from .sms_notices import SMS, deliver_sms_notice, wants_sms

log = logging.getLogger(__name__)

#: How often background work is tried before it is given up (e-mail and SMS notices; the documents room's PDFs).
MAX_ATTEMPTS = 3


def retry_later(task_, *, after_attempt, **kwargs):
    """Enqueue ``task_`` again after 2, 4, 8 … minutes (at once where the backend cannot defer)."""
    if default_task_backend.supports_defer:
        task_ = task_.using(run_after=now() + timedelta(minutes=2**after_attempt))
    return task_.enqueue(**kwargs)


def enqueue_with_commit(task_, *calls):
    """Queue ``task_`` once per keyword dict in ``calls``, so that it runs only if the caller's transaction commits, and is never lost if it does.

    With the database queue the task's row is written inside the transaction: it lands with the case event
    or not at all, and no crash between the commit and a later enqueue can drop it. Other backends (the
    immediate one of the demo) are called after the commit; a failure to queue is then logged, never raised.
    """
    def enqueue():
        for kwargs in calls:
            task_.enqueue(**kwargs)

    if isinstance(task_.get_backend(), DatabaseBackend) and transaction.get_connection().in_atomic_block:
        enqueue()
    elif calls:
        transaction.on_commit(enqueue, robust=True)


@task()
def send_case_notice(notice_id=None, attempt=1, *, case_id=None, kind=None, audience=None):
    """Send one notice, e-mail or SMS (at most once, see :func:`cases.notifications.deliver_notice`); a failure of
    the mail server or the SMS gateway is retried, then the notice is marked failed (the case page shows it).

    ``case_id``/``kind``/``audience`` are the arguments of tasks queued before notices had rows.
    """
    if notice_id is None:
        notice_id = Notice.objects.create(case_id=case_id, kind=kind, audience=audience or "").pk
    try:
        channel = Notice.objects.filter(pk=notice_id).values_list("channel", flat=True).first()
        return (deliver_sms_notice if channel == SMS else deliver_notice)(notice_id)
    except (SMTPException, OSError, ConnectionError, SmsError) as error:
        Notice.objects.filter(pk=notice_id).update(attempts=attempt, error=str(error)[:255])
        if attempt >= MAX_ATTEMPTS:
            Notice.objects.filter(pk=notice_id, sent_at__isnull=True).update(failed_at=now())
            log.exception("Giving up on notice %s after %s attempts", notice_id, attempt)
            raise
        log.warning("Notice %s failed (attempt %s); retrying", notice_id, attempt)
        retry_later(send_case_notice, after_attempt=attempt, notice_id=notice_id, attempt=attempt + 1)
        return 0


def notify_after_commit(case_id, kind, *, event_id=None):
    """Record the notice with the caller's transaction and send it once that commits.

    One row per audience and channel, so that retrying a failed staff e-mail never re-sends the resident's, nor a
    failed SMS the e-mail; the resident's SMS only with their consent (:func:`cases.sms_notices.wants_sms`).
    """
    audiences = [a for a, kinds in (("resident", RESIDENT_NOTICES), ("staff", STAFF_NOTICES)) if kind in kinds]
    notices = [Notice.objects.create(case_id=case_id, kind=kind, audience=audience) for audience in audiences]
    if wants_sms(case_id, kind):
        notices.append(Notice.objects.create(case_id=case_id, kind=kind, audience="resident", channel=SMS))
    enqueue_with_commit(send_case_notice, *({"notice_id": notice.pk} for notice in notices))


def requeue_unsent(at, *, older_than):
    """Notices still unsent long after they were recorded (their task was lost): queue them once more.

    Sending is idempotent, so a notice whose task is merely slow is not sent twice.
    """
    unsent = Notice.objects.filter(sent_at__isnull=True, failed_at__isnull=True, queued_at__lte=at - older_than)
    count = 0
    for pk in list(unsent.values_list("pk", flat=True)[:5000]):
        if unsent.filter(pk=pk).update(queued_at=at):  # a second sweep meanwhile skips it
            send_case_notice.enqueue(notice_id=pk)
            count += 1
    return count
