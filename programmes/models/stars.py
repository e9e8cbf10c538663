"""星级文明户: a round of the community's review, its criteria, the households' entries, objections, history.

A household declares on a form page (its submission opens a case like any other, see
:mod:`programmes.stars.declaration_form`); the community reviews the case against the round's criteria and the
review's score gives the stars (:meth:`StarRound.stars_for`), never the household's own pick. The round is
configured in the admin without code: criteria and their maximum scores, the score each star level needs, the days
of public notice, how names are published and the certificate's template.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from cases.clock import now
from organisation.constants import RegionLevel

from ..constants import EntryState, NameStyle, ObjectionState, RoundState, StarEventKind
from .stars_machine import entry_fsm, round_fsm


class StarRound(ConcurrentTransitionMixin, FSMModelMixin, ClusterableModel):
    """One year's (or one campaign's) 星级文明户 评选 of a community or a town, from review to honour list."""

    title = models.CharField(_("title"), max_length=120, help_text=_("e.g. 2026年度幸福社区星级文明户评选"))
    region = models.ForeignKey("organisation.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="star_rounds",
                               help_text=_("The community or town whose households take part."))
    region_path = models.CharField(max_length=255, db_index=True, editable=False)
    declaration_form = models.ForeignKey("forms_app.FormPage", verbose_name=_("declaration form"),
                                         on_delete=models.PROTECT, related_name="star_rounds")
    certificate = models.ForeignKey("documents.DocumentTemplate", verbose_name=_("certificate template"),
                                    null=True, blank=True, on_delete=models.PROTECT, related_name="star_rounds",
                                    help_text=_("Issued as one batch when the stars are conferred; its text may "
                                                "print the stars, the score and the round's title (see the "
                                                "placeholders)."))
    notice_days = models.PositiveSmallIntegerField(_("days of public notice"), default=7)
    name_style = models.CharField(_("names published as"), max_length=16, choices=NameStyle.choices,
                                  default=NameStyle.MASK_MIDDLE)
    five_stars_at = models.PositiveSmallIntegerField(_("score for five stars"), default=90)
    four_stars_at = models.PositiveSmallIntegerField(_("score for four stars"), default=80)
    three_stars_at = models.PositiveSmallIntegerField(
        _("score for three stars"), default=70, help_text=_("A declaration scoring less is not approved."))
    state = FSMField(_("state"), default=RoundState.REVIEWING, choices=RoundState.choices, protected=True)
    notice_starts_at = models.DateTimeField(null=True, blank=True, editable=False)
    notice_ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    conferred_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                     on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey("documents.DocumentBatch", null=True, blank=True, editable=False,
                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        verbose_name = _("star household round")
        verbose_name_plural = _("star household rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.region_path = self.region.path if self.region_id else ""
        super().save(*args, **kwargs)

    def clean(self):
        """Five stars need at least four's score, four at least three's: the levels cannot overlap."""
        if not self.five_stars_at >= self.four_stars_at >= self.three_stars_at:
            raise ValidationError({"four_stars_at": _("Five stars need at least the score of four, and four at "
                                                      "least the score of three.")})
        if self.region_id and self.region.level not in (RegionLevel.COMMUNITY, RegionLevel.STREET):
            raise ValidationError({"region": _("Choose a community (village) or a town (street).")})

    def stars_for(self, score):
        """The stars a review's score earns (0: not approved)."""
        for stars, at in ((5, self.five_stars_at), (4, self.four_stars_at), (3, self.three_stars_at)):
            if score >= at:
                return stars
        return 0

    @round_fsm("start_notice")
    def start_notice(self, *, starts, ends, by):
        self.notice_starts_at, self.notice_ends_at, self.published_by = starts, ends, by

    @round_fsm("confer")
    def confer(self, *, at):
        self.conferred_at = at


class StarCriterion(Orderable):
    """One criterion of the review (e.g. 孝老爱亲 20分), scored from 0 to its maximum."""

    round = ParentalKey(StarRound, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("criterion"), max_length=120)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10)

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.label


class StarEntry(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A household's declaration as the community reviewed it: the scores, the stars, the name it publishes."""

    wagtail_reference_index_ignore = True

    round = models.ForeignKey(StarRound, on_delete=models.PROTECT, related_name="entries")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="star_entry")
    published_name = models.CharField(_("name as published"), max_length=60)
    scores = models.JSONField(default=dict)  # {criterion pk (str): score}
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    stars = models.PositiveSmallIntegerField(_("stars"), default=0)
    state = FSMField(_("state"), default=EntryState.APPROVED, choices=EntryState.choices, protected=True)
    note = models.CharField(_("review note"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("star household")
        verbose_name_plural = _("star households")
        ordering = ["-stars", "-score", "pk"]

    def __str__(self):
        return self.published_name

    @entry_fsm("go_on_notice")
    def go_on_notice(self):
        """The entry is published with its round's list."""

    @entry_fsm("remove")
    def remove(self):
        """An upheld objection takes the household off the list."""

    @entry_fsm("confer")
    def confer(self):
        """The notice ended without an upheld objection."""


class StarObjection(models.Model):
    """An objection to a household on notice; its submission is a case the community handles like any matter.

    One per person (by keyed hash of the mobile number) per household: a second is refused.
    """

    wagtail_reference_index_ignore = True

    entry = models.ForeignKey(StarEntry, on_delete=models.PROTECT, related_name="objections")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="star_objection")
    phone_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=ObjectionState.choices, default=ObjectionState.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "phone_hash"], name="one_objection_per_person")]


class StarEvent(models.Model):
    """One line of a round's history; appended by :func:`programmes.stars.services.record` only."""

    round = models.ForeignKey(StarRound, on_delete=models.PROTECT, related_name="events")
    entry = models.ForeignKey(StarEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=StarEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["at", "pk"]
