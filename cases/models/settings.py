"""How a form's submissions are handled as cases: the *Handling* panel of the form page.

These settings belong to the cases room but live on the form page: a ParentalKey child, saved in the
page's revisions and published with it, shown on its *Form settings* tab (forms_app.seams). A form
without a row here is handled with the defaults (the full loop, the prefix of its kind, no deadline
of its own, no category).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from organisation.widgets import CategoryChooser

from ..constants import DEFAULT_REFERENCE_PREFIX, DeadlineStart, Workflow

#: Which deadline wins (cases.deadlines.allowed_time), said where the editor sets it.
DEADLINE_HELP = _("Time allowed to handle a case from this form. When the form sets it, the form's deadline wins "
                  "over its category's (a category that counts working days only still counts them); empty: the "
                  "category's deadline, else the platform's default.")
DEFAULT_CATEGORY_HELP = _("Leave empty when no category fits: a form needs no category, and its notices then name "
                          "the form. Used when the answer names no known category; check-ups that fail open "
                          "rectification in it.")


class FormCaseSettings(models.Model):
    """A form's workflow, reference prefix, deadline, category, summary question and pass mark."""

    page = ParentalKey("forms_app.FormPage", on_delete=models.CASCADE, related_name="case_settings")
    workflow = models.CharField(_("workflow"), max_length=16, choices=Workflow.choices, default=Workflow.HANDLING)
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=8,
        blank=True,
        help_text=_("Letters before reference numbers, e.g. SQ gives SQ-2026-000123. Empty: by kind."),
    )
    deadline_hours = models.PositiveIntegerField(
        _("deadline (hours)"), null=True, blank=True, help_text=_("Time allowed to handle a case from this form.")
    )
    deadline_starts = models.CharField(
        _("deadline starts"), max_length=16, choices=DeadlineStart.choices, default=DeadlineStart.DISPATCH,
        db_default=DeadlineStart.DISPATCH,
        help_text=_("A service's time limit is promised to the applicant from the day of application: "
                    "choose “at submission” and dispatching, returning or re-dispatching the case never gives it "
                    "a new due time. A dispatcher's own time for one dispatch still wins."),
    )
    category_question = models.CharField(
        _("category question"),
        max_length=255,
        blank=True,
        help_text=_("Label or field id of the question whose answer names the case category (e.g. 诉求类别)."),
    )
    summary_question = models.CharField(
        _("summary question"),
        max_length=255,
        blank=True,
        help_text=_("Label or field id of the question whose answer sums up the matter in the case listing "
                    "(e.g. 问题描述). Empty: the first text answer. Personal answers are shown masked."),
    )
    default_category = models.ForeignKey(
        "organisation.Category",
        verbose_name=_("default category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Used when the answer names no known category; check-ups that fail open rectification in it."),
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Check-ups: a score below this share of the maximum opens rectification."),
    )

    retention_days = models.PositiveIntegerField(
        _("keep personal data (days)"),
        null=True,
        blank=True,
        help_text=_("Days after a case is closed before its resident's personal data is anonymised. "
                    "Empty: the site's default (RETENTION_DAYS)."),
    )

    publish_on_board = models.BooleanField(
        _("publish resolved matters on the results board"),
        default=False,
        db_default=False,
        help_text=_("Resolved cases of this form may be listed on the public results board (成绩晒单), each with "
                    "a short summary staff write or approve: never a name, phone, ID number, address or photo."),
    )

    sms_phone_question = models.CharField(
        _("SMS phone question"), max_length=255, blank=True, default="", db_default="",
        help_text=_("Label or field id of the mobile number question that SMS notices go to. Empty: no SMS."),
    )
    sms_consent_question = models.CharField(
        _("SMS consent question"), max_length=255, blank=True, default="", db_default="",
        help_text=_("Label or field id of the checkbox the resident ticks to agree to SMS notices (e.g. “我同意接收"
                    "办理进度短信”). Without the tick no SMS is sent; e-mail still goes to those who give an address."),
    )

    panels = [
        FieldPanel("workflow"),
        FieldRowPanel([FieldPanel("reference_prefix"), FieldPanel("deadline_hours", help_text=DEADLINE_HELP),
                       FieldPanel("deadline_starts"), FieldPanel("pass_mark")]),
        FieldRowPanel([FieldPanel("category_question"),
                       FieldPanel("default_category", help_text=DEFAULT_CATEGORY_HELP, widget=CategoryChooser)]),
        FieldPanel("summary_question"),
        FieldPanel("retention_days"),
        FieldPanel("publish_on_board"),
        FieldRowPanel([FieldPanel("sms_phone_question"), FieldPanel("sms_consent_question")]),
    ]

    class Meta:
        verbose_name = _("case handling")
        verbose_name_plural = _("case handling")
        constraints = [models.UniqueConstraint(fields=["page"], name="one_case_settings_per_form")]

    def __str__(self):
        return str(self.get_workflow_display())

    def reference_prefix_for(self, page):
        return reference_prefix(page, self.reference_prefix)


def reference_prefix(page, own=""):
    """The letters before a form's reference numbers: its own, else those of its kind."""
    return own or DEFAULT_REFERENCE_PREFIX.get(page.kind, "SQ")
