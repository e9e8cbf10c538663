"""Reference numbers: unique, sequential per prefix and year, never reused — also under concurrent submits."""
import datetime
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from cases.models import Case, ReferenceCounter
from cases.numbering import next_reference
from forms_app.constants import FieldType, FormKind
from forms_app.models import Submission
from tests.factories import field, make_form, open_form, post_step

THREADS = 8


def in_threads(target, count=THREADS):
    """Run ``target(i)`` in ``count`` threads released together; each closes its own connection."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db
def test_references_are_sequential_per_prefix_and_year():
    now = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))
    with transaction.atomic():
        issued = [next_reference("SQ", now=now) for _ in range(3)]
        other = next_reference("DC", now=now)
        next_year = next_reference("SQ", now=now.replace(year=2027))
    assert issued == ["SQ-2026-000001", "SQ-2026-000002", "SQ-2026-000003"]
    assert other == "DC-2026-000001"
    assert next_year == "SQ-2027-000001"


@pytest.mark.django_db
def test_the_year_is_the_local_year_in_china():
    new_year_shanghai = datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.timezone.utc)
    with transaction.atomic():
        assert next_reference("SQ", now=new_year_shanghai) == "SQ-2027-000001"


@pytest.mark.django_db
def test_a_rolled_back_submission_takes_its_number_back_so_no_one_else_ever_saw_it():
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            next_reference("SQ")
            raise RuntimeError
    with transaction.atomic():
        assert next_reference("SQ").endswith("-000001")


@pytest.mark.django_db
def test_the_reference_prefix_comes_from_the_form_or_its_kind(client):
    request = make_form([field("a", FieldType.SINGLELINE)])
    survey = make_form([field("a", FieldType.SINGLELINE)], kind=FormKind.SURVEY)
    custom = make_form([field("a", FieldType.SINGLELINE)], reference_prefix="WY")
    for page in (request, survey, custom, request):
        assert post_step(client, page, {"a": "x"}).status_code == 303
    year = timezone.localdate().year
    assert sorted(Case.objects.values_list("reference", flat=True)) == sorted(
        [f"SQ-{year}-000001", f"SQ-{year}-000002", f"DC-{year}-000001", f"WY-{year}-000001"]
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reference_requests_get_distinct_consecutive_numbers():
    def issue(_i):
        with transaction.atomic():
            return next_reference("SQ")

    issued = in_threads(issue)
    year = timezone.localdate().year
    assert sorted(issued) == [f"SQ-{year}-{n:06d}" for n in range(1, THREADS + 1)]
    assert ReferenceCounter.objects.get(prefix="SQ", year=year).last == THREADS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_each_get_a_unique_sequential_reference():
    page = make_form([field("name", FieldType.SINGLELINE)], daily_limit=100)

    def submit(i):
        client = Client(REMOTE_ADDR=f"10.0.0.{i}")
        return post_step(client, page, {"name": f"n{i}"}).status_code

    assert in_threads(submit) == [303] * THREADS
    year = timezone.localdate().year
    references = sorted(Case.objects.values_list("reference", flat=True))
    assert references == [f"SQ-{year}-{n:06d}" for n in range(1, THREADS + 1)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_key_posted_concurrently_creates_one_submission():
    page = make_form([field("name", FieldType.SINGLELINE)])
    client = Client()
    key = open_form(client, page)

    def submit(_i):
        response = Client().post(page.url, {"_key": key, "_step": "1", "name": "Li"})
        return response.status_code, response["Location"]

    results = in_threads(submit, count=4)
    assert {status for status, _ in results} == {303}
    assert len({location for _, location in results}) == 1
    assert Submission.objects.count() == 1 and Case.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_from_one_phone_cannot_slip_past_the_daily_limit():
    page = make_form([field("phone", FieldType.MOBILE)], daily_limit=1)

    def submit(i):
        return post_step(Client(REMOTE_ADDR=f"10.0.1.{i}"), page, {"phone": "13812345678"}).status_code

    assert sorted(in_threads(submit, count=4)) == [303, 429, 429, 429]
    assert Submission.objects.count() == 1
