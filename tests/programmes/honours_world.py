"""A community with its red and black lists: the case machine's world, the nomination and appeal forms, and
entries walked to any state through the services."""
from datetime import timedelta

from django.utils import timezone

from cases.clock import now
from programmes.constants import HonourCategory, HonourList
from programmes.honours import services
from programmes.honours.appeals import ensure_appeal_form
from programmes.honours.nominations import ensure_nomination_form
from tests.factories import make_case_world


def make_honours_world():
    """make_case_world (幸福社区 with its dispatcher and supervisor, the county's supervisor), plus the forms."""
    world = make_case_world()
    world.nomination_form = ensure_nomination_form()
    world.appeal_form = ensure_appeal_form()
    return world


def today():
    return timezone.localdate(now())


def new_entry(world, *, list=HonourList.RED, category=None, name="王建国", days=30, by=None):
    """An entry the community's dispatcher enters, shown from today for ``days`` days."""
    category = category or (HonourCategory.GOOD_DEEDS if list == HonourList.RED else HonourCategory.LITTERING)
    return services.entry_create(by=by or world.dispatcher, list=list, category=category, region=world.community,
                                 name=name, deed="连续三年义务打扫楼道" if list == HonourList.RED else "多次向楼下乱扔垃圾",
                                 starts_on=today(), ends_on=today() + timedelta(days=days))


def published(world, **kwargs):
    """An entry reviewed by the dispatcher, approved by the supervisor and published by the dispatcher."""
    entry = new_entry(world, **kwargs)
    entry = services.entry_review(entry=entry, by=world.dispatcher, note="已走访邻居核实，已听取本人陈述")
    entry = services.entry_approve(entry=entry, by=world.supervisor)
    return services.entry_publish(entry=entry, by=world.dispatcher)
