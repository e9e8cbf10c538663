"""E-mail notices about cases, sent after commit by a background task so they never block a transition."""
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .constants import StaffRole

log = logging.getLogger(__name__)

RESIDENT_NOTICES = {"accepted", "rejected", "dispatched", "resolved"}
STAFF_NOTICES = {"dispatched", "urged", "overdue", "flagged", "offered_b", "returned", "escalated"}


def notify_after_commit(case_id, kind, *, event_id=None):
    """Queue the notice once the transaction commits; a failure to queue is logged, never raised."""
    from .tasks import send_case_notice

    def enqueue():
        send_case_notice.enqueue(case_id=case_id, kind=kind)

    transaction.on_commit(enqueue, robust=True)


def resident_email(case):
    from forms_app.constants import FieldType

    specs = {f.clean_name: f.field_type for f in case.form.form_fields.all()}
    for key, value in case.submission.form_data.items():
        if specs.get(key) == FieldType.EMAIL and value:
            return value
    return ""


def staff_recipients(case, kind):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if kind in ("overdue", "flagged"):
        users = User.objects.filter(memberships__role=StaffRole.SUPERVISOR, is_active=True)
        paths = [p for p in _ancestor_paths(case.region_path)]
        users = users.filter(memberships__region__path__in=paths) if paths else users.none()
    elif kind == "offered_b":
        users = User.objects.filter(pk=case.department.post_b_id) if case.department_id else User.objects.none()
    elif kind == "urged" and case.handler_id:
        users = User.objects.filter(pk=case.handler_id)
    elif kind in ("dispatched", "urged") and case.department_id:
        users = User.objects.filter(memberships__department_id=case.department_id, memberships__role=StaffRole.HANDLER)
    elif kind in ("returned", "escalated"):
        users = User.objects.filter(memberships__role=StaffRole.DISPATCHER)
        paths = _ancestor_paths(case.region_path)
        users = users.filter(memberships__region__path__in=paths) if paths else users.none()
    else:
        users = User.objects.none()
    return sorted({u.email for u in users.distinct() if u.email})


def _ancestor_paths(path, steplen=4):
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)] if path else []


def deliver(case_id, kind):
    """Send the notice e-mails for one case event. Raises on a mail failure so the task retries."""
    from .models import Case

    case = Case.objects.select_related("form", "submission", "department").get(pk=case_id)
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        if kind in RESIDENT_NOTICES:
            address = resident_email(case)
            if address:
                url = base + reverse("track", args=[case.tracking_token])
                send_mail(
                    _("Your case %(ref)s: %(state)s") % {"ref": case.reference, "state": case.get_state_display()},
                    _("Your case %(ref)s is now: %(state)s.\nFollow it here: %(url)s")
                    % {"ref": case.reference, "state": case.get_state_display(), "url": url},
                    None,
                    [address],
                )
                sent += 1
        if kind in STAFF_NOTICES:
            recipients = staff_recipients(case, kind)
            if recipients:
                url = base + reverse("cases_case_modeladmin_inspect", args=[case.pk])
                send_mail(
                    _("[%(kind)s] Case %(ref)s") % {"kind": notice_label(kind), "ref": case.reference},
                    _("Case %(ref)s (%(form)s) needs your attention: %(kind)s.\n%(url)s")
                    % {"ref": case.reference, "form": case.form.title, "kind": notice_label(kind), "url": url},
                    None,
                    recipients,
                )
                sent += 1
    return sent


def notice_label(kind):
    labels = {
        "dispatched": _("dispatched to you"),
        "urged": _("urged by a supervisor"),
        "overdue": _("overdue"),
        "flagged": _("resident unsatisfied again"),
        "offered_b": _("offered to the B post"),
        "returned": _("returned by the department"),
        "escalated": _("escalated"),
    }
    return str(labels.get(kind, kind))
