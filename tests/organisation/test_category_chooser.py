"""Editors choose a form's category in a chooser, and add one there when an administrator allowed them to."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from organisation.models import Category
from tests.factories import make_category, make_department, make_regions, make_staff
from tests.forms_app.test_admin_forms import add_url

pytestmark = pytest.mark.django_db

CHOOSE = "organisation_category_chooser:choose"
CREATE = "organisation_category_chooser:create"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def editor(client, *, may_add):
    """A form editor (page permissions on the forms index); ``may_add``: their group has organisation.add_category."""
    user = make_staff()
    if may_add:
        user.groups.first().permissions.add(Permission.objects.get(content_type__app_label="organisation",
                                                                   codename="add_category"))
    client.force_login(user)
    return user


def new_category(**extra):
    values = {"name": "红白喜事", "code": "", "deadline_hours": "72", "default_department": "", **extra}
    return {f"new_category-{name}": value for name, value in values.items()}


def test_an_editor_allowed_to_add_categories_is_offered_the_add_tab(client):
    make_category(code="sanitation", name="环境卫生", deadline_hours=48)
    editor(client, may_add=True)
    html = client.get(reverse(CHOOSE)).json()["html"]
    assert "环境卫生" in html and "48" in html  # the deadline is beside the name
    assert "Add a category" in html and reverse(CREATE) in html


def test_without_the_permission_the_add_tab_is_not_offered_and_a_forged_post_is_refused(client):
    editor(client, may_add=False)
    html = client.get(reverse(CHOOSE)).json()["html"]
    assert "Add a category" not in html and reverse(CREATE) not in html
    response = client.post(reverse(CREATE), new_category())
    assert response.status_code == 403
    assert not Category.objects.exists()


def test_an_allowed_editor_adds_a_category_with_its_deadline_and_department(client):
    team = make_department(make_regions()["幸福社区"], code="team", name="幸福社区服务队")
    user = editor(client, may_add=True)
    response = client.post(reverse(CREATE), new_category(deadline_hours="96", working_days_only="on",
                                                         default_department=str(team.pk)))
    assert response.status_code == 200 and response.json()["step"] == "chosen"
    category = Category.objects.get(name="红白喜事")
    assert response.json()["result"]["id"] == str(category.pk)
    assert (category.code, category.deadline_hours, category.working_days_only, category.default_department) == (
        "hong-bai-xi-shi", 96, True, team)
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="wagtail.create", user=user, object_id=str(category.pk)).exists()


def test_a_second_category_of_the_same_name_is_refused_with_a_message(client):
    make_category(code="hbxs", name="红白喜事")
    editor(client, may_add=True)
    response = client.post(reverse(CREATE), new_category())
    assert response.json()["step"] == "reshow_creation_form"
    assert "exists already" in response.json()["htmlFragment"]
    assert Category.objects.count() == 1


def test_the_handling_panel_chooses_the_category_in_the_chooser(client):
    editor(client, may_add=True)
    html = client.get(add_url()).content.decode()
    assert reverse(CHOOSE) in html
    assert "a form needs no category" in html


@pytest.mark.parametrize("pk", ["abc", "1.5", "9" * 20, "١"])
def test_a_chosen_address_that_is_not_an_id_is_not_found(client, pk):
    editor(client, may_add=False)
    assert client.get(reverse("organisation_category_chooser:chosen", args=[pk])).status_code == 404
