"""The check-up's lines on the workbench's case page and on the tracking page (cases' section seams)."""
from django.template.loader import render_to_string

from cases.checkups import checkup_outcome
from cases.constants import OPEN_STATES
from forms_app.constants import FormKind

from ..models import Reinspection
from .selectors import lines_of
from .services import community_of, may_rectify


def case_section(request, case):
    """The rectification lines (each with its *Rectified* button for whoever works on it), the re-inspection and a
    link to the community's history; "" for a case that is no check-up."""
    if case.form.kind != FormKind.CHECKUP or case.score is None:
        return ""
    return render_to_string("programmes/checkups/case_section.html", {
        "case": case, "lines": lines_of(case), "open": case.state in OPEN_STATES, "may_rectify": may_rectify(case, request.user),
        "reinspection": Reinspection.objects.filter(rectification=case).select_related("checkup").first(),
        "community": community_of(case),
    }, request=request)


def tracking_section(request, case):
    """The score, the pass mark and each failed item (rectified or not) for whoever holds the tracking link."""
    if case.form.kind != FormKind.CHECKUP or case.score is None:
        return ""
    lines = {line.field_id: line for line in lines_of(case)}
    outcome = checkup_outcome(case)
    items = [(item, lines.get(item.field_id)) for item in outcome.failed_items]
    return render_to_string("programmes/checkups/tracking_section.html", {"outcome": outcome, "items": items},
                            request=request)
