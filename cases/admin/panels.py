"""Dashboard panels on the Wagtail admin home."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from ..selectors import dashboard_counts


class CaseDashboardPanel(Component):
    """My open cases by warning light, overdue cases and today's new cases, each linking to the listing."""

    name = "case_dashboard"
    template_name = "cases/admin/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        counts = dashboard_counts(request.user)
        index = reverse("cases_case_modeladmin_index")
        items = [
            {"key": "green", "label": _("On time"), "count": counts["green"], "url": f"{index}?light=green"},
            {"key": "yellow", "label": _("Due soon"), "count": counts["yellow"], "url": f"{index}?light=yellow"},
            {"key": "red", "label": _("Overdue"), "count": counts["overdue"], "url": f"{index}?light=red"},
            {"key": "today", "label": _("New today"), "count": counts["today"], "url": f"{index}?created=today"},
        ]
        return {"items": items, "counts": counts, "queue_url": f"{index}?scope=mine", "request": request}
