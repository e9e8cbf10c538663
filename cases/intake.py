"""Staff entering a matter on a resident's behalf (录入诉求): a phone call, a visit to the office, a grid
worker's patrol (吹哨), the 12345 hotline, a 小板凳 meeting.

It goes through the resident's own form (the flow of :mod:`forms_app.flow`), so the answers, rules, files,
reference number and tracking link are the same as online; only the channel and the member of staff are
recorded on the case (``Case.channel``, ``Case.entered_by``, the *submit* line of its history). The entry is
started from the workbench (:func:`start_entry`, which checks the role) and kept in the staff member's
session per form; :class:`StaffIntake` is the forms room's :class:`~forms_app.seams.StaffEntryPolicy`,
asking the role again on every request and, inside the submission's transaction, the receiver once more
(:func:`check_may_enter`). A resident can neither start one nor claim a channel: nothing they post is read.
"""
from django.urls import reverse
from django.utils.translation import gettext as _

from forms_app.seams import StaffEntry, StaffEntryPolicy
from organisation.models import StaffMembership

from .constants import Channel
from .permissions import may_enter_matters

#: the channels staff enter matters by (online is the resident's own)
STAFF_CHANNELS = tuple(c for c in Channel if c != Channel.ONLINE)
#: where the session keeps the entries under way: form page id → channel
SESSION_KEY = "staff_entry"


class IntakeError(Exception):
    """An entry that may not start: ``code`` is ``forbidden`` (no role), ``invalid_input`` or ``closed``."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message, self.code = message, code


def check_may_enter(user, channel):
    """Refuse staff without a role (:func:`cases.permissions.may_enter_matters`) and any channel but staff's."""
    if not may_enter_matters(user):
        raise IntakeError(_("Only staff with a role in a region or department may enter matters for residents."),
                          "forbidden")
    if channel not in STAFF_CHANNELS:
        raise IntakeError(_("Choose how the matter reached you."), "invalid_input")


def start_entry(*, request, form, channel):
    """Open ``form`` in staff-entry mode for ``request``'s user by ``channel``; raises :class:`IntakeError`."""
    check_may_enter(request.user, channel)
    if not form.live or not form.is_open():
        raise IntakeError(_("This form is not open for new matters."), "closed")
    entries = dict(request.session.get(SESSION_KEY) or {})
    entries[str(form.pk)] = str(channel)
    request.session[SESSION_KEY] = entries


def stop_entry(request, form_id):
    """End the entry on form ``form_id`` (after its submission, or when staff stop it)."""
    entries = dict(request.session.get(SESSION_KEY) or {})
    if entries.pop(str(form_id), None) is not None:
        request.session[SESSION_KEY] = entries


def home_region_id(user):
    """The deepest region a staff member works in (a grid worker's grid, else their team's community):
    where a patrol report starts its region picker."""
    deepest = None
    for m in StaffMembership.objects.filter(user=user).select_related("region", "department__region"):
        for region in (m.region, m.department.region if m.department_id else None):
            if region is not None and (deepest is None or len(region.path) > len(deepest.path)):
                deepest = region
    return deepest.pk if deepest is not None else None


class StaffIntake(StaffEntryPolicy):
    """The forms room asks here whether a request fills a form in for a resident (registered in CasesConfig)."""

    def entry_for(self, request, page):
        channel = (request.session.get(SESSION_KEY) or {}).get(str(page.pk)) if hasattr(request, "session") else None
        if channel not in STAFF_CHANNELS or not may_enter_matters(request.user):
            return None
        return StaffEntry(user=request.user, channel=channel, channel_label=str(Channel(channel).label),
                          region_id=home_region_id(request.user) if channel == Channel.PATROL else None,
                          field_report=channel == Channel.PATROL,
                          stop_url=reverse("cases_entry_stop", args=[page.pk]))

    def finished(self, request, page):
        stop_entry(request, page.pk)
