"""The topology run's database work (tests/bench/topology.py): the form, the counts, backup and restore."""
import hashlib
import re
import subprocess
import time
from types import SimpleNamespace

MESSAGE_ID_RE = re.compile(r"^Message-ID: <([^>]+)>", re.MULTILINE | re.IGNORECASE)
TOKEN_RE = re.compile(r"居民#(\d+)#")


def psql(server, db, sql):
    """One statement through psql (the server's own client, as the README's procedure uses)."""
    url = f"{server}/{db}"
    out = subprocess.run(["psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def recreate_database(server, db, template=None):
    psql(server, "postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    psql(server, "postgres", f'CREATE DATABASE "{db}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_templates(server, prefix):
    """Drop the migrated copies of earlier migrations."""
    for db in psql(server, "postgres", f"SELECT datname FROM pg_database WHERE datname LIKE '{prefix}%'").split():
        psql(server, "postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def exists(server, db):
    return psql(server, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"


def migrations_digest(root):
    """Names the migrated empty database that later runs copy: the project's migrations and pinned packages."""
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes())
    for path in sorted(root.glob("*/migrations/*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def make_form():
    """A one-page request form of the demo county: receipt on submit, completion notice on resolve, e-mails."""
    from config.demo import DEMO_PASSWORD

    from cases.constants import Trigger, Workflow  # Django is set up by the run before this is called
    from documents.models import DocumentTemplate, FormDocumentRule
    from forms_app.constants import FieldType
    from organisation.models import Department, Region
    from tests.factories import make_form as build

    page = build([("姓名", FieldType.SINGLELINE, {"required": True}),
                  ("电子邮箱", FieldType.EMAIL, {"required": True}),
                  ("问题描述", FieldType.MULTILINE, {"required": True}),
                  ("所在网格", FieldType.REGION, {"required": True})],
                 title="楼道照明报修（拓扑测试）", slug="topology", daily_limit=0,
                 workflow=Workflow.HANDLING, deadline_hours=72)
    for trigger, name in ((Trigger.SUBMIT, "受理回执"), (Trigger.RESOLVE, "办结告知书")):
        page.document_rules.add(FormDocumentRule(trigger=trigger, template=DocumentTemplate.objects.get(name=name)))
    page.save_revision().publish()
    page.refresh_from_db()
    return SimpleNamespace(
        form_id=page.pk, url=page.url, fields=list(page.get_form_fields()), password=DEMO_PASSWORD,
        region_id=Region.objects.get(code="220821100001-01").pk,
        department_id=Department.objects.get(code="xf-grid").pk)


def wait_for_queue(timeout):
    """Until no task is waiting or running (the surviving worker takes back the dead one's); True if drained."""
    from django_tasks_db.models import DBTaskResult  # Django is set up by the run

    started = time.monotonic()
    said = started
    while time.monotonic() < started + timeout:
        left = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        if not left:
            print(f"  drained in {time.monotonic() - started:.0f} s")
            return True
        if time.monotonic() - said > 15:
            print(f"  {left} tasks left")
            said = time.monotonic()
        time.sleep(0.5)
    return False


def wait_for_task_on(worker_id, timeout):
    """Until the worker is running a task (or ``timeout`` seconds passed)."""
    from django_tasks_db.models import DBTaskResult  # Django is set up by the run

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        running = DBTaskResult.objects.filter(status="RUNNING").values_list("worker_ids", flat=True)
        if any(ids and ids[-1] == worker_id for ids in running):
            return True
        time.sleep(0.02)
    return False


def count(setup, tally, seconds, *, mail_dir, drained):
    """The figures: what the load saw, then what the database holds."""
    from django_tasks_db.models import DBTaskResult

    from cases.constants import CaseState  # Django is set up by the run
    from cases.models import Case, Notice
    from documents.models import Document
    from forms_app.models import Submission

    stored = list(Submission.objects.filter(page_id=setup.form_id).values_list("submission_key", "form_data"))
    keys = {key for key, _data in stored}
    tokens = [int(m.group(1)) for _key, data in stored for m in TOKEN_RE.finditer(" ".join(map(str, data.values())))]
    acknowledged = tally.acknowledged
    cases = Case.objects.filter(form_id=setup.form_id)
    resolved = cases.filter(state=CaseState.RESOLVED).count()
    documents = Document.objects.filter(case__form_id=setup.form_id)
    notices = Notice.objects.filter(case__form_id=setup.form_id)
    ours = {f"notice-{pk}" for pk in notices.values_list("pk", flat=True)}
    mail_ids = [m for path in mail_dir.glob("*.log") for m in MESSAGE_ID_RE.findall(path.read_text(errors="replace"))
                if m.split("@")[0].rsplit("-", 1)[0] in ours]  # the demo's own cases send a few too
    pressed_again = [n for n, presses in tally.presses.items() if presses > 1]
    return {
        "residents": len(tally.presses), "seconds (residents)": round(seconds["residents"], 1),
        "submissions/s": round(len(acknowledged) / seconds["residents"], 1),
        "staff actions": sum(tally.actions.values()),
        "staff actions/s": round(sum(tally.actions.values()) / seconds["all"], 1),
        "HTTP errors seen": sum(tally.errors.values()), "errors by kind": dict(tally.errors),
        "killed mid-run": "app server 1, worker 1" if seconds["killed"] else "nothing (too few residents)",
        "residents who pressed again": len(pressed_again),
        "  … stored once all the same (same _key)": sum(1 for n in pressed_again if acknowledged.get(n) in keys),
        "residents who gave up": tally.gave_up,
        "submissions acknowledged": len(acknowledged), "cases stored": cases.count(),
        "submissions stored": len(stored),
        "lost (acknowledged, not stored)": len(set(acknowledged.values()) - keys),
        "duplicates (one resident, two submissions)": len(tokens) - len(set(tokens)),
        "cases resolved": resolved,
        "documents expected": cases.count() + resolved, "documents produced": documents.filter(status="ready").count(),
        "documents not produced": documents.exclude(status="ready").count(),
        "notices": notices.count(), "notices sent": notices.filter(sent_at__isnull=False).count(),
        "e-mails expected": sum(notices.values_list("messages", flat=True)), "e-mails delivered": len(mail_ids),
        "e-mails sent twice": len(mail_ids) - len(set(mail_ids)),
        "tasks re-run after their worker died": sum(1 for ids in DBTaskResult.objects.values_list(
            "worker_ids", flat=True) if len(ids) > 1),
        "queue drained": drained,
    }


def backup_and_restore(server, db, dump):
    """The README's procedure: pg_dump, pg_restore into a new database, then compare every table and the cases."""
    restored = f"{db}_restore"
    started = time.monotonic()
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"--dbname={server}/{db}"],
                   check=True)
    recreate_database(server, restored)
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={server}/{restored}", str(dump)],
                   check=True)
    before, after = row_counts(server, db), row_counts(server, restored)
    tables = sorted(set(before) | set(after))
    differ = [t for t in tables if before.get(t) != after.get(t)]
    checksum = "SELECT md5(coalesce(string_agg(c::text, '|' ORDER BY c.id), '')) FROM cases_case c"
    same_cases = psql(server, db, checksum) == psql(server, restored, checksum)
    psql(server, "postgres", f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    return {"backup: tables compared": len(tables), "backup: rows compared": sum(map(int, before.values())), "backup: tables whose row count differs": len(differ),
            "backup: cases checksum equal": same_cases, "backup: dump size (kB)": dump.stat().st_size // 1024,
            "backup: dump + restore seconds": round(time.monotonic() - started, 1)}


ROW_COUNTS = """
SELECT tablename || ' ' || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', tablename),
                                                                false, true, '')))[1]::text
FROM pg_tables WHERE schemaname = 'public' ORDER BY 1
"""


def row_counts(server, db):
    """{table: rows} of every table of the database, in one query."""
    return dict(line.split() for line in psql(server, db, ROW_COUNTS).splitlines())


def report(figures):
    """Print the figures in one block; True when nothing was lost, doubled or left undone."""
    ok = (figures["lost (acknowledged, not stored)"] == 0
          and figures["duplicates (one resident, two submissions)"] == 0
          and figures["submissions acknowledged"] == figures["cases stored"] == figures["submissions stored"]
          and figures["documents produced"] == figures["documents expected"]
          and figures["notices sent"] == figures["notices"]
          and figures["e-mails delivered"] == figures["e-mails expected"] and figures["e-mails sent twice"] == 0
          and figures["queue drained"] and figures["residents who gave up"] == 0
          and figures["backup: tables whose row count differs"] == 0 and figures["backup: cases checksum equal"])
    width = max(map(len, figures))
    print("\n" + "=" * (width + 24))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    print("=" * (width + 24))
    print("RESULT:", "OK" if ok else "FAILED")
    return ok
