"""Locked sign-ins: which usernames and client addresses axes refuses now, and an administrator's unlock.

axes keeps one row per (username, address, browser) with its failure count; a username is locked when
its rows add up to the limit within the cool-off, and so is an address, separately. The listing reads
those sums; unlocking deletes the rows of one username or one address (axes' own ``reset``), so the count
starts again from nothing.
"""
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from . import audit, signin


@dataclass(frozen=True)
class Lock:
    kind: str  # "username" or "address"
    value: str
    failures: int
    last_attempt: object


def _locks(field, kind):
    attempts = AccessAttempt.objects.filter(**{f"{field}__isnull": False})
    cool_off = signin.get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    rows = (attempts.values(field).annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
    return [Lock(kind, row[field], row["failures"], row["last"]) for row in rows]


def current_locks():
    """Every username and every address that is locked out now, the most recent first within each kind."""
    return _locks("username", "username") + _locks("ip_address", "address")


def may_unlock(user):
    return bool(user.is_active and user.is_superuser)


def unlock(*, by, username=None, address=None):
    """Lift the lock of one username or one address, and record who did it. Only administrators may."""
    if not may_unlock(by):
        raise PermissionDenied
    if bool(username) == bool(address):
        raise ValueError("unlock one username or one address")
    with transaction.atomic():
        removed = reset(username=username) if username else reset(ip=address)
        target = signin.audit_target(username)
        if target is not None:
            audit.record(target, "govforms.unlock", user=by, username=username or "", ip=address or "",
                         attempts=removed)
    return removed
