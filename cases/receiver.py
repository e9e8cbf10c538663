"""How the cases room receives residents' submissions (registered with forms_app.seams in CasesConfig.ready).

Inside the submission's transaction it first draws the reference number, whose row lock serialises
the form's submissions (so the forms room's daily limit cannot be raced), then opens the case. The
resident is then sent to the case's receipt: the reference number and the private tracking link.
"""
from django.urls import reverse

from forms_app.seams import SubmissionReceiver

from .handling import handling_for
from .models import Case
from .numbering import next_reference
from .services import case_open


class CaseReceiver(SubmissionReceiver):
    def reserve(self, page):
        return next_reference(handling_for(page).reference_prefix)

    def stored(self, *, page, submission, fields, reserved):
        case_open(submission=submission, form=page, region=submission.region, fields=fields, reference=reserved)

    def receipt_url(self, submission):
        return reverse("form_done", args=[submission.case.tracking_token])

    def receipt_url_for_key(self, page, key):
        token = (Case.objects.filter(form_id=page.pk, submission__submission_key=key)
                 .values_list("tracking_token", flat=True).first())
        return None if token is None else reverse("form_done", args=[token])
