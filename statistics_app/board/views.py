"""The public results board (成绩晒单): thin views over :mod:`.selectors`, public and cached.

``/results/`` is the top of the tree (the county); ``/results/<region id>/`` a street/town or a
community/village; a grid or an unknown id is a 404, and the region picker's bad value a 400.
"""
from datetime import timedelta

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organisation.urls import valid_id
from statistics_app.measures import MEASURES

from .chart import BAR, trend_chart
from .selectors import board_regions, cached_board
from .suppression import HIDDEN_NOTE


@require_GET
def board_index(request):
    """The county's board; the region picker's choice (``?region=<id>``) goes to that region's page."""
    if "region" in request.GET:
        return _jump(request, request.GET["region"])
    roots = list(board_regions().filter(depth=1))
    if not roots:
        raise Http404
    if len(roots) > 1:
        return TemplateResponse(request, "statistics_app/board/index.html", {"roots": roots})
    return _render(request, roots[0])


def _jump(request, value):
    value = value.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 18 and valid_id(int(value))):
        return TemplateResponse(request, "error.html", {
            "title": _("Bad request"), "message": _("Choose a region from the list.")}, status=400)
    region = get_object_or_404(board_regions(), pk=int(value))
    return HttpResponseRedirect(reverse("results_board_region", args=[region.pk]))


@require_GET
def board_region(request, pk):
    region = get_object_or_404(board_regions(), pk=pk)
    return _render(request, region)


def _render(request, region):
    board = cached_board(region)
    context = {
        "region": region,
        "ancestors": list(region.get_ancestors()),
        "picker": [{"pk": pk, "name": name, "indent": "— " * (depth - 1)}
                   for pk, name, depth in board_regions().values_list("pk", "name", "depth")],
        "board": board,
        "last_month": timezone.localtime(board["end"]) - timedelta(days=1),
        "tiles": tiles(board["figures"]),
        "measures": [MEASURES[key] for key in SHOWN_MEASURES],
        "chart": trend_chart(board["trend"], board["threshold"]),
        "bar_width": BAR,
        "hidden_note": HIDDEN_NOTE % {"count": board["threshold"]},
    }
    return TemplateResponse(request, "statistics_app/board/region.html", context)


SHOWN_MEASURES = ("received", "resolved", "resolution_rate", "on_time_rate", "satisfaction", "response_rate",
                  "time_to_resolve")


def tiles(figures):
    """The headline figures in the page's language, each with its label and whether it is withheld."""
    median = figures["median_to_resolve"]
    out = [{"label": MEASURES[key].label, "value": str(figures[key]), "hidden": figures[key].hidden}
           for key in SHOWN_MEASURES[:-1]]
    out.append({"label": _("Median time to resolve"), "value": duration_text(median), "hidden": median is None})
    return out


def duration_text(took):
    """A median duration for residents: hours under two days, days from then on; "—" when there is none."""
    if took is None:
        return "—"
    hours = took.total_seconds() / 3600
    if hours < 48:
        return _("%(count)s hours") % {"count": f"{hours:.1f}"}
    return _("%(count)s days") % {"count": f"{hours / 24:.1f}"}
