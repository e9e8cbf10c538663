"""The assessment scheme (考核方案): how units are scored, ranked and lit, edited in the admin without code.

One scheme is active at a time; making another one active retires the previous one (in the same
transaction), so the assessment page and the ranking notice always read exactly one. The scoring itself is
:mod:`statistics_app.assessment.scoring`, a pure function of a unit's figures and these numbers.
"""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class AssessmentScheme(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("E.g. 2026年度部门考核方案."))
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("The scheme the assessment page uses; activating one retires the "
                                                "others."))
    weight_on_time = models.PositiveSmallIntegerField(
        _("weight of the on-time rate (%)"), default=40, validators=PERCENT,
        help_text=_("Points for resolving by the deadline (按期办结率)."))
    weight_satisfaction = models.PositiveSmallIntegerField(
        _("weight of satisfaction (%)"), default=40, validators=PERCENT,
        help_text=_("Points for the residents' satisfaction (满意率)."))
    weight_resolution = models.PositiveSmallIntegerField(
        _("weight of the resolution rate (%)"), default=20, validators=PERCENT,
        help_text=_("Points for resolving the cases accepted (办结率)."))
    deduction_per_reopen = models.DecimalField(
        _("deduction per reopened case"), max_digits=5, decimal_places=2, default=Decimal("2"),
        validators=[MinValueValidator(0)], help_text=_("Points taken off for each case that had to be reopened."))
    deduction_per_urge = models.DecimalField(
        _("deduction per urge"), max_digits=5, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(0)], help_text=_("Points taken off each time a supervisor urged a case (督办)."))
    min_cases = models.PositiveSmallIntegerField(
        _("minimum number of cases"), default=5, validators=[MinValueValidator(1)],
        help_text=_("A unit with fewer cases accepted in the period is listed but not ranked (样本不足): small "
                    "numbers are not compared."))
    yellow_below = models.DecimalField(
        _("yellow below the score"), max_digits=5, decimal_places=1, default=Decimal("80"), validators=PERCENT,
        help_text=_("A ranked unit scoring less turns yellow."))
    red_below = models.DecimalField(
        _("red below the score"), max_digits=5, decimal_places=1, default=Decimal("60"), validators=PERCENT,
        help_text=_("A ranked unit scoring less turns red."))
    yellow_overdue_share = models.PositiveSmallIntegerField(
        _("yellow from the overdue share (%)"), default=10, validators=PERCENT,
        help_text=_("A unit turns yellow when at least this share of its open cases is overdue now."))
    red_overdue_share = models.PositiveSmallIntegerField(
        _("red from the overdue share (%)"), default=25, validators=PERCENT,
        help_text=_("A unit turns red when at least this share of its open cases is overdue now."))
    notice_template = models.ForeignKey(
        "documents.DocumentTemplate", verbose_name=_("ranking notice template"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The document template the monthly ranking notice (排榜通报) is issued from."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-is_active", "name"]
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=models.Q(is_active=True),
                                               name="one_active_assessment_scheme")]

    def __str__(self):
        return self.name

    @property
    def weights(self):
        return {"on_time": self.weight_on_time, "satisfaction": self.weight_satisfaction,
                "resolution": self.weight_resolution}

    def clean(self):
        super().clean()
        errors = {}
        total = sum(w or 0 for w in self.weights.values())
        if total != 100:
            errors["weight_resolution"] = _("The weights add up to %(total)s %%; they must add up to 100 %%.") % {
                "total": total}
        if self.red_below is not None and self.yellow_below is not None and self.red_below > self.yellow_below:
            errors["red_below"] = _("The red score must not be above the yellow score: a unit turns yellow before "
                                    "it turns red.")
        if (self.yellow_overdue_share is not None and self.red_overdue_share is not None
                and self.red_overdue_share <= self.yellow_overdue_share):
            errors["red_overdue_share"] = _("The red overdue share must be above the yellow one.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        """Activating a scheme retires the active one (:meth:`save`): the form must not refuse it for that."""
        super().validate_constraints(exclude={*(exclude or ()), "is_active"})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.is_active:
                AssessmentScheme.objects.filter(is_active=True).exclude(pk=self.pk).update(is_active=False)
            super().save(*args, **kwargs)

    @classmethod
    def active(cls):
        """The scheme in force; the defaults (unsaved) when none is active, so the page always answers."""
        return cls.objects.filter(is_active=True).select_related("notice_template").first() or cls(
            name=str(_("Default scheme")))


from .rollup.models import MonthCounts, MonthDurations, MonthResolved, RollupMonth, RollupStale  # noqa: E402,F401
