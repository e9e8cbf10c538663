"""Wagtail admin integration of cases: the workbench listing and page, bulk actions, dashboard, stylesheet."""
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from .admin import views
from .admin.modeladmin import CaseAdmin
from .admin.panels import CaseDashboardPanel
from .selectors import has_workbench

modeladmin_register(CaseAdmin)


@hooks.register("register_admin_urls")
def register_workbench_urls():
    return [
        path("cases/workbench/bulk/", views.bulk_action, name="cases_workbench_bulk"),
        path("cases/workbench/<id:pk>/", views.case_detail, name="cases_workbench_case"),
        path("cases/workbench/<id:pk>/do/<slug:action>/", views.case_action, name="cases_workbench_action"),
        path("cases/workbench/<id:pk>/files/<id:file_pk>/", views.case_file, name="cases_workbench_file"),
    ]


@hooks.register("construct_homepage_panels")
def add_case_dashboard(request, panels):
    if has_workbench(request.user):
        panels.append(CaseDashboardPanel())


@hooks.register("insert_global_admin_css")
def workbench_css():
    return format_html('<link rel="stylesheet" href="{}">', static("cases/admin.css"))
