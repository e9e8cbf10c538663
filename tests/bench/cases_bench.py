"""Staff workbench latency with many cases (issue 3): the supervisor's listing filtered by light and
region, and the admin home with its dashboard panel. Prints median and p95 per page.

    bin/bench-cases                  # PostgreSQL database "bench_cases", 1,000,000 cases (made once, kept)
    bin/bench-cases --cases 20000    # fewer
    bin/bench-cases --smoke          # SQLite, 2,000 cases, 10 requests: for CI

The database is kept between runs (generating a million cases takes a minute or two);
``--fresh`` drops it first.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

from tests.bench import common  # noqa: E402


def parse():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/bench_cases"))
    return parser.parse_args()


def prepare_database(args):
    common.prepare_database(args, smoke_file="bench_cases.sqlite3", smoke_cases=2_000, smoke_requests=10)


def timed(client, url, n):
    times, status = [], None
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        status = response.status_code
        assert status == 200, (url, status)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], status


def main():
    args = parse()
    prepare_database(args)
    common.start_django()
    from django.db import connection
    from django.test import Client

    from cases.models import Case
    from organisation.models import Region

    common.populate(args.cases)
    from django.contrib.auth import get_user_model

    supervisor = get_user_model().objects.get(username="supervisor")
    client = Client()
    client.force_login(supervisor)
    street = Region.objects.get(code="220821100")
    pages = {
        "listing: red light, one street": f"/admin/cases/case/?light=red&region={street.pk}",
        "listing: yellow light, whole county": "/admin/cases/case/?light=yellow",
        "admin home (dashboard panel)": "/admin/",
    }
    print(f"\ndatabase: {connection.vendor}; {Case.objects.count():,} cases; "
          f"{args.requests} requests per page after 3 warm-up; user: supervisor (county)")
    worst = 0.0
    for label, url in pages.items():
        timed(client, url, 3)
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *rest: (queries.append(sql), execute(sql, *rest))[1]):
            client.get(url)
        median, p95, _ = timed(client, url, args.requests)
        worst = max(worst, p95)
        print(f"  {label:40s} median {median:7.1f} ms   p95 {p95:7.1f} ms   {len(queries)} queries")
    print(f"  worst p95 {worst:.1f} ms (target <= 150 ms on PostgreSQL with 1,000,000 cases)")


if __name__ == "__main__":
    main()
