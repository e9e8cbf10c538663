"""Document templates in the Wagtail admin: a snippet with a placeholder picker and a live PDF preview."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel
from wagtail.admin.ui.tables import DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from forms_app.constants import DISPLAY_ONLY_TYPES
from forms_app.models import FormField

from .models import DocumentTemplate
from .placeholders import ANSWER_PREFIX, catalogue


class PlaceholderPickerPanel(Panel):
    """The placeholders a template may use, each with a button that copies it, and the forms' answer ids."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "documents/admin/placeholder_picker.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["placeholders"] = catalogue()
            context["forms"] = answer_catalogue()
            return context


def answer_catalogue():
    """[(form title, [(token, label), …]), …] for every form's questions that take an answer."""
    forms = {}
    fields = (FormField.objects.select_related("page").exclude(field_type__in=list(DISPLAY_ONLY_TYPES))
              .order_by("page__path", "sort_order"))
    for field in fields:
        forms.setdefault(field.page.title, []).append(("{{ %s%s }}" % (ANSWER_PREFIX, field.field_id), field.label))
    return list(forms.items())


class DocumentTemplateViewSet(SnippetViewSet):
    model = DocumentTemplate
    icon = "doc-full"
    menu_label = _("Document templates")
    menu_name = "document-templates"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "kind", "title", "issuer", DateColumn("updated_at", label=_("Last changed"),
                                                                  sort_key="updated_at")]
    list_filter = ["kind"]
    search_fields = ["name", "title", "issuer"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("title"),
        PlaceholderPickerPanel(heading=_("Placeholders")),
        FieldPanel("body"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("serial_prefix"), FieldPanel("issuer")]),
            FieldRowPanel([FieldPanel("page_format"), FieldPanel("max_pages"), FieldPanel("seal")]),
            FieldPanel("footer"),
        ], heading=_("Issue and layout")),
    ]
