"""Placeholders: checked when a template is saved, filled only from the case's own plain values."""
import pytest
from django.core.exceptions import ValidationError

from documents import placeholders
from documents.models import DocumentTemplate
from documents.values import values_for_case
from tests.factories import make_resident_form, pdf_text, resident_case, valid_id_number


def test_known_placeholders_pass_and_unknown_ones_are_named():
    assert placeholders.check("<p>{{ resident_name }}，{{reference}}，{{ answer.xing_ming }}</p>") == []
    problems = placeholders.check("<p>{{ resident_nmae }} {{ case.submission }} {{ settings.SECRET_KEY }}</p>")
    assert len(problems) == 3
    assert "resident_nmae" in problems[0] and "case.submission" in problems[1] and "settings.SECRET_KEY" in problems[2]


@pytest.mark.parametrize("text", [
    "{{ resident_name|upper }}", "{{ resident_name.__class__ }}", "{{ answer.x.y }}", "{{ }}",
    "{{ resident_name }", "{% load static %}{{ x }}",
])
def test_filters_attributes_and_broken_braces_are_refused(text):
    assert placeholders.check(text)


def test_a_placeholder_split_by_formatting_is_refused():
    from django.utils import translation

    with translation.override("en"):
        problems = placeholders.check("<p>{{ <b>resident_name</b> }}</p>")
    assert any("split by formatting" in p and "resident_name" in p for p in problems)


def test_answer_placeholders_are_checked_against_the_form_when_given():
    assert placeholders.check("{{ answer.xing_ming }}", answer_ids={"xing_ming"}) == []
    assert "nian_ling" in placeholders.check("{{ answer.nian_ling }}", answer_ids={"xing_ming"})[0]


def test_substitution_escapes_values_and_leaves_template_syntax_inert():
    html = placeholders.substitute("<p>{{ resident_name }}</p>", {"resident_name": "<script>alert(1)</script>"})
    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    # Django template syntax is text here: it is never evaluated
    assert placeholders.substitute("{% debug %}{{ resident_name }}", {"resident_name": "王芳"}) == "{% debug %}王芳"


@pytest.mark.django_db
def test_saving_a_template_with_an_unknown_placeholder_fails_with_the_name():
    template = DocumentTemplate(name="t", title="{{ titel }}", body="<p>{{ secret_key }}</p>", serial_prefix="x",
                                issuer="y")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert set(error.value.message_dict) == {"title", "body"}
    assert "secret_key" in error.value.message_dict["body"][0]


@pytest.mark.django_db
def test_values_come_from_the_case_only_and_personal_numbers_are_masked(case_world):
    form = make_resident_form(case_world)
    id_number = valid_id_number()
    mine = resident_case(case_world, form, name="王芳", id_number=id_number)
    resident_case(case_world, form, name="赵敏", id_number=valid_id_number("22080219800101001"))
    values = values_for_case(mine)
    assert values["resident_name"] == "王芳" and values["grid"] == "第一网格"
    assert values["region_full"] == "镇赉县镇赉镇幸福社区第一网格" and values["community"] == "幸福社区"
    assert values["id_number_masked"] == id_number[:4] + "*" * 10 + id_number[-4:]
    assert values[f"answer.{form.ids['身份证号']}"] == values["id_number_masked"]
    assert id_number not in "".join(values.values())
    assert "赵敏" not in "".join(values.values())
    assert all(isinstance(v, str) for v in values.values())


@pytest.mark.django_db
def test_a_template_cannot_print_forbidden_data(case_world, django_capture_on_commit_callbacks, settings):
    """Even a template saved without validation prints nothing but its case's values."""
    from cases.constants import Trigger as DocumentTrigger
    from documents.models import Document
    from tests.factories import attach

    form = make_resident_form(case_world, slug="forbidden")
    sneaky = DocumentTemplate.objects.create(  # .create() skips full_clean(): the worst case
        name="sneaky", title="证明", serial_prefix="x", issuer="东湖街道办事处",
        body="<p>{{ resident_name }}[{{ settings.SECRET_KEY }}][{{ case.submission.form_data }}]"
             "[{{ case.tracking_token }}]{% debug %}</p>")
    attach(form, DocumentTrigger.SUBMIT, sneaky)
    resident_case(case_world, form, name="赵敏")
    with django_capture_on_commit_callbacks(execute=True):
        case = resident_case(case_world, form, name="王芳")
    document = Document.objects.get(case=case)
    with document.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "王芳[][][]{%debug%}" in text
    assert settings.SECRET_KEY not in text and case.tracking_token not in text and "赵敏" not in text


def test_a_table_value_alone_in_its_paragraph_becomes_an_escaped_table():
    table = {"columns": ["名次", "单位"], "rows": [["1", "<script>x</script>"]]}
    html = placeholders.substitute("<p>前言</p><p>{{ ranking_table }}</p><p>{{ ranking_table }}之后</p>",
                                   {"ranking_table": table})
    assert html.startswith('<p>前言</p><table class="data"><thead><tr><th>名次</th><th>单位</th></tr></thead>')
    assert "<td>&lt;script&gt;x&lt;/script&gt;</td>" in html and "<script>" not in html
    assert html.endswith("<p>1 &lt;script&gt;x&lt;/script&gt;之后</p>")  # inside a sentence: its text only


def test_the_rooms_above_register_their_placeholders():
    # the statistics room's ranking notice (statistics_app.apps): known to the check and the picker
    assert placeholders.check("<p>{{ ranking_period }}{{ ranking_table }}</p>") == []
    assert "ranking_table" in {p.name for p in placeholders.catalogue()}
