"""The admin home of staff who work with banquet declarations: how many visits are due, how many declarations are
over the limit and not yet visited, and how many visits are missing — each linking to its list. Shown only when
one of the counts is not zero, so the home of staff without declarations stays as it was."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from . import selectors
from .services import local_today


class BanquetsPanel(Component):
    name = "banquets"
    template_name = "programmes/banquets/home_panel.html"
    order = 70

    def __init__(self, counts):
        self.counts = counts

    def get_context_data(self, parent_context):
        return {"counts": self.counts, "heading": _("Banquet declarations"), "request": parent_context["request"]}


def banquets_panel(request):
    """The panel for ``request``'s user, or None when there is nothing to do."""
    if not selectors.reach_paths(request.user):
        return None
    today = local_today()
    over, _late, missing, _undeclared = selectors.attention(request.user, today)
    index, attention = reverse("programmes_banquets"), reverse("programmes_banquet_attention")
    counts = [
        (_("Follow-up visits due"), selectors.visits_due(request.user, today).count(), f"{index}?show=due"),
        (_("Over the limit, not yet visited"), over.count(), f"{attention}#over"),
        (_("Follow-up visits missing"), missing.count(), f"{attention}#missing"),
    ]
    return BanquetsPanel(counts) if any(n for _label, n, _url in counts) else None
