"""The declaration form (红白喜事报备) households fill in: an ordinary form page, so a declaration is a submission
and a case of the village. Its questions carry stable ids (:data:`.answers.QUESTIONS`), which the programme
reads; an editor may reword the labels, add questions, or offer the form as a template for another town.

The case is a *record* (archived at once, counted in the statistics): what follows — the follow-up visit — is
the declaration's own small state. The review page is always shown, so the warnings come before submitting.
"""
from cases.constants import Workflow
from cases.form_settings import set_case_settings
from forms_app.building import build_form_page
from forms_app.models import FormPage

from . import answers as A

BANQUET_FORM_SLUG = "hongbai-baobei"


def banquet_form():
    """The live declaration form page (the first whose questions include the event date), or None."""
    return (FormPage.objects.live().filter(form_fields__clean_name=A.DATE).order_by("path").first())


def ensure_banquet_form(*, title="红白喜事报备"):
    """The declaration form, made beneath the forms index if there is none yet (the demo, a new site)."""
    page = banquet_form()
    if page is not None:
        return page
    return build_form_page(
        slug=BANQUET_FORM_SLUG, title=title, questions=A.QUESTIONS,
        prepare=lambda page: set_case_settings(page, workflow=Workflow.RECORD, reference_prefix="BB",
                                               summary_question="banquet_kind"),
        allow_anonymous=False, always_review=True, daily_limit=5,
        intro="<p>移风易俗，婚事新办、丧事简办。办理婚丧喜庆事宜，请在举办前向村（社区）报备；喜事请至少提前7天报备，"
              "丧事请在确定后及时报备。党员、干部须带头报备。超出本村标准的，网格员将上门劝导。</p>",
        confirmation_text="<p>报备已收到。宴席结束后，网格员将上门回访，了解是否按报备举办。</p>",
    )
