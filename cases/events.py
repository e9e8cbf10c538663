"""The one way to append a line to a case's history."""
from . import machine
from .models import CaseEvent
from .signals import case_event_recorded

#: history lines whose first occurrence the case keeps a copy of: transition → (field, value or None for its time)
MOMENTS = {
    "accept": ("accepted_at", None),
    "dispatch": ("first_dispatched_at", None),
    "claim": ("first_claimed_at", None),
    "reject": ("rejected", True),
    "file_record": ("is_record", True),
}


def stamp(case, name, at):
    """Copy the moment of line ``name`` (at ``at``) onto ``case`` if it is the first of its kind; the caller saves
    the case and records the line with the same ``at``, in one transaction, so the copy never disagrees."""
    if name not in MOMENTS:
        return
    field, value = MOMENTS[name]
    if not getattr(case, field):
        setattr(case, field, at if value is None else value)


def record(case, name, *, by=None, from_state=None, note="", data=None, public=None, files=(), at=None,
           triggers=None) -> CaseEvent:
    """Append the event ``name`` to ``case``'s history, inside the caller's transaction, and tell the rooms above.

    ``public`` (shown to the resident) and ``triggers`` default to what :mod:`cases.machine` declares for
    ``name``; ``from_state`` defaults to the case's state (an event that is not a move). ``by`` is the
    staff member, or None for the resident and the system.
    """
    spec = machine.event(name)
    event = CaseEvent(
        case=case, actor=by if by is not None and by.pk else None, transition=name,
        from_state=case.state if from_state is None else from_state, to_state=case.state, note=note,
        data=data or {}, public=spec.public if public is None else public,
    )
    if at is not None:
        event.at = at
    event.save()
    if files:
        event.files.set(files)
    case_event_recorded.send(sender=CaseEvent, case=case, event=event,
                             triggers=tuple(spec.triggers if triggers is None else triggers))
    return event
