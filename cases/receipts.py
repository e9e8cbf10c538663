"""The tracking link by SMS: the receipt of a matter staff entered for a resident (when the resident agrees),
and the link a resident who lost it asks for again (/track/find/, :mod:`cases.lookup`).

One small module the other notices can reuse: the text, the phone it goes to — always a mobile number the
resident gave in the case's own answers, never a number typed by whoever asks —, and a background task
queued with the caller's transaction (:func:`cases.tasks.enqueue_with_commit`), so that it runs only once
that commits and a slow gateway never holds a page.
"""
import logging

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from forms_app.constants import FieldType
from forms_app.search import digest_of
from forms_app.sms import SmsError, backend

from .models import Case
from .notifications import tracking_url
from .permissions import can_view, may_enter_matters
from .tasks import MAX_ATTEMPTS, enqueue_with_commit, retry_later

log = logging.getLogger(__name__)


def resident_phones(case):
    """The mobile numbers among the case's answers, in the form's order (none once anonymised)."""
    answers = case.submission.form_data or {}
    phones = []
    for spec in case.form.form_fields.all():
        value = answers.get(spec.clean_name)
        if spec.field_type == FieldType.MOBILE and isinstance(value, str) and digest_of(value):
            phones.append(value)
    return phones


def phone_for(case, digest=""):
    """The resident's number with the keyed hash ``digest`` (the one a lookup matched), else their first."""
    phones = resident_phones(case)
    if digest:
        return next((p for p in phones if digest_of(p) == digest), "")
    return phones[0] if phones else ""


def tracking_text(case):
    """The message, in the site's language (the resident's number carries no language of its own)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Your matter %(reference)s is registered. Follow its progress and rate the result here: %(url)s") % {
            "reference": case.reference, "url": tracking_url(case)}


def queue_tracking_sms(case, *, digest=""):
    """Send the tracking link once the caller's transaction commits (``digest``: to that number of the case)."""
    enqueue_with_commit(send_tracking_sms, {"case_id": case.pk, "digest": digest})


@task()
def send_tracking_sms(case_id, digest="", attempt=1):
    """Text the case's tracking link to the resident's number; 1 when sent, 0 when there is none to send to.
    A gateway that refuses is tried again later, up to ``MAX_ATTEMPTS`` times."""
    case = Case.objects.select_related("submission", "form").filter(pk=case_id).first()
    phone = phone_for(case, digest) if case is not None else ""
    if not phone:
        return 0
    try:
        backend().send(phone, tracking_text(case))
    except SmsError:
        if attempt >= MAX_ATTEMPTS:
            log.exception("Giving up on the tracking SMS of case %s after %s attempts", case_id, attempt)
            return 0
        log.warning("The tracking SMS of case %s failed (attempt %s); retrying", case_id, attempt)
        retry_later(send_tracking_sms, after_attempt=attempt, case_id=case_id, digest=digest, attempt=attempt + 1)
        return 0
    return 1


def may_read_receipt(case, user):
    """The member of staff who entered the matter, while they still may enter matters, or whoever may open it."""
    return (case.entered_by_id is not None and case.entered_by_id == getattr(user, "pk", None)
            and may_enter_matters(user)) or can_view(case, user)


def send_receipt_sms(*, case, by):
    """Staff send the tracking link to the resident they entered the matter for, who agreed to it.

    Only the member of staff who entered it, or whoever may open the case; only a case with a mobile number
    among its answers. Returns the number the message goes to (for the masked confirmation)."""
    with transaction.atomic():
        case = Case.objects.select_related("submission", "form").get(pk=case.pk)
        if not may_read_receipt(case, by):
            raise PermissionError(_("You may not send messages about this case."))
        phone = phone_for(case)
        if not phone:
            raise ValueError(_("The resident gave no mobile number, so no message can be sent."))
        queue_tracking_sms(case)
    return phone
