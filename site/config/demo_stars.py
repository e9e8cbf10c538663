"""Demo of 星级文明户 (issue 13 §2): 幸福社区's 2026 round on public notice — declarations reviewed against five
criteria, one not approved, one objection from a neighbour waiting for the community's
decision —, 丹凤社区's 2025 round conferred, with its honour list and its certificates as one batch, and 东升村's
round with two declarations waiting for review.

Everything goes through the programme's services and the forms room's ``submit``, as residents and staff would.
Idempotent: a round is looked up by its title before it is made.
"""
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from cases.clock import now
from documents.constants import DocumentKind, PageFormat
from documents.models import DocumentTemplate
from forms_app.published import published_fields
from forms_app.services import submit
from organisation.models import Region
from programmes.models import StarCriterion, StarRound
from programmes.stars import services
from programmes.stars.declaration_form import ensure_declaration_form, ensure_objection_form

CERTIFICATE = dict(
    name="星级文明户评定证书", kind=DocumentKind.CERTIFICATE, title="荣誉证书", serial_prefix="镇赉星字",
    page_format=PageFormat.A4_LANDSCAPE, issuer="镇赉镇人民政府",
    body="<p><strong>{{ resident_name }}</strong> 家庭：</p><p>在{{ star_round }}中，经评议、公示，被评为 "
         "<strong>“{{ star_level }}文明户”</strong>。</p><p>特发此证，以资鼓励。</p>")
CRITERIA = [("爱党爱国、遵纪守法", 20), ("孝老爱亲、家庭和睦", 20), ("邻里互助、团结友善", 20),
            ("移风易俗、勤俭节约", 20), ("环境整洁、热心公益", 20)]
DEEDS = "照顾卧床婆婆十余年，常年义务打扫楼道，积极参加社区志愿服务和移风易俗宣传。"

#: round title, community code, how far it is (conferred: its notice began 30 days ago; notice: on notice now;
#: reviewing), households: (name, address, grid, phone, scores or None: waiting for review)
ROUNDS = [
    ("2025年度丹凤社区星级文明户评选", "220821100002", "conferred", [
        ("刘桂芝", "丹凤社区12号楼1单元101室", "220821100002-01", "13900000011", [20, 19, 19, 18, 19]),
        ("赵德胜", "丹凤社区7号楼2单元402室", "220821100002-02", "13900000012", [18, 17, 16, 17, 16]),
        ("孙玉兰", "丹凤社区3号楼1单元602室", "220821100002-01", "13900000013", [15, 15, 14, 15, 14]),
    ]),
    ("2026年度幸福社区星级文明户评选", "220821100001", "notice", [
        ("王秀英", "幸福社区3号楼2单元501室", "220821100001-01", "13900000001", [20, 19, 18, 18, 19]),
        ("李堃喆", "幸福社区5号楼1单元202室", "220821100001-01", "13900000002", [19, 18, 18, 17, 18]),
        ("张镕赟", "幸福社区8号楼3单元301室", "220821100001-02", "13900000003", [17, 16, 17, 16, 16]),
        ("周建军", "幸福社区9号楼1单元102室", "220821100001-02", "13900000004", [12, 13, 12, 14, 12]),
    ]),
    ("2026年度东升村星级文明户评选", "220821200201", "reviewing", [
        ("吴淑珍", "东升村二组15号", "220821200201-01", "13900000021", None),
        ("郑福林", "东升村三组8号", "220821200201-01", "13900000022", None),
    ]),
]
OBJECTION = ("张镕赟", "13700000001", "该户在楼道长期堆放杂物，邻居多次反映未清理，与“环境整洁”不符。")


def seed_stars(password):
    """The rounds above, the staff's right to configure rounds, and the objection form."""
    dispatchers = Group.objects.get(name="派单员")
    dispatchers.permissions.add(*Permission.objects.filter(
        content_type__app_label="programmes", codename__in=["add_starround", "change_starround", "view_starround"]))
    form, _objections = ensure_declaration_form(), ensure_objection_form()
    template, _ = DocumentTemplate.objects.get_or_create(name=CERTIFICATE["name"], defaults=CERTIFICATE)
    dispatcher = get_user_model().objects.get(username="dispatcher")
    for title, community, stage, households in ROUNDS:
        if StarRound.objects.filter(title=title).exists():
            continue
        round_ = StarRound.objects.create(title=title, region=Region.objects.get(code=community),
                                          declaration_form=form, certificate=template, notice_days=7)
        for order, (label, most) in enumerate(CRITERIA):
            StarCriterion.objects.create(round=round_, label=label, max_score=most, sort_order=order)
        _declare_and_review(round_, form, households, dispatcher)
        if stage == "reviewing":
            continue
        at = now() - timedelta(days=30 if stage == "conferred" else 0)
        services.publish_notice(round_=round_, by=dispatcher, at=at)
        if stage == "conferred":
            services.confer(round_=round_, by=dispatcher, at=at + timedelta(days=round_.notice_days, hours=1))
        else:
            _object(round_)


def _declare_and_review(round_, form, households, dispatcher):
    fields = published_fields(form)
    criteria = list(round_.criteria.all())
    for name, address, grid, phone, scores in households:
        answers = {"household": name, "address": address, "grid": Region.objects.get(code=grid).pk,
                   "phone": phone, "deeds": DEEDS}
        submission = submit(page=form, form=SimpleNamespace(
            submission_key=f"demo-stars-{round_.pk}-{phone}", layout_fields=fields, client_hash="",
            cleaned_data={f.field_id: answers[f.field_id] for f in fields if f.field_id in answers}))
        if scores is not None:
            services.review(round_=round_, case=submission.case, by=dispatcher,
                            scores={c.pk: score for c, score in zip(criteria, scores)})


def _object(round_):
    name, phone, reason = OBJECTION
    entry = next(e for e in round_.entries.all() if e.published_name.startswith(name[0]) and e.stars)
    services.object_to(entry=entry, phone=phone, reason=reason, key=f"{round_.pk:032x}")
