"""Regions, departments and the case record a submission becomes."""
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin
from treebeard.mp_tree import MP_Node

from .constants import TRANSITION_LABELS, CaseState, RegionLevel, StaffRole, Triage


class Region(MP_Node):
    """A node of the 网格化 tree: county → street/town → community/village → grid."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        """Names from the county down, e.g. 镇赉县 / 镇赉镇 / 幸福社区 / 第一网格."""
        return " / ".join(a.name for a in [*self.get_ancestors(), self])


class Department(models.Model):
    """A functional department or a grid team that handles cases."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="departments"
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self):
        return self.name


class StaffMembership(models.Model):
    """A staff user's role in a region subtree and/or a department."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, null=True, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region", "department"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class ReferenceCounter(models.Model):
    """The last reference number issued per prefix and year.

    A row lock on this counter serialises concurrent submissions, so numbers are
    sequential and never issued twice; a rolled-back submission rolls back its
    number with it, so no number is ever seen by two residents.
    """

    prefix = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="unique_counter")]


def new_tracking_token():
    return secrets.token_urlsafe(24)


class Case(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A resident's matter as staff handle it; created with its submission."""

    reference = models.CharField(_("reference number"), max_length=32, unique=True)
    tracking_token = models.CharField(max_length=64, unique=True, default=new_tracking_token, editable=False)
    submission = models.OneToOneField(
        "forms_app.Submission", verbose_name=_("submission"), on_delete=models.PROTECT, related_name="case"
    )
    form = models.ForeignKey(
        "forms_app.FormPage", verbose_name=_("form"), on_delete=models.PROTECT, related_name="cases"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    state = FSMField(_("state"), default=CaseState.SUBMITTED, choices=CaseState.choices, protected=True)
    triage = models.CharField(_("triage"), max_length=16, choices=Triage.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference


class CaseEvent(models.Model):
    """One line of a case's history. Append-only: rows are never updated or deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    transition = models.CharField(max_length=32)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=True, help_text=_("Shown to the resident on the tracking page"))

    class Meta:
        ordering = ["at", "pk"]

    def get_label(self):
        return TRANSITION_LABELS.get(self.transition, self.transition)

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case events are append-only")
