"""A form's SMS settings on its *Handling* panel: the mobile number question SMS notices go to and the checkbox the
resident ticks to agree, checked on save (cases.admin.editor.check_sms_questions)."""
import pytest

from cases.handling import handling_for
from cases.models import FormCaseSettings
from forms_app.constants import FieldType
from forms_app.models import FormPage
from tests.cases.test_case_settings import editor_client, english, handling_errors  # noqa: F401 (fixtures)
from tests.forms_app.test_admin_forms import add_url, create, page_data, question

pytestmark = pytest.mark.django_db

QUESTIONS = [question("联系电话", FieldType.MOBILE), question("我同意接收办理进度短信", FieldType.CHECKBOX,
                                                             required=""), question("姓名")]


def test_the_phone_and_consent_questions_are_named_by_label_and_stored_as_field_ids(editor_client):  # noqa: F811
    page = create(editor_client, QUESTIONS, handling={"sms_phone_question": "联系电话",
                                                      "sms_consent_question": "我同意接收办理进度短信"})
    row = FormCaseSettings.objects.get(page=page)
    assert row.sms_phone_question == "lian_xi_dian_hua"
    assert row.sms_consent_question == "wo_tong_yi_jie_shou_ban_li_jin_du_duan_xin"
    assert handling_for(page).sms_phone_question == "lian_xi_dian_hua"


@pytest.mark.parametrize("handling, field, message", [
    ({"sms_phone_question": "姓名", "sms_consent_question": "我同意接收办理进度短信"}, "sms_phone_question",
     "SMS notices go to a mobile phone number question."),
    ({"sms_phone_question": "联系电话", "sms_consent_question": "姓名"}, "sms_consent_question",
     "The SMS consent question must be a checkbox"),
    ({"sms_phone_question": "联系电话"}, "sms_consent_question", "without their consent none is sent"),
    ({"sms_consent_question": "我同意接收办理进度短信"}, "sms_phone_question", "Name the mobile phone number question"),
    ({"sms_phone_question": "手机", "sms_consent_question": "我同意接收办理进度短信"}, "sms_phone_question",
     "is not the label or id of a question"),
])
def test_sms_settings_that_cannot_work_are_refused_with_a_clear_message(editor_client, handling, field,  # noqa: F811
                                                                         message):
    response = editor_client.post(add_url(), page_data(QUESTIONS, handling=handling))
    assert response.status_code == 200
    assert message in str(handling_errors(response)[field])
    assert not FormPage.objects.exists()
