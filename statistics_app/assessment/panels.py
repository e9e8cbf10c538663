"""The supervisor's admin home: the units in reach showing the red light this month (亮灯预警), and how many
show the yellow one, each linking to the assessment page."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from cases.clock import now
from statistics_app.models import AssessmentScheme
from statistics_app.periods import PeriodKind, period_around

from .constants import UnitKind
from .scorecards import scorecards
from .views import page_url

PANEL_KINDS = (UnitKind.DEPARTMENT, UnitKind.GRID)


class UnitLightsPanel(Component):
    name = "unit_lights"
    template_name = "statistics_app/assessment/home_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        at = now()
        period = period_around(PeriodKind.MONTH, timezone.localdate(at))
        scheme = AssessmentScheme.active()
        groups = []
        for kind in PANEL_KINDS:
            board = scorecards(request.user, period, kind, scheme, at=at)
            groups.append({"label": UnitKind(kind).label, "red": board.red, "yellow": len(board.yellow),
                           "url": page_url(period, kind)})
        return {"groups": groups, "heading": _("Units in the red"), "request": request,
                "any_red": any(g["red"] for g in groups)}
