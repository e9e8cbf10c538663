"""The phone-verification step of a form that asks for it: between the review's submit and the submission.

Such a form always has a review page, so the answers wait in the session draft (:mod:`.drafts`) while the
resident reads the SMS: a wrong code, an expired one, a refused send or a gateway failure never loses
them. The submit sends a code to the form's (first) mobile number and shows ``?verify=1``; the right code
marks the number verified in the session and the submit goes on at once. See :mod:`forms_app.phone`.
"""
import re

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import phone as codes
from .. import throttle
from ..constants import FieldType
from ..validators import mask_mobile
from . import drafts

CODE_RE = re.compile(r"^[0-9]{6}$")


class PhoneVerification:
    """Part of :class:`forms_app.flow.ResidentFlow` (which supplies page, request, fields, redirect …)."""

    def phone_to_verify(self, form):
        """The mobile number this submission must verify first, or None (off, none given, verified already)."""
        if self.preview or not self.page.verify_phone:
            return None
        phone = next((form.cleaned_data.get(f.field_id) for f in self.fields
                      if f.field_type == FieldType.MOBILE and form.cleaned_data.get(f.field_id)), None)
        if not phone or codes.is_verified(self.request, phone):
            return None
        return phone

    def start_verification(self, draft, phone):
        """Send a code (unless a live one went to this number already) and show the code page."""
        if draft.get("verify_phone") != phone or codes.live_code(self.page, phone) is None:
            draft["verify_phone"] = phone
            drafts.save(self.request, self.page, draft)
            refused = self.send(phone)
            if refused is not None:
                return refused
        return self.redirect("?verify=1")

    def send(self, phone):
        try:
            codes.send_code(self.request, self.page, phone)
        except codes.CodeNotSent as failure:
            back = f"{self.page.url}?review=1"
            if failure.retry_after is not None:
                return throttle.too_many_requests(
                    self.request, failure.retry_after, back_url=back,
                    message=_("Too many codes were sent to this number or from your network. Your answers are kept."))
            return self.unavailable(_("The code could not be sent just now. Your answers are kept: please try "
                                      "again in a few minutes."), status=503)
        return None

    def post_verification(self, action, key):
        draft = drafts.load(self.request, self.page)
        phone = draft.get("verify_phone")
        if draft.get("key") != key or not phone:
            return self.bad_request(_("Your answers have expired. Please fill in the form again."))
        if action == "resend":
            return self.send(phone) or self.redirect("?verify=1&sent=1")
        typed = re.sub(r"\s", "", self.request.POST.get("code", ""))
        if not CODE_RE.match(typed):
            return self.show_verify(error=_("Enter the 6-digit code from the text message."), status=400)
        result = codes.check_code(self.page, phone, typed)
        if result != "ok":
            return self.show_verify(error={
                "wrong": _("That code is not right. Check the text message and try again."),
                "exhausted": _("Too many wrong codes. Send a new code and try again."),
                "expired": _("This code has expired. Send a new code."),
            }[result], status=400)
        codes.mark_verified(self.request, phone)
        return self.post_submit(key)

    def show_verify(self, error=None, status=200):
        draft = drafts.load(self.request, self.page)
        phone = draft.get("verify_phone")
        if not phone:
            return self.redirect("?review=1")
        context = self.page.get_context(self.request)
        context.update({"masked_phone": mask_mobile(phone), "submission_key": draft["key"], "error": error,
                        "sent_again": "sent" in self.request.GET, "form_action": self.form_action(),
                        "change_url": self.change_phone_url()})
        return TemplateResponse(self.request, "forms_app/form_page_verify.html", context, status=status)

    def change_phone_url(self):
        for step in self.steps:
            for f in step.input_items:
                if f.field_type == FieldType.MOBILE:
                    return f"{self.page.url}?step={step.number}&return_to_review=1#q-{f.field_id}"
        return f"{self.page.url}?review=1"
