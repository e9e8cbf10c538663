"""Demo history: seven months of the county's requests, so every chart, rate and ranking has something to say.

About 330 cases opened over the 210 days before the seed, spread over the grids, categories (and their
departments) and channels, in every state: not accepted, closed with advice, waiting, dispatched and claimed
with green, yellow and red lights, resolved on time and late, urged, rated (well and badly) and not rated,
reopened after a bad rating and resolved again, evaluated automatically, archived.

A documented fast path, like the benchmark generator: walking them through :mod:`cases.workflow` would queue
hundreds of e-mail notices and PDF documents for the worker of ``bin/run`` and move the platform's clock; so each
case's life is drawn here (deterministically: the same seed gives the same history) and written at once — its
submission (answers, search text), the case row as the services would leave it (state, deadline, handler,
result, rating, the copies of its history moments) and its history lines, each from the state the line before
left it in, with the actor, note and data the services record. Nothing is sent and no document is issued.
Reference numbers come from the same counter as residents' (``cases.numbering``), so none repeats.

Idempotent as the rest of the seed: the history is written once (its submissions carry a ``demo-history-``
key) and never again.
"""
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from cases import machine
from cases.clock import now
from cases.constants import CaseState, Channel
from cases.deadlines import deadline
from cases.handling import handling_for
from cases.models import Case, CaseEvent
from cases.numbering import next_reference
from forms_app import search
from forms_app.models import FormPage, Submission
from organisation.constants import RegionLevel, Triage
from organisation.models import Category, Department, Region

S = CaseState
H = timedelta(hours=1)
KEY = "demo-history-"
DAYS, CASES = 210, 330
CHANNELS = [Channel.ONLINE] * 8 + [Channel.HOTLINE] * 3 + [Channel.PHONE] * 2 + [Channel.PATROL] * 2 + [
    Channel.VISIT, Channel.MEETING]
MATTERS = {
    "noise": ["夜间施工噪音很大，影响休息。", "楼下商铺音响声音过大。", "广场舞音响过晚仍在播放。"],
    "parking": ["小区车位不够，车辆乱停占用通道。", "新划车位挡住单元门口。"],
    "pipes": ["楼道水管漏水，地面积水。", "暖气管道阀门损坏，家里不热。", "下水道堵塞，污水外溢。"],
    "sanitation": ["垃圾箱满溢无人清运。", "绿化带有建筑垃圾堆放。", "小区门口污水横流。"],
    "rectification": ["社区体检发现消防通道堆物，需整改。"],
}
RESIDENTS = ["王芳", "刘建国", "张丽华", "李秀兰", "陈志强", "赵玉梅", "孙浩", "周桂英"]
RESULTS = ["已现场处理完毕，并向居民反馈。", "已协调物业整改，复查合格。", "已联系相关单位处理，问题解决。"]
RATINGS = [5] * 12 + [4] * 5 + [3] * 2 + [2, 1]


@dataclass
class Life:
    """One case's life as it is drawn: the case's columns and its history lines, in order."""

    row: dict
    lines: list = field(default_factory=list)

    @property
    def state(self):
        return self.row["state"]

    def line(self, name, at, to=None, by=None, note="", **data):
        """Append a line (``to``: the state a move ends in; None for a line that is not a move)."""
        self.lines.append(dict(transition=name, at=at, actor=by, target=to, note=note, data=data,
                               public=machine.event(name).public))
        self.row["state"] = to or self.state
        return at

    def history(self):
        """The lines in time order, each from the state the one before left the case in."""
        state, out = "", []
        for line in sorted(self.lines, key=lambda item: item["at"]):
            line = dict(line)
            target = line.pop("target")
            out.append({**line, "from_state": state, "to_state": target or state})
            state = target or state
        return out


def seed_history():
    """Write the history once (see the module's note); returns the number of cases written."""
    if Submission.objects.filter(submission_key__startswith=KEY).exists():
        return 0
    page = FormPage.objects.get(slug="suqiu")
    world = _world(page)
    rnd = random.Random(20261001)
    until = now()
    with transaction.atomic():
        lives = [_life(rnd, until - timedelta(days=DAYS) * rnd.random() ** 0.9, until, world)
                 for _ in range(CASES)]
        # one matter of the last hours still waits for the dispatcher, whatever the hour the demo is seeded at
        # (which of the random lives are recent, and so may wait, shifts with the hour)
        lives.append(_submitted(rnd, until - 2 * H, until, world))
        lives.sort(key=lambda life: life.row["created_at"])
        for number, life in enumerate(lives):
            _write(number, life, page, world)
    return len(lives)


def _world(page):
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["dispatcher", "handler", "handler_b", "handler_zj", "supervisor"])}
    departments = {d.code: d for d in Department.objects.all()}
    handlers = {"xf-grid": [users["handler"], users["handler_b"]], "zj": [users["handler_zj"]]}
    return {
        "users": users, "departments": departments, "handlers": handlers,
        "grids": list(Region.objects.filter(level=RegionLevel.GRID).order_by("path")),
        "categories": list(Category.objects.select_related("default_department").order_by("code")),
        "fields": list(page.form_fields.all()), "prefix": handling_for(page).reference_prefix,
    }


def _department(category, grid, world):
    """Where the dispatcher sends it: the grid's own station for 幸福社区's pipes and sanitation (the demo's
    routing), else the category's department."""
    if grid.path and grid.code.startswith("220821100001") and category.code in ("pipes", "sanitation"):
        return world["departments"]["xf-grid"]
    return category.default_department or world["departments"]["zj"]


def _submitted(rnd, created, until, world):
    """A matter just submitted: its row and its first history line."""
    grid, category = rnd.choice(world["grids"]), rnd.choice(world["categories"][:4] * 3 + world["categories"])
    life = Life(row=dict(
        created_at=created.replace(hour=rnd.randint(7, 20)), region=grid, category=category,
        channel=rnd.choice(CHANNELS), state=S.SUBMITTED, triage="", text=rnd.choice(MATTERS[category.code]),
        resident=rnd.choice(RESIDENTS), reopen_count=0, urge_count=0,
    ))
    created = life.row["created_at"] = min(life.row["created_at"], until - H)
    life.line("submit", created, S.SUBMITTED)
    return life


def _life(rnd, created, until, world):
    life = _submitted(rnd, created, until, world)
    created, category = life.row["created_at"], life.row["category"]
    recent = until - created < timedelta(days=10)
    if recent and rnd.random() < 0.15:
        return life  # waits for the dispatcher
    dispatcher = world["users"]["dispatcher"]
    accepted = created + H * rnd.uniform(0.2, 6)
    if rnd.random() < 0.05:
        life.line("reject", accepted, S.REJECTED, dispatcher, "不属于受理范围，已告知居民向相关部门反映。")
        life.row["closed_at"] = accepted
        if not recent and rnd.random() < 0.6:
            archived = accepted + timedelta(days=rnd.uniform(3, 20))
            life.line("archive", archived, S.ARCHIVED, world["users"]["supervisor"])
        return life
    life.row["triage"] = category.default_triage or rnd.choice([Triage.MINOR, Triage.MINOR, Triage.MAJOR])
    life.line("accept", min(accepted, until - 0.5 * H), S.ACCEPTED, dispatcher)
    if recent and rnd.random() < 0.15:
        return life
    if rnd.random() < 0.04:
        life.row["triage"] = Triage.PRIVATE
        advice = "属于私事，已建议居民与物业或邻居协商解决，必要时申请人民调解。"
        life.row.update(result=advice, resolved_at=life.line("close_with_advice", accepted + H, S.RESOLVED,
                                                             dispatcher, advice))
        return _verdict(rnd, life, until, world)
    return _handle(rnd, life, accepted + H * rnd.uniform(0.1, 2), until, world)


def _dispatch(life, at, world, reason=""):
    row = life.row
    category, department = row["category"], row.get("department") or _department(row["category"], row["region"], world)
    dl = deadline(at, category.deadline_hours, working_days_only=category.working_days_only)
    row.update(department=department, dispatched_at=at, due_at=dl.due_at, yellow_at=dl.yellow_at,
               claim_due_at=at + department.claim_window_hours * H, handler=None)
    if reason:
        life.line("reopen", at, S.DISPATCHED, None, reason)
    else:
        life.line("dispatch", at, S.DISPATCHED, world["users"]["dispatcher"], department=department.name,
                  due_at=dl.due_at.isoformat())
    return dl


def _handle(rnd, life, dispatched, until, world):
    """Dispatched, claimed, urged perhaps, resolved on time or late; then the resident's verdict."""
    if dispatched >= until:
        return life
    dl = _dispatch(life, dispatched, world)
    row = life.row
    claimed = dispatched + H * rnd.expovariate(1 / 3)
    if claimed >= until or rnd.random() < 0.03:
        return _overdue(life, until)
    _claim(rnd, life, claimed, world)
    allowed = dl.due_at - dispatched
    took = allowed * (rnd.uniform(0.1, 0.9) if rnd.random() < 0.8 else rnd.uniform(1.05, 2.5))
    done = min(dispatched + took, until)
    if rnd.random() < 0.12:  # a supervisor urges it on
        for n in range(rnd.choice((1, 1, 2))):
            urged = dispatched + took * (0.5 + n * 0.2)
            if claimed < urged < done:
                row["urge_count"] += 1
                row["flagged"] = True
                life.line("urge", urged, by=world["users"]["supervisor"], note="请抓紧办理，按期反馈。")
    if dispatched + took >= until:
        if rnd.random() < 0.2 and claimed + H < until:
            life.line("consult", claimed + H, S.CONSULTING, row["handler"], "相关单位会商处理方案",
                      participants=["社区", row["department"].name], topic="会商处理方案")
        return _overdue(life, until)
    if dispatched + took > dl.due_at:
        row["overdue_notified_at"] = life.line("overdue", dl.due_at, note="已超期")
    row["result"] = rnd.choice(RESULTS)
    row["resolved_at"] = life.line("resolve", dispatched + took, S.RESOLVED, row["handler"], row["result"])
    return _verdict(rnd, life, until, world)


def _claim(rnd, life, at, world):
    team = world["handlers"].get(life.row["department"].code)
    life.row["handler"] = rnd.choice(team) if team else None  # departments without a demo login: nobody named
    life.line("claim", at, S.CLAIMED, life.row["handler"])


def _overdue(life, until):
    """Still open: it shows a light; red ones have had their overdue line."""
    if life.row.get("due_at") and life.row["due_at"] <= until:
        life.row["overdue_notified_at"] = life.line("overdue", life.row["due_at"], note="已超期")
    return life


def _verdict(rnd, life, until, world):
    """The resident rates it (a bad rating reopens it once), or does not and it is evaluated automatically;
    older cases are archived."""
    row = life.row
    resolved = row["resolved_at"]
    if until - resolved < timedelta(days=5) and rnd.random() < 0.7:
        return life  # the resident may still rate it
    rated = resolved + (timedelta(days=7) if rnd.random() < 0.3 else H * rnd.uniform(2, 72))
    if rated >= until:
        return life
    if rated - resolved == timedelta(days=7):
        life.line("auto_evaluate", rated, S.EVALUATED, note="未在规定时间内评价，默认满意。")
    else:
        rating = rnd.choice(RATINGS) if row["reopen_count"] == 0 else rnd.choice((1, 2, 3, 4, 5, 5))
        row["rating"] = rating
        life.line("evaluate", rated, S.EVALUATED, note="" if rating > 2 else "问题没有彻底解决。", rating=rating)
        if rating <= 2 and row["reopen_count"] == 0 and row.get("department"):
            row.update(reopen_count=1, rating=None, result="", resolved_at=None, flagged=False)
            _dispatch(life, rated, world, reason="居民对办理结果不满意，重新办理。")
            return _handle_again(rnd, life, rated, until, world)
        if rating <= 2:  # unsatisfied again: a supervisor must verify (cases.workflow._flag_for_supervisor)
            row["flagged"] = True
            life.line("flag", rated, note="居民仍不满意，需督办人员核实。")
    if until - resolved > timedelta(days=30) and rnd.random() < 0.6:
        row["closed_at"] = life.line("archive", resolved + timedelta(days=rnd.uniform(10, 25)), S.ARCHIVED,
                                     world["users"]["supervisor"])
    return life


def _handle_again(rnd, life, reopened, until, world):
    """After a reopening: claimed again and resolved again (or still open)."""
    row = life.row
    claimed = reopened + H * rnd.uniform(0.5, 6)
    resolved = claimed + H * rnd.uniform(4, 40)
    if resolved >= until:
        return life
    _claim(rnd, life, claimed, world)
    row["result"] = rnd.choice(RESULTS)
    row["resolved_at"] = life.line("resolve", resolved, S.RESOLVED, row["handler"], row["result"])
    return _verdict(rnd, life, until, world)


def _write(number, life, page, world):
    """The submission, the case and its lines, as the services would have left them."""
    row, ids = life.row, {f.label: f.clean_name for f in world["fields"]}
    submission = Submission.objects.create(
        page=page, revision_id=page.live_revision_id, submission_key=f"{KEY}{number}", region=row["region"],
        form_data={ids["诉求类别"]: row["category"].name, ids["问题描述"]: row["text"],
                   ids["所在网格"]: row["region"].pk, ids["姓名"]: row["resident"], ids["是否需要回访"]: "是",
                   ids["联系电话"]: f"1390043{number:04d}", ids["本人承诺所反映情况属实"]: True},
    )
    Submission.objects.filter(pk=submission.pk).update(submit_time=row["created_at"])
    search.index(submission, world["fields"])
    lines, firsts = life.history(), {}
    for line in lines:
        firsts.setdefault(line["transition"], line["at"])
    columns = {k: v for k, v in row.items() if k not in ("text", "resident")}
    case = Case(
        reference=next_reference(world["prefix"], now=row["created_at"]), submission=submission, form=page,
        level=row["region"].level, accepted_at=firsts.get("accept"), first_dispatched_at=firsts.get("dispatch"),
        first_claimed_at=firsts.get("claim"), rejected="reject" in firsts, **columns,
    )
    case.save()
    CaseEvent.objects.bulk_create(CaseEvent(case=case, **line) for line in lines)
