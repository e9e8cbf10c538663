"""The second factor of a staff sign-in: a one-time code from an authenticator app (TOTP, django-otp).

Wagtail's own login form checks the password; the second step comes after it. A signed-in user who has
set up an authenticator app is sent to the code page before any other page, and one who must have one
(``STAFF_2FA_REQUIRED``: administrators and supervisors) but has none is sent to set it up first. The
session counts as verified once the code is right (django-otp keeps the device in the session), so a
stolen password alone opens nothing.

Setting up the app also issues ten **recovery codes** (django-otp's static tokens), shown once: each opens one
sign-in when the phone is lost or flat, so a supervisor on a Sunday call-out is not locked out until an
administrator removes the app. Using one is audited; a new set replaces the old one.
"""
import secrets
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import LazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .access import is_root, memberships
from .constants import StaffRole

DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
RECOVERY_CODES = 10
RECOVERY_DIGITS = 10  # digits, so the phone's number pad that types the app's codes types these too


def must_use_second_factor(user):
    """Administrators and supervisors, when the setting asks for it; anyone may choose to use one."""
    if not getattr(settings, "STAFF_2FA_REQUIRED", False):
        return False
    return is_root(user) or any(role == StaffRole.SUPERVISOR for role, *_ in memberships(user))


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user):
    """The device being set up (not yet confirmed by a right code): the same secret on every reload of
    the enrolment page, so the QR code the user scanned stays the one that counts."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device):
    """The secret as an authenticator app asks for it when typed in (base32, in groups of four)."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def concrete(user):
    """The user row behind ``request.user`` (django-otp's middleware wraps it lazily): Wagtail's audit log looks
    up the logger by the instance's class and silently logs nothing for a wrapper."""
    return getattr(user, "_wrapped", user) if isinstance(user, LazyObject) and user.is_authenticated else user


def normalised(token):
    return token.strip().replace(" ", "").replace("-", "")


def shown(code):
    """A recovery code as printed: two groups of five digits."""
    return f"{code[:5]}-{code[5:]}"


def issue_recovery_codes(user):
    """A new set of recovery codes for ``user`` (the old set stops working); returns them as shown, once."""
    codes = ["".join(secrets.choice("0123456789") for _ in range(RECOVERY_DIGITS)) for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        audit.record(user, "govforms.otp_recovery_issued", user=user, username=user.get_username())
    return [shown(code) for code in codes]


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def confirm(request, device, token):
    """Confirm a pending device with a code from the app; the session is then verified. Returns the new
    recovery codes (to show once), or None when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=request.user, confirmed=False).first()
        if device is None or not device.verify_token(normalised(token)):  # None: a double submit
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        user = concrete(request.user)
        audit.record(user, "govforms.otp_enrol", user=user, username=user.get_username())
        codes = issue_recovery_codes(user)
    otp_login(request, device)
    return codes


def verify(request, token, *, ip=""):
    """Check the code of the user's app, or (ten digits) one of their recovery codes; right → the session is
    verified. Each kind has its own throttle (django-otp's), so a wrong app code does not block the recovery
    codes. Every try is audited."""
    token = normalised(token)
    user = concrete(request.user)
    device = confirmed_device(request.user)
    step = "totp"
    if len(token) == RECOVERY_DIGITS:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first() or device
        step = "recovery code"
    allowed, _info = device.verify_is_allowed()
    ok = allowed and device.verify_token(token)
    name = user.get_username()
    if ok:
        otp_login(request, device)
        extra = {"left": recovery_codes_left(user)} if step != "totp" else {}
        audit.record(user, "govforms.login", user=user, username=name, ip=ip, step=step, **extra)
    else:
        audit.record(user, "govforms.login_failed", username=name, ip=ip, step=step)
    return ok, allowed


def remove_app(*, by, username):
    """An administrator removes a staff member's authenticator app (a lost or replaced phone): at the next
    sign-in they set up a new one (if they must have one) or sign in with the password alone. Audited."""
    if not is_root(by):
        raise PermissionDenied
    User = get_user_model()
    with transaction.atomic():
        user = User._default_manager.select_for_update().filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            return None
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        if removed:
            audit.record(user, "govforms.otp_reset", user=concrete(by), username=username)
    return removed


def safe_next(request, default=None):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default or reverse("wagtailadmin_home")


def step_address(name, next_url):
    """A redirect to one of the two steps, coming back to ``next_url`` afterwards."""
    return redirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


class SecondFactorMiddleware:
    """Before any page, a signed-in user whose session is not verified goes to the code page (if they have
    an authenticator app) or to its set-up (if they must have one). The sign-in and sign-out pages, the
    two steps themselves, what their pages load (the admin's icons and its translations of scripts), static files,
    the health check and the language switch are let through."""

    OPEN_URL_NAMES = ("wagtailadmin_login", "wagtailadmin_logout", "second_factor_verify", "second_factor_enrol",
                      "wagtailadmin_sprite", "wagtailadmin_javascript_catalog")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and not self.is_open(request):
            if confirmed_device(user) is not None:
                return self.send_to(request, "second_factor_verify")
            if must_use_second_factor(user):
                return self.send_to(request, "second_factor_enrol")
        return self.get_response(request)

    def is_open(self, request):
        path = request.path_info
        prefixes = [settings.STATIC_URL, settings.MEDIA_URL, "/healthz", "/i18n/"]
        if any(prefix and path.startswith(prefix) for prefix in prefixes):
            return True
        return path in {reverse(name) for name in self.OPEN_URL_NAMES}

    @staticmethod
    def send_to(request, name):
        return step_address(name, request.get_full_path())
