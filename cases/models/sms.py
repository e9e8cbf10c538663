"""The SMS templates staff edit (*Settings → SMS templates*): the text each resident notice sends by SMS."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import NoticeKind
from ..machine import RESIDENT_NOTICES
from ..sms_text import check_template

TEXT_HELP = _("Placeholders: {reference} the reference number, {link} the private tracking link, {form} the form's "
              "title, {state} the case's new state. One SMS holds 70 Chinese characters, the sign name 【…】 "
              "and the link (about 45 characters) included: keep it short. Longer texts go as several messages "
              "and cost more.")


class SmsTemplate(models.Model):
    """The SMS one kind of resident notice sends; a kind without a row sends the shipped text (cases.sms_text).

    The help text's 70 is :data:`cases.sms_text.SMS_UNIT`."""

    kind = models.CharField(_("notice"), max_length=32, unique=True,
                            choices=[(k, label) for k, label in NoticeKind.choices if k in RESIDENT_NOTICES])
    text = models.TextField(_("text"), max_length=300, validators=[check_template], help_text=TEXT_HELP)
    enabled = models.BooleanField(_("send by SMS"), default=True,
                                  help_text=_("Untick to send this notice by e-mail only."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("SMS template")
        verbose_name_plural = _("SMS templates")
        ordering = ["kind"]

    def __str__(self):
        return str(self.get_kind_display())
