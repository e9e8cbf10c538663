"""Wagtail's reference index, kept by a task that expects the row it was queued for to be gone.

Wagtail queues ``update_reference_index_task(app, model, pk)`` on every save of a tracked model,
inline rows of a page included (a form's document rules and case settings). A draft form's every
save, autosave too, writes those rows to the database, so a rule can be added and removed again
before the background worker runs the task of its first save; Wagtail's task then fails with
``FormDocumentRule.DoesNotExist`` (or the page's, when the form itself was deleted).

Nothing is lost by doing nothing then: the delete already removed the row's own references, and
the page saved with it queued a task of its own, which indexes the page with the rows it has.
"""
import logging

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django_tasks import task
from wagtail import signal_handlers
from wagtail.tasks import update_reference_index_task as wagtail_task

logger = logging.getLogger(__name__)


@task()
def update_reference_index(app_label, model_name, pk):
    """Wagtail's task, for a row that may have been deleted (or whose page was) since it was queued."""
    try:
        wagtail_task.call(app_label, model_name, pk)
    except ObjectDoesNotExist:
        logger.info("reference index: %s.%s %s is gone since it was saved; nothing to index", app_label,
                    model_name, pk)


def install():
    """Have Wagtail's save receiver queue this task in place of its own (the receiver reads the name when called,
    so the receivers Wagtail connects again after each migration use it too)."""
    queued = getattr(signal_handlers, "update_reference_index_task", None)
    if queued is update_reference_index:
        return
    if queued is not wagtail_task:
        raise ImproperlyConfigured("wagtail.signal_handlers no longer queues wagtail.tasks.update_reference_index_task:"
                                   " check config.references against this Wagtail version")
    signal_handlers.update_reference_index_task = update_reference_index
