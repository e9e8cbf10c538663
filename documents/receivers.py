"""How the documents room acts on the rooms below: case events, and the periodic sweep."""
from datetime import timedelta

from .constants import DocumentStatus
from .models import Document
from .services import generate_document, issue_for_trigger

#: A document still pending this long after it was queued has lost its worker (or its queue).
STUCK_AFTER = timedelta(minutes=10)


def issue_documents(sender, *, case, event, triggers, **kwargs):
    """cases.signals.case_event_recorded: issue what the case's form attaches to the event's triggers.

    Runs inside the event's transaction, so a document lands with its event or not at all.
    """
    for trigger in triggers:
        issue_for_trigger(case, trigger, event)


def requeue_stuck(at):
    """Documents still pending long after they were queued (a worker died, a queue was lost): queue them again.

    Generation is idempotent, and the conditional UPDATE of ``queued_at`` makes a second sweep skip them.
    """
    stuck = Document.objects.filter(status=DocumentStatus.PENDING, queued_at__lte=at - STUCK_AFTER)
    count = 0
    for pk in list(stuck.values_list("pk", flat=True)[:5000]):
        if stuck.filter(pk=pk).update(queued_at=at):
            generate_document.enqueue(document_id=pk)
            count += 1
    return count
