"""§6 四单 end to end in the admin: the county supervisor adds a task to the demo's task list, the grid station's
handler reports progress with a photo from a phone and reports it done, the supervisor sends it back once and
accepts it; the light turns red when the platform clock (cases.clock.travel) passes the deadline; the results
list counts it. axe-core checks the task page on the phone."""
import io
from datetime import timedelta

import pytest
from config.demo import DEMO_PASSWORD
from config.demo_tasklists import TITLE
from PIL import Image

from cases import clock
from community.models import Task, TaskList
from community.models.task_machine import TaskState

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return {"name": "现场.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def act(page, action, note="", files=None):
    form = page.locator(f'form[data-action="{action}"]')
    if note:
        form.locator("textarea[name=note]").fill(note)
    if files:
        form.locator("input[name=files]").set_input_files(files)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_task_pushed_down_reported_done_sent_back_and_accepted(demo, desktop_page, mobile_page, axe):
    clock.reset()
    task_list = TaskList.objects.get(title=TITLE)
    staff = desktop_page
    log_in(staff, "supervisor")
    staff.goto("/admin/community/tasks/")
    staff.get_by_role("link", name=TITLE).click()
    staff.fill("input[name=title]", "清理单元门口小广告")
    staff.locator("select[name=department]").select_option(label="幸福社区网格工作站")
    staff.locator("select[name=responsible]").select_option(label="赵敏 (handler)")
    staff.fill("input[name=due_on]", (clock.now() + timedelta(days=3)).date().isoformat())
    with staff.expect_navigation():
        staff.locator("form[aria-labelledby=add] button[type=submit]").click()
    task = Task.objects.get(task_list=task_list, title="清理单元门口小广告")

    phone = mobile_page
    log_in(phone, "handler")
    phone.goto(f"/admin/community/tasks/task/{task.pk}/")
    assert phone.locator("[data-light]").get_attribute("data-light") == "green"
    axe(phone, "task page on a phone")
    act(phone, "progress", "已清理一号楼", [png()])
    phone.get_by_role("link", name="现场.png").wait_for()
    act(phone, "report_done", "全部清理完毕")
    assert Task.objects.get(pk=task.pk).state == TaskState.DONE

    log_in(staff, "supervisor")
    staff.goto(f"/admin/community/tasks/task/{task.pk}/")
    act(staff, "send_back", "三号楼仍有小广告")
    assert Task.objects.get(pk=task.pk).state == TaskState.OPEN

    clock.travel(timedelta(days=4))
    phone.reload()
    assert phone.locator("[data-light]").get_attribute("data-light") == "red"
    act(phone, "report_done", "三号楼已清理")
    staff.goto(f"/admin/community/tasks/task/{task.pk}/")
    act(staff, "accept")
    assert Task.objects.get(pk=task.pk).state == TaskState.ACCEPTED

    staff.goto("/admin/community/tasks/results/")
    row = staff.locator('tr', has_text="幸福社区网格工作站")
    assert row.locator("td").nth(2).inner_text() == "1"  # done late: this one (the demo's stairwells were on time)
    clock.reset()
