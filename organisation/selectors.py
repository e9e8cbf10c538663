"""Reads of the organisation, scoped to what a user works in."""
from django.db.models import Q

from .access import area_paths, is_root, region_paths
from .constants import Post, RegionLevel, StaffRole
from .models import Department, Region, StaffMembership


def regions_for(user, *, areas_only=False):
    """Regions the user works in, with everything below them, in tree order. ``areas_only``: the regions of their
    areas (``organisation.access.area_paths``), without the county or town a line department merely sits in."""
    qs = Region.objects.order_by("path")
    if is_root(user):
        return qs
    paths = area_paths(user) if areas_only else region_paths(user)
    if not paths:
        return qs.none()
    scope = Q()
    for path in paths:
        scope |= Q(path__startswith=path)
    return qs.filter(scope)


def region_names():
    """{region id: name} of every region: one query, for showing region-picker answers."""
    return dict(Region.objects.values_list("pk", "name"))


def grid_choices(regions=None):
    """The grids grouped under their community, as (community name, [(id, grid name), …]) in tree order.

    ``regions``: rows of ``Region.objects.values("id", "name", "level", "path")`` already read, if any.
    """
    if regions is None:
        regions = list(Region.objects.order_by("path").values("id", "name", "level", "path"))
    groups, by_path = {}, {r["path"]: r for r in regions}
    for region in regions:
        if region["level"] != RegionLevel.GRID:
            continue
        parent = by_path.get(region["path"][: -Region.steplen])
        groups.setdefault(parent["name"] if parent else "", []).append((str(region["id"]), region["name"]))
    return list(groups.items())


def offered_regions():
    """Regions new forms and dispatch may use: every region not retired."""
    return Region.objects.filter(retired=False)


def _name(user):
    return user.get_full_name() or user.username


def region_tree():
    """Every region in tree order, each with its teams (A and B post holders) and its grid workers (网格员: the
    handlers of the teams located there), for the admin's tree; four queries whatever the size of the tree."""
    regions = list(Region.objects.order_by("path"))
    teams = {}
    for department in Department.objects.order_by("code").prefetch_related("posts__user"):
        posts = {Post.A: [], Post.B: []}
        for holder in department.posts.all():
            posts[holder.post].append(_name(holder.user))
        teams.setdefault(department.region_id, []).append(
            {"department": department, "a": posts[Post.A], "b": posts[Post.B]})
    workers = {}
    handlers = StaffMembership.objects.filter(role=StaffRole.HANDLER, department__isnull=False).select_related(
        "user", "department").order_by("user__username")
    for membership in handlers:
        names = workers.setdefault(membership.department.region_id, [])
        if _name(membership.user) not in names:
            names.append(_name(membership.user))
    return [{"region": r, "indent": r.depth - 1, "teams": teams.get(r.pk, []), "workers": workers.get(r.pk, [])}
            for r in regions]
