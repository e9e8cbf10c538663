"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import everything from
here and change only what differs; production reads its differences from
environment variables.
"""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

# site/config/settings/base.py -> project root is three levels up from site/
PROJECT_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("APP_VAR_DIR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "config",
    # The rooms of the house, lowest first (docs/architecture.md): organisation → forms → cases → documents
    # → community → programmes → statistics.
    "organisation",
    "forms_app",
    "cases",
    "documents",
    "community",
    "programmes",
    "statistics_app",
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
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.AreaCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.StaffIdleTimeout",
    "config.middleware.MissingParameterIsBadRequest",
    "organisation.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the login view's answer and turns a locked-out attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes watches every sign-in (its backend refuses a locked-out one before the password is checked).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
# Residents' pages: scripts of our own origin carrying the response's nonce, our own stylesheets, nothing else.
# The Wagtail admin gets its own policy (config.csp explains what Wagtail needs and why).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# A signed-in staff member is signed out after this many minutes without a request (0: never).
STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

# -- staff accounts (organisation.signin, organisation.second_factor) -------------------------------------
# After this many failed sign-ins, counted per username and, separately, per client address, sign-in is refused
# for AXES_COOLOFF_MINUTES (an administrator can unlock earlier: Settings → Locked sign-ins).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The same client address as the residents' limits (TRUSTED_PROXY_COUNT), not a second rule.
AXES_CLIENT_IP_CALLABLE = "forms_app.services.client_address"
AXES_LOCKOUT_CALLABLE = "organisation.signin.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Successful sign-ins are in the audit log already (organisation.signin): axes keeps no second record of them.
AXES_DISABLE_ACCESS_LOG = True
# Supervisors and administrators must sign in with a one-time code from an authenticator app (TOTP);
# production turns it on, the demo leaves it off so that its logins work with the password alone.
STAFF_2FA_REQUIRED = os.environ.get("STAFF_2FA_REQUIRED", "0") == "1"
OTP_TOTP_ISSUER = "基层治理服务平台"  # the name an authenticator app shows beside the code

WAGTAIL_SITE_NAME = "基层治理服务平台"
# No Gravatar: staff avatars would send a hash of each staff e-mail to a foreign service (often unreachable
# here), and the admin's Content-Security-Policy loads images from our own origin only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the admin's dashboard ask releases.wagtail.org for a new version (upgrades follow pyproject.toml).
WAGTAIL_ENABLE_UPDATE_CHECK = False
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
# 党员报到: the points a service record earns, per kind (community.constants.ServiceKind); they rank a
# community's registered members (community.orders.selectors.ranking).
COMMUNITY_SERVICE_POINTS = {
    "wish": int(os.environ.get("COMMUNITY_POINTS_WISH", "5")),
    "order": int(os.environ.get("COMMUNITY_POINTS_ORDER", "10")),
    "other": int(os.environ.get("COMMUNITY_POINTS_OTHER", "2")),
}
# Days after a case is closed (archived or not accepted) before its resident's personal data is
# anonymised, unless the form's case settings say otherwise (cases.retention explains the default).
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "730"))
# The organisation sheet (organisation.sheet): staff it adds join the group of their role, if a group of that name
# exists (groups give admin access and page permissions; the import gives no rights beyond them).
ORGANISATION_IMPORT_GROUPS = {"handler": "办理人", "dispatcher": "派单员", "supervisor": "督办"}
# The public results board (statistics_app.board): a count below this is shown as "<N" and a rate whose base
# is below it is not shown, so no resident can be singled out; its pages are cached this many seconds.
RESULTS_BOARD_MIN_CELL = int(os.environ.get("RESULTS_BOARD_MIN_CELL", "5"))
RESULTS_BOARD_CACHE_SECONDS = int(os.environ.get("RESULTS_BOARD_CACHE_SECONDS", "600"))
# Quarters and years are read from a monthly rollup that cases_tick keeps (statistics_app.rollup); a month
# whose changes have waited longer than this many seconds for it is counted live instead.
STATISTICS_ROLLUP_FRESH_FOR = int(os.environ.get("STATISTICS_ROLLUP_FRESH_FOR", "600"))
# The document templates (by name) a residents' meeting's notice and minutes are printed with (community.meetings).
COMMUNITY_MEETING_NOTICE_TEMPLATE = os.environ.get("COMMUNITY_MEETING_NOTICE_TEMPLATE", "议事会通知")
COMMUNITY_MEETING_MINUTES_TEMPLATE = os.environ.get("COMMUNITY_MEETING_MINUTES_TEMPLATE", "议事会纪要")
# Load balancers in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Production says so when requests reach it through load balancers (production.py then requires the count).
BEHIND_PROXY = os.environ.get("BEHIND_PROXY", "0") == "1"

# -- residents and abuse (forms_app.throttle) -------------------------------------
# Requests per client address and window ("120/10m": s, m, h, d; empty or 0: no limit), counted in the
# database so that every app server shares them. Many residents may share one address (mobile carriers'
# NAT), so these are generous; they stop scripts, not people.
RATE_LIMITS = {
    # every POST of a form: steps, back, the review's submit
    "submit": os.environ.get("RATE_LIMIT_SUBMIT", "120/10m"),
    # a step that stores files in a draft (multi-step forms)
    "upload": os.environ.get("RATE_LIMIT_UPLOAD", "30/h"),
    # the private tracking pages and their downloads
    "track": os.environ.get("RATE_LIMIT_TRACK", "120/10m"),
    # a lost tracking link asked for again (/track/find/): per client address, and per reference number
    "track_find": os.environ.get("RATE_LIMIT_TRACK_FIND", "10/h"),
    "track_find_reference": os.environ.get("RATE_LIMIT_TRACK_FIND_REFERENCE", "5/h"),
    # document verification (/verify/)
    "verify": os.environ.get("RATE_LIMIT_VERIFY", "60/10m"),
    # SMS codes that verify a phone number (forms_app.phone): per client address, and per phone number
    "sms_client": os.environ.get("RATE_LIMIT_SMS_CLIENT", "20/h"),
    "sms_phone": os.environ.get("RATE_LIMIT_SMS_PHONE", "5/h"),
}
# Submissions to one form per client address and day, whatever the phone numbers (a form with a daily
# limit; the form's own limit when higher; 0: none). Beside the form's daily limit per phone number.
SUBMISSIONS_PER_CLIENT_DAILY = int(os.environ.get("SUBMISSIONS_PER_CLIENT_DAILY", "10"))
# Files a multi-step form keeps before submit (draft uploads): at most this many and this many bytes per
# session and per client address; a draft upload not submitted within DRAFT_UPLOAD_HOURS is purged.
DRAFT_UPLOADS_PER_SESSION = int(os.environ.get("DRAFT_UPLOADS_PER_SESSION", "10"))
DRAFT_UPLOAD_BYTES_PER_SESSION = int(os.environ.get("DRAFT_UPLOAD_BYTES_PER_SESSION", str(30 * 1024 * 1024)))
DRAFT_UPLOADS_PER_CLIENT = int(os.environ.get("DRAFT_UPLOADS_PER_CLIENT", "30"))
DRAFT_UPLOAD_BYTES_PER_CLIENT = int(os.environ.get("DRAFT_UPLOAD_BYTES_PER_CLIENT", str(60 * 1024 * 1024)))
DRAFT_UPLOAD_HOURS = int(os.environ.get("DRAFT_UPLOAD_HOURS", "48"))
# Phone verification by SMS (a form's "verify the phone number by SMS"): codes are valid this many minutes
# and this many tries. SMS_BACKEND: forms_app.sms.ConsoleBackend (prints), .FileBackend (appends to
# SMS_FILE_PATH) or .HttpBackend (a JSON POST to SMS_HTTP_URL, signed with SMS_HTTP_KEY_ID/SMS_HTTP_SECRET).
PHONE_CODE_MINUTES = int(os.environ.get("PHONE_CODE_MINUTES", "5"))
PHONE_CODE_ATTEMPTS = int(os.environ.get("PHONE_CODE_ATTEMPTS", "5"))
SMS_BACKEND = os.environ.get("SMS_BACKEND", "forms_app.sms.ConsoleBackend")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(VAR_DIR / "sms.log"))
SMS_HTTP_URL = os.environ.get("SMS_HTTP_URL", "")
SMS_HTTP_KEY_ID = os.environ.get("SMS_HTTP_KEY_ID", "")
SMS_HTTP_SECRET = os.environ.get("SMS_HTTP_SECRET", "")
SMS_HTTP_TIMEOUT = float(os.environ.get("SMS_HTTP_TIMEOUT", "5"))
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", WAGTAIL_SITE_NAME)

# Covering (INCLUDE) indexes speed up PostgreSQL; SQLite builds them without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
