"""A demo 四单 task list (*Community → Task lists*): the county supervisor's 创城 list of this month, pushed down to
the 幸福社区 grid station, the county's housing bureau and 幸福社区 itself.

Issued ten days ago (the platform's clock moved back, cases.clock.travel): the grid station cleared its stairwells
on time and the supervisor accepted it; the housing bureau reported its survey done four days after its deadline
(the one unit late on the results list); a street-lamp task of the grid station is past its deadline and red (the
tick's sweep wrote its line); the community's fire-lane task is still open and in time. Idempotent: nothing is
added when the list exists.
"""
from datetime import timedelta

from django.contrib.auth import get_user_model

from cases import clock
from community.models import TaskList
from community.tasklists import services
from organisation.models import Department, Region

TITLE = "创建文明城市攻坚任务"


def _day(days):
    return (clock.now() + timedelta(days=days)).date()


def seed_tasklists():
    if TaskList.objects.filter(title=TITLE).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["supervisor", "handler", "handler_b", "handler_zj"])}
    grid_station, housing = Department.objects.get(code="xf-grid"), Department.objects.get(code="zj")
    county, community = Region.objects.get(code="220821"), Region.objects.get(code="220821100001")
    moved = []

    def travel(days):
        clock.travel(timedelta(days=days))
        moved.append(days)

    travel(-10)
    try:
        task_list = services.tasklist_issue(by=users["supervisor"], region=county, title=TITLE, period="本月",
                                            description="楼道清理、老旧小区排查、路灯维修、消防通道整治，按期报结。")

        def assign(title, unit, person, days):
            return services.task_assign(task_list=task_list, by=users["supervisor"], title=title, unit=unit,
                                        responsible=users[person], due_on=_day(days))

        stairs = assign("清理楼道堆放杂物", grid_station, "handler", 5)
        survey = assign("老旧小区改造入户排查", housing, "handler_zj", 3)
        assign("更换破损路灯", grid_station, "handler_b", 6)
        travel(2)
        services.task_report(task=stairs, by=users["handler"], text="已清理1至3号楼。")
        stairs = services.task_report_done(task=stairs, by=users["handler"], report="全部楼道已清理完毕。")
        services.task_accept(task=stairs, by=users["supervisor"], note="抽查合格。")
        travel(6)  # four days past the survey's deadline
        services.task_report_done(task=survey, by=users["handler_zj"], report="排查完成，共38户，清单已上报。")
        travel(2)
        assign("消防通道整治", community, "handler", 5)
        services.sweep_overdue(clock.now())
    finally:
        clock.travel(timedelta(days=-sum(moved)))  # back to where the clock was
