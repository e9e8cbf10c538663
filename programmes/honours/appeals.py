"""Appeals (申诉) against a published black-list entry: each one a case on the appeal form, for the community.

The appeal form is an ordinary form page (slug :data:`APPEAL_FORM_SLUG`) that the entry's own appeal page
submits to through the forms room's ``submit``, as 居民点单 does: so the appeal has its reference number,
receipt, tracking link, deadline and light, and the community's dispatcher handles it on the workbench. An
upheld appeal is answered by a supervisor withdrawing the entry (``entry_withdraw``, with the reason).
"""
from types import SimpleNamespace

from django.db import transaction
from django.utils.translation import gettext as _

from forms_app.building import build_form_page
from forms_app.constants import FieldType
from forms_app.models import FormPage
from forms_app.published import published_fields
from forms_app.services import SubmissionLimitReached, submit

from ..constants import HonourList
from ..models import HonourAppeal, HonourEntry
from ..models.honours_machine import HonourEventKind, HonourState
from .services import HonourError, record

APPEAL_FORM_SLUG = "honours-appeal"
#: question id → (label, type, extra)
QUESTIONS = {
    "entry": ("申诉的榜单条目", FieldType.SINGLELINE, {}),
    "grid": ("所在社区", FieldType.REGION, {"required": False}),
    "name": ("申诉人姓名", FieldType.SINGLELINE, {"personal": True}),
    "phone": ("联系电话", FieldType.MOBILE, {}),
    "reason": ("申诉理由", FieldType.MULTILINE, {"max_length": 1000}),
}


def appeal_form():
    """The live appeal form page, or None."""
    return FormPage.objects.live().filter(slug=APPEAL_FORM_SLUG).order_by("path").first()


def ensure_appeal_form(*, title="红黑榜申诉"):
    """The appeal form page, made beneath the forms index if there is none yet (the demo, a new site)."""
    page = appeal_form()
    if page is not None:
        return page
    return build_form_page(slug=APPEAL_FORM_SLUG, title=title, questions=QUESTIONS, show_in_menus=False,
                           intro="<p>对黑榜公示有异议的，可在公示期内申诉，社区核实后答复；申诉成立的，榜单条目撤下。</p>")


def appeal_entry(*, entry, name, phone, reason, key, client_hash=""):
    """申诉: the appeal's submission opens a case for the entry's community; the entry's history says so.

    ``key`` is the appeal page's submission key: a double click or a re-sent POST finds the same case.
    """
    page = appeal_form()
    if page is None:
        raise HonourError(_("Appeals cannot be made at the moment."), code="closed")
    if entry.list != HonourList.BLACK or entry.state != HonourState.PUBLISHED:
        raise HonourError(_("Only a black-list entry on the public page can be appealed."), code="not_allowed")
    if not (reason or "").strip():
        raise HonourError(_("Say why the entry is wrong."), code="missing_input")
    fields = published_fields(page)
    values = {"entry": f"{entry.get_list_display()} · {entry.public_id}", "grid": entry.region_id,
              "name": (name or "").strip(), "phone": phone, "reason": reason.strip()}
    known = {f.field_id for f in fields}
    form = SimpleNamespace(submission_key=key, layout_fields=fields, client_hash=client_hash,
                           cleaned_data={k: v for k, v in values.items() if k in known})
    try:
        with transaction.atomic():
            fresh = HonourEntry.objects.select_for_update().get(pk=entry.pk)
            submission = submit(page=page, form=form)
            appeal, created = HonourAppeal.objects.get_or_create(case=submission.case, defaults={"entry": fresh})
            if created:
                record(fresh, HonourEventKind.APPEALED, note=submission.case.reference, from_state=fresh.state)
    except SubmissionLimitReached:
        raise HonourError(_("You have made as many appeals today as one may. Please try again tomorrow."),
                          code="limit") from None
    return appeal.case
