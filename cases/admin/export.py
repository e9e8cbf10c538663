"""The workbench listing as a spreadsheet (CSV with a BOM, or XLSX): the cases the listing shows, as filtered.

The export is the listing's own queryset (``?export=csv`` on the listing's address, so every filter, the
search and the order are the listing's, and the reach is ``cases_visible_to``), written from one query of
plain values. Its columns describe the handling, not the resident: no answer, name, phone, ID number or
address is exported, so there is nothing personal to mask; the export is still recorded in the audit log
(who exported how many cases, with which filters), as every export of case data is.
"""
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_app.spreadsheet import spreadsheet_response
from organisation import audit

from ..checkups import failed_labels
from ..constants import CaseState, Channel
from ..models import Case

#: More rows than this are not exported at once: narrow the filters (a county's million cases would not
#: open in Excel either, whose sheets end at 1,048,576 rows).
EXPORT_LIMIT = 100_000

FIELDS = ("reference", "form__title", "category__name", "region__name", "channel", "state", "created_at",
          "due_at", "resolved_at", "rating", "score", "pk")


def headings():
    return [_("Reference number"), _("Form"), _("Category"), _("Region"), _("Channel"), _("State"),
            _("Created at"), _("Due at"), _("Resolved at"), _("Rating"), _("Score"), _("Failed check-up items")]


def case_rows(queryset):
    """The export's rows, as the listing orders them, in one query (streamed in chunks)."""
    states, channels = dict(CaseState.choices), dict(Channel.choices)
    for row in queryset.values_list(*FIELDS)[:EXPORT_LIMIT].iterator(chunk_size=2000):
        reference, form, category, region, channel, state, *rest, pk = row
        failed = failed_of(pk) if rest[-1] is not None else ""  # a check-up: each item it lost points on
        yield [reference, form, category, region, str(channels.get(channel, channel)),
               str(states.get(state, state)), *rest, failed]


def failed_of(pk):
    """The failed items of check-up case ``pk`` (a few per community and month, read one by one)."""
    case = Case.objects.select_related("form", "submission").get(pk=pk)
    return failed_labels(case)


def export_cases(request, queryset, fmt):
    """The response of ``?export=<fmt>`` on the workbench listing, recorded in the audit log."""
    user = request.user
    count = queryset.count()
    filters = {k: v for k, v in request.GET.items() if k != "export"}
    audit.record(user, "govforms.export", user=user, what="cases", format=fmt,
                 count=min(count, EXPORT_LIMIT), filters=filters)
    filename = _("cases") + timezone.localtime().strftime("-%Y%m%d-%H%M")
    return spreadsheet_response(fmt, filename, headings(), case_rows(queryset), title=_("Cases"))
