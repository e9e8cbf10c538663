"""The access matrix, walked over the demo's roles and cases: list, search, open, reveal, download (residents'
and staff files), export, act and the resident's rights to a copy and to erasure, each asked through the admin
as the user would, for every (user, case).

The table below is the rule as docs/access.md states it; the first test checks that the code's
matrix (cases.access.MATRIX) is that table, the second that every page keeps to it.
"""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from cases.access import MATRIX
from cases.constants import Capability as C
from cases.constants import CaseState
from cases.constants import Relation as R
from cases.models import Case, CaseFile
from forms_app.models import FormPage
from tests.factories import make_submission, make_upload
from tests.factories.demo import seeded_once
from tests.forms_app.test_admin_submissions import read_csv

pytestmark = pytest.mark.django_db

#: relation → capabilities: L list, O open, A answers, P personal, X act, F files, E export
TABLE = {
    R.SUPERVISOR: "LOAPXF",
    R.DISPATCHER: "LOAPXF",
    R.TEAM_HANDLER: "LOAPXF",
    R.CO_UNIT: "LOAPXF",
    R.PARTICIPANT: "LOAF",
    R.FORM_READER: "AE",
}
LETTERS = {"L": C.LIST, "O": C.OPEN, "A": C.ANSWERS, "P": C.PERSONAL, "X": C.ACT, "F": C.FILES, "E": C.EXPORT}


def test_the_code_keeps_the_documented_matrix():
    assert {relation: {LETTERS[x] for x in row} for relation, row in TABLE.items()} == {
        relation: set(allowed) for relation, allowed in MATRIX.items()}


def expected_relations(username, case):
    """How each demo login stands to a case, from the demo's own description (site/config/demo.py)."""
    department = case.department.code if case.department_id else None
    return {
        "dispatcher": {R.DISPATCHER},  # dispatcher of the county: every case lies beneath it
        "supervisor": {R.SUPERVISOR},
        "handler": {R.TEAM_HANDLER} if department == "xf-grid" else set(),
        "handler_a2": {R.TEAM_HANDLER} if department == "xf-grid" else set(),  # the A post's second holder
        "handler_b": {R.TEAM_HANDLER} if department == "xf-grid" else set(),
        "handler_zj": {R.TEAM_HANDLER} if department == "zj" else set(),  # 住建局: its own cases only
        "editor": {R.FORM_READER} if case.form.slug == "manyidu" else set(),  # reads the survey's answers
        "handler_sf": {R.TEAM_HANDLER} if department == "sfs" else set(),  # 司法所 leads the joint case
        # 调解中心 helps on it (协办), and took part in it by claiming its part
        "handler_tj": {R.CO_UNIT, R.PARTICIPANT} if case.parts.filter(department__code="tjzx").exists() else set(),
    }[username]


def expected(username, case):
    if username == "admin":
        return set(C)
    allowed = set()
    for relation in expected_relations(username, case):
        allowed |= {LETTERS[x] for x in TABLE[relation]}
    return allowed


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo without its months of history (every case is walked for every role: the few of the loop), seeded
    once for the module (tests.factories.demo.seeded_once), each test in a savepoint of it."""
    yield from seeded_once(django_db_blocker, without_history=True)


@pytest.fixture
def demo(demo_seeded, db, settings):
    """The seeded demo, a survey answer, and a resident's upload and a staff file on every case (in this test's
    private folder)."""
    settings.DEBUG = True
    survey = FormPage.objects.get(slug="manyidu")
    make_submission(survey, {}, region=Case.objects.first().region)  # a survey answer: a record, archived
    files = {}
    for case in Case.objects.select_related("submission", "form"):
        ref = make_upload(case.form, "zhao_pian", submission=case.submission, name=f"{case.reference}.pdf")
        staff_file = CaseFile.objects.create(case=case, file=ContentFile(b"%PDF-1.4 staff", name="repair.pdf"),
                                             original_name="repair.pdf", content_type="application/pdf", size=14)
        files[case.pk] = (ref["upload"], staff_file.pk)
    return files


def listed(client, query=""):
    response = client.get(reverse("cases_case_modeladmin_index") + query)
    return {case.reference for case in response.context["object_list"]} if response.status_code == 200 else set()


def listed_on_every_page(client):
    """The whole listing, page by page (the demo has more cases than one page shows)."""
    response = client.get(reverse("cases_case_modeladmin_index"))
    if response.status_code != 200:
        return set()
    shown = set()
    for number in range(1, response.context["paginator"].num_pages + 1):
        shown |= listed(client, f"?p={number}")
    return shown


def one_case_of_each_kind(cases):
    """A case for every combination the matrix reads (form, state, department, region, handler): the demo's
    months of survey answers and check-ups repeat those, and walking each of them would add nothing."""
    kinds = {}
    for case in cases:
        kinds.setdefault((case.form_id, case.state, case.department_id, case.region.level, case.handler_id is None,
                          case.parts.exists()), case)
    return list(kinds.values())


def test_every_demo_role_gets_exactly_what_the_matrix_allows(client, demo, subtests):
    users = get_user_model().objects.filter(
        username__in=["admin", "editor", "dispatcher", "handler", "handler_a2", "handler_b", "handler_zj",
                      "supervisor", "handler_sf", "handler_tj"])
    assert users.count() == 10
    cases = one_case_of_each_kind(Case.objects.select_related("department", "form", "submission").order_by("pk"))
    assert {c.department.code for c in cases if c.department_id} >= {"xf-grid", "zj", "sfs"}  # the demo covers all
    assert any(c.parts.exists() for c in cases)  # and a joint case (协办)
    for user in users:
        client.force_login(user)
        shown = listed_on_every_page(client)
        for case in cases:
            allowed = expected(user.username, case)
            with subtests.test(user=user.username, case=case.reference):
                check_case(client, user, case, allowed, shown, *demo[case.pk])


def check_case(client, user, case, allowed, shown, upload_pk, staff_file_pk):
    assert (case.reference in shown) == (C.LIST in allowed), "listing"
    assert (case.reference in listed(client, f"?q={case.reference}")) == (C.LIST in allowed), "search"
    page = client.get(reverse("cases_workbench_case", args=[case.pk]))
    assert page.status_code == (200 if C.OPEN in allowed else 404), "open"
    download = client.get(reverse("download_upload", args=[upload_pk]))
    assert download.status_code == (200 if C.FILES in allowed else 404), "files"
    staff_file = client.get(reverse("cases_workbench_file", args=[case.pk, staff_file_pk]))
    assert staff_file.status_code == (200 if C.FILES in allowed else 404), "staff files"
    reveal = client.post(reverse("cases_workbench_reveal", args=[case.pk]), {"reveal-reason": "contact"})
    may_reveal = C.PERSONAL in allowed and user.has_perm("forms_app.view_personal_data")
    assert reveal.status_code == (200 if may_reveal else 403 if C.OPEN in allowed else 404), "personal"
    if C.OPEN in allowed:
        offered = re.findall(r'data-action="([a-z_]+)"', page.content.decode())  # the case's action buttons
        assert not offered or C.ACT in allowed, "act: actions offered without the right to act"
    export = client.get(reverse("wagtailforms:list_submissions", args=[case.form_id]) + "?export=csv")
    exported = export.status_code == 200 and case.reference in {row[0] for row in read_csv(export)}
    assert exported == (C.EXPORT in allowed), "export"
    check_subject_rights(client, user, case, allowed)


def check_subject_rights(client, user, case, allowed):
    """A resident's right to a copy of their data and to its erasure is a supervisor's to grant (a supervisor
    of the case with the personal-data permission); whoever else may open the case is refused, others get 404.
    The erasure is asked without its confirmation, so it answers 400 where it is allowed and erases nothing."""
    supervises = user.is_superuser or R.SUPERVISOR in expected_relations(user.username, case)
    may = supervises and user.has_perm("forms_app.view_personal_data")
    refused = 403 if C.OPEN in allowed else 404
    copy = client.get(reverse("cases_workbench_subject_export", args=[case.pk]))
    assert copy.status_code == (200 if may else refused), "subject export"
    if may:
        assert case.reference in copy.content.decode() and "no-store" in copy["Cache-Control"]
    erase = client.post(reverse("cases_workbench_subject_erase", args=[case.pk]), {"erase-why": "来信"})
    assert erase.status_code == (400 if may else refused), "subject erase"


def test_a_bulk_action_reaches_only_cases_the_user_may_act_on_by_the_transition_table(client, demo):
    submitted = Case.objects.filter(state=CaseState.SUBMITTED).first()
    for username, accepts in [("handler_zj", False), ("editor", False), ("supervisor", False),
                              ("dispatcher", True)]:
        client.force_login(get_user_model().objects.get(username=username))
        client.post(reverse("cases_workbench_bulk"), {"action": "accept", "ids": [submitted.pk]})
        submitted.refresh_from_db()
        assert (submitted.state == CaseState.ACCEPTED) == accepts, username


def test_the_supervision_queue_holds_only_cases_a_supervisor_of_theirs_may_list(client, demo):
    """督办 (``?scope=supervise|flagged|urged``) is a supervisor's: it never shows a case the listing hides, and a
    dispatcher, handler or editor, who supervise nothing, finds it empty."""
    evaluated = Case.objects.filter(state=CaseState.RESOLVED, department__code="xf-grid").first()
    Case.objects.filter(pk=evaluated.pk).update(state=CaseState.EVALUATED, flagged=True, rating=1)
    urged = Case.objects.filter(state=CaseState.DISPATCHED, department__code="zj").first()
    Case.objects.filter(pk=urged.pk).update(urge_count=1)
    queue = {"supervise": {evaluated.reference, urged.reference}, "flagged": {evaluated.reference},
             "urged": {urged.reference}}
    for username in ["admin", "supervisor", "dispatcher", "handler", "handler_zj", "editor"]:
        client.force_login(get_user_model().objects.get(username=username))
        shown = listed_on_every_page(client)
        for scope, expected_refs in queue.items():
            in_queue = listed(client, f"?scope={scope}")
            assert in_queue <= shown, (username, scope)
            assert in_queue == (expected_refs if username in {"admin", "supervisor"} else set()), (username, scope)


BATCH_MAKERS = {"admin", "editor", "supervisor"}  # the demo gives them documents.add_documentbatch
FORM_EDITORS = {"admin", "editor"}


def test_the_batch_sample_sheet_is_for_those_who_may_start_batches(client, demo):
    """Others are sent back to the admin's home, as Wagtail answers a refused admin page, without the sheet."""
    from documents.models import DocumentTemplate

    template = DocumentTemplate.objects.first()
    url = reverse("documents_batch_sample") + f"?template={template.pk}&format=csv"
    for user in get_user_model().objects.filter(username__in=[*BATCH_MAKERS, "dispatcher", "handler", "handler_zj"]):
        client.force_login(user)
        response = client.get(url)
        if user.username in BATCH_MAKERS:
            assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), user.username
        else:
            assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home")), user.username


def test_only_form_editors_may_start_a_form_from_a_template(client, demo):
    """Starting from a template copies a form under the forms index: the editors' right, nobody else's; a refused
    copy writes nothing."""
    template = FormPage.objects.filter(offered_as_template=True).first()
    parent = template.get_parent()
    for user in get_user_model().objects.filter(
            username__in=[*FORM_EDITORS, "dispatcher", "supervisor", "handler", "handler_zj"]):
        client.force_login(user)
        before = FormPage.objects.count()
        response = client.post(reverse("forms_start_from_template", args=[parent.pk]),
                               {"start-template": template.pk, "start-title": f"副本 {user.username}"})
        copied = FormPage.objects.count() - before
        assert copied == (1 if user.username in FORM_EDITORS else 0), user.username
        assert response.status_code == (302 if user.username in FORM_EDITORS else 400), user.username


def test_both_holders_of_the_a_post_may_claim_a_dispatched_case_and_the_b_post_only_after_the_window(client, demo):
    """幸福社区's grid station has two A post holders (the demo's organisation sheet) and one B post holder."""
    from datetime import timedelta

    from cases import clock
    from cases.permissions import can_claim

    User = get_user_model()
    handler, second, b_post = (User.objects.get(username=name) for name in ("handler", "handler_a2", "handler_b"))
    dispatched = Case.objects.filter(state=CaseState.DISPATCHED, department__code="xf-grid").first()
    assert {u.username for u in User.objects.filter(department_posts__department=dispatched.department,
                                                    department_posts__post="a")} == {"handler", "handler_a2"}
    assert can_claim(dispatched, handler) and can_claim(dispatched, second)
    assert not can_claim(dispatched, b_post)
    client.force_login(second)
    page = client.get(reverse("cases_workbench_case", args=[dispatched.pk])).content.decode()
    assert 'data-action="claim"' in page
    clock.travel(dispatched.claim_due_at - clock.now() + timedelta(minutes=1))
    assert can_claim(Case.objects.get(pk=dispatched.pk), b_post)
