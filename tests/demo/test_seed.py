"""What ``seed_demo`` makes: every kind of form, a login per role, months of history; run again, nothing more."""
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from forms_app.constants import FormKind
from forms_app.models import FormField, FormPage
from organisation.models import Department, DepartmentPost, Region, StaffMembership


def counts():
    return {
        "regions": Region.objects.count(),
        "departments": Department.objects.count(),
        "pages": Page.objects.count(),
        "fields": FormField.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": StaffMembership.objects.count(),
        "posts": DepartmentPost.objects.count(),
    }


def test_demo_seed_loads_every_kind_of_form_and_a_login_per_role(demo):
    kinds = set(FormPage.objects.live().values_list("kind", flat=True))
    assert kinds == {FormKind.REQUEST, FormKind.SURVEY, FormKind.CHECKUP, FormKind.ORDER}
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"admin", "editor", "dispatcher", "handler", "supervisor"} <= usernames
    # every demo login has a whole name (surname and given name), as Wagtail's own account form asks
    assert not get_user_model().objects.filter(last_name="").exists()
    assert not get_user_model().objects.filter(first_name="").exists()
    assert set(Region.objects.values_list("level", flat=True)) == {
        "county", "street", "community", "grid", "building", "ten_households", "party_household"}


def test_demo_seed_run_twice_duplicates_nothing(demo):
    first = counts()
    call_command("seed_demo")
    assert counts() == first


def test_demo_seed_refuses_to_run_with_debug_off(demo, settings):
    settings.DEBUG = False
    get_user_model().objects.filter(username="admin").delete()
    before = counts()
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert counts() == before and not get_user_model().objects.filter(username="admin").exists()


def test_demo_forms_answer_on_the_public_site(client, demo):
    own_pages = {"xingji-yiyi", "honours-appeal"}  # filled in from the notice and the entry only (programmes.own_forms)
    for page in FormPage.objects.live().exclude(kind=FormKind.CHECKUP).exclude(slug__in=own_pages):
        assert client.get(page.url).status_code == 200
    assert {client.get(page.url).status_code for page in FormPage.objects.filter(slug__in=own_pages)} == {403}
    # check-ups are the inspectors' (programmes.checkups.gate): refused to the public, open to the demo's inspector
    checkups = FormPage.objects.live().filter(kind=FormKind.CHECKUP)
    assert {client.get(page.url).status_code for page in checkups} == {403}
    client.force_login(get_user_model().objects.get(username="inspector"))
    assert {client.get(page.url).status_code for page in checkups} == {200}


def test_the_demo_has_months_of_history_for_every_chart_and_ranking(demo):
    """Each of the last six months received and resolved cases, some late, some reopened, rated and not;
    every state occurs; the lines of each case's history follow one another."""
    from datetime import timedelta

    from django.db.models import F

    from cases.clock import now
    from cases.constants import CaseState
    from cases.models import Case
    from statistics_app.periods import period_around

    cases = Case.objects.filter(submission__submission_key__startswith="demo-history-")
    month = period_around("month", now().date())
    for _ in range(6):
        month = month.previous()
        these = cases.filter(created_at__gte=month.start, created_at__lt=month.end)
        resolved = these.filter(resolved_at__isnull=False)
        assert these.count() >= 20 and resolved.count() >= 10, month
        assert resolved.filter(resolved_at__gt=F("due_at")).exists(), month
        assert resolved.filter(rating__isnull=False).exists() and resolved.filter(rating__isnull=True).exists()
    assert cases.filter(reopen_count__gt=0, resolved_at__isnull=False).count() >= 5
    assert cases.filter(urge_count__gt=0).count() >= 5 and cases.filter(rejected=True).count() >= 5
    assert set(cases.values_list("state", flat=True)) == set(CaseState.values)
    assert cases.values("channel").distinct().count() >= 4 and cases.values("department").distinct().count() >= 4
    assert cases.filter(created_at__lt=now() - timedelta(days=180)).exists()
    for case in cases.filter(reopen_count__gt=0)[:10]:
        lines = list(case.events.order_by("at", "pk"))
        assert [line.from_state for line in lines[1:]] == [line.to_state for line in lines[:-1]]
        assert lines[-1].to_state == case.state and case.first_dispatched_at == lines[2].at


def test_the_demo_history_is_written_once(demo):
    from cases.models import Case, CaseEvent

    first = (Case.objects.count(), CaseEvent.objects.count())
    call_command("seed_demo")
    assert (Case.objects.count(), CaseEvent.objects.count()) == first


def test_the_demo_forms_name_the_question_that_sums_up_a_matter(demo):
    """The workbench's one-line summary of a case comes from the question its form marks (cases.synopsis)."""
    from cases.models import FormCaseSettings

    for slug, label in [("suqiu", "问题描述"), ("tijian", "问题与整改建议")]:
        question = FormField.objects.get(page__slug=slug, label=label)
        assert FormCaseSettings.objects.get(page__slug=slug).summary_question == question.clean_name, slug
