"""Request limits per client address: form posts, a clear page with Retry-After, the client as the proxies
count it, and the daily limit per address beside the one per phone number."""
import pytest
from django.test import Client
from django.utils.translation import gettext as _

from cases.models import Case
from forms_app import services
from forms_app.constants import FieldType
from forms_app.counters import RequestCount
from forms_app.models import Submission
from forms_app.throttle import parse_rate
from tests.cases.test_references import in_threads
from tests.factories import field, in_page, make_form, post_step

pytestmark = pytest.mark.django_db


def test_twelve_more_phone_numbers_from_the_address_that_hit_the_limit_are_refused_now(client, settings):
    """The reported defect: after one number hit 429, twelve more numbers from the same IP went through."""
    settings.SUBMISSIONS_PER_CLIENT_DAILY = 3
    page = make_form([field("phone", FieldType.MOBILE, required=True)], daily_limit=1)
    assert post_step(client, page, {"phone": "13800000000"}).status_code == 303
    assert post_step(client, page, {"phone": "13800000000"}).status_code == 429
    answers = [post_step(client, page, {"phone": f"139000000{n:02d}"}).status_code for n in range(12)]
    assert answers == [303, 303] + [429] * 10
    assert Submission.objects.count() == Case.objects.count() == 3
    assert post_step(Client(REMOTE_ADDR="10.1.1.1"), page, {"phone": "13700000000"}).status_code == 303


def test_the_address_limit_says_it_is_the_network_and_when_to_come_back(client, settings):
    settings.SUBMISSIONS_PER_CLIENT_DAILY = 1
    page = make_form([field("phone", FieldType.MOBILE, required=True)], daily_limit=1)
    post_step(client, page, {"phone": "13800000000"})
    response = post_step(client, page, {"phone": "13900000000"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert in_page(response, _("Today's %(n)s submissions to this form from your network have been used up. "
                               "Please try again tomorrow.") % {"n": 1})


def test_a_form_whose_own_daily_limit_is_higher_keeps_it_for_each_address(client, settings):
    settings.SUBMISSIONS_PER_CLIENT_DAILY = 1
    page = make_form([field("phone", FieldType.MOBILE, required=True)], daily_limit=3)
    answers = [post_step(client, page, {"phone": f"1390000000{n}"}).status_code for n in range(4)]
    assert answers == [303, 303, 303, 429]


def test_a_form_without_a_daily_limit_has_no_limit_per_address(client, settings):
    settings.SUBMISSIONS_PER_CLIENT_DAILY = 1
    page = make_form([field("phone", FieldType.MOBILE, required=True)], daily_limit=0)
    assert [post_step(client, page, {"phone": f"1390000000{n}"}).status_code for n in range(3)] == [303] * 3


def test_form_posts_over_the_rate_get_a_translated_page_with_retry_after_and_store_nothing(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": "2/10m"}
    page = make_form([field("name", FieldType.SINGLELINE)], daily_limit=0)
    assert [post_step(client, page, {"name": "a"}).status_code for _n in range(2)] == [303, 303]
    response = post_step(client, page, {"name": "a"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert in_page(response, _("Too many requests came from your network in a short time."))
    assert 'name="viewport"' in response.content.decode()
    assert f'href="{page.url}"' in response.content.decode()
    assert Submission.objects.count() == 2
    english = post_step(client, page, {"name": "a"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many requests" in english.content.decode()


def test_the_form_id_address_counts_the_same_posts(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": "1/h"}
    page = make_form([field("name", FieldType.SINGLELINE)], daily_limit=0)
    assert post_step(client, page, {"name": "a"}).status_code == 303
    response = client.post(f"/submit/{page.pk}/", {"_key": "b" * 32, "_step": "1", "name": "a"})
    assert response.status_code == 429


def test_each_address_has_its_own_rate(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": "1/h"}
    page = make_form([field("name", FieldType.SINGLELINE)], daily_limit=0)
    assert post_step(client, page, {"name": "a"}, REMOTE_ADDR="10.0.0.1").status_code == 303
    assert post_step(client, page, {"name": "a"}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert post_step(client, page, {"name": "a"}, REMOTE_ADDR="10.0.0.2").status_code == 303


def test_behind_a_trusted_proxy_residents_are_counted_by_their_own_address_not_the_balancers(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": "1/h"}
    settings.TRUSTED_PROXY_COUNT = 1
    page = make_form([field("name", FieldType.SINGLELINE)], daily_limit=0)

    def from_resident(address, forged=""):
        hops = f"{forged}, {address}" if forged else address
        return post_step(client, page, {"name": "a"}, REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=hops)

    assert from_resident("203.0.113.7").status_code == 303
    assert from_resident("203.0.113.8").status_code == 303
    # A hop the client writes itself is ignored: the balancer's own entry is the one counted.
    assert from_resident("203.0.113.7", forged="198.51.100.1").status_code == 429


def test_counts_are_kept_as_keyed_hashes_not_addresses(client, settings):
    page = make_form([field("name", FieldType.SINGLELINE)], daily_limit=0)
    post_step(client, page, {"name": "a"}, REMOTE_ADDR="203.0.113.9")
    count = RequestCount.objects.get(scope="submit")
    assert count.hits == 1 and "203.0.113.9" not in count.key and len(count.key) == 64


def test_a_refused_post_keeps_the_multi_step_draft(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submit": "1/h"}
    page = make_form([field("name", FieldType.SINGLELINE), field("Next", FieldType.PAGE_BREAK),
                      field("note", FieldType.SINGLELINE)], daily_limit=0)
    assert post_step(client, page, {"name": "Li"}).status_code == 303
    assert post_step(client, page, {"note": "x"}, step=2).status_code == 429
    assert client.session[f"form-draft-{page.pk}"]["data"]["name"] == ["Li"]


@pytest.mark.parametrize(("text", "expected"), [
    ("120/10m", (120, 600)), ("5/h", (5, 3600)), ("30 / 1d", (30, 86400)), ("7/s", (7, 1)),
])
def test_rates_read_as_requests_per_window(text, expected):
    rate = parse_rate(text)
    assert (rate.count, rate.seconds) == expected


@pytest.mark.parametrize("text", ["", "0/h", "  "])
def test_an_empty_or_zero_rate_is_no_limit(text):
    assert parse_rate(text) is None


def test_a_mistyped_rate_is_a_settings_error():
    with pytest.raises(ValueError):
        parse_rate("lots")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_on_separate_connections_share_one_exact_count(settings):
    """As several app servers would: each thread has its own database connection, and the count holds."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify": "3/h"}
    answers = in_threads(lambda i: Client(REMOTE_ADDR="203.0.113.40").get("/verify/").status_code, count=6)
    assert sorted(answers) == [200] * 3 + [429] * 3
    assert RequestCount.objects.get(scope="verify").hits == 6


def test_a_proxy_header_with_no_trusted_proxies_is_logged_once(client, settings, caplog, monkeypatch):
    monkeypatch.setattr(services, "_proxy_warned", False)  # a fresh process, as far as the warning knows
    page = make_form([field("name", FieldType.SINGLELINE)], daily_limit=0)
    for _n in range(2):
        post_step(client, page, {"name": "a"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert [r.getMessage() for r in caplog.records].count(
        "A request came with X-Forwarded-For but TRUSTED_PROXY_COUNT is 0: every client behind the proxy is "
        "counted as one address. Set TRUSTED_PROXY_COUNT (and BEHIND_PROXY=1).") == 1
