"""What the documents room shows on the cases room's pages: the resident's tracking page and the
workbench's case page (registered in DocumentsConfig.ready)."""
from django.template.loader import render_to_string

from .constants import RENDERED_DOCUMENT_STATES, DocumentStatus
from .services import can_manage, can_revoke


def resident_documents(request, case):
    """The case's documents on the tracking page: ready ones to download, pending ones by name."""
    documents = list(case.documents.exclude(status=DocumentStatus.FAILED))
    return render_to_string("documents/track_section.html", {"case": case, "documents": documents}, request=request)


def case_documents(request, case):
    """The case's documents on the workbench, with download, retry and revoke where the user may."""
    user = request.user
    manage = can_manage(case, user)
    rows = [{
        "document": document,
        "downloadable": document.status in RENDERED_DOCUMENT_STATES and bool(document.file),
        "retry": manage and document.status == DocumentStatus.FAILED,
        "revoke": document.status == DocumentStatus.READY and can_revoke(document, user),
    } for document in case.documents.select_related("superseded_by")]
    return render_to_string("documents/admin/case_section.html", {"case": case, "documents": rows}, request=request)
