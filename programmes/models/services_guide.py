"""便民服务: the service guide (办事指南) as Wagtail pages staff edit, each service linking to its application form.

A service is a page, not a setting: editors write what it is for, who may apply, the materials, the fee and the
office in Wagtail's editor, with drafts, revisions and page permissions. Its *time limit* is not written twice:
it is the deadline of its application form's *Handling* panel, the same setting that gives each application's
case its due time (``time_limit`` below), so the guide never promises 3 days for a case due in 5.
The application forms live under the guide (``forms_app.seams.add_form_container``), beside their services.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cases.constants import Workflow
from cases.deadlines import allowed_time
from cases.handling import handling_for
from documents.values import time_limit as time_limit_text
from forms_app.constants import FormKind
from organisation.models import Category


class ServiceGuidePage(Page):
    """办事指南: the list of services a county offers residents, with the forms to apply for them beneath it."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["forms_app.FormsIndexPage"]
    subpage_types = ["programmes.ServicePage", "forms_app.FormPage"]
    template = "programmes/services_guide/guide_page.html"

    class Meta:
        verbose_name = _("service guide")
        verbose_name_plural = _("service guides")

    def services(self):
        return (ServicePage.objects.child_of(self).live().public().select_related("application_form")
                .order_by("path"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services = list(self.services())
        # each time limit counts as its form's category counts: the categories in one query, not one a service
        ids = {handling_for(s.application_form).default_category_id for s in services if s.application_form_id}
        categories = Category.objects.in_bulk(ids - {None})
        for service in services:
            service.categories = categories
        context["services"] = services
        return context


class ServicePage(Page):
    """One service of the guide: what it is for, who may apply, materials, time limit, fee, office, the form."""

    summary = models.CharField(_("in one line"), max_length=200, blank=True,
                               help_text=_("Shown in the guide's list, e.g. 用于证明在本社区实际居住。"))
    purpose = RichTextField(_("what it is for"))
    eligibility = RichTextField(_("who may apply"))
    materials = RichTextField(_("materials needed"))
    fee = models.CharField(_("fee"), max_length=100, blank=True,
                           help_text=_("Empty: free of charge (most certificates are)."))
    office = models.CharField(_("office"), max_length=200, help_text=_("Where to go, e.g. 幸福社区党群服务中心一楼便民窗口."))
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    phone = models.CharField(_("enquiries phone"), max_length=40, blank=True)
    application_form = models.ForeignKey(
        "forms_app.FormPage", verbose_name=_("application form"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The form residents apply with (a request form with the full case loop). Its Handling panel's "
                    "deadline is the service's time limit; its Documents tab issues the certificate on resolve "
                    "and the refusal notice on reject. Empty: a guide only (the service is applied for elsewhere)."))
    where_else = RichTextField(_("how to apply elsewhere"), blank=True,
                               help_text=_("For a guide only: where and how the service is applied for."))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("purpose"),
        FieldPanel("eligibility"),
        FieldPanel("materials"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("fee"), FieldPanel("phone")]), FieldPanel("office"),
                         FieldPanel("office_hours")], heading=_("Office and fee")),
        PageChooserPanel("application_form", "forms_app.FormPage"),
        FieldPanel("where_else"),
    ]
    parent_page_types = ["programmes.ServiceGuidePage"]
    subpage_types = []
    template = "programmes/services_guide/service_page.html"

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def clean(self):
        """An application form must be a request handled as cases: a survey or a record would issue nothing."""
        super().clean()
        form = self.application_form
        if form is None:
            return
        if form.kind != FormKind.REQUEST or handling_for(form).workflow != Workflow.HANDLING:
            raise ValidationError({"application_form": _(
                "Choose a request form with the full case loop (Handling panel): only its cases are approved "
                "or refused, with a certificate or a notice.")})

    @property
    def fee_text(self):
        return self.fee or _("Free of charge")

    def allowed(self):
        """(hours, working days only) of the application form's deadline, as its cases are given; None without."""
        form = self.application_form
        if form is None:
            return None
        handling = handling_for(form)
        category = None
        if handling.default_category_id:
            known = getattr(self, "categories", None)  # set by the guide for all its services at once
            category = known.get(handling.default_category_id) if known is not None else \
                Category.objects.filter(pk=handling.default_category_id).first()
        return allowed_time(handling.deadline_hours, category)

    @property
    def time_limit(self):
        """办理时限 as the guide prints it (e.g. 3个工作日), from the form's deadline; empty without one."""
        allowed = self.allowed()
        return time_limit_text(*allowed) if allowed else ""
