"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import everything from
here and change only what differs; production reads its differences from
environment variables.
"""
import os
from pathlib import Path

import dj_database_url

# site/config/settings/base.py -> project root is three levels up from site/
PROJECT_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("APP_VAR_DIR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "config",
    # The rooms of the house, lowest first (docs/architecture.md): organisation → forms → cases → documents.
    "organisation",
    "forms_app",
    "cases",
    "documents",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.StaffIdleTimeout",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE makes a
    # writing transaction take the write lock up front so that concurrent
    # submissions queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "static_collected"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Residents' uploads never go under MEDIA_ROOT: they are served only through a
# permission-checked view (forms_app.views.download_upload).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# An upload larger than this in one request is refused before any view runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
# A request body above this is rejected with 400 before the form reads it.
MAX_REQUEST_BODY_BYTES = 30 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# A signed-in staff member is signed out after this many minutes without a request (0: never).
STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

WAGTAIL_SITE_NAME = "基层治理服务平台"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Where the pre-subset CJK fonts of PDF documents are built once and cached.
DOCUMENTS_FONT_DIR = Path(os.environ.get("DOCUMENTS_FONT_DIR") or VAR_DIR / "fonts")
# The public address printed on documents and encoded in their QR codes.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False

TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@example.invalid")
# Where django.core.mail.backends.filebased.EmailBackend writes (staging, the topology run).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# A background worker silent this long (no heartbeat) is taken for dead: its running tasks are queued again
# (cases.leases). Each worker beats every quarter of it.
TASK_LEASE_SECONDS = float(os.environ.get("TASK_LEASE_SECONDS", "60"))

# Keyed hashes of phone numbers and client addresses are used for rate limits,
# so the raw values are not needed to enforce them.
RATE_LIMIT_HASH_SALT = os.environ.get("RATE_LIMIT_HASH_SALT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# -- the case machine -----------------------------------------------------------
# Share of the allowed time left at which a case's light turns yellow.
CASE_YELLOW_SHARE = float(os.environ.get("CASE_YELLOW_SHARE", "0.25"))
# Days after resolution with no evaluation before a case counts as satisfied.
CASE_AUTO_EVALUATE_DAYS = int(os.environ.get("CASE_AUTO_EVALUATE_DAYS", "7"))
# Deadline when neither the category nor the form sets one.
CASE_DEFAULT_DEADLINE_HOURS = int(os.environ.get("CASE_DEFAULT_DEADLINE_HOURS", "72"))
# Show staff names to residents on the tracking page.
CASE_SHOW_STAFF_NAMES = os.environ.get("CASE_SHOW_STAFF_NAMES", "0") == "1"
# Load balancers in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Covering (INCLUDE) indexes speed up PostgreSQL; SQLite builds them without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
