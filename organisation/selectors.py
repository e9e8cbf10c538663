"""Reads of the organisation, scoped to what a user works in."""
from django.db.models import Q

from .access import is_root, region_paths
from .constants import RegionLevel
from .models import Region


def regions_for(user):
    """Regions the user works in, with everything below them, in tree order."""
    qs = Region.objects.order_by("path")
    if is_root(user):
        return qs
    paths = region_paths(user)
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
