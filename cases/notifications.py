"""E-mail notices about cases, sent after commit by a background task so they never block a transition."""
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .constants import StaffRole

log = logging.getLogger(__name__)

RESIDENT_NOTICES = {"accepted", "rejected", "dispatched", "resolved"}
STAFF_NOTICES = {"dispatched", "urged", "overdue", "flagged", "offered_b", "returned", "escalated"}


def notify_after_commit(case_id, kind, *, event_id=None):
    """Queue the notice once the transaction commits; a failure to queue is logged, never raised."""
    from .tasks import send_case_notice

    # One task per audience, so that retrying a failed staff e-mail never re-sends the resident's.
    audiences = [a for a, kinds in (("resident", RESIDENT_NOTICES), ("staff", STAFF_NOTICES)) if kind in kinds]

    def enqueue():
        for audience in audiences:
            send_case_notice.enqueue(case_id=case_id, kind=kind, audience=audience)

    if audiences:
        transaction.on_commit(enqueue, robust=True)


def resident_email(case):
    from forms_app.constants import FieldType

    specs = {f.field_id: f.field_type for f in case.form.form_fields.all()}
    for key, value in case.submission.form_data.items():
        if specs.get(key) == FieldType.EMAIL and value:
            return value
    return ""


def staff_recipients(case, kind):
    from django.contrib.auth import get_user_model

    # Conditions on one membership go in one filter() call: chained filters on a multi-valued relation
    # would match a user who is a supervisor somewhere else and holds another role here.
    users = get_user_model().objects.filter(is_active=True)
    paths = _ancestor_paths(case.region_path)
    if kind in ("overdue", "flagged"):
        users = users.filter(memberships__role=StaffRole.SUPERVISOR, memberships__region__path__in=paths)
    elif kind == "offered_b":
        users = users.filter(pk=case.department.post_b_id) if case.department_id else users.none()
    elif kind == "urged" and case.handler_id:
        users = users.filter(pk=case.handler_id)
    elif kind in ("dispatched", "urged") and case.department_id:
        users = users.filter(memberships__department_id=case.department_id, memberships__role=StaffRole.HANDLER)
    elif kind in ("returned", "escalated"):
        # only dispatchers who may act on the case at its (possibly raised) level
        users = users.filter(memberships__role=StaffRole.DISPATCHER, memberships__region__path__in=paths,
                             memberships__region__level__in=_levels_at_or_above(case.level))
    else:
        users = users.none()
    if not paths and kind in ("overdue", "flagged", "returned", "escalated"):
        users = users.none()
    return sorted({u.email for u in users.distinct() if u.email})


def _levels_at_or_above(level):
    from .constants import REGION_LEVEL_ORDER

    order = [str(v) for v in REGION_LEVEL_ORDER]
    return order[: order.index(level) + 1] if level in order else order


def _ancestor_paths(path, steplen=4):
    return [path[:i] for i in range(steplen, len(path) + 1, steplen)] if path else []


def staff_case_url(case):
    """The case in the staff workbench; the admin home until the workbench provides its inspect view."""
    try:
        return reverse("cases_case_modeladmin_inspect", args=[case.pk])
    except NoReverseMatch:
        return reverse("wagtailadmin_home")


def deliver(case_id, kind, audience=None):
    """Send the notice e-mails for one case event (to ``audience``: "resident", "staff", or both when None).

    Raises on a mail failure so the task retries.
    """
    from .models import Case

    case = Case.objects.select_related("form", "submission", "department").get(pk=case_id)
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        if kind in RESIDENT_NOTICES and audience in (None, "resident"):
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
        if kind in STAFF_NOTICES and audience in (None, "staff"):
            recipients = staff_recipients(case, kind)
            if recipients:
                url = base + staff_case_url(case)
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
