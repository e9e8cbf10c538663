"""文书台账: every issued document the user may see, searchable by serial number, code, title or case.

A county office keeps a ledger of what it issued; here it is a read-only listing (documents are never
edited or deleted, only revoked from their case page). A staff member sees the documents of the cases
in their reach and those of the batches they ran.
"""
from django.contrib.admin import RelatedFieldListFilter
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.views import IndexView

from cases.admin.modeladmin import ReadOnlyPermissionHelper
from organisation.access import memberships
from organisation.admin import ProjectModelAdmin, RefusesBadFilters

from . import services, subjects
from .constants import RENDERED_DOCUMENT_STATES
from .models import Document
from .selectors import documents_visible_to
from .views import pdf_response


def admin_column(label):
    """Give a listing column its heading."""
    def decorate(method):
        method.short_description = label
        return method
    return decorate


class RegisterPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_list(self, user):
        return bool(getattr(user, "is_superuser", False) or memberships(user)
                    or user.has_perm("documents.view_document") or user.has_perm("documents.add_documentbatch"))


class RegisterButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, **kwargs):
        return []


class RegisterIndexView(RefusesBadFilters, IndexView):
    def get_base_queryset(self, request=None):
        user = (request or self.request).user
        return documents_visible_to(user, Document.objects.select_related("case", "batch", "template"))


class TemplateFilter(RelatedFieldListFilter):
    """The register's filter by template, under its Chinese name (the field itself has none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("document template")


class DocumentRegisterAdmin(ProjectModelAdmin):
    model = Document
    menu_label = _("Document register")
    menu_icon = "list-ul"
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = RegisterIndexView
    permission_helper_class = RegisterPermissionHelper
    button_helper_class = RegisterButtonHelper
    list_display = ("serial", "title", "kind", "status", "recipient", "created_at", "download")
    list_filter = ("status", "kind", ("template", TemplateFilter))
    search_fields = ("serial", "verify_code", "title", "case__reference")
    list_per_page = 50

    @admin_column(_("case or batch"))
    def recipient(self, obj):
        if obj.case_id:
            return format_html('<a href="{}">{}</a>', reverse("cases_workbench_case", args=[obj.case_id]),
                               obj.case.reference)
        if obj.batch_id:
            return format_html('<a href="{}">{}</a>', reverse("documents_batch", args=[obj.batch_id]),
                               _("Batch %(pk)s") % {"pk": obj.batch_id})
        described = subjects.describe(obj)
        if described:
            label, url = described
            return format_html('<a href="{}">{}</a>', url, label) if url else label
        return ""

    @admin_column(_("PDF file"))
    def download(self, obj):
        if obj.status not in RENDERED_DOCUMENT_STATES:
            return obj.get_status_display()
        return format_html('<a href="{}">{}</a>', reverse("documents_register_download", args=[obj.pk]),
                           _("Download"))


@require_GET
def register_download(request, pk):
    """A document from the register: the same reach as the listing; downloads of case documents are logged."""
    if not RegisterPermissionHelper(Document).user_can_list(request.user):
        raise Http404
    document = get_object_or_404(documents_visible_to(request.user, Document.objects.select_related("case")), pk=pk,
                                 status__in=RENDERED_DOCUMENT_STATES, file__gt="")
    response = pdf_response(document)
    services.record_download(document, by=request.user)
    return response


def register_urls():
    return [path("documents/register/<id:pk>/download/", register_download, name="documents_register_download")]
