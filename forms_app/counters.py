"""Counts that limits read, kept in the database so that every app server sees the same numbers.

Several gunicorn processes (and several machines) serve residents; a limit counted in one process's
memory would multiply by their number. The database is the one store every deployment has (the demo
runs on SQLite with no cache server), and its row locks make the increment exact under concurrency.
"""
from django.db import models


class RequestCount(models.Model):
    """Requests of one kind (``scope``) from one client (a keyed hash of its address) in one time window."""

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="unique_request_count_window"),
        ]
        indexes = [models.Index(fields=["window_end"], name="request_count_end")]

    def __str__(self):
        return f"{self.scope} {self.key[:8]} {self.window_start:%Y-%m-%d %H:%M} ({self.hits})"


class PhoneCode(models.Model):
    """A one-time code sent to a phone number for one form (forms_app.phone): kept as a keyed hash, valid
    for settings.PHONE_CODE_MINUTES and settings.PHONE_CODE_ATTEMPTS tries; a new code replaces it."""

    page = models.ForeignKey("forms_app.FormPage", on_delete=models.CASCADE, related_name="+")
    phone_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["page", "phone_hash", "created_at"], name="phone_code_lookup"),
            models.Index(fields=["expires_at"], name="phone_code_expiry"),
        ]

    def __str__(self):
        return f"{self.phone_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"
