"""The public results board (成绩晒单) shows the task lists' results per unit: counts only, no task, no person."""
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from cases import clock
from community.tasklists import services
from tests.factories import in_page

from .tasklist_world import _clock, _task_files_private, assign, make_task_world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_public_board_counts_each_units_tasks_on_time_late_and_overdue(client):
    world = make_task_world()
    on_time = assign(world, days=2, title="清理楼道杂物")
    late = assign(world, days=2, title="疏通下水道")
    assign(world, days=2, unit=world.team_b, responsible=world.handler_b, title="更换路灯")
    services.task_report_done(task=on_time, by=world.post_a, report="楼道已清空")
    clock.travel(timedelta(days=4))
    services.task_report_done(task=late, by=world.post_a, report="逾期完成")
    response = client.get(reverse("results_board_region", args=[world.community.pk]))
    assert response.status_code == 200
    rows = {row.label: (row.on_time, row.late, row.overdue) for row in response.context["board"]["tasks"]}
    assert rows == {world.team_a.name: (1, 1, 0), world.team_b.name: (0, 0, 1)}
    for private in ("清理楼道杂物", "楼道已清空", world.post_a.get_username()):
        assert not in_page(response, private)
    assert in_page(response, world.team_a.name)


def test_a_place_without_tasks_says_so():
    from statistics_app.board.selectors import region_board

    world = make_task_world()
    assert region_board(world.community)["tasks"] == []
