"""The demo's SMS notices: the 诉求反映 form asks for the resident's consent beside the phone number, and its
*Handling* settings send the notices to that number (printed by the console backend, bin/run's worker log).

Idempotent: the consent question is added once, through a revision, so it is part of the page an editor opens.
"""
from django.contrib.auth.models import Permission

from cases.form_settings import set_case_settings
from forms_app.constants import FieldType, RuleOperator
from forms_app.models import FormField, FormPage

PHONE, CONSENT = "联系电话", "我同意接收办理进度短信"


def seed_sms(groups):
    """Add the SMS consent question after the phone number of 诉求反映, and let form editors edit SMS templates."""
    groups["表单编辑"].permissions.add(*Permission.objects.filter(
        content_type__app_label="cases", codename__in=["view_smstemplate", "change_smstemplate"]))
    page = FormPage.objects.filter(slug="suqiu").first()
    if page is None:
        return
    draft = page.get_latest_revision_as_object()
    fields = list(draft.form_fields.all())
    if any(f.label == CONSENT for f in fields):
        return
    phone = next(f for f in fields if f.label == PHONE)
    consent = FormField(label=CONSENT, field_type=FieldType.CHECKBOX, required=False,
                        help_text="勾选后，受理、转办、办结等进度将以短信发到上面的手机号码。",
                        show_when_field=phone.show_when_field, show_when_value=phone.show_when_value,
                        show_when_operator=phone.show_when_operator or RuleOperator.EQUALS)
    at = fields.index(phone) + 1
    fields = [*fields[:at], consent, *fields[at:]]
    for order, field in enumerate(fields):
        field.sort_order = order
    draft.form_fields = fields
    set_case_settings(draft, sms_phone_question=phone.get_field_clean_name(),
                      sms_consent_question=consent.get_field_clean_name())
    draft.save_revision().publish()
