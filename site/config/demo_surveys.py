"""Demo survey responses and check-ups, so that *Statistics → Survey results* and *Check-ups* have something to say.

Two more communities join the demo county (向阳社区 under 镇赉镇, 新华村 under 建平乡) so that check-ups can be
compared across five. Over the past months: some eighty answers to the satisfaction survey from every grid (a few
with a phone number typed into the comment, which the results mask), and monthly check-ups that pass and fail; a
failed one opens its rectification case, and the older ones have been worked on. Two communities were last
checked before this quarter, so the page lists them as not checked.

Everything goes through the services the resident flow and the workbench use, with the platform's clock moved
back (cases.clock.travel) for each step. Idempotent: nothing is added when the survey already has answers.
Random choices come from a fixed seed, so every demo database looks the same.
"""
import random
import uuid
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cases import clock, workflow
from cases.models import Case
from cases.services import case_open
from forms_app import search
from forms_app.models import FormPage, Submission
from organisation.constants import RegionLevel
from organisation.models import Department, Region
from programmes.checkups.services import mark_rectified

EXTRA_REGIONS = [
    ("220821100003", "向阳社区", RegionLevel.COMMUNITY, "220821100"),
    ("220821100003-01", "向阳社区第一网格", RegionLevel.GRID, "220821100003"),
    ("220821200202", "新华村", RegionLevel.COMMUNITY, "220821200"),
    ("220821200202-01", "新华村第一网格", RegionLevel.GRID, "220821200202"),
]

COMMENTS = ["希望增加路灯，晚上出行不安全。", "网格员很负责，经常上门走访。", "垃圾清运不及时，夏天味道大。",
            "停车位太少，晚上回来找不到车位。", "老年食堂很好，希望多开几处。", "请联系我13800138123，楼道灯坏了。",
            "物业服务有改进，点赞。", ""]
IMPROVE = ["环境卫生", "停车管理", "治安巡逻", "文体活动", "养老服务"]

# community grid code → the check-ups' days back from today and whether each passed ("P") or failed ("F"); the town's
# communities take the city's 80-item list (tijian), the villages the countryside's 70 (tijian-xiangcun); ``q``/``p``
# days: in / before this quarter (quarter_day). Which items fail is drawn from a fixed seed (failing_answers).
CHECKUPS = {
    "220821100001-01": [(150, "P"), (95, "F"), ("q40", "P"), ("q5", "P")],
    "220821100002-01": [(120, "P"), ("q30", "F"), ("q3", "F")],
    "220821200201-01": [(140, "P"), ("p10", "F")],
    "220821100003-01": [("q20", "P"), ("q2", "F")],
    "220821200202-01": [("p25", "P")],
}
#: how many items a passing / failing check-up answers "no" and "partly"
FAILING = {"P": (1, 2), "F": (6, 5)}


def failing_answers(items, verdict, rng):
    """Every item "yes" but a few drawn at random: ``FAILING[verdict]`` of them "no", then "partly"."""
    nos, partly = FAILING[verdict]
    drawn = rng.sample(items, nos + partly)
    answers = {key: "yes" for key in items}
    answers.update({key: "no" for key in drawn[:nos]})
    answers.update({key: "partly" for key in drawn[nos:]})
    return answers


def seed_regions_extra(regions):
    for code, name, level, parent in EXTRA_REGIONS:
        if code not in regions:
            regions[code] = Region.objects.get(pk=regions[parent].pk).add_child(code=code, name=name, level=level)
    return regions


def _moment(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def quarter_day(spec, today):
    """Days back as a date: a number counts from today; ``q<n>`` is n days ago but within this quarter,
    ``p<n>`` n days before this quarter began."""
    start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    if isinstance(spec, int):
        return today - timedelta(days=spec)
    n = int(spec[1:])
    return max(today - timedelta(days=n), start) if spec[0] == "q" else start - timedelta(days=n)


def submitted(page, answers, region, at):
    """A submission received at ``at`` with its case, as the resident flow stores them."""
    fields = list(page.form_fields.all())
    with transaction.atomic():
        submission = Submission.objects.create(page=page, revision_id=page.live_revision_id,
                                               submission_key=uuid.uuid4().hex, region=region, form_data=answers)
        Submission.objects.filter(pk=submission.pk).update(submit_time=at)
        submission.submit_time = at
        search.index(submission, fields)
        case = case_open(submission=submission, form=page, region=region)
    Case.objects.filter(pk=case.pk).update(created_at=at)
    return Case.objects.get(pk=case.pk)


def at_time(moment, action):
    """Run ``action()`` with the platform's clock at ``moment`` (the history lines carry that time)."""
    shift = moment - clock.now()
    clock.travel(shift)
    try:
        return action()
    finally:
        clock.travel(-shift)


def seed_survey_answers(regions, today):
    page = FormPage.objects.get(slug="manyidu")
    ids = {f.label: f.clean_name for f in page.form_fields.all()}
    grids = [r for code, r in sorted(regions.items()) if r.level == RegionLevel.GRID]
    rng = random.Random(2026)
    for number in range(84):
        grid = grids[number % len(grids)]
        lean = 1 if grid.code.startswith("220821200") else 0  # the villages are a little less satisfied
        answers = {ids["您对社区服务的总体满意度"]: max(1, min(5, rng.choice([5, 5, 4, 4, 4, 3, 2]) - lean)),
                   ids["社区工作人员态度热情"]: rng.choice([5, 4, 4, 4, 3, 2]),
                   ids["反映的问题能及时得到处理"]: max(1, rng.choice([5, 4, 4, 3, 3, 2, 1]) - lean),
                   ids["您希望社区改进的方面"]: rng.sample(IMPROVE, rng.choice([1, 1, 2, 3]))}
        if rng.random() < 0.08:
            answers[ids["您希望社区改进的方面"]].append("增设充电桩")  # an “Other” answer
        comment = rng.choice(COMMENTS)
        if comment:
            answers[ids["意见和建议"]] = comment
        submitted(page, answers, grid, _moment(today - timedelta(days=rng.randrange(0, 150)), rng.randrange(8, 21)))


def seed_checkups(regions, today):
    forms = {slug: FormPage.objects.get(slug=slug) for slug in ("tijian", "tijian-xiangcun")}
    questions = {slug: list(page.form_fields.all()) for slug, page in forms.items()}
    User = get_user_model()
    dispatcher, handler = User.objects.get(username="dispatcher"), User.objects.get(username="handler")
    team = Department.objects.get(code="xf-grid")
    rng = random.Random(80)
    for grid_code, visits in CHECKUPS.items():
        grid = regions[grid_code]
        slug = "tijian-xiangcun" if grid_code.startswith("220821200") else "tijian"
        ids = {f.label: f.clean_name for f in questions[slug]}
        items = [f.clean_name for f in questions[slug] if f.field_type == "checkupitem"]
        region_question = next(f.clean_name for f in questions[slug] if f.field_type == "region")
        for when, verdict in visits:
            day = quarter_day(when, today)
            answers = {region_question: grid.pk, ids["检查日期"]: day.isoformat(), ids["检查人"]: "县委政法委检查组",
                       **failing_answers(items, verdict, rng)}
            if verdict == "F":
                answers[ids["问题与整改建议"]] = "台账不全、环境卫生有死角，限期一个月整改。"
            case = at_time(_moment(day), lambda: submitted(forms[slug], answers, grid, _moment(day)))
            if case.state != "submitted" or (today - day).days < 20:
                continue  # passed (filed), or too recent to have been worked on
            start = _moment(day, 14)
            case = at_time(start, lambda: workflow.case_accept(case=case, by=dispatcher))
            if grid_code.startswith("220821100001"):
                case = at_time(start + timedelta(hours=1), lambda: workflow.case_dispatch(case=case, to=team,
                                                                                       by=dispatcher))
                case = at_time(start + timedelta(hours=3), lambda: workflow.case_claim(case=case, by=handler))
                for line in case.rectification_items.all():
                    at_time(start + timedelta(days=5), lambda: rectified(line, handler))
                at_time(start + timedelta(days=6), lambda: workflow.case_resolve(
                    case=case, by=handler, result="已补齐台账，背街小巷已集中整治，复查合格。"))


def rectified(line, handler):
    mark_rectified(item_id=line.pk, by=handler, note="已整改")


def seed_surveys_and_checkups(regions):
    """The demo's survey answers and check-ups (see the module's docstring); called from config.demo.seed."""
    page = FormPage.objects.filter(slug="manyidu").first()
    if page is None or Submission.objects.filter(page=page).exists():
        return
    regions = seed_regions_extra(regions)
    today = timezone.localdate()
    seed_survey_answers(regions, today)
    seed_checkups(regions, today)
