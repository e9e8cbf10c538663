"""The case machine, declared once: every transition and every other event of a case's history.

A transition says where it may start and where it ends, who may take it (a predicate of case and
user), what the person taking it must give, how its line in the history reads and whether the
resident sees it, which notice it sends and which triggers it fires (documents attach to those).
Everything else reads this table:

- :class:`cases.models.Case`: each FSM method is decorated with :func:`fsm` (its sources, target,
  permission and conditions come from here);
- :mod:`cases.workflow`: the services check required inputs and record the event from it;
- :mod:`cases.admin`: buttons, input forms, bulk actions and success messages;
- :mod:`cases.notifications`: who is told what;
- the documents room: which trigger an event fires (it listens to :data:`cases.signals.case_event_recorded`);
- ``tests/cases/test_transitions_matrix.py`` checks this table against the design.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from organisation.constants import RegionLevel, Triage

from . import permissions as perm
from .constants import OPEN_STATES, OUTSTANDING_PARTS
from .constants import CaseState as S
from .constants import NoticeKind as N
from .constants import Trigger as T


@dataclass(frozen=True)
class Input:
    """Something the person taking a transition gives."""

    name: str  # the service's keyword argument
    kind: str  # how the workbench asks for it: text, line, triage, department, hours, files, rating
    label: str
    required: str = ""  # the message when it is missing; empty: optional
    field: str = ""  # the workbench form's field (and POST) name, when it differs from ``name``
    rows: int = 3
    help: str = ""

    @property
    def field_name(self):
        return self.field or self.name


@dataclass(frozen=True)
class Event:
    """A line of a case's history."""

    name: str
    label: str  # as the history shows it
    public: bool = True  # shown on the resident's timeline
    notice: str = ""  # the notice it sends (a NoticeKind)
    triggers: tuple = ()  # the triggers it fires (a form's documents attach to them)
    detail: str = ""  # the key of the event's data the resident's timeline shows beside it, if any


@dataclass(frozen=True)
class Transition(Event):
    """An event that is a move of the machine: an FSM method of :class:`cases.models.Case` of the same name."""

    source: tuple = ()
    target: str | None = None  # None: the state does not change (urge)
    permission: Callable = perm.nobody_on_staff
    conditions: tuple = ()
    inputs: tuple = ()
    action: str = ""  # the workbench button; empty: the resident's or the system's, not a staff action
    done: str = ""  # what the staff member is told afterwards
    bulk: bool = False  # offered among the listing's bulk actions
    refused: str = ""  # said when the state does not allow it (default: the generic message)
    service: str = ""  # the function of cases.workflow that takes it, when not ``case_<name>``

    @property
    def service_name(self):
        return self.service or f"case_{self.name}"

    def input(self, name):
        return next(item for item in self.inputs if item.name == name)


# -- conditions (side-effect free predicates of the case) -----------------------------------------


def has_higher_level(case):
    """Escalation needs a region above the one now responsible."""
    return case.level != RegionLevel.COUNTY


def has_department(case):
    """Reopening sends the case back to its department; a case closed with advice never had one."""
    return case.department_id is not None


def is_private_matter(case):
    return case.triage == Triage.PRIVATE


def parts_are_in(case):
    """协办: the lead resolves once every co-unit's part is reported or waived."""
    return not case.pk or not case.parts.filter(state__in=OUTSTANDING_PARTS).exists()


def _outstanding(case):
    names = case.parts.filter(state__in=OUTSTANDING_PARTS).values_list("department__name", flat=True)
    return _("The co-units' parts are not all in yet (%(units)s): wait for their reports, or waive a part "
             "with a reason.") % {"units": "、".join(names)}


#: what the person is told when a condition is what refuses the transition
parts_are_in.explain = _outstanding


def _reason(label, missing):
    return Input("reason", "text", label, required=missing)


# -- the table, in the order the workbench shows the buttons ---------------------------------------

TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition(
        "accept", _("Accepted"), source=(S.SUBMITTED,), target=S.ACCEPTED, permission=perm.can_dispatch,
        inputs=(Input("triage", "triage", _("Triage")),),
        notice=N.ACCEPTED, triggers=(T.ACCEPT,), action=_("Accept"), done=_("The case was accepted."), bulk=True,
    ),
    Transition(
        "dispatch", _("Dispatched to the responsible department"), source=(S.ACCEPTED,), target=S.DISPATCHED,
        permission=perm.can_dispatch,
        inputs=(
            Input("to", "department", _("Department"), required=_("Choose the department to dispatch to."),
                  field="department"),
            Input("due_hours", "hours", _("Hours allowed"),
                  help=_("Leave empty to use the deadline of the form or category.")),
            Input("note", "text", _("Note"), rows=2),
            Input("co_units", "co_units", _("Co-units (协办)"),
                  help=_("Other departments that help; each claims and reports its own part.")),
            Input("co_unit_hours", "hours", _("Hours allowed to the co-units"),
                  help=_("Leave empty to use the deadline of the form or category.")),
        ),
        notice=N.DISPATCHED, detail="department", action=_("Dispatch"), done=_("The case was dispatched."),
        bulk=True,
    ),
    Transition(
        "claim", _("Claimed by a handler"), source=(S.DISPATCHED,), target=S.CLAIMED, permission=perm.can_claim,
        action=_("Claim"), done=_("You claimed the case."),
    ),
    Transition(
        "consult", _("Consultation started"), source=(S.CLAIMED,), target=S.CONSULTING,
        permission=perm.is_case_handler,
        inputs=(
            Input("participants", "line", _("Participants"), required=_("List who takes part in the consultation.")),
            Input("topic", "text", _("Topic"), required=_("Say what the consultation is about."), rows=2),
        ),
        action=_("Start a consultation"), done=_("The consultation was started."),
    ),
    Transition(
        "end_consultation", _("Consultation ended"), source=(S.CONSULTING,), target=S.CLAIMED,
        permission=perm.is_case_handler, public=False,
        inputs=(Input("minutes", "text", _("Minutes"), required=_("Record the minutes of the consultation."), rows=4),),
        action=_("End the consultation"), done=_("The consultation was ended."),
    ),
    Transition(
        "resolve", _("Resolved"), source=(S.CLAIMED, S.CONSULTING), target=S.RESOLVED,
        permission=perm.is_case_handler, conditions=(parts_are_in,),
        inputs=(
            Input("result", "text", _("Result fed back to the resident"),
                  required=_("Write the result that will be fed back to the resident."), rows=4),
            Input("uploads", "files", _("Files"), field="files", help=_("Photos or PDF, up to 20 MB each.")),
        ),
        notice=N.RESOLVED, triggers=(T.RESOLVE,), action=_("Resolve"), done=_("The case was resolved."),
    ),
    Transition(
        "close_with_advice", _("Closed with advice"), source=(S.ACCEPTED,), target=S.RESOLVED,
        permission=perm.can_dispatch, conditions=(is_private_matter, parts_are_in),
        inputs=(Input("advice", "text", _("Advice given to the resident"),
                      required=_("Write the advice given to the resident.")),),
        notice=N.RESOLVED, triggers=(T.RESOLVE,), action=_("Close with advice"),
        done=_("The case was closed with advice."),
    ),
    Transition(
        "add_part", _("A co-unit was asked to help (协办)"), source=(S.DISPATCHED, S.CLAIMED, S.CONSULTING),
        target=None, permission=perm.can_dispatch, public=False,
        inputs=(
            Input("to", "co_unit", _("Co-unit"), required=_("Choose the department that helps."), field="department"),
            Input("due_hours", "hours", _("Hours allowed"),
                  help=_("Leave empty to use the deadline of the form or category.")),
            Input("note", "text", _("Note"), rows=2),
        ),
        notice=N.PART_DISPATCHED, action=_("Add a co-unit"),
        done=_("The co-unit was asked to help."), refused=_("A co-unit can be added only while the case is with "
                                                            "its lead unit."), service="case_add_part",
    ),
    Transition(
        "return_case", _("Returned to the dispatcher"), source=(S.DISPATCHED, S.CLAIMED), target=S.ACCEPTED,
        permission=perm.is_team_handler, public=False,
        inputs=(_reason(_("Reason"), _("Give the reason for returning the case.")),),
        notice=N.RETURNED, action=_("Return to the dispatcher"), done=_("The case was returned to the dispatcher."),
        service="case_return",
    ),
    Transition(
        "escalate", _("Escalated to the next level"), source=(S.ACCEPTED, S.DISPATCHED, S.CLAIMED),
        target=S.ACCEPTED, permission=perm.can_escalate, conditions=(has_higher_level,),
        inputs=(_reason(_("Reason"), _("Give the reason for escalating the case.")),),
        notice=N.ESCALATED, action=_("Escalate"), done=_("The case was escalated to the next level."),
    ),
    Transition(
        "reject", _("Not accepted"), source=(S.SUBMITTED, S.ACCEPTED), target=S.REJECTED,
        permission=perm.can_dispatch,
        inputs=(_reason(_("Reason"), _("Give the reason for not accepting the case.")),),
        notice=N.REJECTED, triggers=(T.REJECT,), action=_("Do not accept"), done=_("The case was not accepted."),
    ),
    Transition(
        "urge", _("Urged by a supervisor"), source=(*OPEN_STATES, S.RESOLVED), target=None,
        permission=perm.can_supervise, public=False,
        inputs=(Input("note", "text", _("Urging note"), required=_("Write the urging note."), rows=2),),
        notice=N.URGED, action=_("Urge"), done=_("The case was urged."), refused=_("Only open cases can be urged."),
    ),
    Transition(  # 回访: a call to a resident who does not use the tracking link counts as their evaluation
        "record_callback", _("Follow-up call recorded by staff"), source=(S.RESOLVED,), target=S.EVALUATED,
        permission=perm.can_follow_up,
        inputs=(Input("rating", "rating", _("How satisfied is the resident with the result?"),
                      required=_("Choose a rating from 1 to 5.")),
                Input("note", "text", _("What the resident said on the call"),
                      required=_("Write down what the resident said on the call."), rows=2)),
        action=_("Record a follow-up call"), done=_("The follow-up call was recorded as the resident's evaluation."),
    ),
    Transition(
        "reopen", _("Reopened"), source=(S.RESOLVED, S.EVALUATED), target=S.DISPATCHED,
        permission=perm.can_supervise, conditions=(has_department,),
        inputs=(_reason(_("Reason"), _("Give the reason for reopening (the failed verification).")),),
        notice=N.DISPATCHED, action=_("Reopen"), done=_("The case was reopened."),
    ),
    Transition(
        "archive", _("Archived"), source=(S.EVALUATED, S.REJECTED), target=S.ARCHIVED,
        permission=perm.can_supervise, triggers=(T.ARCHIVE,), action=_("Archive"),
        done=_("The case was archived."), bulk=True,
    ),
    # The resident's (through the tracking link) and the system's: no staff member may take them.
    Transition(
        "evaluate", _("Evaluated"), source=(S.RESOLVED,), target=S.EVALUATED,
        inputs=(Input("rating", "rating", _("How satisfied are you with the result?"),
                      required=_("Choose a rating from 1 to 5.")),
                Input("comment", "text", _("Comment (optional)"))),
    ),
    Transition("auto_evaluate", _("Evaluated automatically"), source=(S.RESOLVED,), target=S.EVALUATED),
    Transition("file_record", _("Recorded"), source=(S.SUBMITTED,), target=S.ARCHIVED, public=False),
]}

#: History lines that are not moves of the machine.
EVENTS: dict[str, Event] = {e.name: e for e in [
    Event("submit", _("Submitted"), triggers=(T.SUBMIT,)),
    Event("overdue", _("Overdue"), public=False, notice=N.OVERDUE),
    Event("offered_b", _("Offered to the B post"), public=False, notice=N.OFFERED_B),
    Event("flag", _("Sent to a supervisor"), public=False, notice=N.FLAGGED),
    Event("anonymised", _("Personal data removed"), public=False),
    Event("publish_summary", _("Public summary approved"), public=False),
    Event("withdraw_summary", _("Public summary withdrawn"), public=False),
]}

#: Events the rooms above record on a case (documents: issued, downloaded …), added in their AppConfig.ready.
_other_events: dict[str, Event] = {}

#: Who each notice goes to (see cases.notifications for the staff of each kind).
RESIDENT_NOTICES = frozenset({N.ACCEPTED, N.REJECTED, N.DISPATCHED, N.RESOLVED})
STAFF_NOTICES = frozenset({N.DISPATCHED, N.URGED, N.OVERDUE, N.FLAGGED, N.OFFERED_B, N.RETURNED, N.ESCALATED,
                           N.PART_DISPATCHED})


def register_events(*events: Event) -> None:
    """Let a room above record events of its own on cases (with their labels), e.g. documents issued."""
    for item in events:
        _other_events[item.name] = item


def event(name) -> Event:
    """The declaration of any history line; an unknown name reads as itself."""
    return TRANSITIONS.get(name) or EVENTS.get(name) or _other_events.get(name) or Event(name, name)


def label(name):
    return event(name).label


def staff_actions():
    """The transitions staff take on the workbench, in button order."""
    return [t for t in TRANSITIONS.values() if t.action]


def fsm(name):
    """The django-fsm ``@transition`` of the method ``name``, from the table."""
    spec = TRANSITIONS[name]
    return transition(field="state", source=list(spec.source), target=spec.target, permission=spec.permission,
                      conditions=list(spec.conditions))
