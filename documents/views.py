"""Public verification (/verify/<code>/), the resident's download from the tracking page, staff downloads,
retry and revocation on the case page.

The verification page is for anyone holding the paper: it says whether the document is genuine, its
title, date and issuing body, and whether it was revoked or replaced by a newer one (naming the new
serial number); it shows no personal data.
"""
from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.selectors import cases_visible_to
from forms_app.throttle import limit
from forms_app.uploads import private_file_response

from . import services
from .constants import RENDERED_DOCUMENT_STATES, DocumentStatus
from .models import VERIFY_ALPHABET, VERIFY_LENGTH, Document

CODE_RE = re.compile(rf"^[{VERIFY_ALPHABET}]{{{VERIFY_LENGTH}}}$")


def normalise_code(raw: str) -> str:
    return re.sub(r"[\s\-]", "", (raw or "")).upper()[:32]


@never_cache
@require_http_methods(["GET", "HEAD"])
@limit("verify")
def verify(request, code=""):
    """/verify/ (a box to type the code) and /verify/<code>/ (the answer)."""
    typed = request.GET.get("code")
    if typed is not None and not code:
        wanted = normalise_code(typed)
        if CODE_RE.match(wanted):
            return redirect("verify_document", code=wanted)
        return TemplateResponse(request, "documents/verify.html", {"typed": typed, "invalid": True}, status=400)
    if not code:
        return TemplateResponse(request, "documents/verify.html", {})
    wanted = normalise_code(code)
    if wanted != code and CODE_RE.match(wanted):
        return redirect("verify_document", code=wanted)
    document = (Document.objects.filter(verify_code=wanted).exclude(status=DocumentStatus.FAILED)
                .select_related("superseded_by").first())
    if document is None:
        return TemplateResponse(request, "documents/verify.html", {"typed": code, "not_found": True}, status=404)
    return TemplateResponse(request, "documents/verify.html", {
        "document": document,
        "genuine": document.status == DocumentStatus.READY,
        "revoked": document.status == DocumentStatus.REVOKED,
        "pending": document.status == DocumentStatus.PENDING,
        "superseded": document.status == DocumentStatus.SUPERSEDED,
        "replacement": document.superseded_by,
    })


def pdf_response(document):
    """A document's PDF as a private download."""
    return private_file_response(document.file, content_type="application/pdf", filename=document.filename())


@never_cache
@require_GET
@limit("track")
def resident_download(request, token, pk):
    """The resident's copy, reached only through their private tracking link."""
    document = get_object_or_404(Document.objects.select_related("case"), pk=pk, case__tracking_token=token,
                                 status=DocumentStatus.READY)
    response = pdf_response(document)
    services.record_download(document)
    return response


# -- staff (admin URLs; the case is looked up through what the user may see) --------------------


def _staff_document(request, case_pk, pk):
    """A document of a case the user may see; a 404 for anything else."""
    return get_object_or_404(Document.objects.select_related("case"), pk=pk, case_id=case_pk,
                             case__in=cases_visible_to(request.user).values("pk"))


@require_GET
def staff_download(request, case_pk, pk):
    document = _staff_document(request, case_pk, pk)
    if document.status not in RENDERED_DOCUMENT_STATES or not document.file:
        raise Http404
    response = pdf_response(document)
    services.record_download(document, by=request.user)
    return response


@require_POST
def staff_retry(request, case_pk, pk):
    document = _staff_document(request, case_pk, pk)
    try:
        document = services.document_retry(document=document, by=request.user)
    except services.DocumentError as error:
        messages.error(request, error.message)
    else:
        document.refresh_from_db()
        if document.status == DocumentStatus.READY:
            messages.success(request, _("“%(title)s” was issued.") % {"title": document.title})
        elif document.status == DocumentStatus.FAILED:
            messages.error(request, _("“%(title)s” failed again: %(error)s") % {"title": document.title,
                                                                              "error": document.error})
        else:
            messages.success(request, _("“%(title)s” is being generated again.") % {"title": document.title})
    return redirect("cases_workbench_case", pk=case_pk)


@require_POST
def staff_revoke(request, case_pk, pk):
    document = _staff_document(request, case_pk, pk)
    try:
        services.document_revoke(document=document, by=request.user, reason=request.POST.get("reason", ""))
    except services.DocumentError as error:
        messages.error(request, error.message)
        if error.code == "forbidden":
            return redirect("cases_workbench_case", pk=case_pk)
    else:
        messages.success(request, _("“%(title)s” %(serial)s was revoked.") % {"title": document.title,
                                                                              "serial": document.serial})
    return redirect("cases_workbench_case", pk=case_pk)
