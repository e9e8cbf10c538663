"""The assessment's admin URLs, its entry in the Statistics menu and the supervisor's home panel."""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cases.selectors import has_workbench
from statistics_app.models import AssessmentScheme

from . import notice, views
from .panels import UnitLightsPanel


class AssessmentSchemeViewSet(SnippetViewSet):
    model = AssessmentScheme
    icon = "tasks"
    menu_label = _("Assessment schemes")
    add_to_admin_menu = False
    list_display = ["name", "is_active", "weight_on_time", "weight_satisfaction", "weight_resolution",
                    "min_cases", "updated_at"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("is_active")]),
        MultiFieldPanel([FieldRowPanel([FieldPanel("weight_on_time"), FieldPanel("weight_satisfaction"),
                                        FieldPanel("weight_resolution")])], heading=_("Weights (add up to 100)")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("deduction_per_reopen"), FieldPanel("deduction_per_urge")]),
                         FieldPanel("min_cases")], heading=_("Deductions and the minimum sample")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("yellow_below"), FieldPanel("red_below")]),
                         FieldRowPanel([FieldPanel("yellow_overdue_share"), FieldPanel("red_overdue_share")])],
                        heading=_("Lights")),
        FieldPanel("notice_template"),
    ]


register_snippet(AssessmentSchemeViewSet)


class AssessmentMenuItem(MenuItem):
    def is_shown(self, request):
        return has_workbench(request.user)


class SchemeMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("statistics_app.change_assessmentscheme")


@hooks.register("register_admin_urls")
def register_assessment_urls():
    return [
        path("statistics/assessment/", views.assessment, name="statistics_assessment"),
        path("statistics/assessment/notice/", views.issue_notice, name="statistics_assessment_notice"),
    ]


@hooks.register("register_statistics_menu_item")
def register_assessment_menu_item():
    return AssessmentMenuItem(_("Assessment"), reverse("statistics_assessment"), icon_name="order",
                              name="assessment", order=200)


@hooks.register("register_statistics_menu_item")
def register_scheme_menu_item():
    return SchemeMenuItem(_("Assessment schemes"), reverse("wagtailsnippets_statistics_app_assessmentscheme:list"),
                          icon_name="tasks", name="assessment-schemes", order=210)


@hooks.register("construct_homepage_panels")
def add_unit_lights(request, panels):
    if notice.can_issue(request.user):
        panels.append(UnitLightsPanel())
