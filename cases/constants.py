"""Enumerations of the case domain. States are the source of truth for a case."""
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


class RegionLevel(models.TextChoices):
    COUNTY = "county", _("County")
    STREET = "street", _("Street / town")
    COMMUNITY = "community", _("Community / village")
    GRID = "grid", _("Grid")


REGION_LEVEL_ORDER = [RegionLevel.COUNTY, RegionLevel.STREET, RegionLevel.COMMUNITY, RegionLevel.GRID]


class Triage(models.TextChoices):
    """三事分流: who is responsible for solving the matter."""

    MAJOR = "major", _("Major matter — handled by government")
    MINOR = "minor", _("Minor matter — settled by consultation")
    PRIVATE = "private", _("Private matter — residents' own")


class StaffRole(models.TextChoices):
    DISPATCHER = "dispatcher", _("Dispatcher")
    HANDLER = "handler", _("Handler")
    SUPERVISOR = "supervisor", _("Supervisor")


TRANSITION_LABELS = {
    "submit": _("Submitted"),
    "accept": _("Accepted"),
    "reject": _("Not accepted"),
    "dispatch": _("Dispatched to the responsible department"),
    "claim": _("Claimed by a handler"),
    "return_case": _("Returned to the dispatcher"),
    "escalate": _("Escalated to the next level"),
    "consult": _("Consultation started"),
    "end_consultation": _("Consultation ended"),
    "resolve": _("Resolved"),
    "close_with_advice": _("Closed with advice"),
    "evaluate": _("Evaluated"),
    "auto_evaluate": _("Evaluated automatically"),
    "reopen": _("Reopened"),
    "urge": _("Urged by a supervisor"),
    "archive": _("Archived"),
    "file_record": _("Recorded"),
    "overdue": _("Overdue"),
    "offered_b": _("Offered to the B post"),
    "flag": _("Sent to a supervisor"),
}


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


# -- documents (证明 and 通知书) ---------------------------------------------------


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate")
    NOTICE = "notice", _("Notice")


class DocumentTrigger(models.TextChoices):
    """The case events a form can attach a document template to."""

    SUBMIT = "submit", _("On submit (e.g. acknowledgement of receipt)")
    ACCEPT = "accept", _("On acceptance")
    REJECT = "reject", _("On not accepting (e.g. notice of non-acceptance)")
    RESOLVE = "resolve", _("On resolution (e.g. completion notice or certificate)")
    CHECKUP_FAILED = "checkup_failed", _("On a failed check-up (e.g. rectification notice)")
    ARCHIVE = "archive", _("On archiving")


# Which transition issues the documents of which trigger.
TRANSITION_TRIGGERS = {
    "accept": DocumentTrigger.ACCEPT,
    "reject": DocumentTrigger.REJECT,
    "resolve": DocumentTrigger.RESOLVE,
    "close_with_advice": DocumentTrigger.RESOLVE,
    "archive": DocumentTrigger.ARCHIVE,
}


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Being generated")
    READY = "ready", _("Issued")
    FAILED = "failed", _("Generation failed")
    REVOKED = "revoked", _("Revoked")


#: A document in these states has its PDF on file (a revoked one stays on record, and downloadable).
RENDERED_DOCUMENT_STATES = (DocumentStatus.READY, DocumentStatus.REVOKED)


class PageFormat(models.TextChoices):
    A4_PORTRAIT = "A4 portrait", _("A4, portrait")
    A4_LANDSCAPE = "A4 landscape", _("A4, landscape")
    A5_PORTRAIT = "A5 portrait", _("A5, portrait")
    A5_LANDSCAPE = "A5 landscape", _("A5, landscape")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    BUNDLING = "bundling", _("Packing the files")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BatchOutput(models.TextChoices):
    ZIP = "zip", _("One ZIP file of PDFs")
    MERGED = "pdf", _("One merged PDF")


DOCUMENT_EVENT_LABELS = {
    "document_issued": _("Document issued"),
    "document_failed": _("Document generation failed"),
    "document_downloaded": _("Document downloaded"),
    "document_revoked": _("Document revoked"),
    "document_retried": _("Document generation retried"),
}
TRANSITION_LABELS.update(DOCUMENT_EVENT_LABELS)
