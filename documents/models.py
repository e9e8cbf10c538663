"""Certificates and notices: the templates staff edit, the documents issued from them, and batches.

A Document row is created inside the transaction of the event that issues it (so it can never be lost,
and its serial number is drawn under the counter's row lock); the PDF is rendered after commit by a
background task. Documents are never deleted: a wrong one is revoked, one issued again for the same case
and trigger (a case resolved again after a reopen) replaces the earlier one, and /verify/ says so.
"""
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PreviewableMixin

from cases.clock import now
from cases.constants import Trigger
from forms_app.uploads import private_storage

from .constants import BatchOutput, BatchStatus, DocumentKind, DocumentStatus, PageFormat
from .placeholders import check
from .preview import LONG_VALUES_MODE, preview_response

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "hr"]
VERIFY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed from paper
VERIFY_LENGTH = 10


def new_verify_code():
    return "".join(secrets.choice(VERIFY_ALPHABET) for _ in range(VERIFY_LENGTH))


def format_verify_code(code):
    return f"{code[:5]}-{code[5:]}" if len(code) == VERIFY_LENGTH else code


class DocumentTemplate(PreviewableMixin, models.Model):
    """A certificate or notice layout staff edit in the admin, with placeholders for the case's values."""

    name = models.CharField(_("name"), max_length=100, unique=True,
                            help_text=_("For staff, e.g. 受理回执 or 星级文明户证书."))
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.NOTICE)
    title = models.CharField(_("title"), max_length=100, help_text=_("Printed at the top, e.g. 受理回执."))
    body = RichTextField(_("body"), features=BODY_FEATURES,
                         help_text=_("Write the text; put values in with placeholders such as {{ resident_name }}."))
    serial_prefix = models.CharField(
        _("serial number prefix"), max_length=20,
        help_text=_("E.g. 镇赉证字 gives 镇赉证字〔2026〕第000123号. Numbers run per template and year."),
    )
    issuer = models.CharField(_("issuing body"), max_length=100, help_text=_("E.g. 东湖街道办事处."))
    page_format = models.CharField(_("page size"), max_length=16, choices=PageFormat.choices,
                                   default=PageFormat.A4_PORTRAIT)
    seal = models.ForeignKey("wagtailimages.Image", verbose_name=_("seal or logo"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             help_text=_("Optional image printed over the issuing body (PNG with transparency)."))
    footer = models.TextField(_("footer"), blank=True, max_length=500,
                              help_text=_("Small print at the bottom of every page; placeholders allowed."))
    # What the layout is checked against: the preview warns, and tests/documents/test_demo_documents_fit.py
    # fails, when a document filled with long values needs more pages than this.
    max_pages = models.PositiveSmallIntegerField(
        _("pages"), default=1, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many pages a document of this template is meant to fill at most (a receipt or a "
                    "certificate: 1). The preview's “Long values” mode warns when long names, addresses or "
                    "results would need more. Empty: 1."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.max_pages is None:  # left empty in the editor: one page, the default
            self.max_pages = 1
        errors = {}
        for field in ("title", "body", "footer"):
            problems = check(getattr(self, field))
            if problems:
                errors[field] = problems
        if errors:
            raise ValidationError(errors)

    def texts(self):
        return self.title, self.body, self.footer

    # -- preview: the PDF with sample data (Wagtail's live preview panel shows it) --------------

    @property
    def preview_modes(self):
        """Sample values, and long ones (long names, addresses, results) to see whether the layout holds."""
        return [("", _("Sample values")), (LONG_VALUES_MODE, _("Long values"))]

    def serve_preview(self, request, mode_name):
        return preview_response(request, self, long=mode_name == LONG_VALUES_MODE)


class DocumentBatch(models.Model):
    """One template issued to many recipients at once (e.g. 星级文明户 for every household selected)."""

    template = models.ForeignKey(DocumentTemplate, verbose_name=_("template"), on_delete=models.PROTECT,
                                 related_name="batches")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)
    source = models.CharField(_("source"), max_length=255, blank=True)
    output = models.CharField(_("output"), max_length=8, choices=BatchOutput.choices, default=BatchOutput.ZIP)
    status = models.CharField(max_length=16, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"line": 3, "message": "…"}]
    file = models.FileField(storage=private_storage, upload_to="document-batches/%Y/%m/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document batch")
        verbose_name_plural = _("document batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.template} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def progress(self):
        return 100 if not self.total else round(100 * (self.done + self.failed) / self.total)

    @property
    def extension(self):
        """The result's file type: one merged PDF, or one ZIP of PDFs."""
        return "pdf" if self.output == BatchOutput.MERGED else "zip"


class Document(models.Model):
    """One issued certificate or notice: its serial number, verification code and private PDF."""

    wagtail_reference_index_ignore = True

    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="documents")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="documents")
    event = models.ForeignKey("cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(DocumentBatch, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="documents")
    # What makes a retry the same document: "case:<id>:event:<id>:template:<id>" or "batch:<id>:line:<n>".
    key = models.CharField(max_length=100, unique=True)
    serial = models.CharField(_("serial number"), max_length=64, unique=True)
    verify_code = models.CharField(max_length=16, unique=True, default=new_verify_code, editable=False)
    # The template's wording as it was when the document was issued: a retry or a re-render after the
    # template was edited prints what was issued, not the new text.
    title = models.CharField(_("title"), max_length=100)
    issuer = models.CharField(_("issuing body"), max_length=100)
    body = models.TextField(blank=True)
    footer = models.TextField(blank=True)
    page_format = models.CharField(max_length=16, choices=PageFormat.choices, default=PageFormat.A4_PORTRAIT)
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    trigger = models.CharField(max_length=20, blank=True, choices=Trigger.choices)
    # Batch rows bring their own values (name, masked ID, address); case documents read the case.
    row_values = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices,
                              default=DocumentStatus.PENDING, db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When generation was last queued: the periodic sweep re-queues documents stuck pending (a worker lost).
    queued_at = models.DateTimeField(default=now)
    file = models.FileField(storage=private_storage, upload_to="documents/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), default=now)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    revoke_reason = models.TextField(blank=True)
    # A case resolved again after a reopen issues its notice again: the earlier one is replaced, not left valid.
    superseded_by = models.ForeignKey("self", verbose_name=_("replaced by"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="supersedes")
    superseded_at = models.DateTimeField(_("replaced on"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created_at", "pk"]
        permissions = [("revoke_document", _("Can revoke issued documents"))]

    def __str__(self):
        return f"{self.title} {self.serial}"

    @property
    def display_code(self):
        return format_verify_code(self.verify_code)

    @property
    def is_ready(self):
        return self.status == DocumentStatus.READY

    def filename(self):
        return f"{self.title}-{self.serial}.pdf".replace("/", "-")


class FormDocumentRule(Orderable):
    """Which document template a form's cases receive on which trigger (e.g. on reject → 不予受理通知书).

    Part of the form page (a ParentalKey child: saved in its revisions, published with it), shown on
    its *Documents* tab (forms_app.seams).
    """

    page = ParentalKey("forms_app.FormPage", on_delete=models.CASCADE, related_name="document_rules")
    trigger = models.CharField(_("when"), max_length=20, choices=Trigger.choices)
    template = models.ForeignKey(
        DocumentTemplate, verbose_name=_("document template"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldRowPanel([FieldPanel("trigger"), FieldPanel("template")])]

    class Meta(Orderable.Meta):
        verbose_name = _("document rule")
        verbose_name_plural = _("document rules")
        constraints = [
            models.UniqueConstraint(fields=["page", "trigger", "template"], name="unique_document_rule"),
        ]
