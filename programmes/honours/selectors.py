"""红黑榜 reads: the public page of a community's lists, and the entries a staff member may see.

The public page shows only published entries, and a black-list entry only as :func:`public_entry` makes
it: the name masked (王** for 王建国), no photo, never the nominator. Staff see the entries of the region
subtrees they work in (any role), as they see cases.
"""
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from forms_app.validators import mask_text
from organisation.access import area_paths, is_root
from organisation.constants import RegionLevel
from organisation.models import Region

from ..constants import HonourList
from ..models import HonourEntry
from ..models.honours_machine import PUBLIC_STATES


def community_by_code(code):
    """The community or village with ``code``, or None."""
    return Region.objects.filter(code=code, level=RegionLevel.COMMUNITY).first()


@dataclass(frozen=True)
class PublicEntry:
    """An entry as the public page shows it: nothing more than this."""

    public_id: str
    list: str
    category: str
    name: str
    deed: str
    starts_on: date
    ends_on: date
    photo: object  # a Wagtail image, or None (always None on the black list)

    @property
    def appealable(self):
        return self.list == HonourList.BLACK


def public_entry(entry):
    """The black list masks the name and never shows a photo; the red list shows what the community published."""
    black = entry.list == HonourList.BLACK
    return PublicEntry(public_id=entry.public_id, list=entry.list, category=entry.get_category_display(),
                       name=mask_text(entry.name) if black else entry.name, deed=entry.deed,
                       starts_on=entry.starts_on, ends_on=entry.ends_on, photo=None if black else entry.photo)


def published_in(community):
    """The community's published entries, red first then black, newest first: {list: [PublicEntry]}."""
    entries = (HonourEntry.objects.filter(region=community, state__in=PUBLIC_STATES)
               .select_related("photo").order_by("-starts_on", "-pk"))
    lists = {HonourList.RED: [], HonourList.BLACK: []}
    for entry in entries:
        lists[entry.list].append(public_entry(entry))
    return lists


def published_entry(public_id):
    """A published entry by its public id (the appeal page), or None."""
    return HonourEntry.objects.filter(public_id=public_id, state__in=PUBLIC_STATES).select_related("region").first()


def entries_visible_to(user):
    """The entries of the user's areas (``organisation.access.area_paths``: not a county department's; superusers:
    all)."""
    if is_root(user):
        return HonourEntry.objects.all()
    scope = Q(pk__in=[])
    for path in area_paths(user):
        scope |= Q(region_path__startswith=path)
    return HonourEntry.objects.filter(scope)


def communities_for(user):
    """The communities and villages a staff member may enter entries for (within their reach)."""
    regions = Region.objects.filter(level=RegionLevel.COMMUNITY, retired=False).order_by("path")
    if is_root(user):
        return regions
    scope = Q(pk__in=[])
    for path in area_paths(user):
        scope |= Q(path__startswith=path)
    return regions.filter(scope)
