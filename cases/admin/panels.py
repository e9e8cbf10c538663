"""Dashboard panels on the Wagtail admin home: my open cases, my region's lights, the supervisor's 督办 queue."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from organisation.access import is_root, memberships
from organisation.constants import StaffRole

from ..selectors import dashboard_counts, supervision_counts

REGION_ROLES = (StaffRole.DISPATCHER, StaffRole.SUPERVISOR)
LIGHTS = (("green", _("On time")), ("yellow", _("Due soon")), ("red", _("Overdue")))


def _items(counts, index, scope=""):
    """Each count with the listing that lists exactly those cases (the same selector, the same filters)."""
    prefix = f"{index}?{scope}&" if scope else f"{index}?"
    return [{"key": key, "label": label, "count": counts[key], "url": f"{prefix}light={key}", "light": True}
            for key, label in LIGHTS] + [
        {"key": "today", "label": _("New today"), "count": counts["today"], "url": f"{prefix}created=today"}]


class CaseDashboardPanel(Component):
    """我的在办工单 (:func:`cases.selectors.my_open_cases`: the same cases as the listing's *My queue*) by light
    and today's new ones; for dispatchers and supervisors, also everything in their region, each number linking
    to the listing filtered the same way."""

    name = "case_dashboard"
    template_name = "cases/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        user = request.user
        index = reverse("cases_case_modeladmin_index")
        mine = dashboard_counts(user, mine=True)
        context = {"mine": mine, "mine_items": _items(mine, index, "scope=mine"), "queue_url": f"{index}?scope=mine",
                   "request": request}
        if is_root(user) or any(role in REGION_ROLES for role, *_rest in memberships(user)):
            region = dashboard_counts(user)
            context.update(region=region, region_items=_items(region, index), region_url=index)
        return context


class SupervisionPanel(Component):
    """督办: the cases a supervisor must look at (需督办人介入, and urged cases still open), within their
    supervision; each number opens the listing of exactly those cases."""

    name = "case_supervision"
    template_name = "cases/admin/supervision_panel.html"
    order = 45

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        counts = supervision_counts(request.user)
        index = reverse("cases_case_modeladmin_index")
        items = [
            {"key": "flagged", "label": _("Needs a supervisor"), "count": counts["flagged"],
             "url": f"{index}?scope=flagged"},
            {"key": "urged", "label": _("Urged, still open"), "count": counts["urged"], "url": f"{index}?scope=urged"},
        ]
        return {"items": items, "total": counts["total"], "queue_url": f"{index}?scope=supervise", "request": request}
