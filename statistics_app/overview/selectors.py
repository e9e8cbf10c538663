"""Reads the overview needs beyond :mod:`statistics_app.selectors`: where a user's drill-down starts and the
units with most overdue cases now.

Each is one aggregate or grouped query (plus one to name the groups), whatever the number of cases or rows.
"""
import os

from django.db.models import Count

from cases.clock import now
from cases.constants import Light
from cases.selectors import light_q
from organisation.access import ancestor_paths, is_root, region_paths
from organisation.models import Department, Region

def home_region(user):
    """Where the user's drill-down starts: the deepest region above every region they work in (the county
    for a county supervisor, the community for a community dispatcher). Staff who reach cases through a
    department, and superusers, start at the top of the tree; their figures are scoped all the same."""
    paths = sorted(region_paths(user)) if not is_root(user) else []
    common = os.path.commonprefix(paths) if paths else ""
    common = common[: len(common) // Region.steplen * Region.steplen]
    if common:
        found = Region.objects.filter(path=common).first()
        if found is not None:
            return found
    return Region.objects.filter(depth=1).order_by("path").first()


def trail(home, region):
    """The regions from ``home`` down to ``region`` (both included), for the drill-down's breadcrumb."""
    paths = [p for p in ancestor_paths(region.path, Region.steplen) if p.startswith(home.path)]
    return list(Region.objects.filter(path__in=paths).order_by("path"))


RANKED_BY = {"department": ("department_id", Department), "region": ("region_id", Region)}


def red_ranking(cases, by, at=None, limit=10):
    """The units with most open cases past their deadline at ``at`` (the red light), most first: by the
    department holding them or the region they lie in (the grid, mostly). Cases no department holds yet
    are a row of their own (``"id": None``)."""
    field, model = RANKED_BY[by]
    rows = list(cases.filter(light_q(Light.RED, at or now())).values(field).annotate(overdue=Count("pk"))
                .order_by("-overdue", field)[:limit])
    names = {pk: str(obj) for pk, obj in model.objects.in_bulk([r[field] for r in rows if r[field]]).items()}
    return [{"id": r[field], "label": names.get(r[field], "—"), "overdue": r["overdue"]} for r in rows]
