"""The demo's 红黑榜 (§3) in 幸福社区: the nomination and appeal forms, and entries in every step.

On the red list, 王建国's good deeds (entered by staff) and 赵秀兰's care of her mother-in-law (nominated by a
neighbour through the nomination form, so a case too) are published; a second nomination waits for review.
On the black list, one entry about littering is published (shown as 李**, with the appeal link) and one about an
extravagant banquet was reviewed and waits for a supervisor's approval. Idempotent: nothing is added when the
community has entries.
"""
import uuid
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.clock import now
from forms_app.published import published_fields
from forms_app.services import submit
from organisation.models import Region
from programmes.constants import HonourCategory, HonourList
from programmes.honours import services
from programmes.honours.appeals import ensure_appeal_form
from programmes.honours.nominations import ensure_nomination_form
from programmes.models import HonourEntry

COMMUNITY = "220821100001"


def _nominate(page, grid, **answers):
    """A neighbour's nomination, submitted as the form's flow submits it; returns the entry it made."""
    fields = published_fields(page)
    values = {"grid": grid.pk, "nominator": "钱多多", **answers}
    form = SimpleNamespace(submission_key=uuid.uuid4().hex, layout_fields=fields, client_hash="",
                           cleaned_data={f.field_id: values[f.field_id] for f in fields if f.field_id in values})
    return HonourEntry.objects.get(case=submit(page=page, form=form).case)


def seed_honours():
    community = Region.objects.get(code=COMMUNITY)
    nomination = ensure_nomination_form()
    ensure_appeal_form()
    if HonourEntry.objects.filter(region=community).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["dispatcher", "supervisor"])}
    dispatcher, supervisor = users["dispatcher"], users["supervisor"]
    today = timezone.localdate(now())
    grid = Region.objects.get(code=f"{COMMUNITY}-01")

    def enter(list, category, name, deed):
        return services.entry_create(by=dispatcher, list=list, category=category, region=community, name=name,
                                     deed=deed, starts_on=today, ends_on=today + timedelta(days=90))

    def publish(entry, note=""):
        entry = services.entry_review(entry=entry, by=dispatcher, note=note)
        entry = services.entry_approve(entry=entry, by=supervisor)
        return services.entry_publish(entry=entry, by=dispatcher)

    publish(enter(HonourList.RED, HonourCategory.GOOD_DEEDS, "王建国", "退休后连续三年义务打扫3号楼楼道，冬天为老人铲雪开路。"))
    publish(_nominate(nomination, grid, nominee="赵秀兰", category="孝老爱亲", phone="13800001111",
                      deed="照顾瘫痪在床的婆婆十年如一日，邻里称赞。"))
    _nominate(nomination, grid, nominee="幸福社区志愿服务队", category="好人好事", phone="13800001112", deed="每周为独居老人送餐、理发。")
    publish(enter(HonourList.BLACK, HonourCategory.LITTERING, "李堃喆", "多次从楼上向楼下乱扔垃圾，经劝导仍未改正。"),
            note="调取楼道监控并走访邻居三户核实；已上门告知本人并听取陈述。")
    services.entry_review(entry=enter(HonourList.BLACK, HonourCategory.EXTRAVAGANCE, "孙某某",
                                      "为子女升学大操大办宴席40桌，超出村规民约标准。"),
                          by=dispatcher, note="已核实宴席规模，本人承认。")
