"""*Case settings → Working days*: the days the official calendar package does not know, edited in the admin."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.deadlines import add_hours
from organisation import workdays
from organisation.models import WorkingDayOverride

pytestmark = pytest.mark.django_db

FRIDAY = datetime(2030, 3, 8, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.invalid", "pw"))
    return client


def test_the_list_shows_the_rows_and_the_years_the_package_covers(admin_client):
    WorkingDayOverride.objects.create(date=date(2030, 2, 4), is_working_day=False, note="春节 2030")
    response = admin_client.get(reverse("organisation_workingdayoverride_modeladmin_index"))
    assert response.status_code == 200
    page = response.content.decode()
    first, last = workdays.package_years()
    assert f"{first}–{last}" in page
    assert "春节 2030" in page
    assert "chinese-calendar" in page


def test_an_administrator_adds_a_make_up_working_saturday_and_deadlines_count_it(admin_client):
    assert add_hours(FRIDAY, 24, working_days_only=True) == FRIDAY.replace(day=11)  # Monday
    response = admin_client.post(reverse("organisation_workingdayoverride_modeladmin_create"),
                                 {"date": "2030-03-09", "is_working_day": "on", "note": "调休"})
    assert response.status_code == 302
    row = WorkingDayOverride.objects.get()
    assert (row.date, row.is_working_day, row.note) == (date(2030, 3, 9), True, "调休")
    assert add_hours(FRIDAY, 24, working_days_only=True) == FRIDAY.replace(day=9)  # that Saturday

    response = admin_client.post(reverse("organisation_workingdayoverride_modeladmin_edit", args=[row.pk]),
                                 {"date": "2030-03-09", "note": "不调休"})  # unticked: a day off again
    assert response.status_code == 302
    assert WorkingDayOverride.objects.get().is_working_day is False
    assert add_hours(FRIDAY, 24, working_days_only=True) == FRIDAY.replace(day=11)


@pytest.mark.parametrize("bad", ["2030-02-30", "tomorrow", ""])
def test_a_bad_date_is_refused_with_a_message(admin_client, bad):
    response = admin_client.post(reverse("organisation_workingdayoverride_modeladmin_create"),
                                 {"date": bad, "note": "x"})
    assert response.status_code == 200
    errors = response.context["form"].errors["date"]
    assert errors and all(str(e) in response.content.decode() for e in errors)
    assert not WorkingDayOverride.objects.exists()


def test_a_date_entered_twice_is_refused_with_a_message(admin_client):
    WorkingDayOverride.objects.create(date=date(2030, 2, 4))
    response = admin_client.post(reverse("organisation_workingdayoverride_modeladmin_create"),
                                 {"date": "2030-02-04", "note": "again"})
    assert response.status_code == 200
    assert "该日期已有记录。" in response.content.decode()
    assert WorkingDayOverride.objects.count() == 1
