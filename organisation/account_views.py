"""Admin pages of staff accounts: the two steps of the second factor, and the administrator's locked sign-ins.

Thin: the rules are in :mod:`organisation.second_factor` and :mod:`organisation.lockouts`. The pages are
registered as Wagtail admin URLs (organisation.wagtail_hooks), so Wagtail's own check that the user may use
the admin runs first.
"""
import segno
from axes.helpers import get_client_ip_address
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import lockouts, second_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"), max_length=12, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def verify(request):
    """The second step after the password, for a user who has set up an authenticator app."""
    if second_factor.confirmed_device(request.user) is None:
        return redirect(second_factor.safe_next(request))
    if request.user.is_verified():
        return redirect(second_factor.safe_next(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        ok, allowed = second_factor.verify(request, form.cleaned_data["code"],
                                           ip=get_client_ip_address(request) or "")
        if ok:
            return redirect(second_factor.safe_next(request))
        if allowed:
            form.add_error("code", _("This code is not right. Enter the code the app shows now."))
        else:
            form.add_error("code", _("Too many wrong codes. Wait a moment, then enter the code the app shows."))
            status = 429
    return TemplateResponse(request, "organisation/second_factor_verify.html",
                            {"form": form, "next": second_factor.safe_next(request)}, status=status)


def enrol(request):
    """Set up an authenticator app: scan the QR code (or type the secret), then confirm with a code."""
    if second_factor.confirmed_device(request.user) is not None:
        if not request.user.is_verified():
            return second_factor.step_address("second_factor_verify", second_factor.safe_next(request))
        messages.info(request, _("An authenticator app is already set up for your account."))
        return redirect("wagtailadmin_home")
    device = second_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm(request, device, form.cleaned_data["code"])
        if codes:
            return recovery_page(request, codes, _("The authenticator app is set up: you will be asked for a code "
                                                   "at each sign-in."))
        form.add_error("code", _("This code is not right. Check the app's clock and enter the code it shows now."))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, title=_("QR code to scan"))
    return TemplateResponse(request, "organisation/second_factor_enrol.html", {
        "form": form, "qr": qr, "secret": second_factor.secret_text(device),
        "required": second_factor.must_use_second_factor(request.user), "next": second_factor.safe_next(request),
    })


def recovery_page(request, codes, notice=""):
    """The recovery codes, shown this once (never cached), with the way on to where the user was going. The
    notice is part of the page, not a message: the sign-in layout's message box fades in below AA contrast."""
    response = TemplateResponse(request, "organisation/second_factor_recovery.html", {
        "codes": codes, "notice": notice, "next": second_factor.safe_next(request),
        "left": second_factor.recovery_codes_left(request.user),
    })
    response["Cache-Control"] = "private, no-store"
    return response


def recovery_codes(request):
    """How many recovery codes are left; a POST issues a new set (the old one stops working)."""
    if second_factor.confirmed_device(request.user) is None:
        messages.info(request, _("Recovery codes come with an authenticator app: set one up first."))
        return redirect("second_factor_enrol")
    if request.method == "POST":
        codes = second_factor.issue_recovery_codes(second_factor.concrete(request.user))
        return recovery_page(request, codes, _("New recovery codes are issued: the old ones no longer work."))
    return recovery_page(request, None)


def lockout_index(request):
    """The usernames and addresses locked out now, each with an Unlock button (administrators only)."""
    if not lockouts.may_unlock(request.user):
        raise PermissionDenied
    return TemplateResponse(request, "organisation/admin/lockout_index.html", {"locks": lockouts.current_locks()})


@require_POST
def lockout_unlock(request):
    if not lockouts.may_unlock(request.user):
        raise PermissionDenied
    kind, value = request.POST.get("kind"), (request.POST.get("value") or "").strip()
    if kind not in ("username", "address") or not value:
        messages.error(request, _("Choose a locked username or address to unlock."))
        return redirect("organisation_lockouts")
    lockouts.unlock(by=request.user, **{kind: value})
    messages.success(request, _("%(value)s can sign in again.") % {"value": value})
    return redirect("organisation_lockouts")


@require_POST
def remove_app(request):
    """An administrator removes a staff member's authenticator app (from the *Locked sign-ins* page)."""
    if not lockouts.may_unlock(request.user):
        raise PermissionDenied
    username = (request.POST.get("username") or "").strip()
    removed = second_factor.remove_app(by=request.user, username=username) if username else None
    if removed is None:
        messages.error(request, _("There is no staff member with this username."))
    elif removed:
        messages.success(request, _("%(username)s's authenticator app is removed: at the next sign-in they set up "
                                    "a new one.") % {"username": username})
    else:
        messages.info(request, _("%(username)s has no authenticator app.") % {"username": username})
    return redirect("organisation_lockouts")
