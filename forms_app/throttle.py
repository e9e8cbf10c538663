"""Limits on how often one client address may use the public pages: form posts, tracking, verification,
draft uploads (and, with phone verification, code sends).

A limit is a number of requests per fixed time window, e.g. ``"120/10m"``: settings.RATE_LIMITS names one
per *scope* (production reads them from environment variables, see the README). The count is a row of
:class:`forms_app.counters.RequestCount`, in the database every app server shares, so the limit holds
however many gunicorn processes serve. (django-ratelimit counts in Django's cache: exact only on
memcached or Redis, which the demo and many county deployments do not run; on the database cache its
increment is a read and a write that concurrent requests race.)

The client is :func:`forms_app.services.client_address` (which honours ``TRUSTED_PROXY_COUNT``), stored
only as a keyed hash. The refusal is a page in the resident's language with a 429 and ``Retry-After``.
The rooms above (cases: tracking; documents: verification) use :func:`limit` on their views.
"""
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from functools import wraps

from django.conf import settings
from django.db import connection
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .counters import RequestCount
from .services import client_address, keyed_hash

RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
EPOCH = datetime(2000, 1, 1, tzinfo=dt_timezone.utc)


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text):
    """``"120/10m"`` → Rate(120, 600); ``""`` or ``"0/h"`` → None (no limit). Anything else is a settings error."""
    if not text or not str(text).strip():
        return None
    match = RATE_RE.match(str(text))
    if not match:
        raise ValueError(f"a rate limit looks like 120/10m (requests per window of s, m, h or d), not {text!r}")
    count, multiple, unit = int(match[1]), int(match[2] or 1), match[3]
    return Rate(count, multiple * UNIT_SECONDS[unit]) if count and multiple else None


def rate_for(scope):
    return parse_rate(settings.RATE_LIMITS.get(scope, ""))


def client_key(request):
    """The key a client's requests are counted under: a keyed hash of its address, never the address."""
    return keyed_hash(client_address(request))


def hit(request, scope, *, key=None):
    """Count one request of ``scope``; seconds until it may be tried again when over the limit, else None.

    The request counts even when refused, so hammering does not shorten the wait. ``key`` counts
    something else than the client (a phone number's hash, for code sends).
    """
    rate = rate_for(scope)
    if rate is None:
        return None
    now = timezone.now()
    start = EPOCH + timedelta(seconds=(now - EPOCH).total_seconds() // rate.seconds * rate.seconds)
    end = start + timedelta(seconds=rate.seconds)
    hits = count_hit(scope, key or client_key(request), start, end)
    if hits <= rate.count:
        return None
    return max(1, math.ceil((end - now).total_seconds()))


def count_hit(scope, key, start, end):
    """Add one to the window's row and return its count, in one statement: an upsert (``INSERT … ON CONFLICT
    DO UPDATE … RETURNING``, PostgreSQL and SQLite 3.35+) is atomic on its own, so concurrent requests add one
    each and the first of a window creates the row. It runs on every resident's POST: the ORM's update, then
    create in a savepoint, then read back, cost a transaction and five statements more."""
    table = connection.ops.quote_name(RequestCount._meta.db_table)
    sql = (f'INSERT INTO {table} ("scope", "key", "window_start", "window_end", "hits") VALUES (%s, %s, %s, %s, 1) '
           f'ON CONFLICT ("scope", "key", "window_start") DO UPDATE SET "hits" = {table}."hits" + 1 RETURNING "hits"')
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, key, adapt(start), adapt(end)])
        return cursor.fetchone()[0]


def too_many_requests(request, retry_after, *, message=None, back_url=None):
    """The page a refused resident sees: what happened, how long to wait, a way back; 429 with Retry-After."""
    minutes = max(1, math.ceil(retry_after / 60))
    wait = ngettext("Please wait about %(n)s minute and try again.",
                    "Please wait about %(n)s minutes and try again.", minutes) % {"n": minutes}
    context = {
        "title": _("Too many requests"),
        "message": message or _("Too many requests came from your network in a short time."),
        "wait": wait,
        "back_url": back_url or "/",
    }
    response = TemplateResponse(request, "forms_app/too_many_requests.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limit(scope, *, methods=None):
    """Decorate a public view: each request (of ``methods``, default all) counts against ``scope``."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if methods is None or request.method in methods:
                retry_after = hit(request, scope)
                if retry_after is not None:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return limited

    return decorator


def purge_expired(now=None):
    """Delete the counts of windows that have ended (``manage.py purge_draft_uploads`` calls it)."""
    deleted, _detail = RequestCount.objects.filter(window_end__lt=now or timezone.now()).delete()
    return deleted
