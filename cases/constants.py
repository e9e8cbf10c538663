"""Enumerations of the case domain. States are the source of truth for a case.

The transitions between them, with their labels, permissions, inputs, notices and triggers, are
declared once in :mod:`cases.machine`.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DISPATCHED = "dispatched", _("Dispatched")
    CLAIMED = "claimed", _("Claimed")
    CONSULTING = "consulting", _("In consultation")
    RESOLVED = "resolved", _("Resolved")
    EVALUATED = "evaluated", _("Evaluated")
    ARCHIVED = "archived", _("Archived")


OPEN_STATES = [
    CaseState.SUBMITTED,
    CaseState.ACCEPTED,
    CaseState.DISPATCHED,
    CaseState.CLAIMED,
    CaseState.CONSULTING,
]
# States in which a deadline runs and a warning light shows.
TIMED_STATES = [CaseState.ACCEPTED, CaseState.DISPATCHED, CaseState.CLAIMED, CaseState.CONSULTING]


class Light(models.TextChoices):
    """亮灯预警: green while time is left, yellow when little is, red when overdue."""

    GREEN = "green", _("Green — on time")
    YELLOW = "yellow", _("Yellow — due soon")
    RED = "red", _("Red — overdue")


class Workflow(models.TextChoices):
    """Which part of the case machine a form's submissions enter (a form's case settings choose it)."""

    HANDLING = "handling", _("Handling — the full case loop")
    RECORD = "record", _("Record — archived at once, counted in statistics")
    INSPECTION = "inspection", _("Inspection — scored; a failing score opens rectification")


class Trigger(models.TextChoices):
    """Moments of a case that work can be attached to: a form's document rules name them.

    The transition table (:mod:`cases.machine`) says which transition fires which; a new case fires
    SUBMIT, and CHECKUP_FAILED too when its check-up failed.
    """

    SUBMIT = "submit", _("On submit (e.g. acknowledgement of receipt)")
    ACCEPT = "accept", _("On acceptance")
    REJECT = "reject", _("On not accepting (e.g. notice of non-acceptance)")
    RESOLVE = "resolve", _("On resolution (e.g. completion notice or certificate)")
    CHECKUP_FAILED = "checkup_failed", _("On a failed check-up (e.g. rectification notice)")
    ARCHIVE = "archive", _("On archiving")


class NoticeKind(models.TextChoices):
    """The e-mail notices a case event may send (see cases.notifications for who receives them)."""

    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("not accepted")
    DISPATCHED = "dispatched", _("dispatched to you")
    RESOLVED = "resolved", _("resolved")
    URGED = "urged", _("urged by a supervisor")
    OVERDUE = "overdue", _("overdue")
    FLAGGED = "flagged", _("resident unsatisfied again")
    OFFERED_B = "offered_b", _("offered to the B post")
    RETURNED = "returned", _("returned by the department")
    ESCALATED = "escalated", _("escalated")


# Letters before reference numbers when a form's case settings give none, by the form's kind.
DEFAULT_REFERENCE_PREFIX = {"request": "SQ", "survey": "DC", "checkup": "TJ"}
