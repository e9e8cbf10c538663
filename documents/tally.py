"""A batch's progress: each of its documents counts itself done (or failed) inside its own transaction,
and the one that completes the batch queues the packing of the result into one ZIP or one merged PDF."""
from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django_tasks import task

from cases.clock import now

from .constants import BatchOutput, BatchStatus, DocumentStatus
from .models import DocumentBatch


def count_done(batch_id, *, ok, line=None, message=""):
    """One document of the batch finished (inside that document's transaction)."""
    if ok:
        DocumentBatch.objects.filter(pk=batch_id).update(done=F("done") + 1)
    else:
        batch = DocumentBatch.objects.select_for_update().get(pk=batch_id)
        batch.failed += 1
        batch.errors = [*batch.errors, {"line": line, "message": message}]
        batch.save(update_fields=["failed", "errors"])
    finish_when_complete(batch_id)


def finish_when_complete(batch_id):
    """Exactly one caller moves a complete batch to packing (a conditional UPDATE), after commit."""
    claimed = (DocumentBatch.objects.filter(pk=batch_id, status=BatchStatus.RUNNING,
                                            total__lte=F("done") + F("failed"))
               .update(status=BatchStatus.BUNDLING))
    if claimed:
        transaction.on_commit(lambda: bundle_document_batch.enqueue(batch_id=batch_id), robust=True)


def bundle(batch_id) -> DocumentBatch:
    """Pack the batch's PDFs into one ZIP or one merged PDF, in list order."""
    batch = DocumentBatch.objects.get(pk=batch_id)
    if batch.status != BatchStatus.BUNDLING:
        return batch
    documents = sorted(batch.documents.filter(status=DocumentStatus.READY),
                       key=lambda d: (d.row_values.get("_line") or 0, d.pk))
    content = _merged_pdf(documents) if batch.output == BatchOutput.MERGED else _zip(documents)
    with transaction.atomic():
        batch = DocumentBatch.objects.select_for_update().get(pk=batch_id)
        if documents:
            batch.file.save(f"batch-{batch.pk}.{batch.extension}", ContentFile(content), save=False)
        batch.status, batch.finished_at = BatchStatus.DONE, now()
        batch.save(update_fields=["file", "status", "finished_at"])
    return batch


@task()
def bundle_document_batch(batch_id):
    """Pack a finished batch (see :func:`bundle`) in the background."""
    return bundle(batch_id).status


def _zip(documents) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for document in documents:
            line = document.row_values.get("_line") or 0
            name = (document.row_values.get("resident_name") or "").replace("/", "-")
            with document.file.open("rb") as handle:
                archive.writestr(f"{line:04d}-{name}-{document.serial}.pdf".replace("--", "-"), handle.read())
    return out.getvalue()


def _merged_pdf(documents) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for document in documents:
        with document.file.open("rb") as handle:
            writer.append(io.BytesIO(handle.read()))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
