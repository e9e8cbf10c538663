"""The seam through which the rooms above cases act on case events (docs/architecture.md lists them all).

``case_event_recorded`` is sent by :func:`cases.events.record` for every line appended to a case's
history, inside the transaction that appends it, with ``case``, ``event`` and ``triggers`` (the
:class:`cases.constants.Trigger` values the event fires, from the transition table). A receiver
that raises rolls the event back with it: the documents room creates the documents a form
attaches to those triggers, so a document row lands with its event or not at all.
"""
from django.dispatch import Signal

case_event_recorded = Signal()
