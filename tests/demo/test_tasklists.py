"""The demo's task list: one unit late, one task red and swept, one accepted, one open; seeded once."""
from community.models import Task, TaskEvent
from community.tasklists.selectors import results


def test_the_demo_task_list_has_one_unit_late_and_is_seeded_once(demo):
    from config.demo_tasklists import seed_tasklists

    rows = {row.label: row for row in results(Task.objects.all())}
    assert [label for label, row in rows.items() if row.late] == ["县住房和城乡建设局"]
    grid_station = rows["幸福社区网格工作站"]
    assert (grid_station.on_time, grid_station.overdue) == (1, 1)
    assert TaskEvent.objects.filter(kind="overdue").count() == 1
    first = (Task.objects.count(), TaskEvent.objects.count())
    seed_tasklists()
    assert (Task.objects.count(), TaskEvent.objects.count()) == first
