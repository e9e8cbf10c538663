"""Wagtail admin integration of documents: templates, the register, batches, the case page's document actions."""
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import modeladmin_register

from organisation.models import AccessLogEntry

from . import batch_views, views
from .admin import DocumentTemplateViewSet
from .models import Document, DocumentBatch
from .register import DocumentRegisterAdmin, register_urls

register_snippet(DocumentTemplateViewSet)
modeladmin_register(DocumentRegisterAdmin)


@hooks.register("register_admin_urls")
def register_document_urls():
    return [
        path("cases/workbench/<id:case_pk>/documents/<id:pk>/", views.staff_download,
             name="cases_workbench_document"),
        path("cases/workbench/<id:case_pk>/documents/<id:pk>/retry/", views.staff_retry,
             name="cases_workbench_document_retry"),
        path("cases/workbench/<id:case_pk>/documents/<id:pk>/revoke/", views.staff_revoke,
             name="cases_workbench_document_revoke"),
        *register_urls(),
        path("documents/batches/", batch_views.batch_index, name="documents_batches"),
        path("documents/batches/sample/", batch_views.batch_sample, name="documents_batch_sample"),
        path("documents/batches/<id:pk>/", batch_views.batch_detail, name="documents_batch"),
        path("documents/batches/<id:pk>/status/", batch_views.batch_status, name="documents_batch_status"),
        path("documents/batches/<id:pk>/download/", batch_views.batch_download, name="documents_batch_download"),
    ]


class BatchMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("documents.add_documentbatch")


@hooks.register("register_admin_menu_item")
def register_batch_menu_item():
    return BatchMenuItem(_("Batch documents"), reverse("documents_batches"), icon_name="doc-full-inverse",
                         order=260, name="document-batches")


@hooks.register("insert_global_admin_css")
def documents_css():
    return format_html('<link rel="stylesheet" href="{}">', static("documents/admin.css"))


@hooks.register("register_log_actions")
def documents_in_the_access_log(actions):
    """Downloads of documents and batches go to the record of access, readable by region."""
    actions.register_model(Document, AccessLogEntry)
    actions.register_model(DocumentBatch, AccessLogEntry)
