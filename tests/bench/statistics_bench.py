"""Statistics at county scale (issue 10 §6): each selector of ``statistics_app.selectors`` over 1,000,000 cases
in PostgreSQL, as the county supervisor sees them, and any statistics pages given. Prints median and p95 per
call and the queries each one makes.

    bin/bench-statistics                       # PostgreSQL database "bench_stats", 1,000,000 cases (made once)
    bin/bench-statistics --cases 100000        # fewer
    bin/bench-statistics --url /admin/statistics/ --url /results/   # pages too (signed in as the supervisor)
    bin/bench-statistics --smoke               # SQLite, 3,000 cases, 5 calls each: for CI
    bin/bench-statistics --no-pages            # the selectors only

The statistics pages (:data:`PAGES`) are timed too unless ``--no-pages``; the public board both as residents
get it (from its cache) and cold (the cache cleared before each call: the computation behind it).

The cases come from ``tests/bench/synthetic_cases.py`` (two years of a county, every state, with the history
lines the figures read); the database is kept between runs, ``--fresh`` drops it first. The target: p95 at
most 300 ms per call, and a query count that does not depend on the number of cases.
"""
import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

from tests.bench import common  # noqa: E402

TARGET_MS = 300
#: The statistics pages (the county supervisor signed in) and the public board.
PAGES = ("/admin/statistics/overview/", "/admin/statistics/overview/?period=year&date=2026-06-01",
         "/admin/statistics/assessment/", "/admin/statistics/checkups/", "/admin/statistics/surveys/", "/results/")
COLD = "/results/"


def parse():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30, help="timed calls of each selector or page")
    parser.add_argument("--url", action="append", default=[], help="a page to time as well (repeatable)")
    parser.add_argument("--no-pages", action="store_true", help="time the selectors only")
    parser.add_argument("--only", default="", help="time only the calls whose label contains this")
    parser.add_argument("--skip", default="", help="leave out the calls whose label contains this")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls before the timed ones")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/bench_stats"))
    return parser.parse_args()


def prepare_database(args):
    common.prepare_database(args, smoke_file="bench_stats.sqlite3", smoke_cases=3_000, smoke_requests=5)


def measure(call, n, warmup=3):
    """(median ms, p95 ms, queries of one call): ``warmup`` calls, then ``n`` timed ones (the first counted)."""
    from django.db import connection

    for _ in range(warmup):
        call()
    queries, times = [], []

    def counted(execute, sql, *rest):
        if not times:
            queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(counted):
        for _ in range(n):
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95 + 0.5) - 1)], len(queries)


def selector_calls(supervisor):
    """The selector calls a county's statistics pages make, by label."""
    from cases.scopes import region_scope
    from cases.selectors import cases_visible_to
    from organisation.models import Region
    from statistics_app import selectors
    from statistics_app.board.selectors import board_window
    from statistics_app.periods import period_around

    today = (time_now() - timedelta(days=1)).date()
    month, year = period_around("month", today), period_around("year", today)
    last12 = board_window(today)  # twelve whole months, the running one included (as the board)
    county = Region.objects.get(code="220821")
    paths = region_scope(supervisor)

    def cases():
        return cases_visible_to(supervisor)

    return {
        "compare: a month, county": lambda: selectors.compare(cases(), month.start, month.end, paths=paths),
        "compare: a year, county": lambda: selectors.compare(cases(), year.start, year.end, paths=paths),
        "compare: a year, county, live (no rollup)": lambda: selectors.compare(cases(), year.start, year.end),
        "compare: a year, county, last month behind (live)": behind(
            lambda: selectors.compare(cases(), year.start, year.end, paths=paths)),
        "compare: last 12 months, county": lambda: selectors.compare(cases(), *last12, paths=paths),
        "breakdown by region: a year": lambda: selectors.breakdown(cases(), *last12, "region", region=county,
                                                                   paths=paths),
        "breakdown by department: a year": lambda: selectors.breakdown(cases(), *last12, "department",
                                                                       paths=paths),
        "breakdown by category: a year": lambda: selectors.breakdown(cases(), *last12, "category", paths=paths),
        "breakdown by region: a month": lambda: selectors.breakdown(cases(), month.start, month.end, "region",
                                                                    region=county, paths=paths),
        "trend: a year by month": lambda: selectors.trend(cases(), *last12, "month", paths),
        "trend: a month by day": lambda: selectors.trend(cases(), month.start, month.end, "day", paths),
        "figures now": lambda: selectors.figures_now(cases()),
    }


def behind(call):
    """``call`` while last month waits for a sweep that fell behind (a mark older than the freshness window):
    the worst case of a page, a whole month counted live; the mark is rolled back after the call."""
    from django.db import transaction

    from statistics_app.rollup.models import RollupStale
    from statistics_app.rollup.months import month_of
    from statistics_app.rollup.plan import fresh_for

    def wrapped():
        with transaction.atomic():
            last = month_of(time_now()).replace(day=1) - timedelta(days=1)
            RollupStale.objects.create(month=last.replace(day=1), marked_at=time_now() - 2 * fresh_for())
            call()
            transaction.set_rollback(True)
    return wrapped


def time_now():
    from cases.clock import now

    return now()


def page_calls(urls, supervisor):
    from django.test import Client

    client = Client()
    client.force_login(supervisor)

    from django.core.cache import cache

    def get(url, cold=False):
        def call():
            if cold:
                cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return call

    calls = {f"page {url}": get(url) for url in urls}
    if COLD in urls:
        calls[f"page {COLD} (cold cache)"] = get(COLD, cold=True)
    return calls


def main():
    args = parse()
    prepare_database(args)
    common.start_django()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from cases.models import Case

    common.populate(args.cases)
    supervisor = get_user_model().objects.get(username="supervisor")
    calls = {**selector_calls(supervisor), **page_calls(args.url + ([] if args.no_pages else list(PAGES)), supervisor)}
    print(f"\ndatabase: {connection.vendor}; {Case.objects.count():,} cases; "
          f"{args.requests} calls each after {args.warmup} warm-up; user: supervisor (county)")
    worst = 0.0
    for label, call in calls.items():
        if (args.only and args.only not in label) or (args.skip and args.skip in label):
            continue
        median, p95, queries = measure(call, args.requests, args.warmup)
        worst = max(worst, p95)
        print(f"  {label:58s} median {median:8.1f} ms   p95 {p95:8.1f} ms   {queries:3d} queries", flush=True)
    print(f"  worst p95 {worst:.1f} ms (target <= {TARGET_MS} ms on PostgreSQL with 1,000,000 cases)")


if __name__ == "__main__":
    main()
