"""Documents about something other than a case or a batch: a seam the rooms above fill.

A ranking notice (排榜通报) is about a month's figures of a region, not about a case or a batch row. The room
that issues such documents names them by a prefix of their ``key`` (``"ranking:…"``) and registers here, in
its ``AppConfig.ready``, who may see them (a filter over :class:`~documents.models.Document`) and how the
register describes them. This room never imports the rooms above: it only calls what they registered.
"""
from dataclasses import dataclass
from typing import Callable

from django.db.models import Q


@dataclass(frozen=True)
class Subject:
    prefix: str
    visible_to: Callable  # user -> Q over Document (the key prefix is added here)
    describe: Callable  # document -> (label, url or "")


_subjects: dict[str, Subject] = {}


def register_subject(prefix, *, visible_to, describe):
    """Documents whose key starts with ``"<prefix>:"`` belong to the registering room."""
    _subjects[prefix] = Subject(prefix, visible_to, describe)


def visible_q(user):
    """The registered subjects' documents ``user`` may see (nothing when no room registered any)."""
    scope = Q(pk__in=[])
    for subject in _subjects.values():
        scope |= Q(key__startswith=f"{subject.prefix}:") & subject.visible_to(user)
    return scope


def describe(document):
    """(label, url) for a document of a registered subject, or None."""
    subject = _subjects.get(document.key.split(":", 1)[0])
    return subject.describe(document) if subject is not None else None
