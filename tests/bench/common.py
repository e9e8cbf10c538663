"""What every benchmark does first: choose its database (SQLite for a smoke run, else a PostgreSQL database it
creates once and keeps), then fill it once — the migrations, the demo, synthetic cases up to the number asked
for, and the statistics rollup's months, as the tick would have built them by now."""
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def prepare_database(args, *, smoke_file, smoke_cases, smoke_requests):
    """Point ``DATABASE_URL`` at the benchmark's database (``args.database_url``; for ``--smoke`` the SQLite file
    ``var/<smoke_file>`` with ``smoke_cases`` and ``smoke_requests``); ``--fresh`` starts it again."""
    if args.smoke:
        args.cases, args.requests = smoke_cases, smoke_requests
        db = ROOT / "var" / smoke_file
        db.parent.mkdir(exist_ok=True)
        if args.fresh and db.exists():
            db.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
        return
    import psycopg

    url = args.database_url
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if args.fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url


def start_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def populate(cases):
    """Migrate, seed the demo, generate synthetic cases up to ``cases``, and build the statistics rollup."""
    from config.demo import seed
    from django.core.management import call_command
    from django.db import connection

    from cases.models import Case
    from statistics_app.rollup.refresh import refresh_all
    from tests.bench.synthetic_cases import generate

    call_command("migrate", verbosity=0)
    seed()
    have = Case.objects.count()
    if have < cases:
        print(f"generating {cases - have:,} cases …", flush=True)
        generate(cases - have)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would have by now (after a migration's backfill)
            cursor.execute("VACUUM ANALYZE cases_case")
    started = time.perf_counter()
    built = refresh_all()  # none when they are built already
    if built:
        print(f"built {built} months of the statistics rollup in {time.perf_counter() - started:.1f} s", flush=True)
