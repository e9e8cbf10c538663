"""Reads of 居民点单 and 党员报到: the services list, what a member sees (masked), the ranking and its figure.

Party members see what is needed and where, never who, until they claim it (need-to-know): the rows
built here carry masked names and no phone numbers; the contact is revealed by the services, audited.
"""
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from cases.constants import OPEN_STATES, CaseState
from forms_app.validators import mask_text
from organisation.access import in_department, is_root, region_paths
from organisation.constants import RegionLevel
from organisation.models import Region

from ..constants import WishState
from ..models import Service, ServiceOrder, ServiceRecord, Volunteer, Wish


def community_by_code(code):
    """The community or village with ``code``, or None."""
    return Region.objects.filter(code=code, level=RegionLevel.COMMUNITY).first()


def services_in(community):
    """The community's services list (服务清单): what is on offer now, by title."""
    return (Service.objects.filter(community=community, active=True)
            .select_related("department", "volunteer__user", "volunteer__department").order_by("title"))


def grids_of(community):
    return list(Region.objects.filter(path__startswith=community.path, level=RegionLevel.GRID).order_by("path"))


def registrations(user):
    """The user's active registrations (报到), with their communities."""
    if not user.is_authenticated:
        return Volunteer.objects.none()
    return (Volunteer.objects.filter(user=user, active=True).select_related("community", "department")
            .order_by("community__path"))


def open_wishes(user):
    """Open small wishes of the user's communities, as members see them: what, by when, where, not who."""
    wishes = (Wish.objects.filter(community__volunteers__user=user, community__volunteers__active=True,
                                  state=WishState.OPEN).select_related("community").order_by("by_when", "created_at"))
    return [masked_wish(w) for w in wishes.distinct()]


def masked_wish(wish):
    return {"pk": wish.pk, "what": wish.what, "by_when": wish.by_when, "community": wish.community.name,
            "who": mask_text(wish.who), "state": wish.state, "state_label": wish.get_state_display()}


def my_wishes(user):
    """The wishes the user claimed, open ones first."""
    return (Wish.objects.filter(claimed_by__user=user).select_related("community", "claimed_by")
            .order_by("state", "-claimed_at"))


@dataclass
class Need:
    """One line of the needs list (需求清单) as a member sees it."""

    pk: int
    service: str
    community: str
    where: str
    need: str
    state: str
    state_label: str
    light: str | None
    can_claim: bool
    is_mine: bool


def needs(user):
    """Open orders of the user's communities (需求清单), masked, with what the user may do with each."""
    communities = Volunteer.objects.filter(user=user, active=True).values("community")
    orders = (ServiceOrder.objects.filter(community__in=communities, case__state__in=OPEN_STATES)
              .select_related("service", "community", "case__region", "case__submission", "case__department")
              .order_by("case__due_at", "created_at"))
    return [need_row(order, user) for order in orders]


def need_row(order, user):
    case = order.case
    return Need(
        pk=order.pk, service=order.service.title, community=order.community.name,
        where=case.region.name if case.region_id else order.community.name,
        need=str(case.submission.form_data.get("need", "")), state=case.state, state_label=case.get_state_display(),
        light=case.light(), is_mine=case.handler_id == user.pk,
        can_claim=case.state == CaseState.DISPATCHED and in_department(user, case.department_id),
    )


def order_for(user, pk):
    """An order the user may follow from the member pages (in a community they registered to), or None."""
    communities = Volunteer.objects.filter(user=user, active=True).values("community")
    return (ServiceOrder.objects.filter(pk=pk, community__in=communities)
            .select_related("service", "community", "case__submission", "case__department", "case__region").first())


def ranking(community, *, since=None, until=None):
    """积分排行: the community's registered members by the points of their service records (then by count)."""
    records = ServiceRecord.objects.filter(community=community)
    if since is not None:
        records = records.filter(at__gte=since)
    if until is not None:
        records = records.filter(at__lt=until)
    rows = (records.values("volunteer").annotate(points=Sum("points"), services=Count("id"))
            .order_by("-points", "-services", "volunteer"))
    people = {v.pk: v for v in Volunteer.objects.filter(pk__in=[r["volunteer"] for r in rows])
              .select_related("user", "department", "community")}
    return [{"rank": i, "name": name_of(people[r["volunteer"]]), "points": r["points"], "services": r["services"]}
            for i, r in enumerate(rows, start=1)]


def name_of(volunteer):
    if volunteer.department_id and volunteer.kind == "unit":
        return volunteer.department.name
    user = volunteer.user
    return (f"{user.last_name}{user.first_name}".strip() or user.get_username())


def service_points(*, path="", since=None, until=None):
    """The figure the statistics read: points earned (and services recorded) in the communities under ``path``."""
    records = ServiceRecord.objects.filter(community__path__startswith=path)
    if since is not None:
        records = records.filter(at__gte=since)
    if until is not None:
        records = records.filter(at__lt=until)
    totals = records.aggregate(points=Sum("points"), services=Count("id"),
                               wishes=Count("id", filter=Q(kind="wish")))
    return {"points": totals["points"] or 0, "services": totals["services"], "wishes": totals["wishes"]}


def communities_ranked_by(user):
    """The communities whose ranking an admin user may read: those in their region subtrees (all for superusers)."""
    communities = Region.objects.filter(level=RegionLevel.COMMUNITY).order_by("path")
    if is_root(user):
        return communities
    query = Q()
    for path in region_paths(user):
        query |= Q(path__startswith=path)
    return communities.filter(query) if query else communities.none()
