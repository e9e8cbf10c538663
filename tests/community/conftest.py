import datetime

import pytest

from community.constants import MeetingKind, ParticipantRole
from community.meetings import services


def hold(world, *, by=None, region=None, day=datetime.date(2026, 12, 1), place="幸福社区党群服务中心", **extra):
    """A meeting held by the community's dispatcher (or ``by``), with a resident, a party member and a unit."""
    people = extra.pop("participants", [
        {"role": ParticipantRole.RESIDENT, "name": "李堃喆", "unit": "3号楼"},
        {"role": ParticipantRole.PARTY_MEMBER, "name": "王建国", "unit": "社区党支部"},
        {"role": ParticipantRole.UNIT, "name": "赵物业", "unit": "幸福物业公司"},
    ])
    return services.meeting_save(by=by or world.dispatcher, region=region or world.community,
                                 kind=extra.pop("kind", MeetingKind.STOOL), held_on=day, place=place,
                                 topic=extra.pop("topic", "楼道照明和停车难"), participants=people, **extra)


@pytest.fixture
def world(case_world):
    return case_world
