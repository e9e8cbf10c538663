"""A submission: answers keyed by field id, its revision, its case in the same transaction, its score."""
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection

from cases.models import Case, CaseEvent
from forms_app.constants import FieldType, FormKind
from forms_app.models import FormPage, Submission
from forms_app.services import checkup_score
from tests.factories import field, make_form, post_step, valid_id_number

pytestmark = pytest.mark.django_db


def test_every_submission_remembers_the_live_revision_it_answered(client):
    page = make_form([field("name", FieldType.SINGLELINE)])
    post_step(client, page, {"name": "a"})
    first_revision = page.live_revision
    page = FormPage.objects.get(pk=page.pk)
    page.title = "renamed"
    page.save_revision().publish()
    page.refresh_from_db()
    post_step(client, page, {"name": "b"})
    old, new = Submission.objects.order_by("pk")
    assert old.revision == first_revision
    assert new.revision == page.live_revision != first_revision


def test_answers_are_json_keyed_by_field_id_and_survive_a_label_rename(client):
    page = make_form([field("姓名", FieldType.SINGLELINE), field("人数", FieldType.NUMBER),
                      field("日期", FieldType.DATE), field("同意", FieldType.CONSENT)])
    post_step(client, page, {"xing_ming": "张三", "ren_shu": "3", "ri_qi": "2026-01-02", "tong_yi": "on"})
    page = FormPage.objects.get(pk=page.pk)
    renamed = page.form_fields.get(clean_name="xing_ming")
    renamed.label = "申请人姓名"
    renamed.save()
    page.save_revision().publish()
    page.refresh_from_db()
    assert [f.field_id for f in page.get_form_fields()][0] == "xing_ming"
    post_step(client, page, {"xing_ming": "李四", "ren_shu": "1.5", "ri_qi": "2026-01-03", "tong_yi": "on"})
    old, new = Submission.objects.order_by("pk")
    assert old.form_data == {"xing_ming": "张三", "ren_shu": 3, "ri_qi": "2026-01-02", "tong_yi": True}
    assert new.form_data["xing_ming"] == "李四" and new.form_data["ren_shu"] == 1.5


def test_a_submission_opens_its_case_with_a_submit_event(client, regions):
    page = make_form([field("grid", FieldType.REGION), field("phone", FieldType.MOBILE)], deadline_hours=48)
    post_step(client, page, {"grid": str(regions["第二网格"].pk), "phone": "+86 138-1234-5678"})
    submission = Submission.objects.get()
    case = submission.case
    assert case.form_id == page.pk and case.region == regions["第二网格"] and case.state == "submitted"
    assert [e.transition for e in CaseEvent.objects.filter(case=case)] == ["submit"]
    assert submission.form_data["phone"] == "13812345678"
    assert submission.phone_hash and "13812345678" not in submission.phone_hash
    assert (case.due_at - case.created_at).total_seconds() == 48 * 3600


def test_if_case_creation_fails_no_submission_row_remains(client):
    page = make_form([field("name", FieldType.SINGLELINE)])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_case BEFORE INSERT ON cases_case BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_case() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ "
                "LANGUAGE plpgsql; CREATE TRIGGER refuse_case BEFORE INSERT ON cases_case "
                "FOR EACH ROW EXECUTE FUNCTION refuse_case()"
            )
    client.raise_request_exception = True
    with pytest.raises(DatabaseError):
        post_step(client, page, {"name": "a"})
    assert Submission.objects.count() == 0 and Case.objects.count() == 0


def test_a_checkup_computes_a_weighted_score_on_its_case(client):
    page = make_form(
        [
            field("lights", FieldType.CHECKUP_ITEM, weight=2),
            field("roads", FieldType.CHECKUP_ITEM, weight=1),
            field("bins", FieldType.CHECKUP_ITEM, weight=1),
        ],
        kind=FormKind.CHECKUP,
    )
    # check-ups are the inspectors' (programmes.checkups.gate): a superuser may carry one out anywhere
    client.force_login(get_user_model().objects.create_superuser("inspector", "inspector@example.invalid", "x"))
    response = post_step(client, page, {"lights": "yes", "roads": "partly", "bins": "no"})
    assert response.status_code == 303
    case = Case.objects.get()
    assert case.score == Decimal("62.50")
    assert case.reference.startswith("TJ-")


def test_a_checkup_item_that_was_hidden_or_left_blank_does_not_count():
    items = [field("a", FieldType.CHECKUP_ITEM, weight=1), field("b", FieldType.CHECKUP_ITEM, weight=3)]
    for f in items:
        f.clean_name = f.label
    assert checkup_score(items, {"a": "yes"}) == 100
    assert checkup_score(items, {"a": "yes", "b": ""}) == 100
    assert checkup_score(items, {"a": "partly", "b": "no"}) == 12.5
    assert checkup_score(items, {}) is None


def test_a_request_form_has_no_score(client):
    page = make_form([field("lights", FieldType.CHECKUP_ITEM)])
    post_step(client, page, {"lights": "yes"})
    assert Case.objects.get().score is None


def test_id_numbers_are_stored_in_full_but_shown_masked():
    from forms_app.presentation import display_answer

    spec = field("id", FieldType.ID_NUMBER)
    number = valid_id_number()
    assert display_answer(spec, number) == number[:4] + "*" * 10 + number[-4:]
    assert display_answer(spec, number, mask=False) == number
    assert display_answer(field("m", FieldType.MOBILE), "13812345678") == "138****5678"


def test_the_daily_limit_counts_only_todays_submissions(client):
    import datetime

    page = make_form([field("name", FieldType.SINGLELINE)], daily_limit=1)
    post_step(client, page, {"name": "a"})
    Submission.objects.update(submit_time=Submission.objects.get().submit_time - datetime.timedelta(days=1))
    assert post_step(client, page, {"name": "b"}).status_code == 303
