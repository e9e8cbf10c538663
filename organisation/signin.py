"""Signing in to the admin: every success, failure and lockout goes into the record of access.

django-axes counts the failures (per username and, separately, per client address, as configured in
the settings) and refuses a locked-out sign-in before the password is checked; this module writes what
happened into Wagtail's audit log (:mod:`organisation.audit`) and answers a locked-out attempt with a
clear page. The receivers are connected in ``OrganisationConfig.ready``.
"""
import logging

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from . import audit

log = logging.getLogger(__name__)


def audit_target(username):
    """The object an entry about a sign-in with ``username`` is logged against.

    A Wagtail log entry needs an instance. When the username names an account, that account is the
    natural subject: its history then shows every attempt on it, and the report's filter by type finds
    them. When it names nobody (a typo, or someone guessing names), no user row exists and none may be
    made for a guessed name, so the entry goes to the default Wagtail *Site*: the attempt was against
    the site's sign-in, and the Site always exists, so nothing is lost; the name tried is in ``data``.
    """
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    if user is not None:
        return user
    return Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()


def _record(username, action, **data):
    target = audit_target(username)
    if target is None:  # no user and no site at all: a bare database, never in a deployment
        log.warning("sign-in audit: nothing to log %s against (username %r)", action, username)
        return None
    return audit.record(target, action, username=username or "", **data)


def logged_in(sender, request, user, **kwargs):
    """``user_logged_in``: the password was right (a second factor, if any, is still to come).

    The user's own failures are forgotten, so that a few typos a day never add up to a lockout; those of the
    address are kept (axes' ``AXES_RESET_ON_SUCCESS`` would forget both, and anyone with an account could then
    wipe the count of their address between guesses at other names)."""
    if request is None:
        return
    reset(username=user.get_username())
    audit.record(user, "govforms.login", user=user, username=user.get_username(),
                 ip=get_client_ip_address(request) or "", step="password")


def login_failed(sender, credentials, request=None, **kwargs):
    """``user_login_failed``: a wrong password, an unknown name, or an attempt refused while locked out.

    ``credentials`` is Django's, with the password already masked; only the username is kept."""
    if request is None:
        return
    username = (credentials or {}).get(get_user_model().USERNAME_FIELD) or (credentials or {}).get("username")
    _record(username, "govforms.login_failed", ip=get_client_ip_address(request) or "", step="password")


def failures_within_cool_off(**lookup):
    """The failures axes still counts for one username or one address (those within the cool-off)."""
    attempts = AccessAttempt.objects.filter(**lookup)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def locked_out(sender, request, username, ip_address, **kwargs):
    """axes' ``user_locked_out``, sent on every failure at or above the limit: the audit log gets one
    ``lockout`` entry when the username's count, or the address's, reaches the limit, not one per attempt."""
    limit = settings.AXES_FAILURE_LIMIT
    if username and failures_within_cool_off(username=username) == limit:
        _record(username, "govforms.lockout", ip=ip_address or "", by="username")
    if ip_address and failures_within_cool_off(ip_address=ip_address) == limit:
        _record(username, "govforms.lockout", ip=ip_address, by="address")


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in sees (``AXES_LOCKOUT_CALLABLE``): a page in the admin's look that says
    why and for how long, with 429 and ``Retry-After``; never the login form again, never a 500."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    # Rendered here, not a TemplateResponse: axes' middleware answers after the view's response was rendered.
    response = render(request, "organisation/lockout.html", {"minutes": minutes},
                      status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
