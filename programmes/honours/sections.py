"""The entry's line on the workbench's case page (cases.admin.views.register_case_section): a nomination's or an
appeal's case links to its red or black list entry and says where it stands, so the dispatcher answering the
nominator or the appellant sees what became of the entry."""
from django.template.loader import render_to_string

from ..models import HonourEntry
from .appeals import APPEAL_FORM_SLUG
from .nominations import NOMINATION_FORM_SLUG


def entry_section(request, case):
    """The entry a nomination made, or the entry an appeal is against; "" for any other case."""
    slug = getattr(case.form, "slug", "")
    if slug == NOMINATION_FORM_SLUG:
        entry, appeal = HonourEntry.objects.filter(case_id=case.pk).first(), False
    elif slug == APPEAL_FORM_SLUG:
        entry, appeal = HonourEntry.objects.filter(appeals__case_id=case.pk).first(), True
    else:
        return ""
    if entry is None:
        return ""
    return render_to_string("programmes/honours/case_section.html", {"entry": entry, "appeal": appeal},
                            request=request)
