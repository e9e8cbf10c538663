"""小板凳 / 议事会: a meeting of a community or grid, who sat there, the matters it gathered and what it decided.

A matter is a case (an existing one in the organiser's reach, or one raised at the meeting, opened through the
normal submission service with the channel *meeting*); a decision is a transition of that case taken through the
cases room's services, and keeps the history line it wrote. The rows here never change a case themselves.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from community.constants import DecisionAction, MeetingKind, ParticipantRole
from forms_app.validators import mask_text


class Meeting(models.Model):
    region = models.ForeignKey("organisation.Region", verbose_name=_("community or grid"), on_delete=models.PROTECT,
                               related_name="meetings")
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.STOOL)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True, max_length=20000)
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("organiser"), on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["region", "held_on"], name="meeting_region_date")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """How a case's history and a decision's note name the meeting: 小板凳 2026年12月1日 社区活动室."""
        day = self.held_on
        with translation.override(settings.LANGUAGE_CODE):  # stored in notes: in the site's language
            return f"{MeetingKind(self.kind).short} {day.year}年{day.month}月{day.day}日 {self.place}"


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices,
                            default=ParticipantRole.RESIDENT)
    name = models.CharField(_("name"), max_length=50)
    unit = models.CharField(_("unit or building"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["pk"]

    @property
    def display_name(self):
        """A resident's name masked (李**); a party member, a unit's representative or staff speak for an office."""
        return mask_text(self.name) if self.role == ParticipantRole.RESIDENT else self.name


class MeetingMatter(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="matters")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="meeting_matters")
    raised_here = models.BooleanField(_("raised at the meeting"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="meeting_matter_once")]


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("decision"), max_length=20, choices=DecisionAction.choices)
    text = models.TextField(_("what was decided"), max_length=2000)
    department = models.ForeignKey("organisation.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey("cases.CaseEvent", null=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["pk"]
