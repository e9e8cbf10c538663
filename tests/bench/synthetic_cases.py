"""Synthetic cases for the workbench benchmark (tests/bench/cases_bench.py): a benchmark tool, not a service.

It writes rows straight into the tables, past the services (no events, no documents, no notices): that
is what makes a million cases take a minute or two, and why it lives here and not in the cases room.
On PostgreSQL the rows are made inside the database with ``generate_series``; elsewhere with batched
inserts. The mix is realistic: most cases are closed, a few percent open, spread over every grid,
department and category, with deadlines spread so that all three lights occur.
"""
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from cases.constants import OPEN_STATES, CaseState
from cases.models import Case
from forms_app.models import FormPage, Submission
from organisation.constants import RegionLevel
from organisation.models import Category, Department, Region

CLOSED_STATES = [CaseState.ARCHIVED, CaseState.EVALUATED, CaseState.REJECTED]


class DemoMissing(RuntimeError):
    """The demo (forms, grids, departments, categories) must be loaded first."""


def generate(count, *, open_share=0.05, batch=100_000, say=print):
    """Add ``count`` cases (with their submissions) to the demo's request form."""
    page = FormPage.objects.live().filter(kind="request").first()
    grids = list(Region.objects.filter(level=RegionLevel.GRID).values_list("id", "path"))
    departments = list(Department.objects.values_list("id", flat=True))
    categories = list(Category.objects.values_list("id", flat=True))
    if not (page and grids and departments and categories):
        raise DemoMissing("Load the demo first (manage.py seed_demo): forms, grids, departments, categories.")
    started = time.monotonic()
    first = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    done = 0
    make = generate_postgresql if connection.vendor == "postgresql" else generate_orm
    while done < count:
        n = min(batch, count - done)
        with transaction.atomic():
            make(first + done, n, page, grids, departments, categories, open_share)
        done += n
        say(f"  {done:,} / {count:,} cases ({time.monotonic() - started:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would, before measuring
            cursor.execute("VACUUM ANALYZE cases_case")
            cursor.execute("VACUUM ANALYZE forms_app_submission")
    say(f"Generated {count:,} cases in {time.monotonic() - started:.0f} s")


def generate_postgresql(start, n, page, grids, departments, categories, open_share):
    open_states = [str(s) for s in OPEN_STATES]
    closed_states = [str(s) for s in CLOSED_STATES]
    params = {
        "start": start, "stop": start + n - 1, "page": page.pk,
        "grid_ids": [g[0] for g in grids], "grid_paths": [g[1] for g in grids],
        "departments": departments, "categories": categories, "open_share": open_share,
        "open_states": open_states, "closed_states": closed_states,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO forms_app_submission (form_data, page_id, submit_time, revision_id, submission_key,
                                              phone_hash, client_hash, search_text, region_id)
            SELECT jsonb_build_object('wen_ti_miao_shu', '生成的诉求 ' || i), %(page)s,
                   now() - (i %% 730) * interval '1 day' - (i %% 1440) * interval '1 minute', NULL,
                   'gen-' || i, '', '', '', (%(grid_ids)s::bigint[])[1 + i %% cardinality(%(grid_ids)s::bigint[])]
            FROM generate_series(%(start)s, %(stop)s) AS i
            """,
            params,
        )
        cursor.execute(
            """
            INSERT INTO cases_case (reference, tracking_token, submission_id, form_id, state, region_id, region_path,
                level, category_id, triage, department_id, handler_id, score, created_at, due_at, yellow_at,
                dispatched_at, claim_due_at, offered_to_b_at, overdue_notified_at, resolved_at, closed_at,
                urge_count, flagged, reopen_count, result, rating, evaluation_comment, channel)
            SELECT 'GEN-' || lpad(i::text, 8, '0'), md5('gen' || i), s.id, s.page_id,
                   CASE WHEN r < %(open_share)s
                        THEN (%(open_states)s::text[])[1 + i %% cardinality(%(open_states)s::text[])]
                        ELSE (%(closed_states)s::text[])[1 + i %% cardinality(%(closed_states)s::text[])] END,
                   s.region_id, (%(grid_paths)s::text[])[1 + i %% cardinality(%(grid_ids)s::bigint[])], 'grid',
                   (%(categories)s::bigint[])[1 + i %% cardinality(%(categories)s::bigint[])], '',
                   (%(departments)s::bigint[])[1 + i %% cardinality(%(departments)s::bigint[])], NULL, NULL,
                   s.submit_time,
                   now() + ((i %% 200) - 60) * interval '1 hour',
                   now() + ((i %% 200) - 60) * interval '1 hour' - interval '18 hours',
                   NULL, NULL, NULL, NULL, NULL, NULL, 0, false, 0, '', NULL, '', 'online'
            FROM (SELECT i, random() AS r FROM generate_series(%(start)s, %(stop)s) AS i) AS g
            JOIN forms_app_submission s ON s.page_id = %(page)s AND s.submission_key = 'gen-' || g.i
            """,
            params,
        )

def generate_orm(start, n, page, grids, departments, categories, open_share):
    now = timezone.now()
    submissions = Submission.objects.bulk_create(
        Submission(page=page, form_data={"wen_ti_miao_shu": f"生成的诉求 {i}"}, submission_key=f"gen-{i}",
                   submit_time=now - timezone.timedelta(days=i % 730), region_id=grids[i % len(grids)][0])
        for i in range(start, start + n)
    )
    cases = []
    for i, submission in zip(range(start, start + n), submissions):
        states = OPEN_STATES if random.random() < open_share else CLOSED_STATES
        due = now + timezone.timedelta(hours=(i % 200) - 60)
        cases.append(Case(
            reference=f"GEN-{i:08d}", tracking_token=f"gen{i}", submission_id=submission.pk, form_id=page.pk,
            region_id=grids[i % len(grids)][0], region_path=grids[i % len(grids)][1], level=RegionLevel.GRID,
            category_id=categories[i % len(categories)], department_id=departments[i % len(departments)],
            created_at=submission.submit_time, due_at=due, yellow_at=due - timezone.timedelta(hours=18),
            state=states[i % len(states)],
        ))
    Case.objects.bulk_create(cases)
