"""Worker leases: a task left RUNNING by a dead worker runs again within the lease, and its notice goes out once."""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from cases import clock, leases
from cases import workflow as wf
from cases.models import Notice
from cases.notifications import deliver_notice
from cases.tasks import send_case_notice
from cases.tick import tick
from tests.factories import walk_case

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    """The production queue (django-tasks' database backend) with a two-second lease."""
    settings.TASKS = DATABASE_QUEUE
    settings.TASK_LEASE_SECONDS = 2
    mail.outbox.clear()
    return settings


def dispatched(world):
    case = walk_case(world, world.new_case(), ["accept"])
    return wf.case_dispatch(case=case, to=world.team_a, by=world.dispatcher)


def claimed_by(worker_id):
    task = DBTaskResult.objects.ready().first()
    task.claim(worker_id)
    return task


@pytest.mark.django_db
def test_a_task_left_running_by_a_worker_whose_heartbeat_stopped_is_queued_again_once(case_world, queue):
    dispatched(case_world)
    leases.beat("dead", at=clock.now() - timedelta(seconds=5))
    task = claimed_by("dead")
    assert leases.reclaim() == 1
    task.refresh_from_db()
    assert task.status == "READY" and task.worker_ids == ["dead"]
    assert leases.reclaim() == 0


@pytest.mark.django_db
def test_the_task_of_a_worker_that_keeps_its_heartbeat_is_left_alone(case_world, queue):
    dispatched(case_world)
    leases.beat("alive")
    task = claimed_by("alive")
    assert leases.reclaim() == 0
    task.refresh_from_db()
    assert task.status == "RUNNING"


@pytest.mark.django_db
def test_the_sweep_takes_back_the_tasks_of_dead_workers_when_no_worker_is_left(case_world, queue):
    dispatched(case_world)
    leases.beat("dead")
    claimed_by("dead")
    clock.travel(timedelta(seconds=3))
    assert tick().tasks_reclaimed == 1


@pytest.mark.django_db
def test_a_notice_is_queued_with_its_event_and_not_without_it(case_world, queue):
    case = walk_case(case_world, case_world.new_case(), ["accept"])
    before = (Notice.objects.count(), DBTaskResult.objects.count())
    with pytest.raises(RuntimeError), transaction.atomic():
        wf.case_dispatch(case=case, to=case_world.team_a, by=case_world.dispatcher)
        raise RuntimeError("the request dies before the commit")
    assert (Notice.objects.count(), DBTaskResult.objects.count()) == before
    wf.case_dispatch(case=case, to=case_world.team_a, by=case_world.dispatcher)
    notices = list(Notice.objects.filter(case=case, kind="dispatched").values_list("pk", flat=True))
    assert len(notices) == 2
    queued = DBTaskResult.objects.filter(task_path__endswith="send_case_notice").values_list("args_kwargs", flat=True)
    assert sorted(q["kwargs"]["notice_id"] for q in queued if q["kwargs"]["notice_id"] in notices) == sorted(notices)


@pytest.mark.django_db
def test_a_notice_is_sent_once_however_often_its_task_runs(case_world, queue):
    case = dispatched(case_world)
    notice = Notice.objects.get(case=case, kind="dispatched", audience="resident")
    assert deliver_notice(notice.pk) == 1
    assert deliver_notice(notice.pk) == 0
    send_case_notice.call(notice_id=notice.pk)
    assert [m.to for m in mail.outbox] == [["resident@example.invalid"]]
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.messages == 1


@pytest.mark.django_db
def test_the_sweep_sends_a_notice_whose_task_was_lost(case_world, settings):
    case = dispatched(case_world)  # the immediate backend's after-commit send never runs in a test transaction
    mail.outbox.clear()
    unsent = Notice.objects.filter(case=case, sent_at__isnull=True)
    assert unsent.count() == 3  # accepted (to the resident), dispatched (to the resident and the team)
    clock.travel(timedelta(minutes=9))
    assert tick().notices_requeued == 0  # not yet: its task may still be in the queue
    clock.travel(timedelta(minutes=2))
    assert tick().notices_requeued == 3
    assert len(mail.outbox) == 3
    assert Notice.objects.filter(case=case, sent_at__isnull=True).count() == 0
    assert tick().notices_requeued == 0


# -- real worker processes --------------------------------------------------------------------------


def start_worker(worker_id, mailbox):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.cases.workers.settings",
           "WORKER_TEST_DB": connection.settings_dict["NAME"], "WORKER_MAILBOX": str(mailbox),
           "TASK_LEASE_SECONDS": "2"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1",
         "--worker-id", worker_id, "-v0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
                    reason="two processes share the database: the SQLite test database lives in memory")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_notice_caught_in_a_killed_worker_is_sent_exactly_once_by_another(case_world, queue, tmp_path):
    case = dispatched(case_world)  # three notices: accepted (to the resident), dispatched (resident, team)
    notices = Notice.objects.filter(case=case)
    first = start_worker("worker-a", tmp_path)
    try:
        wait_for(lambda: (tmp_path / f"entered-{first.pid}").exists(), 60, "the first worker to reach the mail server")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()
    stuck = DBTaskResult.objects.get(status="RUNNING")
    assert stuck.worker_ids == ["worker-a"]

    (tmp_path / "open").touch()
    second = start_worker("worker-b", tmp_path)
    try:
        wait_for(lambda: not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists(), 30,
                 "the second worker to run every task")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)
    stuck.refresh_from_db()
    assert stuck.status == "SUCCESSFUL" and stuck.worker_ids == ["worker-a", "worker-b"]
    assert notices.filter(sent_at__isnull=False).count() == 3
    mails = [p.read_text() for p in tmp_path.glob("mail-*.eml")]
    assert len(mails) == 3  # each notice once
    assert len({m.split("Message-ID: ")[1].split()[0] for m in mails}) == 3
