"""``manage.py db_worker``: django-tasks' database worker, with a heartbeat (see :mod:`cases.leases`).

It takes the place of django_tasks_db's command of the same name (the cases app comes first in
INSTALLED_APPS), so every way of starting a worker holds a lease.
"""
from django_tasks_db.management.commands import db_worker

from cases.leases import Heartbeat, beat


class Command(db_worker.Command):
    help = db_worker.Command.help + "; keeps a heartbeat so that the tasks of a worker that died are run again"

    def handle(self, *args, worker_id, **options):
        beat(worker_id)  # before the first claim: a fresh worker is never taken for a dead one
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            return super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stopped.set()
