"""四单 task lists: a supervisor pushes tasks down, units report with files and mark them done, the supervisor
accepts or sends back; the tick turns overdue tasks red once; the results list counts per unit."""
from datetime import timedelta

import pytest

from cases import clock
from cases.constants import Light
from cases.tick import tick
from community.models import Task, TaskEvent, TaskFile
from community.models.task_machine import TaskState
from community.tasklists import selectors, services
from tests.factories import make_department

from .tasklist_world import _clock, _task_files_private, assign, in_days, make_task_world, photo  # noqa: F401

pytestmark = pytest.mark.django_db


def kinds(task):
    return list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True))


def test_a_task_is_issued_reported_on_done_and_accepted():
    world = make_task_world()
    task = assign(world)
    assert task.state == TaskState.OPEN and task.light() == Light.GREEN
    services.task_report(task=task, by=world.post_b, text="已清理一至三号楼", uploads=[photo()])
    task = services.task_report_done(task=task, by=world.post_a, report="全部清理完毕", uploads=[photo("完成.png")])
    assert task.state == TaskState.DONE and task.done_at is not None
    task = services.task_accept(task=task, by=world.supervisor, note="验收合格")
    assert task.state == TaskState.ACCEPTED and task.accepted_at is not None
    assert kinds(task) == ["issued", "progress", "report_done", "accept"]
    assert TaskFile.objects.filter(task=task).count() == 2


def test_a_supervisor_sends_back_and_the_unit_reports_again():
    world = make_task_world()
    task = assign(world)
    task = services.task_report_done(task=task, by=world.post_a, report="已完成")
    task = services.task_send_back(task=task, by=world.county_supervisor, reason="仍有杂物堆放")
    assert task.state == TaskState.OPEN and task.done_at is None
    task = services.task_report_done(task=task, by=world.post_a, report="已彻底清理")
    assert kinds(task) == ["issued", "report_done", "send_back", "report_done"]


def test_the_light_turns_yellow_when_little_time_is_left_and_red_when_overdue():
    world = make_task_world()
    task = assign(world, days=8)
    assert task.yellow_at < task.due_at
    assert task.light(task.yellow_at - timedelta(minutes=1)) == Light.GREEN
    assert task.light(task.yellow_at) == Light.YELLOW
    assert task.light(task.due_at) == Light.RED


def test_the_tick_turns_an_overdue_task_red_once_with_a_line_in_its_history():
    world = make_task_world()
    task = assign(world, days=2)
    on_time = assign(world, days=30, title="消防通道")
    clock.travel(timedelta(days=3))
    assert tick()["tasks_overdue"] == 1
    assert tick()["tasks_overdue"] == 0
    task.refresh_from_db()
    assert task.light() == Light.RED and kinds(task) == ["issued", "overdue"]
    assert kinds(on_time) == ["issued"]


def test_the_results_list_counts_on_time_late_and_overdue_per_unit():
    world = make_task_world()
    on_time = assign(world, days=2, title="任务一")
    late = assign(world, days=2, title="任务二")
    overdue = assign(world, days=2, unit=world.team_b, responsible=world.handler_b, title="任务三")
    open_in_time = assign(world, days=30, unit=world.team_b, responsible=world.handler_b, title="任务四")
    services.task_report_done(task=on_time, by=world.post_a, report="按时完成")
    clock.travel(timedelta(days=4))
    services.task_report_done(task=late, by=world.post_a, report="逾期完成")
    rows = {row.label: row for row in selectors.results(selectors.tasks_visible_to(world.supervisor))}
    team_a, team_b = rows[world.team_a.name], rows[world.team_b.name]
    assert (team_a.tasks, team_a.on_time, team_a.late, team_a.overdue, team_a.open) == (2, 1, 1, 0, 0)
    assert (team_b.tasks, team_b.on_time, team_b.late, team_b.overdue, team_b.open) == (2, 0, 0, 1, 1)
    assert Task.objects.get(pk=late.pk).light() == Light.RED
    assert Task.objects.get(pk=on_time.pk).light() == Light.GREEN
    assert open_in_time.state == overdue.state == TaskState.OPEN


def test_a_task_can_go_to_a_community_and_its_staff_report_on_it():
    world = make_task_world()
    task = assign(world, unit=world.grid2, responsible=world.handler_b)
    assert task.region == world.grid2 and task.department is None
    services.task_report(task=task, by=world.handler_b, text="已走访")
    assert kinds(task) == ["issued", "progress"]


def test_a_supervisor_follows_the_tasks_of_units_in_reach_but_only_the_issuing_level_accepts():
    world = make_task_world()
    county_list = services.tasklist_issue(by=world.county_supervisor, region=world.county, title="县级任务",
                                          period="12月")
    task = services.task_assign(task_list=county_list, by=world.county_supervisor, title="排查隐患",
                                unit=world.team_a, responsible=world.post_a, due_on=in_days(5))
    assert task in selectors.tasks_visible_to(world.supervisor)
    assert county_list in selectors.task_lists_visible_to(world.supervisor)
    task = services.task_report_done(task=task, by=world.post_a, report="已排查")
    with pytest.raises(services.TaskActionError) as refused:
        services.task_accept(task=task, by=world.supervisor)
    assert refused.value.code == "forbidden"
    assert services.task_accept(task=task, by=world.county_supervisor).state == TaskState.ACCEPTED


def test_units_do_not_see_each_others_tasks_nor_lists_without_a_task_of_theirs():
    world = make_task_world()
    mine = assign(world)
    assert list(selectors.tasks_visible_to(world.handler_b)) == []
    assert list(selectors.task_lists_visible_to(world.handler_b)) == []
    assert list(selectors.tasks_visible_to(world.post_b)) == [mine]  # team A's B post: the same department
    assert list(selectors.tasks_visible_to(world.grid_dispatcher)) == []  # a department's task, not the grid's


def test_a_community_supervisor_cannot_issue_for_the_county():
    world = make_task_world()
    with pytest.raises(services.TaskActionError) as refused:
        services.tasklist_issue(by=world.supervisor, region=world.county, title="县级任务", period="12月")
    assert refused.value.code == "forbidden"
    with pytest.raises(services.TaskActionError) as refused:
        services.task_assign(task_list=world.task_list, by=world.dispatcher, title="x", unit=world.team_a,
                             responsible=world.post_a, due_on=in_days(3))
    assert refused.value.code == "forbidden"


def test_a_unit_outside_the_lists_region_is_refused():
    world = make_task_world()
    county_unit = make_department(world.county, code="county-unit")
    with pytest.raises(services.TaskActionError) as refused:
        assign(world, unit=county_unit)
    assert refused.value.code == "bad_input" and not Task.objects.exists()


def test_a_weekend_does_not_count_towards_the_yellow_light():
    from datetime import datetime

    from django.utils import timezone

    from community.tasklists.deadlines import task_deadline, working_hours_between

    friday, tuesday = (timezone.make_aware(datetime(2026, 3, day)) for day in (13, 17))
    assert working_hours_between(friday, tuesday) == 48  # Friday and Monday; not the weekend
    limits = task_deadline(friday, tuesday)
    assert timezone.localtime(limits.yellow_at) == timezone.make_aware(datetime(2026, 3, 16, 12))
    assert limits.due_at == tuesday
