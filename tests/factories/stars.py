"""星级文明户: a round of a community with three criteria and a certificate, and households' declarations made
through the forms room's ``submit`` (each opens its case), on top of :func:`tests.factories.cases.make_case_world`."""
import uuid
from types import SimpleNamespace

CERTIFICATE_BODY = ("<p>{{ resident_name }}家庭：在{{ star_round }}中被评为“{{ star_level }}文明户”"
                    "（{{ star_score }}分）。</p>")


def make_star_round(world, *, notice_days=7, name_style="mask_middle", criteria=(("孝老爱亲", 40), ("邻里和睦", 30),
                                                                                 ("环境整洁", 30))):
    from programmes.models import StarCriterion, StarRound
    from programmes.stars.declaration_form import ensure_declaration_form, ensure_objection_form

    from .documents import make_template
    from .forms import forms_index

    forms_index()
    form = ensure_declaration_form()
    ensure_objection_form()
    certificate = make_template(name="星级文明户证书", title="荣誉证书", serial_prefix="镇赉星字", kind="certificate",
                                body=CERTIFICATE_BODY)
    round_ = StarRound.objects.create(title="2026年度幸福社区星级文明户评选", region=world.community,
                                      declaration_form=form, certificate=certificate, notice_days=notice_days,
                                      name_style=name_style)
    for order, (label, most) in enumerate(criteria):
        StarCriterion.objects.create(round=round_, label=label, max_score=most, sort_order=order)
    return round_


def declare(round_, name="王秀芳", *, region=None, phone="13900000001", address="幸福社区3号楼2单元501室"):
    """A household's declaration as the public form submits it; returns its case."""
    from forms_app.published import published_fields
    from forms_app.services import submit
    from organisation.models import Region

    form = round_.declaration_form
    fields = published_fields(form)
    answers = {"household": name, "address": address, "grid": (region or Region.objects.filter(
        path__startswith=round_.region_path, level="grid").order_by("path").first()).pk,
               "phone": phone, "deeds": "照顾卧床婆婆十余年，义务打扫楼道。"}
    submission = submit(page=form, form=SimpleNamespace(
        submission_key=uuid.uuid4().hex, layout_fields=fields, client_hash="",
        cleaned_data={f.field_id: answers[f.field_id] for f in fields if f.field_id in answers}))
    return submission.case


def scores(round_, *values):
    """{criterion pk: score} in the criteria's order."""
    return {c.pk: v for c, v in zip(round_.criteria.all(), values)}
