"""How the cases room receives residents' submissions (registered with forms_app.seams in CasesConfig.ready).

Inside the submission's transaction it first draws the reference number, whose row lock serialises
the form's submissions (so the forms room's daily limit cannot be raced), then opens the case. The
resident is then sent to the case's receipt: the reference number and the private tracking link.
"""
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forms_app.seams import SubmissionReceiver

from .handling import handling_for
from .intake import IntakeError, check_may_enter
from .models import Case
from .numbering import next_reference
from .services import case_open


class CaseReceiver(SubmissionReceiver):
    def reserve(self, page):
        return next_reference(handling_for(page).reference_prefix)

    def stored(self, *, page, submission, fields, reserved, entry=None, submitted_by=None):
        extra = {"submitted_by": submitted_by}
        if entry is not None:  # asked again inside the transaction: a role taken away meanwhile stops it here
            try:
                check_may_enter(entry.user, entry.channel)
            except IntakeError as refused:
                raise PermissionDenied(refused.message) from refused
            extra = {"channel": entry.channel, "entered_by": entry.user}  # the staff member answers for it
        case_open(submission=submission, form=page, region=submission.region, fields=fields, reference=reserved,
                  **extra)

    def receipt_url(self, submission):
        case = submission.case
        return self._receipt(case.pk, case.tracking_token, case.entered_by_id)

    def receipt_url_for_key(self, page, key):
        found = (Case.objects.filter(form_id=page.pk, submission__submission_key=key)
                 .values_list("pk", "tracking_token", "entered_by_id").first())
        return None if found is None else self._receipt(*found)

    @staticmethod
    def _receipt(pk, token, entered_by_id):
        """The resident's receipt; for a matter staff entered, the printable receipt they hand over or read out."""
        if entered_by_id is not None:
            return reverse("cases_entry_receipt", args=[pk])
        return reverse("form_done", args=[token])
