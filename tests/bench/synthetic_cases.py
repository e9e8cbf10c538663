"""Synthetic cases for the benchmarks (tests/bench/cases_bench.py, statistics_bench.py): a tool, not a service.

It writes rows straight into the tables, past the services (no documents, no notices): that is what makes a
million cases take a few minutes, and why it lives here and not in the cases room. Each case's story is drawn
once in Python (:func:`story`) and written the same way on every database: on PostgreSQL through ``COPY``
into a temporary table and three ``INSERT … SELECT`` (submissions, cases, history lines), elsewhere with
batched ORM inserts.

The mix is a county's two years: cases spread over every grid, department, category and channel, opened over
the last 730 days; most old cases closed (evaluated — rated or not —, archived, a few not accepted), recent
ones still moving through every open state, with deadlines so that all three lights occur; about one in six
resolved late, a few reopened or urged; surveys filed at once as records. The history lines the statistics
read are written with them, consistent with the case: ``accept``, the first ``dispatch``, the first ``claim``,
``reject`` and ``file_record`` (the other lines — submit, resolve, evaluate … — are left out: nothing reads
them at scale), and the case's own copies of those moments (``accepted_at`` …) when the table has them.
"""
import random
import time
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from cases.constants import CaseState, Channel
from cases.models import Case, CaseEvent
from forms_app.models import FormPage, Submission
from organisation.constants import RegionLevel, Triage
from organisation.models import Category, Department, Region

S = CaseState
H = timedelta(hours=1)
CHANNELS = [(Channel.ONLINE, 55), (Channel.PHONE, 12), (Channel.HOTLINE, 15), (Channel.PATROL, 10),
            (Channel.VISIT, 5), (Channel.MEETING, 3)]
RATINGS = [(5, 62), (4, 20), (3, 9), (2, 5), (1, 4)]
TRIAGES = [(Triage.MINOR, 50), (Triage.MAJOR, 10), (Triage.PRIVATE, 10), ("", 30)]
# the copies of history moments a case may carry (the statistics' denormalisation); written when present
MOMENT_COLUMNS = ("accepted_at", "first_dispatched_at", "first_claimed_at", "rejected", "is_record")


class DemoMissing(RuntimeError):
    """The demo (forms, grids, departments, categories) must be loaded first."""


def _pick(rnd, weighted):
    return rnd.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


def story(i, rnd, at, world):
    """One case's life: a dict of its columns and its moments, drawn from ``rnd`` as of the moment ``at``."""
    age = timedelta(days=730) * rnd.random() ** 1.15  # a little more recent work than old
    created = at - age
    grid = world["grids"][rnd.randrange(len(world["grids"]))]
    row = {
        "i": i, "created_at": created, "channel": str(_pick(rnd, CHANNELS)), "region_id": grid[0],
        "region_path": grid[1], "category_id": rnd.choice(world["categories"]),
        "department_id": rnd.choice(world["departments"]), "triage": "", "state": S.SUBMITTED,
        "accepted_at": None, "first_dispatched_at": None, "first_claimed_at": None, "due_at": None,
        "yellow_at": None, "dispatched_at": None, "resolved_at": None, "closed_at": None, "rating": None,
        "reopen_count": 0, "urge_count": 0, "flagged": False, "rejected": False, "is_record": False,
        "record": False,
    }
    if rnd.random() < 0.03:  # a survey, filed at once
        row.update(state=S.ARCHIVED, is_record=True, record=True, closed_at=created, department_id=None,
                   category_id=None)
        return row
    recent = age < timedelta(days=12)
    if recent and rnd.random() < 0.08:
        return row  # still waiting for the dispatcher
    row["accepted_at"] = created + H * rnd.uniform(0.1, 10)
    if rnd.random() < 0.04:  # not accepted
        row.update(state=S.REJECTED if recent or rnd.random() < 0.3 else S.ARCHIVED, rejected=True,
                   accepted_at=None, closed_at=created + H * rnd.uniform(0.2, 24))
        return row
    row["triage"] = str(_pick(rnd, TRIAGES))
    if recent and rnd.random() < 0.1:
        row["state"] = S.ACCEPTED
        return row
    return _handled(row, rnd, at, recent)


def _handled(row, rnd, at, recent):
    """The rest of an accepted case's life: dispatched, claimed, resolved (late or not), rated or not."""
    dispatched = row["accepted_at"] + H * rnd.uniform(0.05, 3)
    hours = rnd.choice((48, 72, 72, 120))
    row.update(first_dispatched_at=dispatched, dispatched_at=dispatched, due_at=dispatched + hours * H,
               yellow_at=dispatched + hours * 0.75 * H, state=S.DISPATCHED)
    if rnd.random() < 0.1:
        row["urge_count"] = rnd.choice((1, 1, 2, 3))
        row["flagged"] = True
    if recent and rnd.random() < 0.15:
        return row
    row.update(first_claimed_at=dispatched + H * rnd.expovariate(1 / 3), state=S.CLAIMED)
    took = hours * rnd.uniform(0.1, 0.95) if rnd.random() < 0.84 else hours * rnd.uniform(1.02, 3)
    resolved = dispatched + took * H
    if resolved > at:
        row["state"] = rnd.choice((S.CLAIMED, S.CLAIMED, S.CONSULTING))
        return row
    if rnd.random() < 0.05:  # reopened once and resolved again
        row["reopen_count"] = 1
        again = resolved + H * rnd.uniform(2, 48)
        row.update(dispatched_at=again, due_at=again + hours * H, yellow_at=again + hours * 0.75 * H)
        resolved = again + H * rnd.uniform(2, hours)
        if resolved > at:
            row.update(state=S.DISPATCHED)
            return row
    row.update(resolved_at=resolved, state=S.RESOLVED)
    if at - resolved < timedelta(days=7) and rnd.random() < 0.6:
        return row  # the resident may still rate it
    row["state"] = S.EVALUATED
    if rnd.random() < 0.65:
        row["rating"] = _pick(rnd, RATINGS) if row["reopen_count"] == 0 else rnd.choice((3, 4, 5))
    if at - resolved > timedelta(days=30) and rnd.random() < 0.7:
        row.update(state=S.ARCHIVED, closed_at=resolved + timedelta(days=rnd.uniform(7, 30)))
    return row


def history(row):
    """The history lines the statistics read: (transition, from_state, to_state, at)."""
    lines = []
    if row["record"]:
        return [("file_record", S.SUBMITTED, S.ARCHIVED, row["closed_at"])]
    if row["rejected"]:
        return [("reject", S.SUBMITTED, S.REJECTED, row["closed_at"])]
    if row["accepted_at"]:
        lines.append(("accept", S.SUBMITTED, S.ACCEPTED, row["accepted_at"]))
    if row["first_dispatched_at"]:
        lines.append(("dispatch", S.ACCEPTED, S.DISPATCHED, row["first_dispatched_at"]))
    if row["first_claimed_at"]:
        lines.append(("claim", S.DISPATCHED, S.CLAIMED, row["first_claimed_at"]))
    return lines


def _world():
    page = FormPage.objects.live().filter(kind="request").first()
    survey = FormPage.objects.live().filter(kind="survey").first() or page
    grids = list(Region.objects.filter(level=RegionLevel.GRID).order_by("path").values_list("id", "path"))
    departments = list(Department.objects.order_by("pk").values_list("id", flat=True))
    categories = list(Category.objects.order_by("pk").values_list("id", flat=True))
    if not (page and grids and departments and categories):
        raise DemoMissing("Load the demo first (manage.py seed_demo): forms, grids, departments, categories.")
    return {"page": page.pk, "survey": survey.pk, "grids": grids, "departments": departments,
            "categories": categories}


def moment_columns():
    """The history moments the cases table carries a copy of (none before the statistics' migration)."""
    names = {f.column for f in Case._meta.concrete_fields}
    return [c for c in MOMENT_COLUMNS if c in names]


def generate(count, *, batch=100_000, seed=2026, say=print, **_ignored):
    """Add ``count`` cases (with their submissions and the history lines statistics read)."""
    world = _world()
    started = time.monotonic()
    first = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    rnd = random.Random(seed + first)
    at = timezone.now()
    make = write_postgresql if connection.vendor == "postgresql" else write_orm
    done = 0
    while done < count:
        n = min(batch, count - done)
        rows = [story(first + done + k, rnd, at, world) for k in range(n)]
        with transaction.atomic():
            make(rows, world)
        done += n
        say(f"  {done:,} / {count:,} cases ({time.monotonic() - started:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would, before measuring
            for table in ("cases_case", "cases_caseevent", "forms_app_submission"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    say(f"Generated {count:,} cases in {time.monotonic() - started:.0f} s")


STORY_COLUMNS = [
    ("i", "bigint"), ("created_at", "timestamptz"), ("channel", "text"), ("region_id", "bigint"),
    ("region_path", "text"), ("category_id", "bigint"), ("department_id", "bigint"), ("triage", "text"),
    ("state", "text"), ("accepted_at", "timestamptz"), ("first_dispatched_at", "timestamptz"),
    ("first_claimed_at", "timestamptz"), ("due_at", "timestamptz"), ("yellow_at", "timestamptz"),
    ("dispatched_at", "timestamptz"), ("resolved_at", "timestamptz"), ("closed_at", "timestamptz"),
    ("rating", "smallint"), ("reopen_count", "smallint"), ("urge_count", "smallint"), ("flagged", "boolean"),
    ("rejected", "boolean"), ("is_record", "boolean"), ("record", "boolean"),
]


def write_postgresql(rows, world):
    names = [c for c, _ in STORY_COLUMNS]
    moments = moment_columns()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS gen_story (%s) ON COMMIT DROP"
                       % ", ".join(f"{c} {t}" for c, t in STORY_COLUMNS))
        with cursor.connection.cursor().copy(f"COPY gen_story ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in names])
        cursor.execute(
            """
            INSERT INTO forms_app_submission (form_data, page_id, submit_time, revision_id, submission_key,
                                              phone_hash, client_hash, region_id, search_text)
            SELECT jsonb_build_object('wen_ti_miao_shu', '生成的诉求 ' || i),
                   CASE WHEN record THEN %(survey)s ELSE %(page)s END, created_at, NULL, 'gen-' || i, '', '',
                   region_id, ''
            FROM gen_story
            """,
            world,
        )
        extra = "".join(f", {c}" for c in moments)
        cursor.execute(
            f"""
            INSERT INTO cases_case (reference, tracking_token, submission_id, form_id, state, region_id, region_path,
                level, category_id, triage, department_id, handler_id, score, channel, created_at, due_at,
                yellow_at, dispatched_at, claim_due_at, offered_to_b_at, overdue_notified_at, resolved_at,
                closed_at, urge_count, flagged, reopen_count, result, rating, evaluation_comment{extra})
            SELECT 'GEN-' || lpad(g.i::text, 8, '0'), md5('gen' || g.i), s.id, s.page_id, g.state, g.region_id,
                   g.region_path, 'grid', g.category_id, g.triage, g.department_id, NULL, NULL, g.channel,
                   g.created_at, g.due_at, g.yellow_at, g.dispatched_at, NULL, NULL, NULL, g.resolved_at,
                   g.closed_at, g.urge_count, g.flagged, g.reopen_count,
                   CASE WHEN g.resolved_at IS NULL THEN '' ELSE '已处理' END, g.rating, ''{extra.replace(", ", ", g.")}
            FROM gen_story g JOIN forms_app_submission s
              ON s.page_id = CASE WHEN g.record THEN %(survey)s ELSE %(page)s END AND s.submission_key = 'gen-' || g.i
            """,
            world,
        )
        _write_lines(cursor)
        cursor.execute("DROP TABLE gen_story")


def _write_lines(cursor):
    lines = [("accept", "accepted_at", "'submitted'", "'accepted'"),
             ("dispatch", "first_dispatched_at", "'accepted'", "'dispatched'"),
             ("claim", "first_claimed_at", "'dispatched'", "'claimed'"),
             ("reject", "closed_at", "'submitted'", "'rejected'"),
             ("file_record", "closed_at", "'submitted'", "'archived'")]
    for name, moment, from_state, to_state in lines:
        where = {"reject": "g.rejected", "file_record": "g.record"}.get(name, f"g.{moment} IS NOT NULL")
        cursor.execute(
            f"""
            INSERT INTO cases_caseevent (case_id, at, actor_id, transition, from_state, to_state, note, data,
                                         public)
            SELECT c.id, g.{moment}, NULL, '{name}', {from_state}, {to_state}, '', '{{}}'::jsonb,
                   {'false' if name == 'file_record' else 'true'}
            FROM gen_story g JOIN cases_case c ON c.reference = 'GEN-' || lpad(g.i::text, 8, '0')
            WHERE {where}
            """
        )


def write_orm(rows, world):
    moments = moment_columns()
    submissions = Submission.objects.bulk_create(
        Submission(page_id=world["survey"] if row["record"] else world["page"], submission_key=f"gen-{row['i']}",
                   form_data={"wen_ti_miao_shu": f"生成的诉求 {row['i']}"}, submit_time=row["created_at"],
                   region_id=row["region_id"])
        for row in rows
    )
    fields = ("state", "region_id", "region_path", "category_id", "triage", "department_id", "channel",
              "created_at", "due_at", "yellow_at", "dispatched_at", "resolved_at", "closed_at", "urge_count",
              "flagged", "reopen_count", "rating", *moments)
    cases = Case.objects.bulk_create(
        Case(reference=f"GEN-{row['i']:08d}", tracking_token=f"gen{row['i']}", submission_id=submission.pk,
             form_id=submission.page_id, level=RegionLevel.GRID, **{f: row[f] for f in fields})
        for row, submission in zip(rows, submissions)
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(case_id=case.pk, transition=name, from_state=from_state, to_state=to_state, at=at,
                  public=name != "file_record")
        for row, case in zip(rows, cases) for name, from_state, to_state, at in history(row)
    )
