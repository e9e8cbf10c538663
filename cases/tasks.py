"""Background tasks (django-tasks): immediate in the embedded demo, database-backed in production."""
import logging
from datetime import timedelta
from smtplib import SMTPException

from django.db import transaction
from django_tasks import default_task_backend, task

from .clock import now
from .machine import RESIDENT_NOTICES, STAFF_NOTICES
from .notifications import deliver

log = logging.getLogger(__name__)

#: How often background work is tried before it is given up (e-mail notices; the documents room's PDFs).
MAX_ATTEMPTS = 3


def retry_later(task_, *, after_attempt, **kwargs):
    """Enqueue ``task_`` again after 2, 4, 8 … minutes (at once where the backend cannot defer)."""
    if default_task_backend.supports_defer:
        task_ = task_.using(run_after=now() + timedelta(minutes=2**after_attempt))
    return task_.enqueue(**kwargs)


@task()
def send_case_notice(case_id, kind, audience=None, attempt=1):
    """Send one notice; a mail failure is retried (later where the backend can defer) up to MAX_ATTEMPTS."""
    try:
        return deliver(case_id, kind, audience)
    except (SMTPException, OSError, ConnectionError):
        if attempt >= MAX_ATTEMPTS:
            log.exception("Giving up on notice %s for case %s after %s attempts", kind, case_id, attempt)
            raise
        log.warning("Notice %s for case %s failed (attempt %s); retrying", kind, case_id, attempt)
        retry_later(send_case_notice, after_attempt=attempt, case_id=case_id, kind=kind, audience=audience,
                    attempt=attempt + 1)
        return 0


def notify_after_commit(case_id, kind, *, event_id=None):
    """Queue the notice once the transaction commits; a failure to queue is logged, never raised."""
    # One task per audience, so that retrying a failed staff e-mail never re-sends the resident's.
    audiences = [a for a, kinds in (("resident", RESIDENT_NOTICES), ("staff", STAFF_NOTICES)) if kind in kinds]

    def enqueue():
        for audience in audiences:
            send_case_notice.enqueue(case_id=case_id, kind=kind, audience=audience)

    if audiences:
        transaction.on_commit(enqueue, robust=True)
