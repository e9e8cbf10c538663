"""Worker leases: a task left RUNNING by a worker that died is queued again within a minute or two.

django-tasks' database worker marks a task RUNNING (and appends its worker id) when it claims it, and
marks it finished when done. A worker killed in between (OOM, kill -9, a lost machine) leaves the row
RUNNING for ever: nothing else looks at it. So every worker started with ``manage.py db_worker`` (our
command of that name, :mod:`cases.management.commands.db_worker`) keeps a heartbeat row
(:class:`cases.models.WorkerBeat`) fresh from a thread of its own, and on each beat also looks for
RUNNING tasks whose worker's heartbeat is older than ``TASK_LEASE_SECONDS``: those are put back to
READY, for any worker to run again. The periodic sweep (``cases_tick``) does the same, for when every
worker died.

A worker that is alive but stalled past its lease may see its task run a second time: every task's side
effects are idempotent (a document already rendered is left alone, a notice already sent is not sent
again), so the only cost is the work.
"""
import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .clock import now
from .models import WorkerBeat

log = logging.getLogger(__name__)

#: A task RUNNING this long on a worker that never wrote a heartbeat (a plain django-tasks worker) is re-queued.
UNLEASED_AFTER = timedelta(minutes=30)


def lease():
    """How long a worker may stay silent before its tasks are taken back (``TASK_LEASE_SECONDS``, default 60)."""
    return timedelta(seconds=float(getattr(settings, "TASK_LEASE_SECONDS", 60)))


def beat(worker_id, at=None):
    """Write the worker's heartbeat."""
    at = at or now()
    if not WorkerBeat.objects.filter(pk=worker_id).update(seen_at=at):
        WorkerBeat.objects.update_or_create(pk=worker_id, defaults={
            "seen_at": at, "host": socket.gethostname()[:255], "pid": os.getpid()})


def reclaim(at=None):
    """Put RUNNING tasks of dead workers back in the queue; returns how many.

    The UPDATE repeats the conditions (still RUNNING, same start), so a task that finished, or that a
    second reaper took back and another worker claimed meanwhile, is left alone.
    """
    at = at or now()
    alive = set(WorkerBeat.objects.filter(seen_at__gt=at - lease()).values_list("pk", flat=True))
    known = set(WorkerBeat.objects.values_list("pk", flat=True))
    count = 0
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("pk", "worker_ids", "started_at")
    for pk, worker_ids, started_at in list(running[:5000]):
        worker = worker_ids[-1] if worker_ids else None
        if worker in alive or (worker not in known and started_at and started_at > at - UNLEASED_AFTER):
            continue
        if DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at).update(
                status=TaskResultStatus.READY):
            log.warning("Task %s was left running by worker %s, whose heartbeat stopped: queued again", pk, worker)
            count += 1
    # Heartbeats of workers gone for a day have nothing left to answer for.
    WorkerBeat.objects.filter(seen_at__lt=at - timedelta(days=1)).delete()
    return count


class Heartbeat(threading.Thread):
    """Beats every quarter lease and reclaims dead workers' tasks; a daemon, so it dies with its worker."""

    def __init__(self, worker_id):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        interval = max(lease().total_seconds() / 4, 0.2)
        while not self.stopped.wait(interval):
            try:
                close_old_connections()
                beat(self.worker_id)
                reclaim()
            except Exception:  # noqa: BLE001  (a lost connection must not end the heartbeat for good)
                log.exception("Heartbeat of worker %s failed", self.worker_id)
                connection.close()
        connection.close()
