"""Wagtail admin integration of cases: the workbench listing and page, bulk actions, dashboard, stylesheet."""
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from organisation.models import AccessLogEntry

from .admin import entry, part_views, reveal, sms, summary, views
from .admin.modeladmin import CaseAdmin
from .admin.panels import CaseDashboardPanel, SupervisionPanel
from .models import Case, CaseFile
from .permissions import may_enter_matters
from .selectors import has_workbench, supervises

modeladmin_register(CaseAdmin)
views.register_case_section(summary.summary_section)
views.register_case_section(sms.sms_section)
register_snippet(sms.SmsTemplateViewSet)


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
        path("cases/enter/", entry.enter_matter, name="cases_enter"),
        path("cases/enter/<id:page_id>/stop/", entry.entry_stop, name="cases_entry_stop"),
        path("cases/enter/receipt/<id:pk>/", entry.entry_receipt, name="cases_entry_receipt"),
        path("cases/enter/receipt/<id:pk>/sms/", entry.entry_receipt_sms, name="cases_entry_receipt_sms"),
    ]


class EntryMenuItem(MenuItem):
    def is_shown(self, request):
        return may_enter_matters(request.user)


@hooks.register("register_admin_menu_item")
def register_entry_menu_item():
    """录入诉求 in the menu, for staff who may enter matters (cases.permissions.may_enter_matters)."""
    return EntryMenuItem(_("Enter a matter"), reverse("cases_enter"), name="enter-a-matter", icon_name="form",
                         order=151)


@hooks.register("construct_homepage_panels")
def add_case_dashboard(request, panels):
    if may_enter_matters(request.user):
        panels.append(entry.EntryPanel())
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
