"""Issuing, generating, retrying, revoking and downloading documents.

Issuing happens inside the transaction of the case event that calls for the document (the cases
room's signal, see :mod:`documents.receivers`): the row (with its serial number, drawn under the
counter's row lock) lands with the event or not at all. The PDF is rendered after commit by a
background task (:func:`documents.tasks.generate_document`); rendering is idempotent (a document
already issued is left alone) and a failure only marks the document failed, for staff to retry from
the case page: the case and the submission never depend on it.
"""
from __future__ import annotations

import logging
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from cases.clock import now
from cases.events import record
from cases.numbering import next_number
from cases.permissions import can_dispatch, can_supervise, can_view, is_team_handler
from cases.tasks import MAX_ATTEMPTS, enqueue_with_commit, retry_later
from forms_app.published import per_published_version
from organisation import audit
from organisation.access import is_root

from . import compose
from .constants import RENDERED_DOCUMENT_STATES, DocumentStatus
from .models import Document, DocumentTemplate, FormDocumentRule
from .render import MissingGlyphsError
from .tally import count_done
from .values import values_for_case

log = logging.getLogger(__name__)


class DocumentError(Exception):
    """A refused action on a document, with a message for the person who tried it."""

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message, self.code = message, code


# -- serial numbers -------------------------------------------------------------


def next_serial(template, *, at=None) -> str:
    """镇赉证字〔2026〕第000123号: per template and year, never repeated (see cases.numbering.next_number)."""
    year = timezone.localdate(at).year
    number = next_number(f"DOC-{template.pk}", year)
    return f"{template.serial_prefix}〔{year}〕第{number:06d}号"


# -- issuing (inside the event's transaction) --------------------------------------------


_rules_cache: dict = {}


def rules_for(form, trigger):
    """The templates ``form`` issues on ``trigger``, in order.

    Rules are part of the form page and change only when it is published, so they are read once per
    process and published version (like the form's questions, see forms_app.flow.published_fields):
    a submission to a form without rules costs no query for them.
    """
    rules = per_published_version(_rules_cache, form, lambda: tuple(
        FormDocumentRule.objects.filter(page_id=form.pk).order_by("sort_order", "pk")
        .values_list("trigger", "template_id")
    ))
    wanted = [template_id for rule_trigger, template_id in rules if rule_trigger == trigger]
    if not wanted:
        return []
    templates = DocumentTemplate.objects.in_bulk(wanted)
    return [templates[pk] for pk in wanted if pk in templates]


def issue_for_trigger(case, trigger, event) -> list[Document]:
    """Create the documents the case's form attaches to ``trigger``; render them after commit."""
    assert transaction.get_connection().in_atomic_block, "documents are issued inside the event's transaction"
    documents = []
    for template in rules_for(case.form, trigger):
        document = issue(template, key=f"case:{case.pk}:event:{event.pk}:template:{template.pk}",
                         case=case, event=event, trigger=trigger)
        supersede_earlier(document)
        documents.append(document)
    if documents:
        schedule([d.pk for d in documents])
    return documents


def issue(template, *, key, case=None, event=None, batch=None, trigger="", row_values=None):
    """A pending document with its serial; ``key`` (unique) names the event or batch row it belongs to."""
    at = now()
    return Document.objects.create(
        template=template, case=case, event=event, batch=batch, key=key, trigger=trigger,
        serial=next_serial(template, at=at), title=template.title, issuer=template.issuer, kind=template.kind,
        body=template.body, footer=template.footer, page_format=template.page_format,
        row_values=row_values or {}, created_at=at, queued_at=at,
    )


#: States of an earlier document that a new one of the same case, template and trigger replaces.
REPLACEABLE_STATES = (DocumentStatus.READY, DocumentStatus.PENDING)


def supersede_earlier(document):
    """The case's earlier documents of this template and trigger are replaced by ``document``.

    A case resolved, reopened by a low rating and resolved again issues a new 办结告知书: the first one no
    longer states the result, so it is marked replaced (with a line in the case's history) and /verify/
    names the new serial, instead of staying valid until someone thinks of revoking it.
    """
    earlier = (Document.objects.select_for_update().filter(
        case_id=document.case_id, template_id=document.template_id, trigger=document.trigger,
        batch__isnull=True, status__in=REPLACEABLE_STATES).exclude(pk=document.pk).order_by("pk"))
    at = now()
    for old in earlier:
        old.status, old.superseded_by, old.superseded_at = DocumentStatus.SUPERSEDED, document, at
        old.save(update_fields=["status", "superseded_by", "superseded_at"])
        _log(old, "document_superseded", public=True, note=_("Replaced by %(serial)s.") % {"serial": document.serial},
             extra={"superseded_by": document.pk, "superseded_by_serial": document.serial})


def schedule(document_ids):
    """Generate the documents once the transaction commits (their tasks are queued with it, see enqueue_with_commit)."""
    enqueue_with_commit(generate_document, *({"document_id": pk} for pk in document_ids))


# -- generating (the background task's work) --------------------------------------------


def values_for(document) -> dict:
    if document.case_id is not None:
        case = document.case
        # A batch about cases may carry values a room above registered (星级文明户: the stars conferred); the
        # case's own values come last, so a row never changes whom the document names.
        extra = {k: v for k, v in (document.row_values or {}).items() if not k.startswith("_")}
        return {**extra, **values_for_case(case, event=document.event)}
    return dict(document.row_values)


def build(document) -> bytes:
    """The PDF of a document: the wording issued with it, filled with its values as they are now."""
    printed = compose.Issue(serial=document.serial, verify_code=document.verify_code,
                          display_code=document.display_code, issued_at=document.created_at,
                          title=document.title, issuer=document.issuer)
    # the wording issued with the document; the seal is the template's current image
    wording = SimpleNamespace(body=document.body, footer=document.footer, page_format=document.page_format,
                              seal=document.template.seal)
    return compose.render(wording, values_for(document), printed).pdf


def generate(document_id) -> Document:
    """Render and store one document unless it is already issued (or revoked). Safe to run twice."""
    document = Document.objects.select_related("template", "case__form", "case__submission", "case__region",
                                               "case__department", "case__category", "event").get(pk=document_id)
    if _rendered(document):
        return document
    try:
        pdf = build(document)
    except Exception as error:  # noqa: BLE001  (any failure: record it for staff, never lose the case)
        log.warning("Document %s failed: %s", document.pk, error, exc_info=not isinstance(error, ValueError))
        return _mark_failed(document, error)
    with transaction.atomic():
        fresh = Document.objects.select_for_update().get(pk=document.pk)
        if _rendered(fresh):
            return fresh  # another worker finished it meanwhile
        fresh.file.save(f"{fresh.pk}-{fresh.verify_code}.pdf", ContentFile(pdf), save=False)
        fresh.size, fresh.error = len(pdf), ""
        if fresh.status != DocumentStatus.SUPERSEDED:  # replaced before its PDF was made: it stays replaced
            fresh.status = DocumentStatus.READY
        fresh.issued_at, fresh.attempts = now(), fresh.attempts + 1
        fresh.save()
        if fresh.case_id and fresh.status == DocumentStatus.READY:
            _log(fresh, "document_issued", public=True)
        if fresh.batch_id:
            count_done(fresh.batch_id, ok=True)
    return fresh


def _rendered(document):
    """Issued already (or revoked): generation leaves it alone. A replaced one may still lack its PDF."""
    if document.status == DocumentStatus.SUPERSEDED:
        return bool(document.file)
    return document.status in RENDERED_DOCUMENT_STATES


@task()
def generate_document(document_id):
    """Render one document (:func:`generate`) in the background; a transient failure is tried again later."""
    document = generate(document_id)
    if awaits_retry(document):
        retry_later(generate_document, after_attempt=document.attempts, document_id=document_id)
    return document.status


def awaits_retry(document):
    """A transient failure was recorded (a full disk, a lost connection): still pending, with attempts left."""
    return document.status == DocumentStatus.PENDING and bool(document.error) and document.attempts < MAX_ATTEMPTS


def _mark_failed(document, error):
    if isinstance(error, MissingGlyphsError):
        message = _("These characters are in no installed font, so they would print as blank boxes: %(chars)s. "
                    "Install a font that has them, then retry.") % {"chars": " ".join(error.chars)}
    else:
        message = f"{type(error).__name__}: {error}"[:2000]
    # A full disk or a lost connection may pass: try again later. A template or font problem will not.
    transient = isinstance(error, (OSError, ConnectionError)) and not isinstance(error, MissingGlyphsError)
    with transaction.atomic():
        fresh = Document.objects.select_for_update().get(pk=document.pk)
        if fresh.status != DocumentStatus.PENDING:
            return fresh
        fresh.attempts += 1
        fresh.error = message
        if transient and fresh.attempts < MAX_ATTEMPTS:  # stays pending: see awaits_retry
            fresh.save(update_fields=["error", "attempts"])
            return fresh
        fresh.status = DocumentStatus.FAILED
        fresh.save(update_fields=["status", "error", "attempts"])
        if fresh.case_id:
            _log(fresh, "document_failed", public=False, note=message)
        if fresh.batch_id:
            count_done(fresh.batch_id, ok=False, line=fresh.row_values.get("_line"), message=message)
    return fresh


def _log(document, name, *, public, note="", actor=None, extra=None):
    record(document.case, name, by=actor, note=note, public=public,
           data={"document": document.pk, "title": document.title, "serial": document.serial, **(extra or {})})


# -- staff actions -------------------------------------------------------------------


def can_manage(case, user):
    """Whoever handles, dispatches or supervises the case may retry its documents."""
    return can_dispatch(case, user) or can_supervise(case, user) or is_team_handler(case, user)


def can_revoke(document, user):
    """The case's supervisors, or holders of *Can revoke issued documents* who see the case (any batch document)."""
    if is_root(user):
        return True
    if document.case_id is None:
        return user.has_perm("documents.revoke_document")
    return can_supervise(document.case, user) or (user.has_perm("documents.revoke_document")
                                                  and can_view(document.case, user))


def document_retry(*, document, by):
    """Put a failed document back in the queue (same serial, same code)."""
    with transaction.atomic():
        fresh = Document.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
        if fresh.case_id and not can_manage(fresh.case, by):
            raise DocumentError(_("You may not do this on this case."), code="forbidden")
        if fresh.status != DocumentStatus.FAILED:
            raise DocumentError(_("Only a document whose generation failed can be retried."), code="not_allowed")
        fresh.status, fresh.error, fresh.queued_at = DocumentStatus.PENDING, "", now()
        fresh.save(update_fields=["status", "error", "queued_at"])
        if fresh.case_id:
            _log(fresh, "document_retried", public=False, actor=by)
        schedule([fresh.pk])
    return fresh


def document_revoke(*, document, by, reason):
    """作废: the document stays on record, and /verify/ tells anyone who checks it that it was revoked."""
    reason = (reason or "").strip()
    if not reason:
        raise DocumentError(_("Give the reason for revoking the document."), code="missing_input")
    with transaction.atomic():
        fresh = Document.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
        if not can_revoke(fresh, by):
            raise DocumentError(_("You may not revoke this document."), code="forbidden")
        if fresh.status == DocumentStatus.REVOKED:
            raise DocumentError(_("This document was already revoked."), code="not_allowed")
        fresh.status, fresh.revoked_at, fresh.revoked_by, fresh.revoke_reason = (
            DocumentStatus.REVOKED, now(), by, reason[:2000])
        fresh.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
        if fresh.case_id:
            _log(fresh, "document_revoked", public=True, actor=by, note=reason)
    return fresh


def record_download(document, *, by=None):
    """Append who fetched the document (staff member, or the resident through the tracking link); staff
    downloads also go into the audit log, case documents and batch documents alike."""
    if by is not None:
        audit.record(document, "govforms.download", user=by, serial=document.serial, what="document",
                     region_path=document.case.region_path if document.case_id else "")
    if document.case_id is None:
        return
    _log(document, "document_downloaded", public=False, actor=by,
         extra={"by": "staff" if by is not None else "resident"})


__all__ = ["DocumentError", "document_retry", "document_revoke", "generate", "generate_document", "issue",
           "issue_for_trigger", "next_serial", "record_download", "schedule", "supersede_earlier"]
