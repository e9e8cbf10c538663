"""What the banquets part shows on the cases room's pages: the household's tracking page (its declaration, the
warnings it got, whether the visit is recorded) and the workbench's case page (the declaration and a link)."""
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import BanquetDeclaration


def _declaration(case):
    return BanquetDeclaration.objects.filter(case_id=case.pk).select_related("village").first()


def tracking_section(request, case):
    declaration = _declaration(case)
    if declaration is None:
        return ""
    return render_to_string("programmes/banquets/track_section.html", {"declaration": declaration}, request=request)


def case_section(request, case):
    declaration = _declaration(case)
    if declaration is None:
        return ""
    return render_to_string("programmes/banquets/case_section.html", {
        "declaration": declaration, "url": reverse("programmes_banquet", args=[declaration.pk])}, request=request)
