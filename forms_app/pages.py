"""Forms are Wagtail pages: the forms index, a form page and its questions."""
import re
import uuid

from anyascii import anyascii
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.utils.decorators import cached_classmethod

from . import seams
from .admin_forms import FormPageAdminForm, QuestionSelect
from .builder import FormBuilder
from .constants import DEFAULT_UPLOAD_TYPES, FieldType, FormKind, RuleOperator
from .export import data_fields
from .flow import ResidentFlow
from .question_settings import unused_settings
from .services import submit
from .submissions import Submission


class FormsIndexPage(Page):
    """Lists the open forms of a community; editors add forms beneath it."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = seams.INDEX_CHILD_TYPES  # form pages, and the containers the rooms above add
    template = "forms_app/forms_index_page.html"

    class Meta:
        verbose_name = _("forms index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        forms = FormPage.objects.child_of(self).live().public().specific().order_by("path")
        # a form the gates refuse this visitor (a check-up to a resident, an objection filled in from its notice) is
        # not offered
        context["forms"] = [form for form in forms if not getattr(seams.form_access(request, form), "refusal", "")]
        # the containers a room above adds (a service guide) are listed first: they lead to forms of their own
        context["containers"] = self.get_children().live().public().not_type(FormPage).specific().order_by("path")
        return context


class FormField(AbstractFormField):
    """One question (or heading, text, page break) of a form.

    ``clean_name`` is the stable field id: set once from the label when the field
    is first saved and never changed, so answers, rules and export columns
    survive relabelling and reordering.
    """

    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(_("field type"), max_length=16, choices=FieldType.choices)
    field_type.required_on_save = True
    placeholder = models.CharField(_("placeholder"), max_length=255, blank=True)
    min_value = models.DecimalField(_("minimum"), max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("Numbers: what is counted, e.g. 桌, 人, 元 (shown in messages).")
    )
    min_length = models.PositiveIntegerField(_("minimum length"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    pattern = models.CharField(
        _("pattern"), max_length=255, blank=True, help_text=_("A regular expression the whole answer must match.")
    )
    pattern_message = models.CharField(
        _("pattern message"), max_length=255, blank=True, help_text=_("Shown when the answer does not match.")
    )
    allow_other = models.BooleanField(
        _("offer “other”"), default=False, help_text=_("Choice fields: add an “Other” option with a text box.")
    )
    weight = models.DecimalField(
        _("weight"), max_digits=7, decimal_places=2, default=1, blank=True,
        help_text=_("Check-up items: points for a full “yes”."),
    )
    max_upload_mb = models.PositiveSmallIntegerField(_("maximum file size (MB)"), default=10)
    upload_types = models.CharField(
        _("accepted file types"),
        max_length=100,
        default=DEFAULT_UPLOAD_TYPES,
        help_text=_("Comma-separated: jpg, png, gif, webp, heic, pdf."),
    )
    show_when_field = models.CharField(
        _("show only when field"),
        max_length=255,
        blank=True,
        help_text=_("An earlier question whose answer decides whether this one is shown."),
    )
    show_when_operator = models.CharField(
        _("condition"), max_length=16, choices=RuleOperator.choices, default=RuleOperator.EQUALS
    )
    show_when_value = models.CharField(_("value"), max_length=255, blank=True)
    personal = models.BooleanField(
        _("personal data"),
        default=False,
        help_text=_("A name, address or other answer that identifies the resident: masked for staff until "
                    "revealed with a reason. ID and mobile numbers always are."),
    )

    # Each setting shows only for the types that use it (forms_app.question_settings, static/forms_app/editor.js).
    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("field_type", classname="formbuilder-type", required_on_save=True)]),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("allow_other"), FieldPanel("personal")]),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldRowPanel([FieldPanel("default_value", classname="formbuilder-default"), FieldPanel("placeholder")]),
        FieldRowPanel([FieldPanel("min_value"), FieldPanel("max_value"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("max_upload_mb"), FieldPanel("upload_types")]),
        FieldPanel("weight"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_length"), FieldPanel("max_length")]),
                FieldRowPanel([FieldPanel("pattern"), FieldPanel("pattern_message")]),
            ],
            heading=_("Validation"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("show_when_field", widget=QuestionSelect),
                            FieldPanel("show_when_operator"), FieldPanel("show_when_value")])],
            heading=_("Show only when…"),
            classname="collapsed",
        ),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")

    def clean(self):
        """Settings the type does not use go back to their defaults; a check-up item needs its 分值 (weight)."""
        super().clean()
        for name in unused_settings(self.field_type):
            setattr(self, name, self._meta.get_field(name).get_default())
        if self.field_type == FieldType.CHECKUP_ITEM and (self.weight is None or self.weight <= 0):
            raise ValidationError({"weight": _("A check-up item needs a positive weight.")})

    def get_field_clean_name(self):
        """Pinyin snake case of the label (姓名 → xing_ming): readable in exports and rules."""
        name = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", anyascii(self.label or ""))
        name = re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()[:48].rstrip("_")
        return name if name and name[0].isalpha() else f"f_{name}" if name else f"f_{uuid.uuid4().hex[:8]}"

    @property
    def field_id(self):
        return self.clean_name or self.get_field_clean_name()


class FormPage(AbstractForm):
    """A request, survey or check-up form that residents fill in."""

    intro = RichTextField(_("introduction"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=FormKind.choices, default=FormKind.REQUEST)
    allow_anonymous = models.BooleanField(
        _("allow anonymous submissions"),
        default=True,
        help_text=_("If off, the form must have a mobile number question and residents must answer it."),
    )
    daily_limit = models.PositiveSmallIntegerField(
        _("daily limit per phone or device"),
        default=10,
        help_text=_("How many submissions one phone number (or, if anonymous, one device) may make per day."),
    )
    verify_phone = models.BooleanField(
        _("verify the phone number by SMS"),
        default=False,
        help_text=_("Before the submission is sent, the resident types a code sent by SMS to the mobile number "
                    "they gave; the daily limit then counts verified numbers."),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    always_review = models.BooleanField(
        _("always show check-your-answers page"),
        default=False,
        help_text=_("Forms with several steps always show it; single-page forms only when this is on."),
    )
    submission_readers = ParentalManyToManyField(
        "auth.Group",
        blank=True,
        related_name="+",
        verbose_name=_("who may read the answers"),
        help_text=_("Staff in these groups see this form's submissions and export them, with personal data "
                    "masked. Editing the form does not give this; cases stay with their handlers."),
    )
    offered_as_template = models.BooleanField(
        _("offer as a starting point for new forms"),
        default=False,
        db_default=False,
        help_text=_("Editors adding a form may start from a copy of this one: its questions, rules, case settings "
                    "and documents, as a draft with a title of their own."),
    )
    confirmation_text = RichTextField(_("confirmation text"), blank=True)
    privacy_notice = RichTextField(_("privacy notice"), blank=True)

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Questions")),
        FieldPanel("confirmation_text"),
        FieldPanel("privacy_notice"),
    ]
    form_settings_panels = [
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("allow_anonymous"), FieldPanel("daily_limit")]),
                FieldPanel("verify_phone"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("always_review"),
            ],
            heading=_("Access"),
        ),
        FieldPanel("submission_readers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("offered_as_template"),
    ]

    @cached_classmethod
    def get_edit_handler(cls):
        """The editor's tabs: ours, plus the panels and tabs the rooms above add (see forms_app.seams)."""
        return TabbedInterface(
            [
                ObjectList(cls.content_panels, heading=_("Content")),
                ObjectList([*cls.form_settings_panels, *seams.editor.settings_panels], heading=_("Form settings")),
                *seams.editor.tabs,
                ObjectList(AbstractForm.promote_panels, heading=_("Promote")),
                ObjectList(AbstractForm.settings_panels, heading=_("Settings")),
            ]
        ).bind_to_model(cls)

    parent_page_types = seams.FORM_PARENT_TYPES  # a forms index, or a container a room above adds
    subpage_types = []
    template = "forms_app/form_page.html"
    landing_page_template = "forms_app/form_page_landing.html"

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")

    base_form_class = FormPageAdminForm
    form_builder = FormBuilder

    def is_open(self, now=None):
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    def get_submission_class(self):
        return Submission

    def get_data_fields(self):
        return data_fields(self)

    def get_submissions_list_view_class(self):
        """Ours (masked answers, regions, retired questions), or the subclass a higher room set in forms_app.seams."""
        from .admin_views import SubmissionsListView  # import here: Wagtail's admin views cannot load with the models

        return seams.submissions_view() or SubmissionsListView

    def process_form_submission(self, form):
        """Store the answers in one transaction with whatever the registered receiver does (see services.submit)."""
        return submit(page=self, form=form)

    def serve(self, request, *args, **kwargs):
        return ResidentFlow(self, request).serve()

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return ResidentFlow(self, request, preview=True).confirmation_preview()
        return ResidentFlow(self, request, preview=True).serve()
