"""Benchmarks (bin/bench): test settings plus a stock Wagtail form page app as the baseline.

The benchmark creates its own throw-away database through Django's test-database
machinery: a file under var/ for SQLite, ``bench_<name>`` on the server when
DATABASE_URL points at PostgreSQL.
"""
import os

from .test import *  # noqa: F401,F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench.stockforms"]  # noqa: F405

DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": (
        str(VAR_DIR / "bench.sqlite3")  # noqa: F405
        if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"  # noqa: F405
        else "bench_" + DATABASES["default"]["NAME"]  # noqa: F405
    ),
}
PRIVATE_MEDIA_ROOT = VAR_DIR / "bench-private"  # noqa: F405
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405  (bin/bench may be the first command after a clone)
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": os.environ.get("LOG_LEVEL", "ERROR")}}  # noqa: F405
