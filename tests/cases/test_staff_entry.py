"""录入诉求: staff enter a matter for a resident through the resident's own form, by phone, visit, patrol …;
the case records the channel and the staff member, keeps the resident's contact, and gives the same
reference number and tracking link."""
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.constants import Channel
from cases.models import Case
from cases.receipts import tracking_url
from forms_app.constants import FieldType
from forms_app.models import Submission
from organisation.constants import StaffRole
from tests.factories import make_department, make_form, make_member, make_regions, make_staff, open_form

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.SMS_BACKEND = "forms_app.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    return tmp_path / "sms.log"


@pytest.fixture
def world():
    regions = make_regions()
    team = make_department(regions["第一网格"], code="grid-1", name="第一网格服务队")
    form = make_form([("问题描述", FieldType.MULTILINE), ("所在网格", FieldType.REGION),
                      ("现场照片", FieldType.FILE, {"required": False, "upload_types": "jpg,png,pdf"}),
                      ("姓名", FieldType.SINGLELINE, {"required": False, "personal": True}),
                      ("联系电话", FieldType.MOBILE, {"required": False})],
                     title="居民诉求", slug="su-qiu", daily_limit=1)
    ids = {f.field_type: f.field_id for f in form.form_fields.all()}
    worker = make_member(StaffRole.HANDLER, department=team, username="grid_worker")
    return {"regions": regions, "team": team, "form": form, "ids": ids, "worker": worker}


def answers(world, *, phone=PHONE, text="小区东门路灯不亮，晚上行人不安全。"):
    ids = world["ids"]
    return {ids[FieldType.MULTILINE]: text, ids[FieldType.REGION]: str(world["regions"]["第一网格"].pk),
            ids[FieldType.SINGLELINE]: "王秀英", ids[FieldType.MOBILE]: phone}


def start(client, world, channel):
    return client.post(reverse("cases_enter"), {"form": world["form"].pk, "channel": channel})


def enter(client, world, channel=Channel.PHONE, **answer_kwargs):
    """Start the entry from the workbench and submit the resident's form; returns the submit response."""
    response = start(client, world, channel)
    assert response.status_code == 303 and response["Location"] == world["form"].url
    key = open_form(client, world["form"])
    return client.post(world["form"].url, {"_key": key, "_step": "1", **answers(world, **answer_kwargs)})


def test_a_matter_taken_by_phone_records_the_channel_and_who_entered_it(client, world):
    client.force_login(world["worker"])
    response = enter(client, world, Channel.PHONE)
    case = Case.objects.get()
    assert response.status_code == 303 and response["Location"] == reverse("cases_entry_receipt", args=[case.pk])
    assert case.channel == Channel.PHONE and case.entered_by == world["worker"]
    submit = case.events.get(transition="submit")
    assert submit.actor == world["worker"] and submit.data == {"channel": "phone"}


def test_the_residents_contact_is_kept_as_answers_and_masked_like_other_personal_data(client, world):
    client.force_login(world["worker"])
    enter(client, world)
    submission = Submission.objects.get()
    ids = world["ids"]
    assert submission.form_data[ids[FieldType.MOBILE]] == PHONE
    assert submission.form_data[ids[FieldType.SINGLELINE]] == "王秀英"
    assert "138****5678" in submission.search_text and PHONE not in submission.search_text
    assert submission.keys.count() == 1  # the keyed lookup that finds the case again by phone


def test_the_receipt_gives_the_reference_and_a_tracking_link_that_works(client, world):
    client.force_login(world["worker"])
    receipt = client.get(enter(client, world)["Location"])
    case = Case.objects.get()
    html = receipt.content.decode()
    assert receipt.status_code == 200 and case.reference in html and tracking_url(case) in html
    assert "138****5678" in html and PHONE not in html
    client.logout()
    assert client.get(reverse("track", args=[case.tracking_token])).status_code == 200


def test_the_case_page_and_its_history_name_the_channel_and_the_staff_member(client, world):
    client.force_login(world["worker"])
    enter(client, world, Channel.VISIT)
    case = Case.objects.get()
    dispatcher = make_member(StaffRole.DISPATCHER, region=world["regions"]["镇赉县"], username="dispatcher")
    client.force_login(dispatcher)
    html = client.get(reverse("cases_workbench_case", args=[case.pk])).content.decode()
    assert 'data-channel="visit"' in html and "data-entered-by" in html and "grid_worker" in html


def test_staff_entry_is_not_held_to_the_residents_daily_limit_and_ends_with_its_submission(client, world):
    client.force_login(world["worker"])
    enter(client, world)
    enter(client, world, text="楼下商铺夜间施工噪音很大，影响休息。")
    assert Case.objects.filter(channel=Channel.PHONE).count() == 2
    html = client.get(world["form"].url).content.decode()
    assert "notice--staff" not in html  # the next visit is the resident's form again


def test_a_resident_cannot_claim_a_staff_channel_by_posting_one(client, world):
    key = open_form(client, world["form"])
    response = client.post(world["form"].url, {"_key": key, "_step": "1", "channel": "phone", **answers(world)})
    assert response.status_code == 400 and not Case.objects.exists()
    key = open_form(client, world["form"], "?channel=phone")
    response = client.post(world["form"].url + "?channel=phone", {"_key": key, "_step": "1", **answers(world)})
    case = Case.objects.get()
    assert case.channel == Channel.ONLINE and case.entered_by is None
    assert response["Location"] == reverse("form_done", args=[case.tracking_token])


def test_staff_without_a_role_may_not_enter_matters_for_residents(client, world):
    editor = make_staff(username="editor")
    client.force_login(editor)
    for response in (client.get(reverse("cases_enter")), start(client, world, Channel.PHONE)):
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")  # Wagtail's refusal
    client.get(world["form"].url)
    assert "staff_entry" not in client.session


def test_an_anonymous_visitor_cannot_start_an_entry(client, world):
    response = start(client, world, Channel.PATROL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_online_is_not_a_channel_staff_enter_by(client, world):
    client.force_login(world["worker"])
    assert start(client, world, Channel.ONLINE).status_code == 400


def test_a_role_taken_away_during_the_entry_stops_it_being_recorded_as_staff_entry(client, world):
    client.force_login(world["worker"])
    start(client, world, Channel.PHONE)
    key = open_form(client, world["form"])
    world["worker"].memberships.all().delete()
    client.post(world["form"].url, {"_key": key, "_step": "1", **answers(world)})
    assert not Case.objects.filter(entered_by=world["worker"]).exists()


def test_a_patrol_report_starts_at_the_workers_grid_and_opens_the_camera(client, world):
    client.force_login(world["worker"])
    start(client, world, Channel.PATROL)
    html = client.get(world["form"].url).content.decode()
    grid = world["regions"]["第一网格"].pk
    assert re.search(rf'<option value="{grid}" selected>', html)
    assert re.search(r'<input type="file"[^>]*accept="image/\*,[^"]*"[^>]*capture="environment"', html)


def test_the_admin_home_offers_a_one_tap_patrol_report(client, world):
    client.force_login(world["worker"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-entry="patrol"' in html and f'name="form" value="{world["form"].pk}"' in html


def test_the_receipt_texts_the_tracking_link_once_the_resident_agrees(client, world, sms_file,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(world["worker"])
    enter(client, world)
    case = Case.objects.get()
    url = reverse("cases_entry_receipt_sms", args=[case.pk])
    response = client.post(url, {})
    assert response.status_code == 302 and not sms_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"consent": "yes"})
    [line] = sms_file.read_text().splitlines()
    assert line.startswith(PHONE + "\t") and case.reference in line and tracking_url(case) in line


def test_someone_else_cannot_read_the_receipt_of_a_matter_they_did_not_enter(client, world):
    client.force_login(world["worker"])
    enter(client, world)
    case = Case.objects.get()
    other = make_member(StaffRole.HANDLER, department=make_department(world["regions"]["第二网格"]), username="other")
    client.force_login(other)
    assert client.get(reverse("cases_entry_receipt", args=[case.pk])).status_code == 404
    assert client.post(reverse("cases_entry_receipt_sms", args=[case.pk]), {"consent": "yes"}).status_code == 404


def test_stopping_an_entry_gives_the_form_back_to_the_resident(client, world):
    client.force_login(world["worker"])
    start(client, world, Channel.PHONE)
    assert "notice--staff" in client.get(world["form"].url).content.decode()
    response = client.get(reverse("cases_entry_stop", args=[world["form"].pk]))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)]
    assert "notice--staff" not in client.get(world["form"].url).content.decode()


def test_the_workbench_listing_filters_by_channel(client, world):
    client.force_login(world["worker"])
    enter(client, world, Channel.PATROL)
    dispatcher = make_member(StaffRole.DISPATCHER, region=world["regions"]["镇赉县"], username="dispatcher")
    client.force_login(dispatcher)
    index = reverse("cases_case_modeladmin_index")
    case = Case.objects.get()
    assert case.reference in client.get(index + "?channel__exact=patrol").content.decode()
    assert case.reference not in client.get(index + "?channel__exact=phone").content.decode()


def test_the_listing_says_how_a_matter_arrived_unless_online(client, world):
    client.force_login(world["worker"])
    enter(client, world, Channel.HOTLINE)
    dispatcher = make_member(StaffRole.DISPATCHER, region=world["regions"]["镇赉县"], username="dispatcher")
    client.force_login(dispatcher)
    html = client.get(reverse("cases_case_modeladmin_index")).content.decode()
    assert 'data-channel="hotline"' in html
    assert f'href="{reverse("cases_enter")}" data-entry="listing"' in html  # the workbench's way in


def test_the_residents_request_limit_does_not_count_staff_entry(client, world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": "1/h"}
    client.force_login(world["worker"])
    for text in ("小区东门路灯不亮，晚上行人不安全。", "楼下商铺夜间施工噪音很大，影响休息。"):
        assert enter(client, world, text=text).status_code == 303
    assert Case.objects.filter(entered_by=world["worker"]).count() == 2


def test_staff_vouch_for_the_number_so_no_sms_code_is_asked(client, world, sms_file):
    form = world["form"]
    form.verify_phone = True
    form.save_revision().publish()
    client.force_login(world["worker"])
    start(client, world, Channel.PHONE)
    key = open_form(client, form)
    assert client.post(form.url, {"_key": key, "_step": "1", **answers(world)})["Location"].endswith("?review=1")
    review = client.get(form.url + "?review=1").content.decode()
    assert "notice--staff" in review
    response = client.post(form.url, {"_key": key, "_action": "submit"})
    case = Case.objects.get()
    assert response["Location"] == reverse("cases_entry_receipt", args=[case.pk]) and not sms_file.exists()


def test_staff_entries_do_not_use_up_the_offices_quota_for_residents(client, world, settings):
    settings.SUBMISSIONS_PER_CLIENT_DAILY = 1
    client.force_login(world["worker"])
    enter(client, world)
    client.logout()
    key = open_form(client, world["form"])
    response = client.post(world["form"].url, {"_key": key, "_step": "1", **answers(world, phone="13912345678")})
    assert response.status_code == 303 and Case.objects.filter(channel=Channel.ONLINE).count() == 1
