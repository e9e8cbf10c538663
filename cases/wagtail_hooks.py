"""Wagtail admin integration of cases: the workbench listing and page, bulk actions, settings, dashboard."""
from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from .admin import views
from .documents import batch_views
from .documents import views as document_views
from .documents.admin import DocumentTemplateViewSet
from .documents.register import DocumentRegisterAdmin, register_urls
from .admin.modeladmin import CaseAdmin, CaseSettingsGroup
from .admin.panels import CaseDashboardPanel

modeladmin_register(CaseAdmin)
modeladmin_register(CaseSettingsGroup)
register_snippet(DocumentTemplateViewSet)
modeladmin_register(DocumentRegisterAdmin)


@hooks.register("register_admin_urls")
def register_workbench_urls():
    return [
        path("cases/workbench/bulk/", views.bulk_action, name="cases_workbench_bulk"),
        path("cases/workbench/<int:pk>/", views.case_detail, name="cases_workbench_case"),
        path("cases/workbench/<int:pk>/do/<slug:action>/", views.case_action, name="cases_workbench_action"),
        path("cases/workbench/<int:pk>/files/<int:file_pk>/", views.case_file, name="cases_workbench_file"),
        path("cases/workbench/<int:case_pk>/documents/<int:pk>/", document_views.staff_download,
             name="cases_workbench_document"),
        path("cases/workbench/<int:case_pk>/documents/<int:pk>/retry/", document_views.staff_retry,
             name="cases_workbench_document_retry"),
        path("cases/workbench/<int:case_pk>/documents/<int:pk>/revoke/", document_views.staff_revoke,
             name="cases_workbench_document_revoke"),
        *register_urls(),
        path("documents/batches/", batch_views.batch_index, name="documents_batches"),
        path("documents/batches/<int:pk>/", batch_views.batch_detail, name="documents_batch"),
        path("documents/batches/<int:pk>/status/", batch_views.batch_status, name="documents_batch_status"),
        path("documents/batches/<int:pk>/download/", batch_views.batch_download, name="documents_batch_download"),
    ]


@hooks.register("register_admin_menu_item")
def register_batch_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.menu import MenuItem

    class BatchMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("cases.add_documentbatch")

    return BatchMenuItem(_("Batch documents"), reverse("documents_batches"), icon_name="doc-full-inverse",
                         order=260, name="document-batches")


@hooks.register("construct_homepage_panels")
def add_case_dashboard(request, panels):
    if views.user_has_workbench(request.user):
        panels.append(CaseDashboardPanel())


@hooks.register("insert_global_admin_css")
def workbench_css():
    from django.utils.html import format_html

    return format_html("<style>{}</style>", WORKBENCH_CSS)


WORKBENCH_CSS = """
.case-light{display:inline-flex;align-items:center;gap:.35em;padding:.1em .6em;border-radius:1em;font-weight:600;
 border:1px solid currentColor;white-space:nowrap}
.case-light__dot{width:.7em;height:.7em;border-radius:50%;background:currentColor}
.case-light--green{color:#0b6b2b;background:#e3f5e9}
.case-light--yellow{color:#7a4d00;background:#fff3cd}
.case-light--red{color:#a4001d;background:#fde2e4}
.case-light--none{color:#555;border-style:dashed}
.case-dashboard{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:0}
.case-dashboard li a{display:block;min-width:9rem;padding:.8rem 1rem;border-radius:.4rem;border:1px solid #ccc;
 text-decoration:none}
.case-dashboard__more{margin-top:1rem}
.case-dashboard .count{display:block;font-size:2rem;font-weight:700}
.case-actions details{margin:.4rem 0;border:1px solid #ddd;border-radius:.3rem;padding:.4rem .8rem}
.case-actions summary{cursor:pointer;font-weight:600}
.case-dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.2rem}
.case-dl dt{font-weight:600}
.case-bulk{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:0 0 1rem}
.case-scope{display:flex;gap:.5rem;margin:0 0 1rem}
.doc-placeholders__list{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));
 gap:.3rem .8rem}
.doc-progress{width:100%;max-width:40rem;height:1.4rem}
"""
