"""红黑榜: a community's or village's red and black lists, their entries, history and appeals.

An entry's state is protected: only the transition methods below change it, each one a line of
:mod:`programmes.models.honours_machine`; the services of :mod:`programmes.honours.services` lock the row,
run them and append the history line. The region's path is copied onto the row so that reach is a prefix
filter. The person's full name is kept for staff; the public page of the black list shows it masked and
never a photo (:func:`programmes.honours.selectors.public_entry`).
"""
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin

from cases.clock import now
from organisation.models import Region

from ..constants import HonourCategory, HonourList, HonourSource
from .honours_machine import HonourEventKind, HonourState, fsm


def new_public_id():
    return secrets.token_urlsafe(9)


class HonourEntry(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """One line of a red or black list: who, for what, in which community, for which period."""

    wagtail_reference_index_ignore = True

    list = models.CharField(_("list"), max_length=8, choices=HonourList.choices)
    category = models.CharField(_("category"), max_length=20, choices=HonourCategory.choices)
    region = models.ForeignKey(Region, verbose_name=_("community or village"), on_delete=models.PROTECT,
                               related_name="honour_entries")
    region_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField(_("name (person, household or unit)"), max_length=50)
    deed = models.TextField(_("what happened"), help_text=_("Shown on the public page: write it for the public."))
    photo = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              help_text=_("Red list only: the black list never shows a photo."))
    starts_on = models.DateField(_("shown from"))
    ends_on = models.DateField(_("shown until"))
    state = FSMField(_("state"), default=HonourState.NOMINATED, choices=HonourState.choices, protected=True,
                     db_index=True)
    source = models.CharField(_("source"), max_length=12, choices=HonourSource.choices, default=HonourSource.STAFF)
    case = models.OneToOneField("cases.Case", verbose_name=_("nomination"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="honour_entry")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(default=now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)

    class Meta:
        verbose_name = _("red or black list entry")
        verbose_name_plural = _("red and black list entries")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="honour_period_ordered"),
            models.CheckConstraint(condition=~Q(list=HonourList.BLACK) | Q(photo__isnull=True),
                                   name="honour_black_without_photo"),
        ]

    def __str__(self):
        return f"{self.get_list_display()} · {self.name}"

    def save(self, *args, **kwargs):
        self.region_path = self.region.path if self.region_id else ""
        super().save(*args, **kwargs)

    # -- transitions: sources, target and permission from programmes.models.honours_machine -------------

    @fsm("review")
    def review(self, by, at):
        self.reviewed_by = by

    @fsm("approve")
    def approve(self, by, at):
        self.approved_by = by

    @fsm("publish")
    def publish(self, by, at):
        self.published_at = at

    @fsm("reject")
    def reject(self, by, at):
        pass

    @fsm("withdraw")
    def withdraw(self, by, at):
        self.withdrawn_at = at

    @fsm("expire")
    def expire(self, by, at):
        self.withdrawn_at = at


class HonourEvent(models.Model):
    """One line of an entry's history (entered, reviewed, approved, published, withdrawn …). Append-only."""

    entry = models.ForeignKey(HonourEntry, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(max_length=16, choices=HonourEventKind.choices)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Honour events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Honour events are append-only")


class HonourAppeal(models.Model):
    """An appeal (申诉) against a published entry: a case on the appeal form, for the entry's community."""

    entry = models.ForeignKey(HonourEntry, on_delete=models.PROTECT, related_name="appeals")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="honour_appeal")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at"]
