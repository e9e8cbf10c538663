"""The demo's 移风易俗 红白喜事报备: the declaration form, the county's default limits and 东升村's stricter own,
and declarations at each point of their life — within the limits, over them (by a party member), late, visited
by the grid worker, one whose follow-up visit is missing, and one found held without a declaration — so the supervisor's list and the counts show.

Declarations are made as the resident flow makes them (a submission and its case; the case's ``submit`` line
makes the declaration); those of past events are then moved back in time, as the history seed does. Idempotent.
"""
import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cases.services import case_open
from forms_app import search
from forms_app.models import Submission
from organisation.models import Region
from programmes.banquets import services
from programmes.banquets.form_page import ensure_banquet_form
from programmes.banquets.limits import is_late, limits_for
from programmes.models import BanquetDeclaration, BanquetEvent, BanquetLimit

#: region code, most tables, most guests, notice days (the county's is every village's default)
LIMITS = [("220821", 20, 200, 7), ("220821200201", 15, 150, 10)]
#: key, grid, event, days from today (negative: past), declared days before it, tables, guests, party member,
#: visit (None: not yet; else (as declared, tables held, remarks))
DECLARATIONS = [
    ("1", "220821100001-01", "婚事", 20, 20, 12, 120, "否", None),
    ("2", "220821100001-01", "婚事", 10, 10, 28, 300, "是", None),
    ("3", "220821100001-02", "其他喜事（寿宴、升学宴、乔迁等）", 3, 3, 8, 80, "否", None),
    ("4", "220821200201-01", "丧事", -12, 2, 10, 100, "是", None),
    ("5", "220821100001-01", "婚事", -5, 15, 16, 160, "否", (True, None, "按报备规模举办，未燃放烟花。")),
    ("6", "220821100001-01", "婚事", -9, 12, 18, 180, "否", (False, 24, "实际摆了24桌，已当面劝导，记入台账。")),
    ("7", "220821100002-01", "其他喜事（寿宴、升学宴、乔迁等）", -2, 9, 10, 90, "否", None),
]


def seed_banquets():
    """The form, the limits and the declarations (skipped when declarations exist)."""
    form = ensure_banquet_form()
    for code, tables, guests, days in LIMITS:
        region = Region.objects.filter(code=code).first()
        if region is not None:
            BanquetLimit.objects.get_or_create(region=region, defaults={
                "max_tables": tables, "max_guests": guests, "notice_days": days})
    if BanquetDeclaration.objects.exists():
        return
    worker = get_user_model().objects.filter(username="gridworker").first()
    for spec in DECLARATIONS:
        _declaration(form, worker, *spec)
    grid = Region.objects.filter(code="220821100001-01").first()
    if worker is not None and grid is not None:  # 未报备: found on patrol
        services.record_undeclared(user=worker, region_id=grid.pk, kind="other", place="幸福社区活动室",
                                   event_date=timezone.localdate() - dt.timedelta(days=3), tables=26, guests=240,
                                   remarks="巡查发现举办升学宴，未报备，已当面宣传移风易俗规定。")


def _declaration(form, worker, key, grid, kind, days, ahead, tables, guests, party, visit):
    region = Region.objects.filter(code=grid).first()
    if region is None:
        return
    today = timezone.localdate()
    event_date, declared_on = today + dt.timedelta(days=days), today + dt.timedelta(days=days - ahead)
    answers = {"banquet_kind": kind, "banquet_date": max(event_date, today).isoformat(), "banquet_grid": region.pk,
               "banquet_place": "自家院内", "banquet_tables": tables, "banquet_guests": guests,
               "banquet_alcohol": "否", "banquet_fireworks": "否", "party_member": party, "host_name": "王建国",
               "phone": f"1390013{int(key):04d}", "pledge": True}
    with transaction.atomic():
        submission = Submission.objects.create(page=form, revision_id=form.live_revision_id, region=region,
                                               submission_key=f"demo-banquet-{key}", form_data=answers)
        search.index(submission, list(form.form_fields.all()))
        case = case_open(submission=submission, form=form, region=region)
    declaration = case.banquet
    if event_date < today:  # an event of the past: declared then
        answers["banquet_date"] = event_date.isoformat()
        Submission.objects.filter(pk=submission.pk).update(form_data=answers)
        at = timezone.make_aware(dt.datetime.combine(declared_on, dt.time(9)))
        BanquetDeclaration.objects.filter(pk=declaration.pk).update(
            event_date=event_date, declared_on=declared_on,
            late=is_late(limits_for(region), declaration.kind, declared_on, event_date))
        BanquetEvent.objects.filter(declaration=declaration).update(at=at)
        case.__class__.objects.filter(pk=case.pk).update(created_at=at)
    if visit is not None and worker is not None:
        as_declared, held, remarks = visit
        services.record_visit(declaration_id=declaration.pk, user=worker, as_declared=as_declared,
                              actual_tables=held, remarks=remarks)
