"""A form's case settings, as its published version has them.

They are part of the form page (:class:`cases.models.FormCaseSettings`, a ParentalKey child) and
change only when it is published, so they are read once per process and published version, like the
form's questions: opening a case costs no query for them.
"""
from dataclasses import dataclass
from decimal import Decimal

from forms_app.published import per_published_version

from .constants import DeadlineStart, Workflow
from .models import FormCaseSettings
from .models.settings import reference_prefix


@dataclass(frozen=True)
class Handling:
    """A form's case settings as its published version has them (the defaults when it has none)."""

    workflow: str = Workflow.HANDLING
    reference_prefix: str = "SQ"
    deadline_hours: int | None = None
    deadline_starts: str = DeadlineStart.DISPATCH  # SUBMISSION: a promised limit that dispatching keeps
    category_question: str = ""
    summary_question: str = ""  # the field id (or label) whose answer the listing shows as the matter's summary
    default_category_id: int | None = None
    pass_mark: Decimal | None = None
    retention_days: int | None = None  # None: the site's RETENTION_DAYS
    sms_phone_question: str = ""  # the field id of the mobile number SMS notices go to (cases.sms_notices)
    sms_consent_question: str = ""  # the field id of the checkbox that says the resident agrees to them

    def passes(self, score):
        """A check-up passes when it has a score at or above the pass mark (no pass mark: always)."""
        if self.pass_mark is None:
            return True
        return score is not None and score >= float(self.pass_mark)


_handling_cache: dict = {}


def handling_for(form) -> Handling:
    """The case settings of ``form``'s published version, read once per process and version."""

    def read():
        row = FormCaseSettings.objects.filter(page_id=form.pk).first()
        if row is None:
            return Handling(reference_prefix=reference_prefix(form))
        return Handling(workflow=row.workflow, reference_prefix=row.reference_prefix_for(form),
                        deadline_hours=row.deadline_hours, deadline_starts=row.deadline_starts,
                        category_question=row.category_question,
                        summary_question=row.summary_question,
                        default_category_id=row.default_category_id, pass_mark=row.pass_mark,
                        retention_days=row.retention_days, sms_phone_question=row.sms_phone_question,
                        sms_consent_question=row.sms_consent_question)

    return per_published_version(_handling_cache, form, read)


