"""Document templates attached to forms, and cases whose documents print a resident's name and ID number."""
from .cases import make_case
from .forms import make_form

RECEIPT_BODY = ("<p>{{ resident_name }}（身份证号 {{ id_number_masked }}）：</p>"
                "<p>您于{{ submitted_date }}提交的“{{ form_title }}”已收到，受理编号 {{ reference }}，"
                "所在网格：{{ grid }}。</p>")


def make_template(*, name="受理回执", title="受理回执", body=RECEIPT_BODY, serial_prefix="镇赉受字",
                  issuer="东湖街道办事处", kind="notice", **extra):
    from documents.models import DocumentTemplate

    template = DocumentTemplate(name=name, title=title, body=body, serial_prefix=serial_prefix, issuer=issuer,
                                kind=kind, **extra)
    template.full_clean()
    template.save()
    return template


def attach(form, trigger, template):
    """Attach a template to a form's event the way an editor does: in the page, published."""
    from documents.models import FormDocumentRule

    page = form.get_latest_revision_as_object()
    page.document_rules.add(FormDocumentRule(trigger=trigger, template=template))
    page.save_revision().publish()
    form.refresh_from_db()
    return FormDocumentRule.objects.get(page=form, trigger=trigger, template=template)


def make_resident_form(world, *, title="居民证明申请", slug="zheng-ming"):
    """A handling form that asks for the resident's name and ID number (what certificates print)."""
    form = make_form([("姓名", "singleline"), ("身份证号", "idnumber", {"required": False}),
                      ("问题描述", "multiline")], title=title, slug=slug)
    ids = {f.label: f.field_id for f in form.form_fields.all()}
    form.ids = ids
    return form


def resident_case(world, form, *, name="李堃喆", id_number=None, text="申请居住证明"):
    answers = {form.ids["姓名"]: name, form.ids["问题描述"]: text}
    if id_number:
        answers[form.ids["身份证号"]] = id_number
    return make_case(form, world.grid1, answers, category=world.category)


def pdf_text(data: bytes) -> str:
    """The text of a PDF, as pdftotext reads it (whitespace removed, so that wrapped lines join)."""
    import re
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", handle.name, "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))
