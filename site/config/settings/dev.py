"""Local development and the embedded demo: SQLite, console e-mail, debug on."""
import os

from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]  # noqa: F405
INTERNAL_IPS = ["127.0.0.1"]

VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405  (the embedded database lives here)

# Background work (e-mail notices, documents, batches) runs in `manage.py db_worker`, which bin/run starts
# beside the web server; TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs it in-request.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
