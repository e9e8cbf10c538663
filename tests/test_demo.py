import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from forms_app.constants import FormKind
from forms_app.models import FormField, FormPage
from organisation.models import Department, Region, StaffMembership


def counts():
    return {
        "regions": Region.objects.count(),
        "departments": Department.objects.count(),
        "pages": Page.objects.count(),
        "fields": FormField.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": StaffMembership.objects.count(),
    }


def test_demo_seed_loads_every_kind_of_form_and_a_login_per_role(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    kinds = set(FormPage.objects.live().values_list("kind", flat=True))
    assert kinds == {FormKind.REQUEST, FormKind.SURVEY, FormKind.CHECKUP}
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"admin", "editor", "dispatcher", "handler", "supervisor"} <= usernames
    assert set(Region.objects.values_list("level", flat=True)) == {"county", "street", "community", "grid"}


def test_demo_seed_run_twice_duplicates_nothing(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first


def test_demo_seed_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_demo_forms_answer_on_the_public_site(client, db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    for page in FormPage.objects.live():
        assert client.get(page.url).status_code == 200
