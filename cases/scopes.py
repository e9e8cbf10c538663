"""The access matrix (:mod:`cases.access`) as filters on querysets: the cases, and the residents' files, in a
user's reach for a capability. The listing, the statistics and the file downloads read these."""
from django.db.models import Q

from forms_app.selectors import forms_readable_by
from organisation.access import is_root, memberships
from organisation.constants import StaffRole

from .access import REGION_ROLES, co_unit_departments, granting, handles_cases
from .constants import Capability as C
from .constants import Relation as R
from .models import Case, CaseEvent, CasePart


def scope(user, capability):
    """A filter on cases for those where ``user`` holds ``capability`` (None: no filter, a superuser)."""
    if is_root(user):
        return None
    events = CaseEvent.objects
    relations = set(granting(capability))
    q = Q(pk__in=[])
    for role, path, department_id, _level in memberships(user):
        if REGION_ROLES.get(role) in relations and path:
            q |= Q(region_path__startswith=path)
        if role == StaffRole.HANDLER and R.TEAM_HANDLER in relations and department_id:
            q |= Q(department_id=department_id)
    units = co_unit_departments(user)
    if R.CO_UNIT in relations and units:
        q |= Q(pk__in=CasePart.objects.filter(department_id__in=units).values("case_id"))
    if R.PARTICIPANT in relations and handles_cases(user):
        q |= Q(handler_id=user.pk) | Q(pk__in=events.filter(actor_id=user.pk).values("case_id"))
    if R.FORM_READER in relations:
        q |= Q(form_id__in=forms_readable_by(user).values("pk"))
    return q


def region_scope(user, capability=C.LIST):
    """The region subtrees (paths) that make up ``user``'s reach for ``capability``, when they are all it is
    made of: ``("",)`` for a superuser, ``()`` for nobody's; None when the reach also holds cases by another
    relation (a team's department, the cases taken part in, the forms read), which no region describes. The
    statistics read whole months of a region reach from their rollup; this is the same matrix as
    :func:`scope`, and the access-matrix test holds the two together."""
    if is_root(user):
        return ("",)
    relations = set(granting(capability))
    paths = set()
    for role, path, department_id, _level in memberships(user):
        if REGION_ROLES.get(role) in relations and path:
            paths.add(path)
        if role == StaffRole.HANDLER and R.TEAM_HANDLER in relations and department_id:
            return None
    if R.PARTICIPANT in relations and handles_cases(user):
        return None
    if R.FORM_READER in relations and forms_readable_by(user).exists():
        return None
    return tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))


def filter_cases(user, capability, queryset):
    q = scope(user, capability)
    return queryset if q is None else queryset.filter(q)


def uploads_in_reach(user, uploads):
    """Files follow the case: a case's files go to whoever may open it; files of submissions that
    opened no case (a survey's) go to the readers of their form."""
    if is_root(user):
        return uploads
    cases = filter_cases(user, C.FILES, Case.objects.all()).values("submission_id")
    return uploads.filter(
        Q(submission_id__in=cases)
        | Q(submission__case__isnull=True, page__in=forms_readable_by(user).values("pk"))
    )
