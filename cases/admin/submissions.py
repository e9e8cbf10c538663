"""A form's submissions as the cases room lists them: with the case's reference number and state.

Registered in CasesConfig.ready (forms_app.seams.set_submissions_view) in place of the forms room's view.
"""
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter

from forms_app.admin_views import SubmissionsFilterSet, SubmissionsListView

from ..constants import CaseState


class CaseSubmissionsFilterSet(SubmissionsFilterSet):
    status = ChoiceFilter(label=_("Status"), field_name="case__state", choices=CaseState.choices)


class CaseSubmissionsListView(SubmissionsListView):
    filterset_class = CaseSubmissionsFilterSet

    @classmethod
    def fixed_columns(cls):
        submit_time, *others = super().fixed_columns()
        return [("reference", _("Reference number")), submit_time, ("status", _("Status")), *others]

    def fixed_values(self, submission):
        case = getattr(submission, "case", None)
        return {**super().fixed_values(submission),
                "reference": case.reference if case else "",
                "status": case.get_state_display() if case else ""}

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("case")
