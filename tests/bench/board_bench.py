"""The public results board (成绩晒单) with many cases: each page computed afresh (the cache emptied before
every request: what the first resident after the cache expires waits) and served from the cache.

    bin/bench-board                  # PostgreSQL database "bench_cases", 1,000,000 cases (made once, kept)
    bin/bench-board --cases 100000   # fewer
    bin/bench-board --smoke          # SQLite, 2,000 cases, 10 requests: for CI

Shares the database and its generator with ``bin/bench-cases`` (tests/bench/cases_bench.py).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

from tests.bench import common  # noqa: E402
from tests.bench.cases_bench import parse, prepare_database, timed  # noqa: E402


def main():
    args = parse()
    prepare_database(args)
    common.start_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from cases.models import Case
    from organisation.models import Region

    common.populate(args.cases)
    client = Client()
    pages = {
        "county": "/results/",
        "street": f"/results/{Region.objects.get(code='220821100').pk}/",
        "community": f"/results/{Region.objects.get(code='220821100001').pk}/",
    }
    print(f"\ndatabase: {connection.vendor}; {Case.objects.count():,} cases; {args.requests} requests per page")
    for label, url in pages.items():
        cold = Client()
        cold.get = _uncached(cold.get, cache)
        timed(cold, url, 2)
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *rest: (queries.append(sql), execute(sql, *rest))[1]):
            cold.get(url)
        median, p95, _ = timed(cold, url, max(3, args.requests // 6))
        print(f"  {label:10s} computed: median {median:8.1f} ms   p95 {p95:8.1f} ms   {len(queries)} queries")
        timed(client, url, 2)
        median, p95, _ = timed(client, url, args.requests)
        print(f"  {label:10s} cached:   median {median:8.1f} ms   p95 {p95:8.1f} ms")


def _uncached(get, cache):
    def fresh(*args, **kwargs):
        cache.clear()
        return get(*args, **kwargs)
    return fresh


if __name__ == "__main__":
    main()
