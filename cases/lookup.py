"""A resident who lost the tracking link finds the case again (/track/find/): the reference number and the
mobile number the matter was submitted with.

Nobody may learn from it whether a reference exists or which number goes with it: whatever is typed, the
answer is the same page ("if these belong to one matter, we have texted its link to that number"), after
the same one query — the reference and the number's keyed hash (``SubmissionKey``, as staff's search by a
full number) matched together, never the stored answers scanned —; only a match queues the message, to the
number the resident gave (:mod:`cases.receipts`). Counted per client address (``track_find``) and per
reference number (``track_find_reference``, so many addresses cannot try the numbers of one case), with a
429 that says how long to wait.
"""
import re

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forms_app import throttle
from forms_app.keys import keyed_hash
from forms_app.search import digest_of

from .models import Case
from .receipts import queue_tracking_sms

MOBILE = re.compile(r"1[3-9][0-9]{9}")


class LostLinkForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Reference number"), max_length=32,
        help_text=gettext_lazy("It is on your receipt or in the text message, e.g. SQ-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": gettext_lazy("Enter the reference number.")},
    )
    phone = forms.CharField(
        label=gettext_lazy("Mobile number"), max_length=20,
        help_text=gettext_lazy("The mobile number you gave when the matter was submitted."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
        error_messages={"required": gettext_lazy("Enter your mobile number.")},
    )

    def clean_reference(self):
        return "".join(self.cleaned_data["reference"].split()).upper()

    def clean_phone(self):
        """The number's keyed hash: the form of it the lookup keys were stored in."""
        digits = "".join(self.cleaned_data["phone"].split()).replace("-", "").removeprefix("+86")
        if not MOBILE.fullmatch(digits):
            raise forms.ValidationError(_("Enter an 11-digit mobile number, e.g. 13812345678."))
        return digest_of(digits)


def find_case(reference, digest):
    """The case with this reference whose answers hold the number hashed to ``digest``, or None.

    One query whichever half is wrong, so the time taken does not tell a wrong number from a wrong reference."""
    return Case.objects.filter(reference=reference, submission__keys__digest=digest).only("pk").first()


def send_lost_link(*, reference, digest):
    """Queue the tracking link to the number when reference and number belong to one case; says nothing back."""
    case = find_case(reference, digest)
    if case is not None:
        queue_tracking_sms(case, digest=digest)


def _refused(request, retry_after):
    return throttle.too_many_requests(
        request, retry_after, back_url=reverse("track_find"),
        message=_("The tracking link was asked for too many times. For the resident's safety, please wait before "
                  "trying again, or ask your community office."))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track_find(request):
    """The public page: the form, and after a POST (303) the one answer every request gets."""
    if request.method != "POST":
        form = LostLinkForm()
        return _render(request, form, asked="asked" in request.GET)
    retry_after = throttle.hit(request, "track_find")
    if retry_after is not None:
        return _refused(request, retry_after)
    form = LostLinkForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=400)
    reference = form.cleaned_data["reference"]
    retry_after = throttle.hit(request, "track_find_reference", key=keyed_hash("reference:" + reference))
    if retry_after is not None:
        return _refused(request, retry_after)
    send_lost_link(reference=reference, digest=form.cleaned_data["phone"])
    response = redirect(reverse("track_find") + "?asked=1")
    response.status_code = 303
    return response


def _render(request, form, *, asked=False, status=200):
    for bf in form:
        described = f"{bf.auto_id}_helptext" + (f" {bf.auto_id}_error" if bf.errors else "")
        bf.field.widget.attrs.update({"aria-describedby": described, **({"aria-invalid": "true"} if bf.errors else {})})
    summary = [{"anchor": form[name].auto_id, "label": form[name].label, "message": message}
               for name, errors in form.errors.items() if name in form.fields for message in errors]
    return TemplateResponse(request, "cases/track_find.html",
                            {"form": form, "asked": asked, "error_summary": summary}, status=status)
