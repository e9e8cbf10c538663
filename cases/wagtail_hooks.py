"""Wagtail admin integration of cases: the workbench listing and page, bulk actions, dashboard, stylesheet."""
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from organisation.models import AccessLogEntry

from .admin import part_views, reveal, summary, views
from .admin.modeladmin import CaseAdmin
from .admin.panels import CaseDashboardPanel, SupervisionPanel
from .models import Case, CaseFile
from .selectors import has_workbench, supervises

modeladmin_register(CaseAdmin)
views.register_case_section(summary.summary_section)


@hooks.register("register_admin_urls")
def register_workbench_urls():
    return [
        path("cases/workbench/bulk/", views.bulk_action, name="cases_workbench_bulk"),
        path("cases/workbench/<id:pk>/", views.case_detail, name="cases_workbench_case"),
        path("cases/workbench/<id:pk>/do/<slug:action>/", views.case_action, name="cases_workbench_action"),
        path("cases/workbench/<id:pk>/parts/<id:part_pk>/do/<slug:action>/", part_views.part_action,
             name="cases_workbench_part_action"),
        path("cases/workbench/<id:pk>/files/<id:file_pk>/", views.case_file, name="cases_workbench_file"),
        path("cases/workbench/<id:pk>/reveal/", reveal.reveal, name="cases_workbench_reveal"),
        path("cases/workbench/<id:pk>/personal-data/", reveal.subject_export, name="cases_workbench_subject_export"),
        path("cases/workbench/<id:pk>/erase/", reveal.subject_erase, name="cases_workbench_subject_erase"),
        path("cases/workbench/<id:pk>/public-summary/", summary.publish_summary, name="cases_workbench_public_summary"),
    ]


@hooks.register("construct_homepage_panels")
def add_case_dashboard(request, panels):
    if has_workbench(request.user):
        panels.append(CaseDashboardPanel())
    if supervises(request.user):
        panels.append(SupervisionPanel())


@hooks.register("insert_global_admin_css")
def workbench_css():
    return format_html('<link rel="stylesheet" href="{}">', static("cases/admin.css"))


@hooks.register("register_log_actions")
def cases_in_the_access_log(actions):
    """Entries about cases and their staff files go to the record of access, readable by region."""
    actions.register_model(Case, AccessLogEntry)
    actions.register_model(CaseFile, AccessLogEntry)
