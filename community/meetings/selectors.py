"""Reads of the meetings part: whose meetings a user sees, the cases a meeting may gather, the feedback (反馈).

Need-to-know: a meeting belongs to a region (a community or a grid); staff who supervise or dispatch a region
subtree see and organise the meetings held in it, superusers all of them, nobody else any. The cases a meeting may
gather are those the organiser may list (the cases room's access matrix) within the meeting's region.
"""
from dataclasses import dataclass

from django.db.models import Q

from cases.access import REGION_ROLES
from cases.constants import CaseState
from cases.models import CaseEvent
from cases.selectors import cases_visible_to
from community.models import Meeting, MeetingMatter
from organisation.access import is_root, memberships
from organisation.constants import RegionLevel
from organisation.models import Region


def reach_paths(user):
    """The region subtrees whose meetings ``user`` sees: ``("",)`` for a superuser, ``()`` for nobody's."""
    if is_root(user):
        return ("",)
    paths = {path for role, path, _d, _l in memberships(user) if role in REGION_ROLES and path}
    return tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))


def _path_q(paths, field):
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def meetings_visible_to(user):
    return Meeting.objects.filter(_path_q(reach_paths(user), "region__path")).select_related("region", "organiser")


#: A meeting is of the residents of a community (village) or of one of its grids.
MEETING_LEVELS = (RegionLevel.COMMUNITY, RegionLevel.GRID)


def regions_for_meetings(user):
    """The communities and grids ``user`` may hold a meeting in, top down."""
    return Region.objects.filter(_path_q(reach_paths(user), "path"), level__in=MEETING_LEVELS).order_by("path")


def may_hold_in(user, region):
    return (region is not None and region.level in MEETING_LEVELS
            and any(region.path.startswith(path) for path in reach_paths(user)))


def cases_for_meeting(user, meeting):
    """The cases ``user`` may bring to ``meeting``: in their reach, in the meeting's region, not yet gathered."""
    return (cases_visible_to(user).filter(region_path__startswith=meeting.region.path)
            .exclude(state=CaseState.ARCHIVED).exclude(meeting_matters__meeting=meeting)
            .select_related("form", "submission").order_by("-created_at"))


def previous_meeting(meeting):
    """The last meeting of the same region before this one (by date, then by record), or None."""
    earlier = Meeting.objects.filter(region_id=meeting.region_id).exclude(pk=meeting.pk).filter(
        Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, pk__lt=meeting.pk or 0))
    return earlier.order_by("-held_on", "-pk").first()


@dataclass(frozen=True)
class Feedback:
    """反馈: one matter of the previous meeting, as it stands now."""

    reference: str
    case_id: int
    state: str
    state_label: str
    result: str
    decided: str


#: The history lines whose note is a matter's result, as the feedback reports it.
RESULT_LINES = ("resolve", "close_with_advice", "reject")


def _last_results(case_ids):
    """{case id: the note of its latest result line}, in one query."""
    found = {}
    lines = (CaseEvent.objects.filter(case_id__in=case_ids, transition__in=RESULT_LINES)
             .order_by("case_id", "-pk").values_list("case_id", "note"))
    for case_id, note in lines:
        found.setdefault(case_id, note)
    return found


def feedback_for(meeting):
    """Each matter of the previous meeting of the same region, with its current state and result."""
    last = previous_meeting(meeting)
    if last is None:
        return None, []
    decided = {d.case_id: d.get_action_display() for d in last.decisions.all()}
    matters = list(last.matters.select_related("case"))
    results = _last_results([m.case_id for m in matters])
    return last, [Feedback(m.case.reference, m.case.pk, m.case.state, str(m.case.get_state_display()),
                           results.get(m.case_id, ""), str(decided.get(m.case_id, ""))) for m in matters]


def matters_of(meeting):
    return MeetingMatter.objects.filter(meeting=meeting).select_related("case", "case__form", "case__submission",
                                                                        "case__department")
