"""Who sees what of a case: the access matrix, in one place, read by the selectors and predicates.

This module decides for one case (the transition table's predicates read it, so it reaches no models);
:mod:`cases.scopes` turns the same matrix into filters on querysets of cases and files.

The rule is a table: a staff user's *relation* to a case (supervisor or dispatcher of the region
subtree the case lies in, handler in the case's department or team, handler in a co-unit asked to help
on it (协办), someone who took part in the case earlier, a reader of the form's answers) grants *capabilities* (list, open, read the answers,
reveal personal data, act, download files, export). A user may hold several relations; they add up.
Superusers hold every capability.

Two capabilities are further narrowed elsewhere, never widened:

- ``PERSONAL`` also needs the ``forms_app.view_personal_data`` permission, and even then personal
  data stays masked until the user asks to see it, giving a reason (:mod:`cases.admin.reveal`);
- ``ACT`` says a user may act on the case at all; which transitions they may take is the transition
  table's ``permission=`` (:mod:`cases.permissions`).

``FILES`` goes with ``OPEN``: whoever may open a case may download its files and nobody else,
whatever their rights on the form's page (files follow the case).
"""
from forms_app.selectors import forms_readable_by
from organisation.access import is_root, memberships
from organisation.constants import StaffRole

from .constants import Capability as C
from .constants import Relation as R

#: relation → what it allows. The documentation (docs/access.md) prints this table; a test walks it.
MATRIX = {
    R.SUPERVISOR: frozenset({C.LIST, C.OPEN, C.ANSWERS, C.PERSONAL, C.ACT, C.FILES}),
    R.DISPATCHER: frozenset({C.LIST, C.OPEN, C.ANSWERS, C.PERSONAL, C.ACT, C.FILES}),
    R.TEAM_HANDLER: frozenset({C.LIST, C.OPEN, C.ANSWERS, C.PERSONAL, C.ACT, C.FILES}),
    # Need to know ends with the handling: an earlier handler (still a handler somewhere) finds and reads
    # the case, not the resident.
    R.PARTICIPANT: frozenset({C.LIST, C.OPEN, C.ANSWERS, C.FILES}),
    # 协办: a co-unit's handlers work on the resident's matter too (a mediation meets the resident), so they see
    # what the lead sees; acting is only on their part (cases.parts_machine), never on the whole case.
    R.CO_UNIT: frozenset({C.LIST, C.OPEN, C.ANSWERS, C.PERSONAL, C.ACT, C.FILES}),
    # Readers of a form's answers list and export them in its submissions listing, masked; the case page
    # and the files stay with the case's handlers.
    R.FORM_READER: frozenset({C.ANSWERS, C.EXPORT}),
}

REGION_ROLES = {StaffRole.SUPERVISOR: R.SUPERVISOR, StaffRole.DISPATCHER: R.DISPATCHER}


def relations_to(user, case):
    """The relations ``user`` holds to ``case`` (a set; empty for strangers)."""
    found = set()
    path = case.region_path or ""
    for role, region_path, department_id, _level in memberships(user):
        if role in REGION_ROLES and region_path and path.startswith(region_path):
            found.add(REGION_ROLES[role])
        if role == StaffRole.HANDLER and department_id is not None and department_id == case.department_id:
            found.add(R.TEAM_HANDLER)
    units = co_unit_departments(user, case)
    if units and case.pk and case.parts.filter(department_id__in=units).exists():
        found.add(R.CO_UNIT)
    if handles_cases(user) and R.PARTICIPANT not in found:
        if case.handler_id == user.pk or case.events.filter(actor_id=user.pk).exists():
            found.add(R.PARTICIPANT)
    if forms_readable_by(user).filter(pk=case.form_id).exists():
        found.add(R.FORM_READER)
    return found


def co_unit_departments(user, case=None):
    """The departments ``user`` handles in, other than ``case``'s own (a co-unit is never the lead unit)."""
    lead = getattr(case, "department_id", None)
    return {dept for role, _path, dept, _level in memberships(user)
            if role == StaffRole.HANDLER and dept is not None and dept != lead}


def handles_cases(user):
    """Earlier cases stay in reach of those who handle cases now: a handler who left every team does not
    keep them, and dispatchers and supervisors reach theirs through the region."""
    return getattr(user, "pk", None) is not None and any(
        role == StaffRole.HANDLER for role, _path, _department, _level in memberships(user))


def capabilities(user, case):
    """Everything ``user`` may do with ``case``, by the matrix."""
    if is_root(user):
        return frozenset(C)
    allowed = set()
    for relation in relations_to(user, case):
        allowed |= MATRIX[relation]
    return frozenset(allowed)


def may(user, capability, case):
    return is_root(user) or capability in capabilities(user, case)


def may_see_personal_data(user, case):
    """The permission **and** the case in reach, by a relation that allows it."""
    return may(user, C.PERSONAL, case) and user.has_perm("forms_app.view_personal_data")


def granting(capability):
    """The relations whose row of the matrix holds ``capability``."""
    return [relation for relation, allowed in MATRIX.items() if capability in allowed]
