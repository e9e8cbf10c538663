"""Wagtail's reference index while a form is being built: no task fails on a document rule that is gone.

A draft form's every save (and the editor's autosave, twice a second while typing) writes its inline
rows to the database, so a document rule can be added and removed again before the background worker
runs the reference-index task its first save queued. That task then found no rule and failed with
``FormDocumentRule.DoesNotExist`` in the worker log.
"""
import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import ReferenceIndex
from wagtail.test.utils.form_data import inline_formset

from documents.models import FormDocumentRule
from forms_app.models import FormPage
from tests.factories import make_staff, make_template
from tests.forms_app.test_admin_forms import add_url, edit_url, existing, field_errors, page_data, question

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings):
    """The production queue: tasks wait in the database for the worker."""
    settings.TASKS = DATABASE_QUEUE


def run_worker():
    """Run every queued task the way ``manage.py db_worker`` does (its own loop would close the test's
    connection); returns the exception classes of the tasks that failed."""
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test", excluded_queue_names=[])
    while (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
    return [task.exception_class_path for task in DBTaskResult.objects.failed()]


def draft_with_rule(client, template):
    response = client.post(add_url(), page_data([question("姓名")], publish=False,
                                                rules=[{"trigger": "submit", "template": template.pk}]))
    assert response.status_code == 302, field_errors(response)
    return FormPage.objects.get(slug="ju-min-su-qiu")


def save_draft_without(client, page, rule):
    rules = inline_formset([{"id": rule.pk, "trigger": rule.trigger, "template": rule.template_id, "DELETE": "1"}],
                           initial=1)
    response = client.post(edit_url(page), page_data(existing(page), initial=1, publish=False, document_rules=rules))
    assert response.status_code == 302, field_errors(response)


def test_a_rule_removed_from_a_draft_before_the_worker_runs_fails_no_task(client, queue):
    template = make_template()
    client.force_login(make_staff())
    page = draft_with_rule(client, template)
    rule = FormDocumentRule.objects.get(page=page)
    save_draft_without(client, page, rule)
    assert not FormDocumentRule.objects.filter(pk=rule.pk).exists()
    assert DBTaskResult.objects.ready().exists()

    assert run_worker() == []
    assert not ReferenceIndex.get_references_to(template).exists()


def test_the_template_in_use_is_still_recorded_against_its_form(client, queue):
    """The index keeps telling where a template is used (the snippet's *Usage*), through the worker as before."""
    template = make_template()
    client.force_login(make_staff())
    page = draft_with_rule(client, template)

    assert run_worker() == []
    assert [ref.object_id for ref in ReferenceIndex.get_references_to(template)] == [str(page.pk)]
