"""What residents leave: their answers (JSON keyed by stable field ids, tied to the revision they
answered) and their files, kept outside the public media path."""
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import AbstractFormSubmission

from .uploads import private_storage


class Submission(AbstractFormSubmission):
    """One resident's answers, as JSON keyed by field id, tied to the revision they answered."""

    wagtail_reference_index_ignore = True

    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_key = models.CharField(max_length=64, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    region = models.ForeignKey(
        "organisation.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The answers as staff read them, personal data masked (forms_app.search): what searches match.
    search_text = models.TextField(blank=True, editable=False)
    # When its personal data was removed (retention period over, or the resident asked): forms_app.anonymise.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        permissions = [("view_personal_data", _("Can see residents' full ID numbers and phone numbers"))]
        constraints = [
            models.UniqueConstraint(fields=["page", "submission_key"], name="unique_submission_key"),
        ]
        indexes = [
            models.Index(fields=["page", "submit_time"], name="submission_page_time"),
            models.Index(fields=["page", "phone_hash", "submit_time"], name="submission_phone_day"),
            models.Index(fields=["page", "client_hash", "submit_time"], name="submission_client_day"),
        ]


class SubmissionKey(models.Model):
    """A keyed hash of one full ID or mobile number in a submission, for exact lookups (forms_app.search).

    Searches never read the answers' personal data: a full number typed by someone allowed to look it
    up is hashed with the same key and compared here.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="keys")
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "digest"], name="unique_submission_digest")]

    def __str__(self):
        return self.digest[:12]


class Upload(models.Model):
    """A resident's file, kept outside the public media path and served only to permitted staff."""

    wagtail_reference_index_ignore = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(storage=private_storage, upload_to="uploads/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    page = models.ForeignKey("forms_app.FormPage", on_delete=models.CASCADE, related_name="+")
    field_id = models.CharField(max_length=255)
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="uploads"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A draft's file (a step of a multi-step form) is marked with its client's keyed hash: what one client
    # may keep unsubmitted is capped (forms_app.flow.drafts.upload_cap_refusal).
    client_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["client_hash", "created_at"], name="upload_client_time")]

    def __str__(self):
        return self.original_name
