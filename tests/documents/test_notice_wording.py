"""What a resident's notice calls their matter: the category their form filed it under, else the form's title."""
import pytest

from documents.values import values_for_case
from forms_app.constants import FieldType
from tests.factories import field, make_category, make_form, make_regions, make_submission

pytestmark = pytest.mark.django_db

def case_of(page, answers):
    from cases.models import Case

    regions = make_regions()
    return Case.objects.get(submission=make_submission(page, answers, region=regions["第一网格"]))


def test_a_form_without_a_category_is_named_by_its_title():
    page = make_form([field("事项说明", FieldType.MULTILINE)], title="红白喜事报备")
    case = case_of(page, {"shi_xiang_shuo_ming": "本周六办婚宴"})
    assert case.category is None
    assert values_for_case(case)["category"] == "红白喜事报备"


def test_a_category_the_form_did_not_choose_is_not_named():
    """A case whose category the form does not give (it names none any more) reads the form's title."""
    sanitation = make_category(code="sanitation", name="环境卫生")
    page = make_form([field("事项说明", FieldType.MULTILINE)], title="红白喜事报备", default_category=sanitation)
    case = case_of(page, {"shi_xiang_shuo_ming": "本周六办婚宴"})
    assert values_for_case(case)["category"] == "环境卫生"  # the form chose it
    from cases.form_settings import set_case_settings

    set_case_settings(page, default_category=None)  # the editor takes the wrong category off the form
    page.save_revision().publish()
    case = type(case).objects.get(pk=case.pk)  # a later notice reads the case afresh
    assert values_for_case(case)["category"] == "红白喜事报备"


def test_the_answer_to_the_category_question_names_the_matter():
    noise = make_category(code="noise", name="噪音扰民")
    page = make_form([field("诉求类别", FieldType.DROPDOWN, choices="噪音扰民\n管道维修")], title="诉求反映",
                     category_question="su_qiu_lei_bie")
    case = case_of(page, {"su_qiu_lei_bie": "噪音扰民"})
    assert case.category == noise
    assert values_for_case(case)["category"] == "噪音扰民"


def test_the_demo_receipt_reads_well_for_a_form_without_a_category():
    from config.demo_documents import TEMPLATES

    from documents.placeholders import substitute

    page = make_form([field("事项说明", FieldType.MULTILINE)], title="红白喜事报备")
    case = case_of(page, {"shi_xiang_shuo_ming": "本周六办婚宴"})
    [receipt] = [t for t in TEMPLATES if t["name"] == "受理回执"]
    text = substitute(receipt["body"], values_for_case(case))
    assert "“红白喜事报备”" in text and "环境卫生" not in text
    assert text.count("红白喜事报备") == 1
