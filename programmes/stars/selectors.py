"""Reads of 星级文明户: what staff of a reach see, what waits for review, what the public pages show."""
from django.db.models import Count, Exists, OuterRef, Q

from cases.constants import CaseState
from cases.models import Case
from organisation.access import area_paths, is_root

from ..constants import EntryState, ObjectionState, RoundState
from ..models import StarObjection, StarRound


def rounds_visible_to(user):
    """The rounds of the user's areas (``organisation.access.area_paths``; every round for a superuser)."""
    rounds = StarRound.objects.select_related("region")
    if is_root(user):
        return rounds
    paths = area_paths(user)
    if not paths:
        return rounds.none()
    scope = Q()
    for path in paths:
        scope |= Q(region_path__startswith=path)
    return rounds.filter(scope)


def pending_declarations(round_):
    """Declarations of the round's form and region, submitted and not yet reviewed (in any round)."""
    return (Case.objects.filter(form_id=round_.declaration_form_id, region_path__startswith=round_.region_path,
                                state=CaseState.SUBMITTED, star_entry__isnull=True)
            .select_related("submission", "region", "form").order_by("created_at", "pk"))


def rounds_due(at):
    """Rounds whose notice is over with no objection open: the sweep confers them."""
    open_objection = StarObjection.objects.filter(entry__round=OuterRef("pk"), state=ObjectionState.OPEN)
    return (StarRound.objects.filter(state=RoundState.ON_NOTICE, notice_ends_at__lte=at)
            .exclude(Exists(open_objection)).order_by("pk"))


def public_rounds():
    """Rounds the public pages show: on notice (公示) or conferred (the honour list)."""
    return (StarRound.objects.filter(state__in=[RoundState.ON_NOTICE, RoundState.CONFERRED])
            .select_related("region").annotate(households=Count(
                "entries", filter=Q(entries__state__in=[EntryState.ON_NOTICE, EntryState.CONFERRED])))
            .order_by("-notice_starts_at", "-pk"))


def public_entries(round_):
    """The households a public page lists: those on notice, or those conferred; never their cases' answers."""
    wanted = EntryState.ON_NOTICE if round_.state == RoundState.ON_NOTICE else EntryState.CONFERRED
    return round_.entries.filter(state=wanted).select_related("case__region").order_by("-stars", "pk")


def by_stars(entries):
    """[(stars, [entries])] from five stars down, for the honour list."""
    groups = {}
    for entry in entries:
        groups.setdefault(entry.stars, []).append(entry)
    return sorted(groups.items(), reverse=True)
