"""What changes a banquet declaration: its making from the case the form opened, the follow-up visit, and the
limits a supervisor sets. Each is atomic, locks its row, checks who may, changes, saves and appends history."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cases.clock import now
from organisation.models import Region

from ..constants import BanquetEventKind, BanquetState
from ..models import BanquetDeclaration, BanquetEvent, BanquetLimit
from ..models.banquet_machine import TRANSITIONS, may_set_limits, works_in
from . import answers as A
from .limits import is_late, limits_for, over_limit, village_of

#: Wagtail's audit log actions of this part (registered by its hooks).
LIMIT_ACTIONS = {
    "programmes.banquet_limit": (_("Set banquet limits"), _("Banquet limits set")),
    "programmes.banquet_limit_clear": (_("Clear banquet limits"), _("Banquet limits cleared")),
}


class BanquetError(Exception):
    """A refused action, with the message the page shows; nothing was changed."""

    def __init__(self, message, code="refused"):
        super().__init__(message)
        self.message, self.code = message, code


def local_today():
    return timezone.localdate(now())


def on_case_event(sender, *, case, event, **kwargs):
    """cases.signals.case_event_recorded: a declaration form's ``submit`` makes the declaration, in its
    transaction (a refusal rolls the submission back with it)."""
    if event.transition == "submit" and case.submission_id and A.is_declaration(case.submission.form_data):
        declare_from_case(case)


def declare_from_case(case):
    """The declaration of the case's answers, against the limits in force at its grid today."""
    data, region = case.submission.form_data, case.region
    event_date = A.as_date(data.get(A.DATE))
    today = local_today()
    if event_date is None or region is None:
        raise BanquetError(_("A declaration needs the date of the event and its grid."), code="invalid_input")
    if event_date < today:
        raise BanquetError(_("The date %(date)s has passed: a banquet is declared before it is held.")
                           % {"date": event_date.isoformat()}, code="past_date")
    limits = limits_for(region)
    tables, guests, kind = A.as_count(data.get(A.TABLES)) or 0, A.as_count(data.get(A.GUESTS)) or 0, A.as_kind(
        data.get("banquet_kind"))
    declaration = BanquetDeclaration.objects.create(
        case=case, region=region, region_path=region.path, village=village_of(region), kind=kind,
        event_date=event_date, place=str(A.first(data.get("banquet_place")) or "")[:255], tables=tables,
        guests=guests, alcohol=A.as_yes(data.get("banquet_alcohol")), fireworks=A.as_yes(data.get("banquet_fireworks")),
        party_member=A.as_yes(data.get("party_member")), pledged=A.as_yes(data.get("pledge")), declared_on=today,
        max_tables=limits.max_tables, max_guests=limits.max_guests, over_limit=over_limit(limits, tables, guests),
        late=is_late(limits, kind, today, event_date),
    )
    _record(declaration, BanquetEventKind.DECLARED, None, to_state=declaration.state,
            data={"over_limit": declaration.over_limit, "late": declaration.late})
    return declaration


@transaction.atomic
def record_visit(*, declaration_id, user, as_declared, actual_tables=None, remarks=""):
    """The grid worker's follow-up visit after the date: as declared or not, the tables actually held."""
    declaration = BanquetDeclaration.objects.select_for_update().get(pk=declaration_id)
    spec = TRANSITIONS["record_visit"]
    if not spec.permission(declaration, user):
        raise BanquetError(_("You may not record visits in this village."), code="forbidden")
    if declaration.state not in spec.source:
        raise BanquetError(_("The follow-up visit of this declaration is already recorded."), code="done")
    if declaration.event_date > local_today():
        raise BanquetError(_("The banquet is on %(date)s: record the follow-up visit after it.")
                           % {"date": declaration.event_date.isoformat()}, code="too_early")
    if not as_declared and actual_tables is None:
        raise BanquetError(_("It was not held as declared: give the tables actually held."), code="missing_input")
    remarks = (remarks or "").strip()
    if not as_declared and not remarks:
        raise BanquetError(_("It was not held as declared: say what was different in the remarks."),
                           code="missing_input")
    from_state = declaration.state
    declaration.record_visit(at=now(), by=user, as_declared=as_declared,
                             actual_tables=declaration.tables if as_declared and actual_tables is None else actual_tables,
                             remarks=remarks)
    declaration.save()
    _record(declaration, BanquetEventKind.VISITED, user, from_state=from_state, to_state=declaration.state,
            note=remarks, data={"as_declared": as_declared, "actual_tables": declaration.actual_tables})
    return declaration


@transaction.atomic
def record_undeclared(*, user, region_id, kind, event_date, place, tables, guests, party_member=False, remarks=""):
    """A banquet the grid worker found held without a declaration (未报备): recorded as visited at once, with
    what they found, so the supervisor's list and the counts show it; it never passes for a declaration."""
    region = Region.objects.get(pk=region_id)
    if not works_in(user, region.path):
        raise BanquetError(_("You may record banquets only where you work."), code="forbidden")
    today = local_today()
    if event_date > today:
        raise BanquetError(_("A banquet still to come is declared by the household, not recorded as undeclared."),
                           code="invalid_input")
    if not (remarks or "").strip():
        raise BanquetError(_("Say what you found in the remarks."), code="missing_input")
    limits = limits_for(region)
    at = now()
    declaration = BanquetDeclaration.objects.create(
        case=None, undeclared=True, region=region, region_path=region.path, village=village_of(region), kind=kind,
        event_date=event_date, place=place[:255], tables=tables, guests=guests, party_member=party_member,
        declared_on=today, max_tables=limits.max_tables, max_guests=limits.max_guests,
        over_limit=over_limit(limits, tables, guests), state=BanquetState.VISITED, visited_at=at, visited_by=user,
        as_declared=False, actual_tables=tables, visit_remarks=remarks.strip(),
    )
    _record(declaration, BanquetEventKind.UNDECLARED, user, to_state=declaration.state, note=remarks.strip(),
            data={"over_limit": declaration.over_limit})
    return declaration


def _record(declaration, kind, user, *, from_state="", to_state="", note="", data=None):
    return BanquetEvent.objects.create(declaration=declaration, kind=kind, actor=user if user else None,
                                       from_state=from_state or "", to_state=to_state or "", note=note, data=data or {})


@transaction.atomic
def set_limits(*, user, region_id, max_tables, max_guests, notice_days):
    """A region's own limits (the county's are every village's default); audited in Wagtail's log."""
    region = Region.objects.select_for_update().get(pk=region_id)
    if not may_set_limits(user, path=region.path, level=region.level):
        raise BanquetError(_("You may set banquet limits only in your own reach."), code="forbidden")
    row, _created = BanquetLimit.objects.update_or_create(
        region=region, defaults={"max_tables": max_tables, "max_guests": max_guests, "notice_days": notice_days,
                                 "updated_by": user, "updated_at": now()})
    log(row, "programmes.banquet_limit", user=user,
        data={"region": region.name, "max_tables": max_tables, "max_guests": max_guests, "notice_days": notice_days})
    return row


@transaction.atomic
def clear_limits(*, user, region_id):
    """The region reads its parent's limits again."""
    row = BanquetLimit.objects.select_for_update().select_related("region").filter(region_id=region_id).first()
    if row is None:
        return
    if not may_set_limits(user, path=row.region.path, level=row.region.level):
        raise BanquetError(_("You may set banquet limits only in your own reach."), code="forbidden")
    log(row, "programmes.banquet_limit_clear", user=user, data={"region": row.region.name})
    row.delete()


