"""One-time codes that verify a resident's mobile number before a submission counts (a form's
*verify the phone number by SMS*).

A code is 6 digits, sent by the SMS backend (forms_app.sms), kept only as a keyed hash, valid for
settings.PHONE_CODE_MINUTES and settings.PHONE_CODE_ATTEMPTS tries; sending a new one replaces it.
Sends are rate-limited per phone number and per client address (forms_app.throttle), so the form cannot
be used to flood a number or run up the SMS bill. A verified number is remembered in the session, so a
resident who goes back to change an answer is not asked again, and the daily limit counts numbers that
were verified.
"""
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import sms, throttle
from .counters import PhoneCode
from .services import keyed_hash

SESSION_KEY = "verified-phones"


class CodeNotSent(Exception):
    """``retry_after`` seconds when a send limit refused it; None when the gateway failed."""

    def __init__(self, retry_after=None):
        super().__init__(retry_after)
        self.retry_after = retry_after


def code_hash(phone_hash, code):
    return keyed_hash(f"{phone_hash}:{code}")


def live_code(page, phone):
    now = timezone.now()
    return (PhoneCode.objects.filter(page=page, phone_hash=keyed_hash(phone), used_at__isnull=True,
                                     expires_at__gt=now, attempts__lt=settings.PHONE_CODE_ATTEMPTS)
            .order_by("-created_at").first())


def send_code(request, page, phone):
    """Send a new code to ``phone`` for ``page``; raises CodeNotSent when limited or when the gateway fails."""
    phone_hash = keyed_hash(phone)
    for scope, key in (("sms_client", None), ("sms_phone", phone_hash)):
        retry_after = throttle.hit(request, scope, key=key)
        if retry_after is not None:
            raise CodeNotSent(retry_after)
    code = f"{secrets.randbelow(10 ** 6):06d}"
    now = timezone.now()
    with transaction.atomic():
        PhoneCode.objects.filter(page=page, phone_hash=phone_hash, used_at__isnull=True).delete()
        row = PhoneCode.objects.create(page=page, phone_hash=phone_hash, code_hash=code_hash(phone_hash, code),
                                       created_at=now,
                                       expires_at=now + timedelta(minutes=settings.PHONE_CODE_MINUTES))
    text = _("Your verification code for “%(form)s” is %(code)s. It is valid for %(minutes)s minutes; do not "
             "tell it to anyone.") % {"form": page.title, "code": code, "minutes": settings.PHONE_CODE_MINUTES}
    try:
        sms.backend().send(phone, text)
    except sms.SmsError:
        row.delete()
        raise CodeNotSent() from None


def check_code(page, phone, typed):
    """"ok" (the code is used up and the number verified), "wrong", "exhausted" (no tries left) or
    "expired" (no live code: too old, replaced or never sent). Each check is one try, counted under the
    row's lock so parallel guesses cannot share one."""
    phone_hash = keyed_hash(phone)
    with transaction.atomic():
        row = (PhoneCode.objects.select_for_update().filter(page=page, phone_hash=phone_hash, used_at__isnull=True)
               .order_by("-created_at").first())
        if row is None or row.expires_at <= timezone.now():
            return "expired"
        if row.attempts >= settings.PHONE_CODE_ATTEMPTS:
            return "exhausted"
        row.attempts += 1
        if hmac.compare_digest(row.code_hash, code_hash(phone_hash, typed)):
            row.used_at = timezone.now()
            row.save(update_fields=["attempts", "used_at"])
            return "ok"
        row.save(update_fields=["attempts"])
        return "exhausted" if row.attempts >= settings.PHONE_CODE_ATTEMPTS else "wrong"


def is_verified(request, phone):
    return keyed_hash(phone) in request.session.get(SESSION_KEY, [])


def mark_verified(request, phone):
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-9:], keyed_hash(phone)]


def purge_expired(now=None):
    deleted, _detail = PhoneCode.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
