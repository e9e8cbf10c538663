"""The task lists' admin pages, through Django's test client: issuing, adding tasks, reporting with files,
accepting, the results list with its export, the menu, need-to-know and bad input (4xx, nothing written)."""
import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from community.models import Task, TaskEvent, TaskFile, TaskList
from community.models.task_machine import TaskState
from organisation.models import AccessLogEntry
from tests.factories import in_page

from .tasklist_world import _clock, _task_files_private, assign, fake_photo, in_days, make_task_world, photo  # noqa: F401

pytestmark = pytest.mark.django_db


def act(client, user, task, action, **data):
    client.force_login(user)
    return client.post(reverse("community_task_action", args=[task.pk, action]), data)


def test_a_supervisor_issues_a_list_and_adds_a_task_from_the_admin(client):
    world = make_task_world()
    client.force_login(world.supervisor)
    response = client.post(reverse("community_tasklists"), {
        "title": "环境整治", "period": "2026年12月", "description": "", "region": world.community.pk})
    new = TaskList.objects.get(title="环境整治")
    assert response.status_code == 302 and response["Location"] == reverse("community_tasklist", args=[new.pk])
    response = client.post(reverse("community_tasklist", args=[new.pk]), {
        "title": "清理小广告", "department": world.team_a.pk, "responsible": world.post_a.pk,
        "due_on": in_days(5).isoformat()})
    assert response.status_code == 302
    task = Task.objects.get(task_list=new)
    assert task.responsible == world.post_a and task.department == world.team_a
    page = client.get(reverse("community_tasklist", args=[new.pk]))
    assert page.status_code == 200 and in_page(page, "清理小广告")


def test_the_unit_reports_with_a_file_and_the_supervisor_accepts_on_the_task_page(client):
    world = make_task_world()
    task = assign(world)
    assert act(client, world.post_a, task, "progress", note="已清理一半", files=[photo()]).status_code == 302
    assert act(client, world.post_a, task, "report_done", note="全部完成").status_code == 302
    page = client.get(reverse("community_task", args=[task.pk]))
    assert page.status_code == 200 and in_page(page, "已清理一半") and in_page(page, "现场照片.png")
    item = TaskFile.objects.get(task=task)
    download = client.get(reverse("community_task_file", args=[task.pk, item.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    entry = AccessLogEntry.objects.get(action="govforms.download")
    assert (entry.object_id, entry.region_path, entry.user) == (str(item.pk), world.grid1.path, world.post_a)
    assert act(client, world.supervisor, task, "accept", note="").status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.ACCEPTED


def test_units_see_only_their_own_tasks_and_supervisors_those_in_their_reach(client):
    world = make_task_world()
    mine = assign(world)
    theirs = assign(world, unit=world.team_b, responsible=world.handler_b, title="消防通道")
    client.force_login(world.handler_b)
    assert client.get(reverse("community_task", args=[mine.pk])).status_code == 404
    assert client.get(reverse("community_task", args=[theirs.pk])).status_code == 200
    page = client.get(reverse("community_tasklist", args=[world.task_list.pk]))
    assert [t.pk for t in page.context["tasks"]] == [theirs.pk]
    item = TaskFile.objects.create(task=mine, original_name="a.png", content_type="image/png", size=1)
    assert client.get(reverse("community_task_file", args=[mine.pk, item.pk])).status_code == 404
    for supervisor in (world.supervisor, world.county_supervisor):
        client.force_login(supervisor)
        page = client.get(reverse("community_tasklist", args=[world.task_list.pk]))
        assert {t.pk for t in page.context["tasks"]} == {mine.pk, theirs.pk}


def test_a_report_on_another_units_task_is_refused_and_writes_nothing(client):
    world = make_task_world()
    task = assign(world)
    response = act(client, world.handler_b, task, "progress", note="不是我的任务")
    assert response.status_code == 403 and in_page(response, _("Only the unit responsible for this task may report on it."))
    assert not in_page(response, task.title)
    assert list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True)) == ["issued"]


def test_a_report_twice_on_a_closed_task_is_refused(client):
    world = make_task_world()
    task = assign(world)
    assert act(client, world.post_a, task, "report_done", note="完成").status_code == 302
    response = act(client, world.post_a, task, "report_done", note="再报一次")
    assert response.status_code == 409 and in_page(response, _("“%(action)s” is not possible while the task is “%(state)s”.")
                                                   % {"action": _("Report done"), "state": TaskState.DONE.label})
    response = act(client, world.post_a, task, "progress", note="进展")
    assert response.status_code == 409
    assert TaskEvent.objects.filter(task=task).count() == 2


def test_a_unit_cannot_accept_its_own_task_nor_send_it_back(client):
    world = make_task_world()
    task = assign(world)
    act(client, world.post_a, task, "report_done", note="完成")
    assert act(client, world.post_a, task, "accept").status_code == 403
    assert act(client, world.supervisor, task, "send_back", note="").status_code == 400  # a reason is required
    task.refresh_from_db()
    assert task.state == TaskState.DONE


def test_a_file_that_is_not_what_it_says_is_refused(client):
    world = make_task_world()
    task = assign(world)
    response = act(client, world.post_a, task, "progress", note="照片", files=[fake_photo()])
    assert response.status_code == 400
    assert not TaskFile.objects.exists() and TaskEvent.objects.filter(task=task).count() == 1


@pytest.mark.parametrize("change, message", [
    ({"responsible": ""}, "Name the responsible person (包保责任人) of the task."),
    ({"due_on": "2020-01-01"}, "The deadline is in the past. Choose a day from today on."),
    ({"department": "", "community": ""}, "Choose the unit or community the task goes to."),
])
def test_a_bad_task_is_refused_with_a_clear_message_and_nothing_written(client, change, message):
    world = make_task_world()
    client.force_login(world.supervisor)
    data = {"title": "清理楼道", "department": world.team_a.pk, "responsible": world.post_a.pk,
            "due_on": in_days(3).isoformat(), **change}
    response = client.post(reverse("community_tasklist", args=[world.task_list.pk]), data)
    assert response.status_code == 400 and in_page(response, _(message))
    assert not Task.objects.exists()


def test_a_responsible_person_from_another_unit_is_refused(client):
    world = make_task_world()
    client.force_login(world.supervisor)
    response = client.post(reverse("community_tasklist", args=[world.task_list.pk]), {
        "title": "清理楼道", "department": world.team_a.pk, "responsible": world.handler_b.pk,
        "due_on": in_days(3).isoformat()})
    assert response.status_code == 400 and in_page(response, _("The responsible person must be staff of the unit the task goes to."))
    assert not Task.objects.exists()


def test_only_supervisors_issue_and_only_within_their_reach(client):
    world = make_task_world()
    client.force_login(world.post_a)
    response = client.post(reverse("community_tasklists"), {"title": "x", "period": "y", "region": world.county.pk})
    assert response.status_code == 403
    client.force_login(world.supervisor)  # a community supervisor: the county is above their reach
    response = client.post(reverse("community_tasklists"), {"title": "x", "period": "y", "region": world.county.pk})
    assert response.status_code == 400
    response = client.post(reverse("community_tasklist", args=[world.task_list.pk]), {})
    assert response.status_code == 400
    assert TaskList.objects.count() == 1


def test_the_results_page_and_its_csv_and_xlsx_export(client):
    world = make_task_world()
    assign(world, title="任务一")
    client.force_login(world.supervisor)
    page = client.get(reverse("community_task_results"))
    assert page.status_code == 200 and in_page(page, world.team_a.name)
    csv = client.get(reverse("community_task_results") + "?format=csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert csv.status_code == 200 and text.splitlines()[1].startswith(world.team_a.name)
    xlsx = client.get(reverse("community_task_results") + f"?list={world.task_list.pk}&format=xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 2 and list(book.worksheets[1].values)[1][2] == "任务一"
    assert client.get(reverse("community_task_results") + "?format=pdf").status_code == 400
    assert client.get(reverse("community_task_results") + "?list=abc").status_code == 400


def test_the_community_menu_offers_the_task_lists_to_staff_and_a_unit_sees_the_lists_it_has_tasks_in(client):
    world = make_task_world()
    client.force_login(world.handler_b)
    assert not in_page(client.get(reverse("community_tasklists")), "创城攻坚")
    assign(world)
    client.force_login(world.post_a)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200 and reverse("community_tasklists") in home.content.decode()
    index = client.get(reverse("community_tasklists"))
    assert index.status_code == 200 and in_page(index, "创城攻坚") and index.context["form"] is None


def test_the_index_counts_only_the_tasks_a_unit_may_see(client):
    world = make_task_world()
    assign(world)
    assign(world, unit=world.team_b, responsible=world.handler_b, title="消防通道")
    client.force_login(world.handler_b)
    [listed] = client.get(reverse("community_tasklists")).context["task_lists"]
    assert listed.task_count == 1
    client.force_login(world.supervisor)
    [listed] = client.get(reverse("community_tasklists")).context["task_lists"]
    assert listed.task_count == 2
