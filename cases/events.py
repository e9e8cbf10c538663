"""The one way to append a line to a case's history."""
from . import machine
from .models import CaseEvent
from .signals import case_event_recorded


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
