"""The category chooser's widget, importable by models' panels (the chooser's views are organisation.choosers,
registered in organisation.wagtail_hooks: admin views cannot load with the models)."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.chooser import BaseChooser


class CategoryChooser(BaseChooser):
    """A category, chosen (or added, with the permission) in a modal; cleared to leave the form without one."""

    url_namespace = "organisation_category_chooser"
    model = "organisation.Category"
    choose_one_text = _("Choose a category")
    choose_another_text = _("Choose another category")
    chooser_modal_url_name = f"{url_namespace}:choose"
    icon = "tag"
    show_edit_link = False  # editors may choose and add categories, not change those other forms use
