"""Settings of a real ``manage.py db_worker`` process started by a test, on the test's own database."""
import os

from config.settings.test import *  # noqa: F401,F403

DATABASES["default"]["NAME"] = os.environ["WORKER_TEST_DB"]  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_LEASE_SECONDS = float(os.environ.get("TASK_LEASE_SECONDS", "2"))
EMAIL_BACKEND = "tests.cases.workers.mail.GatedEmailBackend"
