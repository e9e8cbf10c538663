"""Issue 12 §3, end to end: a joint case (协办) handled by two units in the staff workbench.

The dispatcher dispatches a drain dispute to 镇赉镇司法所 with 镇赉镇矛盾纠纷调解中心 as co-unit; 司法所 claims the
case and is shown that resolving waits for the centre's part (the service refuses it too: tests/cases/test_joint.py); the centre finds the case in its queue
with its part's light, claims and reports its part; 司法所 resolves.
"""
import pytest

from cases.constants import CaseState as S
from cases.constants import PartState as P
from cases.models import Case, CasePart
from forms_app.models import FormPage
from organisation.models import Department, Region
from tests.e2e.test_case_loop import act, log_in, open_case
from tests.factories import make_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PART_RESULT = "已召集物业和业主协商，水暖工已疏通下水道"
RESULT = "司法所牵头、调解中心协办，双方达成协议，下水道已疏通"


def act_on_part(page, action, fill=None):
    """Open the part action's panel in the *Joint handling* section, fill it in and submit it."""
    panel = page.locator(f'details[data-part-action="{action}"]')
    panel.locator("summary").click()
    if fill:
        fill(panel)
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()


def test_a_joint_case_handled_by_two_units(demo, desktop_page):
    form = FormPage.objects.get(slug="suqiu")
    case = make_case(form, Region.objects.get(code="220821100001-01"))
    lead, centre = Department.objects.get(code="sfs"), Department.objects.get(code="tjzx")
    staff = desktop_page

    # 中心派单: 司法所 leads, 调解中心 helps
    log_in(staff, "dispatcher")
    open_case(staff, case)
    assert act(staff, case, "accept") == S.ACCEPTED

    def dispatch_jointly(panel):
        panel.locator('select[name="dispatch-department"]').select_option(str(lead.pk))
        panel.locator('select[name="dispatch-co_units"]').select_option([str(centre.pk)])
        panel.locator('input[name="dispatch-co_unit_hours"]').fill("24")

    assert act(staff, case, "dispatch", dispatch_jointly) == S.DISPATCHED
    part = CasePart.objects.get(case=case)
    assert (part.department, part.state) == (centre, P.DISPATCHED)
    assert staff.locator(f'tr[data-part="{centre.code}"]').count() == 1

    # the lead claims, and may not resolve while the centre's part is out
    log_in(staff, "handler_sf")
    open_case(staff, case)
    assert act(staff, case, "claim") == S.CLAIMED
    assert staff.locator('details[data-action="resolve"]').count() == 0
    assert centre.name in staff.locator("[data-waiting-for]").inner_text()

    # 调解中心 finds the case in its queue with its part's light, claims and reports its part
    log_in(staff, "handler_tj")
    staff.goto("/admin/cases/case/?scope=mine")
    row = staff.locator(f'a[href="/admin/cases/workbench/{case.pk}/"]').first
    row.wait_for()
    assert staff.locator('[data-part="dispatched"]').count() >= 1
    open_case(staff, case)
    assert staff.locator('details[data-action="resolve"]').count() == 0
    act_on_part(staff, "claim_part")
    assert CasePart.objects.get(pk=part.pk).state == P.CLAIMED
    act_on_part(staff, "report_part",
                lambda panel: panel.locator(f'textarea[name="part{part.pk}-report_part-result"]').fill(PART_RESULT))
    assert CasePart.objects.get(pk=part.pk).state == P.REPORTED
    assert PART_RESULT in staff.locator("#case-parts").locator("..").inner_text()

    # 司法所 resolves
    log_in(staff, "handler_sf")
    open_case(staff, case)
    assert act(staff, case, "resolve",
               lambda panel: panel.locator('textarea[name="resolve-result"]').fill(RESULT)) == S.RESOLVED
    lines = [name for name in Case.objects.get(pk=case.pk).events.values_list("transition", flat=True)
             if not name.startswith("document_")]
    assert lines[-6:] == ["dispatch", "add_part", "claim", "claim_part", "report_part", "resolve"]
