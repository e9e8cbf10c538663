"""E-mail notices about cases: what each says and who receives it.

They are queued after commit (:func:`cases.tasks.notify_after_commit`) and sent by a background task,
so they never block a transition.

Which event sends which notice, and whether the resident or staff receive it, is declared in
:mod:`cases.machine`; who on the staff receives each kind is decided here.
"""
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from forms_app.constants import FieldType
from organisation.access import ancestor_paths, levels_at_or_above
from organisation.constants import Post, StaffRole

from .clock import now
from .constants import NoticeKind, PartState
from .machine import RESIDENT_NOTICES, STAFF_NOTICES
from .models import Case, Notice

log = logging.getLogger(__name__)


def resident_email(case):
    specs = {f.field_id: f.field_type for f in case.form.form_fields.all()}
    for key, value in case.submission.form_data.items():
        if specs.get(key) == FieldType.EMAIL and value:
            return value
    return ""


def staff_recipients(case, kind):
    # Conditions on one membership go in one filter() call: chained filters on a multi-valued relation
    # would match a user who is a supervisor somewhere else and holds another role here.
    users = get_user_model().objects.filter(is_active=True)
    paths = ancestor_paths(case.region_path)
    if kind in ("overdue", "flagged"):
        users = users.filter(memberships__role=StaffRole.SUPERVISOR, memberships__region__path__in=paths)
    elif kind == "offered_b":
        users = users.filter(department_posts__department_id=case.department_id,
                             department_posts__post=Post.B) if case.department_id else users.none()
    elif kind == "urged" and case.handler_id:
        users = users.filter(pk=case.handler_id)
    elif kind in ("dispatched", "urged") and case.department_id:
        users = users.filter(memberships__department_id=case.department_id, memberships__role=StaffRole.HANDLER)
    elif kind == "part_dispatched":  # 协办: the co-units whose parts wait to be claimed
        units = case.parts.filter(state=PartState.DISPATCHED).values("department_id")
        users = users.filter(memberships__department_id__in=units, memberships__role=StaffRole.HANDLER)
    elif kind in ("returned", "escalated"):
        # only dispatchers who may act on the case at its (possibly raised) level
        users = users.filter(memberships__role=StaffRole.DISPATCHER, memberships__region__path__in=paths,
                             memberships__region__level__in=levels_at_or_above(case.level))
    else:
        users = users.none()
    if not paths and kind in ("overdue", "flagged", "returned", "escalated"):
        users = users.none()
    return sorted({u.email for u in users.distinct() if u.email})


def site_url(path):
    """``path`` as an absolute address on the site (``WAGTAILADMIN_BASE_URL``), for messages read outside it."""
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path


def tracking_url(case):
    """The resident's private tracking page, as an absolute address: the one every message to the resident
    carries (the e-mail and SMS notices, the staff entry's receipt and the lost link's SMS)."""
    return site_url(reverse("track", args=[case.tracking_token]))


def staff_case_url(case):
    """The absolute address of the case's own page on the staff workbench, for every notice to staff (e-mail now,
    SMS later): it opens the case itself, not the admin's home (a logged-out colleague signs in first and
    lands on it)."""
    return site_url(reverse("cases_workbench_case", args=[case.pk]))


def deliver_notice(notice_id):
    """Send one recorded notice unless it was sent already; returns how many e-mails went out.

    The notice's row is locked while it is sent and marked sent in the same transaction, so two tasks for
    one notice (a retry, a task re-queued from a worker thought dead) send it once. Only a crash after the
    mail server accepted the message and before the commit can repeat it; its Message-ID is then the same,
    so mail servers and clients that drop duplicate ids show it once.
    """
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.sent_at is not None:
            return 0
        notice.messages = deliver(notice.case_id, notice.kind, notice.audience, message_id=f"notice-{notice.pk}")
        notice.sent_at = now()
        notice.save(update_fields=["messages", "sent_at"])
    return notice.messages


def send_mail(subject, body, to, *, message_id):
    domain = (settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost").strip(">")
    headers = {"Message-ID": f"<{message_id}@{domain}>"} if message_id else {}
    return EmailMessage(subject, body, None, to, headers=headers, connection=get_connection()).send()


def deliver(case_id, kind, audience=None, *, message_id=""):
    """Send the notice e-mails for one case event (to ``audience``: "resident", "staff", or both when None).

    Raises on a mail failure so the task retries.
    """
    case = Case.objects.select_related("form", "submission", "department").get(pk=case_id)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        if kind in RESIDENT_NOTICES and audience in (None, "resident"):
            address = resident_email(case)
            if address:
                url = tracking_url(case)
                send_mail(
                    _("Your case %(ref)s: %(state)s") % {"ref": case.reference, "state": case.get_state_display()},
                    _("Your case %(ref)s is now: %(state)s.\nFollow it here: %(url)s")
                    % {"ref": case.reference, "state": case.get_state_display(), "url": url},
                    [address], message_id=message_id and f"{message_id}-r",
                )
                sent += 1
        if kind in STAFF_NOTICES and audience in (None, "staff"):
            recipients = staff_recipients(case, kind)
            if recipients:
                url = staff_case_url(case)
                send_mail(
                    _("[%(kind)s] Case %(ref)s") % {"kind": notice_label(kind), "ref": case.reference},
                    _("Case %(ref)s (%(form)s) needs your attention: %(kind)s.\n%(url)s")
                    % {"ref": case.reference, "form": case.form.title, "kind": notice_label(kind), "url": url},
                    recipients, message_id=message_id and f"{message_id}-s",
                )
                sent += 1
    return sent


def notice_label(kind):
    return str(NoticeKind(kind).label) if kind in NoticeKind.values else str(kind)
