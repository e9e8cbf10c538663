"""The rectification notice of a failed check-up states the time its case is due in: one setting gives both."""
import re

import pytest
from config.demo_documents import TEMPLATES

from cases.constants import Trigger as T
from cases.constants import Workflow
from documents.models import Document
from documents.placeholders import chinese_date
from forms_app.constants import FieldType
from tests.factories import (
    attach,
    field,
    make_category,
    make_form,
    make_regions,
    make_submission,
    make_template,
    pdf_text,
)

pytestmark = pytest.mark.django_db


def demo_rectification_notice():
    [spec] = [t for t in TEMPLATES if t["name"] == "整改通知书"]
    return make_template(name=spec["name"], title=spec["title"], serial_prefix=spec["serial_prefix"], body=spec["body"])


@pytest.mark.parametrize("hours, working_days_only, wording", [(168, True, "7个工作日"), (72, False, "3日")])
def test_the_notice_says_the_time_limit_and_date_the_rectification_case_is_due(
        hours, working_days_only, wording, django_capture_on_commit_callbacks):
    regions = make_regions()
    rectification = make_category(code="rect", name="整改", deadline_hours=hours, working_days_only=working_days_only)
    form = make_form([field("网格", FieldType.REGION), field("消防通道畅通", FieldType.CHECKUP_ITEM, weight=10),
                      field("问题与整改建议", FieldType.MULTILINE, required=False)],
                     title="社区体检", slug="ti-jian", workflow=Workflow.INSPECTION, kind="checkup", pass_mark=80,
                     default_category=rectification)
    attach(form, T.CHECKUP_FAILED, demo_rectification_notice())
    with django_capture_on_commit_callbacks(execute=True):
        submission = make_submission(form, {"wang_ge": regions["第一网格"].pk, "xiao_fang_tong_dao_chang_tong": "no",
                                            "wen_ti_yu_zheng_gai_jian_yi": "消防通道堆物"}, region=regions["第一网格"])
    case = submission.case
    [notice] = Document.objects.filter(case=case, trigger=T.CHECKUP_FAILED)
    with notice.file.open("rb") as handle:
        text = re.sub(r"\s+", "", pdf_text(handle.read()))
    assert f"于{wording}内（{chinese_date(case.due_at)}前）完成整改" in text
    assert "30日" not in text
