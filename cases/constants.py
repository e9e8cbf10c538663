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


class PartState(models.TextChoices):
    """协办: where a co-unit's part of a joint case stands (the part machine: cases.parts_machine)."""

    DISPATCHED = "dispatched", _("Asked to help")
    CLAIMED = "claimed", _("Claimed")
    REPORTED = "reported", _("Reported")
    WAIVED = "waived", _("Waived")


#: parts the lead unit still waits for before it may resolve the case
OUTSTANDING_PARTS = [PartState.DISPATCHED, PartState.CLAIMED]
# A rating at or below this is "not satisfied": the case is reopened once, then flagged for a supervisor.
UNSATISFIED_AT_MOST = 2
# States in which a deadline runs and a warning light shows.
TIMED_STATES = [CaseState.ACCEPTED, CaseState.DISPATCHED, CaseState.CLAIMED, CaseState.CONSULTING]


class Channel(models.TextChoices):
    """How a matter reached the platform: a resident's own form online, or staff entering it on their behalf."""

    ONLINE = "online", _("Online — the resident's own form")
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Visit to the office")
    PATROL = "patrol", _("Grid patrol (吹哨)")
    HOTLINE = "hotline", _("12345 hotline")
    MEETING = "meeting", _("Residents' meeting (小板凳)")


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


class DeadlineStart(models.TextChoices):
    """When a form's deadline starts to run (its *Handling* panel says which)."""

    DISPATCH = "dispatch", _("At each dispatch — the unit that handles the case gets the whole time")
    SUBMISSION = "submission", _("At submission — a promised time limit: dispatching keeps the due time")


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
    PART_DISPATCHED = "part_dispatched", _("asked to help (协办)")


# Letters before reference numbers when a form's case settings give none, by the form's kind.
DEFAULT_REFERENCE_PREFIX = {"request": "SQ", "survey": "DC", "checkup": "TJ", "order": "DD"}


class Relation(models.TextChoices):
    """How a staff user stands to a case: the rows of the access matrix (:mod:`cases.access`)."""

    SUPERVISOR = "supervisor", _("Supervisor of the case's region")
    DISPATCHER = "dispatcher", _("Dispatcher of the case's region")
    TEAM_HANDLER = "team_handler", _("Handler in the case's department or team")
    PARTICIPANT = "participant", _("Took part in the case earlier")
    CO_UNIT = "co_unit", _("Handler in a co-unit (协办) of the case")
    FORM_READER = "form_reader", _("May read the form's answers")


class Capability(models.TextChoices):
    """What a relation allows: the columns of the access matrix (:mod:`cases.access`)."""

    LIST = "list", _("find it in listings and searches")
    OPEN = "open", _("open the case page")
    ANSWERS = "answers", _("read the answers (personal data masked)")
    PERSONAL = "personal", _("reveal personal data (with the permission)")
    ACT = "act", _("act on the case")
    FILES = "files", _("download its files and documents")
    EXPORT = "export", _("export the form's answers (masked)")


class RevealReason(models.TextChoices):
    """Why a staff member asks to see a resident's personal data unmasked (recorded in the audit log)."""

    CONTACT = "contact", _("To contact the resident about the case")
    VISIT = "visit", _("To visit the place or the resident")
    VERIFY = "verify", _("To verify the resident's identity")
    HAND_OVER = "hand_over", _("To hand the case over to another body")
    OTHER = "other", _("Other (say why)")
