"""What background work needs to survive a crash: one row per notice (e-mail or SMS), one heartbeat per worker.

A notice row lands with the case event that calls for it (same transaction), so a crash after the
commit cannot lose it; its ``sent_at`` is set under the row's lock in the transaction that sends it,
so a retried or doubled task finds it sent and sends nothing.

A worker writes its heartbeat every few seconds (:mod:`cases.leases`); a task left RUNNING by a worker
whose heartbeat has stopped is put back in the queue for another worker.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..clock import now
from ..constants import NoticeKind
from .case import Case


class Notice(models.Model):
    """One notice (resident or staff e-mail, or the resident's SMS) about one case event."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=32)
    audience = models.CharField(max_length=16)
    #: "email", or "sms" (cases.sms_notices): each channel its own row, so one's retries never resend the other
    channel = models.CharField(max_length=8, default="email", db_default="email")
    created_at = models.DateTimeField(default=now)
    #: when its task was last queued (the sweep queues an unsent notice again long after this)
    queued_at = models.DateTimeField(default=now)
    sent_at = models.DateTimeField(null=True, blank=True)
    #: the mail server (or SMS gateway) refused it MAX_ATTEMPTS times: not queued again
    failed_at = models.DateTimeField(null=True, blank=True)
    #: failed tries so far, and what the last one was told (shown on the case page)
    attempts = models.PositiveSmallIntegerField(default=0, db_default=0)
    error = models.CharField(max_length=255, blank=True, default="", db_default="")
    #: how many e-mails went out (0: nobody to tell)
    messages = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notice")
        indexes = [models.Index(fields=["queued_at"], name="notice_unsent_idx",
                                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True))]

    def get_kind_label(self):
        return NoticeKind(self.kind).label if self.kind in NoticeKind.values else self.kind

    def __str__(self):
        return f"{self.kind} → {self.audience} by {self.channel} (case {self.case_id})"


class WorkerBeat(models.Model):
    """A background worker's heartbeat: alive while ``seen_at`` is recent."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"
