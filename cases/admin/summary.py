"""The public summary on the workbench's case page: a small form for a dispatcher or supervisor of the case,
shown for resolved cases of forms that publish on the results board (cases.summaries)."""
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..summaries import PUBLIC_SUMMARY_MAX_LENGTH, case_publish_summary, may_publish_summary, publishes_on_board
from ..workflow import CaseActionError
from .views import render_case, visible_case


class PublicSummaryForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Public summary"), required=False, max_length=PUBLIC_SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What residents read on the results board, e.g. “楼道水管漏水，已更换水管”. No names, "
                               "phone numbers, addresses or ID numbers. Leave empty to take the matter off the board."),
    )


def summary_section(request, case):
    """The section (safe HTML), or nothing when the form does not publish or the user may not approve."""
    if case.resolved_at is None or not publishes_on_board(case) or not may_publish_summary(case, request.user):
        return ""
    form = PublicSummaryForm(initial={"summary": case.public_summary}, prefix="public")
    return render_to_string("cases/admin/summary_section.html", {"case": case, "form": form}, request=request)


@require_POST
def publish_summary(request, pk):
    case = visible_case(request, pk)
    form = PublicSummaryForm(request.POST, prefix="public")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("summary", [])))
        return render_case(request, case, status=400)
    try:
        case = case_publish_summary(case=case, summary=form.cleaned_data["summary"], by=request.user)
    except CaseActionError as error:
        messages.error(request, error.message)
        return render_case(request, case, status=403 if error.code == "forbidden" else 400)
    if case.public_summary_approved_at:
        messages.success(request, _("The summary was approved for the results board."))
    else:
        messages.success(request, _("The matter was taken off the results board."))
    return redirect("cases_workbench_case", pk=case.pk)
