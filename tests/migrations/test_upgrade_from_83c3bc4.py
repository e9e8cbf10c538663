"""A database made by the code of 83c3bc4 (before the house was split into rooms) migrates forward with
nothing lost.

The fixture ``fixtures/main-83c3bc4.json`` was dumped from that commit's demo, with cases added in every
state through its real services (``fixtures/make_fixture_83c3bc4.py`` says how): 29 cases, 138 events,
36 documents, 2 batches, uploads, staff files and a form with an unpublished draft. The test migrates
this database back to that schema, loads the fixture with the models of the time, migrates forward,
and compares every row with the fixture.
"""
from collections import Counter
from pathlib import Path

import pytest
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import oldschema

FIXTURE = Path(__file__).parent / "fixtures" / "main-83c3bc4.json"
OLD = {"forms_app": "0003_formdocumentrule", "cases": "0005_documenttemplate_documentbatch_document",
       "organisation": None, "documents": None, "community": None, "programmes": None, "statistics_app": None}  # (rooms made since)
#: Where each model of the old schema lives now.
MOVED = {
    **{f"cases.{m}": f"organisation.{m}" for m in ("region", "department", "staffmembership", "category",
                                                 "routingrule")},
    **{f"cases.{m}": f"documents.{m}" for m in ("documenttemplate", "documentbatch", "document")},
    "forms_app.formdocumentrule": "documents.formdocumentrule",
}
CASE_SETTINGS = ("workflow", "reference_prefix", "deadline_hours", "category_question", "default_category",
                 "pass_mark")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def upgraded():
    """The fixture loaded at the old schema, then migrated to today's; yields the fixture's objects by model."""
    leaves = latest()
    old_nodes = [node for node in leaves if node[0] not in OLD] + [(a, n) for a, n in OLD.items() if n]
    try:
        executor = migrate([(app, name) for app, name in OLD.items()])
        old_apps = executor.loader.project_state(old_nodes).apps
        objects = oldschema.load(FIXTURE, old_apps)
    finally:
        migrate(leaves)
    reset_sequences()
    by_model = {}
    for obj in objects:
        by_model.setdefault(MOVED.get(obj["model"], obj["model"]), {})[str(obj["pk"])] = obj["fields"]
    yield by_model


def reset_sequences():
    """Rows were loaded with their ids: let new rows follow them (PostgreSQL keeps sequences apart)."""
    from django.apps import apps

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


def test_a_database_of_83c3bc4_migrates_forward_with_nothing_lost(upgraded, client, subtests):
    """One migration back and forth (it takes a while), then every check on the upgraded database."""
    with subtests.test(msg="every row of the old schema is still there"):
        every_row_of_the_old_schema_is_still_there(upgraded)
    with subtests.test(msg="cases events submissions keep their values"):
        cases_events_submissions_keep_their_values(upgraded)
    with subtests.test(msg="documents and file references are kept"):
        documents_and_file_references_are_kept(upgraded)
    with subtests.test(msg="each forms case settings moved to its handling panel"):
        each_forms_case_settings_moved_to_its_handling_panel(upgraded)
    with subtests.test(msg="a draft keeps its own case settings until it is published"):
        a_draft_keeps_its_own_case_settings_until_it_is_published(upgraded)
    with subtests.test(msg="permissions and content types moved with their models"):
        permissions_and_content_types_moved_with_their_models(upgraded)
    with subtests.test(msg="each team's A and B post holders are kept"):
        each_teams_post_holders_are_kept(upgraded)
    with subtests.test(msg="the upgraded platform serves its cases"):
        the_upgraded_platform_serves_its_cases(upgraded, client)


def rows(label):
    from django.apps import apps

    model = apps.get_model(label)
    return {str(row[model._meta.pk.attname]): row for row in model.objects.values()}


def every_row_of_the_old_schema_is_still_there(upgraded):
    from django.apps import apps

    for label, fixture_rows in upgraded.items():
        stored = {str(pk) for pk in apps.get_model(label).objects.values_list("pk", flat=True)}
        assert set(fixture_rows) <= stored, label


def cases_events_submissions_keep_their_values(upgraded):
    cases = rows("cases.case")
    assert Counter(c["state"] for c in cases.values()) == Counter(c["state"] for c in upgraded["cases.case"].values())
    for pk, old in upgraded["cases.case"].items():
        new = cases[pk]
        assert (new["reference"], new["state"], new["tracking_token"]) == (old["reference"], old["state"],
                                                                         old["tracking_token"])
        assert (new["region_id"], new["department_id"], new["category_id"], new["submission_id"]) == (
            old["region"], old["department"], old["category"], old["submission"])
    events = rows("cases.caseevent")
    for pk, old in upgraded["cases.caseevent"].items():
        assert (events[pk]["case_id"], events[pk]["transition"], events[pk]["note"]) == (
            old["case"], old["transition"], old["note"])
    submissions = rows("forms_app.submission")
    for pk, old in upgraded["forms_app.submission"].items():
        assert submissions[pk]["form_data"] == old["form_data"]
        assert submissions[pk]["region_id"] == old["region"]


def each_teams_post_holders_are_kept(upgraded):
    """A post held by one user (``post_a``/``post_b``) became a row of DepartmentPost (a post may have several)."""
    from organisation.models import DepartmentPost

    expected = {(int(pk), old[f"post_{post}"], post) for pk, old in upgraded["organisation.department"].items()
                for post in ("a", "b") if old.get(f"post_{post}")}
    assert expected
    assert set(DepartmentPost.objects.values_list("department_id", "user_id", "post")) == expected


def documents_and_file_references_are_kept(upgraded):
    documents = rows("documents.document")
    for pk, old in upgraded["documents.document"].items():
        new = documents[pk]
        assert (new["serial"], new["verify_code"], new["status"], new["file"], new["case_id"]) == (
            old["serial"], old["verify_code"], old["status"], old["file"], old["case"])
    for label in ("forms_app.upload", "cases.casefile", "documents.documentbatch"):
        stored = rows(label)
        assert {pk: old["file"] for pk, old in upgraded[label].items()} == {
            pk: stored[pk]["file"] for pk in upgraded[label]}, label
    assert {r["file"] for r in rows("wagtailimages.image").values()} >= {
        old["file"] for old in upgraded["wagtailimages.image"].values()}
    rules = rows("documents.formdocumentrule")
    assert {(r["page_id"], r["trigger"], r["template_id"]) for r in rules.values()} == {
        (old["page"], old["trigger"], old["template"]) for old in upgraded["documents.formdocumentrule"].values()}


def each_forms_case_settings_moved_to_its_handling_panel(upgraded):
    from cases.handling import handling_for
    from cases.models import FormCaseSettings
    from forms_app.models import FormPage

    for pk, old in upgraded["forms_app.formpage"].items():
        settings = FormCaseSettings.objects.get(page_id=int(pk))
        new = {name: getattr(settings, name if name != "default_category" else "default_category_id")
               for name in CASE_SETTINGS}
        expected = {name: old[name] for name in CASE_SETTINGS}
        assert {**new, "pass_mark": new["pass_mark"] and float(new["pass_mark"])} == {
            **expected, "pass_mark": expected["pass_mark"] and float(expected["pass_mark"])}, pk
    inspection = FormPage.objects.get(slug="tijian")
    assert handling_for(inspection).workflow == "inspection" and handling_for(inspection).pass_mark == 80


def a_draft_keeps_its_own_case_settings_until_it_is_published(upgraded):
    """诉求反映 has an unpublished draft with 96 hours instead of 72: the draft keeps 96, the live form 72."""
    from forms_app.models import FormPage

    page = FormPage.objects.get(slug="suqiu")
    draft = page.get_latest_revision_as_object()
    assert draft.title == "诉求反映（试行新版）"
    assert [s.deadline_hours for s in draft.case_settings.all()] == [96]
    assert [s.deadline_hours for s in page.case_settings.all()] == [72]
    assert page.latest_revision_id != page.live_revision_id


def permissions_and_content_types_moved_with_their_models(upgraded):
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    for old, new in MOVED.items():
        assert not ContentType.objects.filter(app_label=old.split(".")[0], model=old.split(".")[1]).exists(), old
        assert ContentType.objects.filter(app_label=new.split(".")[0], model=new.split(".")[1]).exists(), new
    supervisor = get_user_model().objects.get(username="supervisor")
    assert supervisor.has_perm("documents.revoke_document")
    assert supervisor.has_perm("forms_app.view_personal_data")


def the_upgraded_platform_serves_its_cases(upgraded, client):
    from django.contrib.auth import get_user_model

    from cases.models import Case

    case = Case.objects.get(reference="SQ-2026-000001")
    client.force_login(get_user_model().objects.get(username="supervisor"))
    page = client.get(f"/admin/cases/workbench/{case.pk}/")
    assert page.status_code == 200
    assert case.reference in page.content.decode()
    assert client.get(f"/track/{case.tracking_token}/").status_code == 200
