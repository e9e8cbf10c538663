"""Background tasks (django-tasks): immediate in the embedded demo, database-backed in production."""
import logging
from datetime import timedelta
from smtplib import SMTPException

from django_tasks import default_task_backend, task

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


@task()
def send_case_notice(case_id, kind, audience=None, attempt=1):
    """Send one notice; a mail failure is retried (later where the backend can defer) up to MAX_ATTEMPTS."""
    from .notifications import deliver

    try:
        return deliver(case_id, kind, audience)
    except (SMTPException, OSError, ConnectionError):
        if attempt >= MAX_ATTEMPTS:
            log.exception("Giving up on notice %s for case %s after %s attempts", kind, case_id, attempt)
            raise
        log.warning("Notice %s for case %s failed (attempt %s); retrying", kind, case_id, attempt)
        retry = send_case_notice
        if default_task_backend.supports_defer:
            from .clock import now

            retry = send_case_notice.using(run_after=now() + timedelta(minutes=2**attempt))
        retry.enqueue(case_id=case_id, kind=kind, audience=audience, attempt=attempt + 1)
        return 0


@task()
def tick_cases():
    """The periodic sweep (lights, B-post offers, auto-evaluation); see cases.tick."""
    from .tick import tick

    return tick().as_dict()


@task()
def generate_document(document_id):
    """Render one document (see cases.documents.services.generate); transient failures are retried later."""
    from .documents.services import generate

    document = generate(document_id)
    if getattr(document, "retry_later", False):
        retry = generate_document
        if default_task_backend.supports_defer:
            from .clock import now

            retry = generate_document.using(run_after=now() + timedelta(minutes=2**document.attempts))
        retry.enqueue(document_id=document_id)
    return document.status


@task()
def bundle_document_batch(batch_id):
    """Pack a finished batch into one ZIP or one merged PDF (see cases.documents.batches)."""
    from .documents.batches import bundle

    return bundle(batch_id).status
