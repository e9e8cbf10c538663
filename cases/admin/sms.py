"""SMS in the admin: the templates staff edit (*Settings → SMS templates*) and, on the workbench's case page, what
became of each SMS notice (sent, waiting, or failed after its retries, with the gateway's answer)."""
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import SmsTemplate
from ..sms_notices import SMS
from ..sms_text import length


class LengthColumn(Column):
    """How long the message comes out with a usual reference and link and the sign name, in characters and SMS."""

    def get_value(self, instance):
        characters, messages = length(instance.text, settings.SMS_SIGN_NAME)
        return _("%(characters)d characters, %(messages)d SMS") % {"characters": characters, "messages": messages}


class SmsTemplateViewSet(SnippetViewSet):
    model = SmsTemplate
    icon = "mail"
    menu_label = _("SMS templates")
    menu_name = "sms-templates"
    add_to_admin_menu = False
    add_to_settings_menu = True
    list_display = ["kind", "text", "enabled", LengthColumn("length", label=_("Length")),
                    DateColumn("updated_at", label=_("Last changed"), sort_key="updated_at")]
    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("enabled")]), FieldPanel("text")]


def sms_section(request, case):
    """The case's SMS notices (safe HTML), or nothing when it has none."""
    notices = list(case.notices.filter(channel=SMS).order_by("created_at", "pk"))
    if not notices:
        return ""
    return render_to_string("cases/admin/sms_section.html", {"notices": notices}, request=request)
