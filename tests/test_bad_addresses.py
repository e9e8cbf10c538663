"""Addresses and filters no row can match answer 4xx, never 500 (issue 9: huge ids, filters that are not ids)."""
import pytest
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories import in_page

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # 20 digits: beyond SQLite's INTEGER and PostgreSQL's bigint
BAD_FILTERS = "The filters in this address are not valid. Open the list again and choose them anew."


@pytest.fixture
def staff_client(client, admin_user):
    client.raise_request_exception = False
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("url", [
    f"/submit/{HUGE}/",
    f"/track/abc/documents/{HUGE}/",
    f"/admin/cases/workbench/{HUGE}/",
    f"/admin/cases/workbench/{HUGE}/files/1/",
    f"/admin/cases/workbench/1/documents/{HUGE}/",
    f"/admin/documents/register/{HUGE}/download/",
    f"/admin/documents/batches/{HUGE}/",
    f"/admin/documents/batches/{HUGE}/status/",
])
@pytest.mark.parametrize("method", ["get", "head"])
def test_an_id_no_row_can_have_is_not_found(staff_client, url, method):
    assert getattr(staff_client, method)(url).status_code == 404


@pytest.mark.parametrize("url", [
    "/admin/organisation/category/edit/abc/", "/admin/organisation/department/delete/1e3/",
    "/admin/organisation/staffmembership/history/%FF%FE/", "/admin/documents/document/edit/null/",
    "/admin/documents/chooser/chosen/abc/", "/admin/images/chooser/chosen/1.5/",
    "/admin/snippets/choose/documents/documenttemplate/chosen/%E4%B8%AD/",
])
def test_an_admin_address_whose_id_is_not_a_number_is_not_found(staff_client, url):
    assert staff_client.get(url).status_code == 404


def test_a_chooser_still_answers_a_real_id(staff_client):
    from tests.factories import make_template

    template = make_template()
    url = f"/admin/snippets/choose/documents/documenttemplate/chosen/{template.pk}/"
    assert staff_client.get(url).status_code == 200


def test_a_post_without_a_field_its_view_requires_is_a_bad_request(staff_client, case_world):
    response = staff_client.post(f"/admin/pages/{case_world.form.pk}/copy/", {})
    assert response.status_code == 400


def test_a_bulk_action_on_an_id_no_row_can_have_reports_it_not_found(staff_client, case_world):
    case = case_world.new_case()
    response = staff_client.post(reverse("cases_workbench_bulk"), {"action": "accept", "ids": [HUGE, str(case.pk)]},
                                 follow=True)
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["messages"])
    assert case.reference in text and HUGE in text


@pytest.mark.parametrize("query", ["department=abc", "category=abc", "handler=abc", "department__id__exact=abc",
                                   "category__id__exact=1.5", "state__in=x&department=y"])
def test_a_case_listing_filter_that_is_not_a_value_is_refused_with_400(staff_client, case_world, query):
    response = staff_client.get(f"/admin/cases/case/?{query}")
    assert response.status_code == 400
    assert in_page(response, gettext(BAD_FILTERS))


@pytest.mark.parametrize("url", ["/admin/organisation/routingrule/?department=abc",
                                 "/admin/organisation/staffmembership/?role__in=1&user=abc",
                                 "/admin/documents/document/?case=abc"])
def test_other_listings_refuse_bad_filters_with_400_too(staff_client, url):
    assert staff_client.get(url).status_code == 400


def test_the_listing_still_filters_with_good_values(staff_client, case_world):
    case = case_world.new_case()
    response = staff_client.get(f"/admin/cases/case/?category__id__exact={case.category_id}")
    assert response.status_code == 200
    assert case.reference in response.content.decode()


@pytest.mark.parametrize("path", ["/submitted/%00/", "/track/%00/", "/track/%00/documents/1/",
                                  "/submitted/" + "a" * 65 + "/", "/track/a%20b/"])
def test_a_private_link_with_characters_no_token_has_is_not_found(client, db, path):
    """A NUL byte reached PostgreSQL (DataError, a 500) before tokens had their own converter."""
    assert client.get(path).status_code == 404
