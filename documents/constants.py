"""Enumerations of documents: kinds, statuses, page formats, batches, and the case events documents record."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.machine import Event


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate")
    NOTICE = "notice", _("Notice")


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("Being generated")
    READY = "ready", _("Issued")
    FAILED = "failed", _("Generation failed")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Replaced by a newer document")


#: A document in these states has its PDF on file (a revoked or replaced one stays on record, and downloadable).
RENDERED_DOCUMENT_STATES = (DocumentStatus.READY, DocumentStatus.REVOKED, DocumentStatus.SUPERSEDED)


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


#: The lines documents add to a case's history (registered with cases.machine in DocumentsConfig.ready).
#: Whether the resident sees one is decided when it is recorded (an issued notice yes, a failure no).
DOCUMENT_EVENTS = (
    Event("document_issued", _("Document issued"), detail="title"),
    Event("document_failed", _("Document generation failed"), public=False),
    Event("document_downloaded", _("Document downloaded"), public=False),
    Event("document_revoked", _("Document revoked"), detail="title"),
    Event("document_retried", _("Document generation retried"), public=False),
    Event("document_superseded", _("Document replaced by a newer one"), detail="title"),
)
