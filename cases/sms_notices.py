"""SMS notices to residents: the second channel beside e-mail, through the SMS backend of ``forms_app.sms``.

A resident notice (:data:`cases.machine.RESIDENT_NOTICES`) goes by SMS as well as by e-mail when the resident
agreed on the form (``Case.sms_consent``, from the form's consent question) and the form names the phone
question (its *Handling* settings); e-mail still goes to whoever gave an address. Each SMS is a
:class:`cases.models.Notice` row of channel ``sms``, recorded with the case event and sent after commit by
:func:`cases.tasks.send_case_notice`, which retries a refused one a bounded number of times and then marks it
failed (shown on the case page, :func:`cases.admin.sms.sms_section`).

Other services that tell a resident something by SMS record a notice the same way
(``cases.tasks.notify_after_commit(case_id, kind)``); the words come from the kind's template
(:class:`cases.models.SmsTemplate`, edited by staff) or the shipped text (:data:`cases.sms_text.DEFAULT_TEXTS`).
"""
from django.conf import settings
from django.db import transaction
from django.utils import translation

from forms_app.sms import backend

from .clock import now
from .handling import handling_for
from .machine import RESIDENT_NOTICES
from .models import Case, Notice, SmsTemplate
from .notifications import tracking_url
from .sms_text import DEFAULT_TEXTS, render

#: Notice.channel of an SMS (e-mail notices keep the default, "email")
SMS = "sms"


def wants_sms(case_id, kind):
    """Whether the notice ``kind`` about the case is also sent by SMS: a resident notice, and the resident agreed."""
    return kind in RESIDENT_NOTICES and Case.objects.filter(pk=case_id, sms_consent=True).exists()


def resident_phone(case):
    """The mobile number the form's SMS phone question was answered with ("" when none)."""
    question = handling_for(case.form).sms_phone_question
    if not question:
        return ""
    data = case.submission.form_data or {}
    if question not in data:
        question = next((f.clean_name for f in case.form.form_fields.all() if f.label == question), question)
    value = data.get(question)
    return value.strip() if isinstance(value, str) else ""


def template_text(kind):
    """The kind's text: its template's (None when staff switched it off), else the shipped one ("" if none)."""
    row = SmsTemplate.objects.filter(kind=kind).first()
    if row is not None:
        return row.text if row.enabled else None
    return DEFAULT_TEXTS.get(kind, "")


def message_for(case, kind):
    """The SMS text of notice ``kind`` about ``case``, in the site's language ("" when nothing is to be sent)."""
    text = template_text(kind)
    if not text:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return render(text, {"reference": case.reference, "link": tracking_url(case), "form": case.form.title,
                             "state": case.get_state_display()})


def deliver_sms_notice(notice_id):
    """Send one recorded SMS notice unless it was sent already; returns how many messages went out (0 or 1).

    Like :func:`cases.notifications.deliver_notice`, under the row's lock and marked sent in the same
    transaction, so a retried or doubled task sends it once. Raises ``SmsError`` when the gateway refuses it.
    """
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.sent_at is not None:
            return 0
        case = Case.objects.select_related("form", "submission").get(pk=notice.case_id)
        phone = resident_phone(case) if case.sms_consent else ""
        text = message_for(case, notice.kind) if phone else ""
        if text:
            backend().send(phone, text)
        notice.messages, notice.sent_at, notice.error = (1 if text else 0), now(), ""
        notice.save(update_fields=["messages", "sent_at", "error"])
    return notice.messages
