"""Demo document templates: receipts and notices for the request form, a rectification notice for check-ups,
a 星级文明户 certificate for batches and the monthly 排榜通报 of the assessment (with its scheme); with a drawn
seal. Idempotent, like the rest of the demo."""
from io import BytesIO

from django.contrib.auth.models import Permission

from cases.constants import Trigger
from documents.constants import DocumentKind, PageFormat
from documents.models import DocumentTemplate, FormDocumentRule
from forms_app.models import FormPage
from statistics_app.models import AssessmentScheme

ISSUER = "镇赉镇人民政府"
SIGN_OFF = "<p>如有疑问，请携带本文书到社区党群服务中心咨询。</p>"

TEMPLATES = [
    dict(name="受理回执", kind=DocumentKind.NOTICE, title="受理回执", serial_prefix="镇赉受字",
         page_format=PageFormat.A5_LANDSCAPE, footer="本回执由系统自动生成，可扫码核验真伪。",
         body="<p>{{ resident_name }}：</p><p>您于{{ submitted_date }}提交的“{{ category }}”事项已收到，"
              "受理编号为 {{ reference }}。我们将按时限办理并反馈，您可以凭查询链接随时查看办理进度。</p>"),
    dict(name="不予受理通知书", kind=DocumentKind.NOTICE, title="不予受理通知书", serial_prefix="镇赉不受字",
         body="<p>{{ resident_name }}：</p><p>您于{{ submitted_date }}提交的诉求（受理编号 {{ reference }}）经审查，"
              "决定不予受理。理由如下：</p><p>{{ reason }}</p>" + SIGN_OFF),
    dict(name="办结告知书", kind=DocumentKind.NOTICE, title="办结告知书", serial_prefix="镇赉办字",
         body="<p>{{ resident_name }}：</p><p>您于{{ submitted_date }}反映的“{{ category }}”事项（受理编号 {{ reference }}），"
              "已由{{ department }}于{{ resolved_date }}办结。办理结果：</p><p>{{ result }}</p>"
              "<p>请您通过查询链接对办理情况进行评价。</p>"),
    dict(name="整改通知书", kind=DocumentKind.NOTICE, title="整改通知书", serial_prefix="镇赉整改字",
         body="<p>{{ community }}：</p><p>在{{ submitted_date }}开展的社区常态化治理体检中，你社区得分为 {{ score }} 分，"
              "低于80分的合格线。请对照检查发现的问题：</p><p>{{ answer.wen_ti_yu_zheng_gai_jian_yi }}</p>"
              "<p>于{{ time_limit }}内（{{ due_date }}前）完成整改，并将整改情况报镇综治中心。</p>"),
    dict(name="星级文明户荣誉证书", kind=DocumentKind.CERTIFICATE, title="荣誉证书", serial_prefix="镇赉证字",
         page_format=PageFormat.A4_LANDSCAPE,
         body="<p><strong>{{ resident_name }}</strong> 家庭：</p><p>在{{ year }}年度“星级文明户”评选活动中，"
              "被评为 <strong>“{{ answer.shen_bao_xing_ji }}文明户”</strong>。</p><p>特发此证，以资鼓励。</p>"),
    # a county's fifteen units and their figures run onto a second page (documents.long_values)
    dict(name="排榜通报", kind=DocumentKind.NOTICE, title="基层治理工作排榜通报", serial_prefix="镇赉排字", max_pages=2,
         footer="本通报由系统根据办件数据自动生成，可扫码核验真伪。",
         body="<p>各有关单位：</p><p>现将{{ ranking_scope }}{{ ranking_period }}{{ ranking_units }}基层治理工作"
              "量化评比结果通报如下（按期办结、群众满意、办结三项按权重计分，重办、督办扣分；案件过少的单位不参与"
              "排名）：</p><p>{{ ranking_table }}</p><p>亮红灯单位：{{ ranking_red_units }}。请亮灯单位认真分析原因，"
              "限期整改，并将整改情况报{{ issuer }}。</p>"),
]

RULES = [
    # form slug, trigger, template name
    ("suqiu", Trigger.SUBMIT, "受理回执"),
    ("suqiu", Trigger.REJECT, "不予受理通知书"),
    ("suqiu", Trigger.RESOLVE, "办结告知书"),
    ("tijian", Trigger.CHECKUP_FAILED, "整改通知书"),
    ("tijian-xiangcun", Trigger.CHECKUP_FAILED, "整改通知书"),
]


def seed_documents(index, groups):
    seal = seal_image()
    templates = {}
    for spec in TEMPLATES:
        templates[spec["name"]], _ = DocumentTemplate.objects.get_or_create(
            name=spec["name"], defaults={**spec, "issuer": ISSUER, "seal": seal})
    for slug, trigger, name in RULES:
        page = FormPage.objects.get(slug=slug)
        if FormDocumentRule.objects.filter(page=page, trigger=trigger, template=templates[name]).exists():
            continue
        # Through a revision, so that the rule is part of the page an editor opens and publishes next.
        draft = page.get_latest_revision_as_object()
        draft.document_rules.add(FormDocumentRule(trigger=trigger, template=templates[name]))
        draft.save_revision().publish()
    if not AssessmentScheme.objects.exists():
        AssessmentScheme.objects.create(name="2026年度基层治理考核方案", notice_template=templates["排榜通报"])
    groups["督办"].permissions.add(*Permission.objects.filter(
        content_type__app_label="statistics_app", codename__in=["view_assessmentscheme", "change_assessmentscheme"]))
    grant(groups["表单编辑"], "add_documenttemplate", "change_documenttemplate", "view_documenttemplate",
          "add_documentbatch", "view_documentbatch")
    grant(groups["督办"], "view_documenttemplate", "revoke_document", "add_documentbatch", "view_documentbatch")
    for codename in ("add_image", "choose_image"):
        permission = Permission.objects.filter(content_type__app_label="wagtailimages", codename=codename).first()
        if permission:
            groups["表单编辑"].permissions.add(permission)
    return templates


def grant(group, *codenames):
    for codename in codenames:
        group.permissions.add(Permission.objects.get(content_type__app_label="documents", codename=codename))


def seal_image():
    """A red round seal (公章 style) drawn with Pillow, stored as a Wagtail image."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    Image = get_image_model()
    found = Image.objects.filter(title="演示公章").first()
    if found:
        return found
    return Image.objects.create(title="演示公章", file=ImageFile(BytesIO(_draw_seal()), name="demo-seal.png"))


def _draw_seal(size=360, text=ISSUER):
    import math

    from PIL import Image, ImageDraw, ImageFont

    red = (200, 16, 32, 235)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=12)
    cx = cy = size / 2
    points = []
    for i in range(10):  # the five-pointed star in the middle
        r = size * (0.16 if i % 2 == 0 else 0.065)
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=red)
    try:
        font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", int(size * 0.12))
    except OSError:
        font = ImageFont.load_default()
    count = len(text)
    for i, char in enumerate(text):  # the issuer's name along the upper arc
        angle = math.radians(-150 + i * 120 / max(count - 1, 1))
        x, y = cx + size * 0.34 * math.cos(angle), cy + size * 0.34 * math.sin(angle)
        glyph = Image.new("RGBA", (int(size * 0.16), int(size * 0.16)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), char, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        image.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
