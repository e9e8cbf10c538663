"""Reads of documents and batches, scoped to what a user may see."""
from django.db.models import Q

from cases.selectors import case_files_visible_to

from . import subjects
from .models import Document, DocumentBatch


def documents_visible_to(user, queryset=None):
    """The documents of the cases whose files the user may have (cases.access), those of the batches
    they ran (or may see), and those of the subjects the rooms above registered (:mod:`documents.subjects`)."""
    queryset = Document.objects.all() if queryset is None else queryset
    if getattr(user, "is_superuser", False):
        return queryset
    scope = Q(case__in=case_files_visible_to(user).values("pk")) | Q(batch__created_by=user) | subjects.visible_q(user)
    if user.has_perm("documents.view_documentbatch"):
        scope |= Q(batch__isnull=False)
    return queryset.filter(scope)


def batches_visible_to(user, queryset=None):
    """Batches the user ran, or all of them for superusers and holders of *Can view document batch*."""
    queryset = DocumentBatch.objects.all() if queryset is None else queryset
    if getattr(user, "is_superuser", False) or user.has_perm("documents.view_documentbatch"):
        return queryset
    return queryset.filter(created_by_id=user.pk)


def batches_run_by(user):
    """The batch page's list: a superuser sees every batch, others their own."""
    batches = DocumentBatch.objects.select_related("template")
    return batches if getattr(user, "is_superuser", False) else batches.filter(created_by=user)

