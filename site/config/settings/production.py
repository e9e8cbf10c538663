"""Production: every difference from base comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL); behind load balancers (BEHIND_PROXY=1),
TRUSTED_PROXY_COUNT.

Why a settings error and not a system check or a middleware: behind a load balancer every request
comes from the balancer's own address, so with TRUSTED_PROXY_COUNT at 0 all residents share one rate
limit and one daily quota: the first busy hour locks everyone out. Django's system checks run for
``manage.py`` commands but not when gunicorn loads the WSGI application, so a check would let the app
servers start anyway; a middleware can only notice once residents are already being refused. A
settings error stops every entry point (gunicorn, migrate, the task workers) before the first request,
with the reason, as a missing SECRET_KEY does. The deployment says it is behind proxies explicitly
(BEHIND_PROXY) because the app cannot tell a balancer's X-Forwarded-For from one a client forged.
"""
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
if BEHIND_PROXY and TRUSTED_PROXY_COUNT < 1:  # noqa: F405
    raise ImproperlyConfigured(
        "BEHIND_PROXY=1 but TRUSTED_PROXY_COUNT is not set: set it to the number of proxies (load balancer, "
        "nginx) that append to X-Forwarded-For in front of the app, or every resident shares one rate limit"
    )
if not RATE_LIMIT_HASH_SALT:  # noqa: F405
    RATE_LIMIT_HASH_SALT = SECRET_KEY  # noqa: F405

SESSION_COOKIE_SECURE = os.environ.get("COOKIE_SECURE", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# One cache for every app server process, so the public results board is computed once per region and language
# for all of them (a process-local cache would compute it in each): Redis with REDIS_URL (several machines),
# else a directory that the processes of one machine share.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL} if REDIS_URL else
    {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}  # noqa: F405
)}
# HTTPS is on by default: browsers are told to keep to it for a year (HSTS), and a plain-HTTP request is
# redirected. Behind a load balancer that ends TLS, SECURE_PROXY_SSL_HEADER above tells Django the request
# was HTTPS; the health check stays reachable over plain HTTP for the load balancer itself.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
# "preload" in the header enrols nothing by itself (a domain is submitted to the browsers' list by hand).
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Nothing is silenced in production: `manage.py check --deploy` must be clean (base silences a warning about
# covering indexes that only SQLite gives).
SILENCED_SYSTEM_CHECKS = []
# Supervisors and administrators sign in with a second factor (TOTP) unless this is set to 0.
STAFF_2FA_REQUIRED = os.environ.get("STAFF_2FA_REQUIRED", "1") == "1"
