"""Wagtail's own admin strings that Wagtail ships without a zh-Hans translation, translated in our catalogue.

Our LOCALE_PATHS come before the apps' catalogues, so a msgid translated in locale/zh_Hans/…/django.po
is shown in Chinese wherever Wagtail uses it. They are listed here, exactly as Wagtail writes them, so
that ``makemessages`` keeps them in our catalogue (it drops any msgid no source file names). The list
is never evaluated. tests/test_admin_pages.py finds a new one when an upgrade brings it.
"""
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

WAGTAIL_STRINGS = (
    # the page editor
    _("Go to the first error"),
    _("Autosave is paused"),
    _("Saved"),
    _("The page could not be created due to validation errors."),
    _("Correct the validation errors to resume preview (saving will highlight errors)"),
    _("Checks"),
    _("Toggle checks"),
    _("Show issue"),
    _("Content metrics"),
    _("Words"),
    _("Reading time"),
    _("Readability"),
    _("This data explained"),
    _("To be created by %(user)s"),
    _("Anyone can edit this %(model_name)s"),
    _("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    _("Locking: "),
    _("Actions (footer)"),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times", "count"),
    # the questions of a form (wagtail.contrib.forms)
    _("Comma or new line separated list of choices. Only applicable in checkboxes, radio and dropdown."),
    _("Default value. Comma or new line separated values supported for checkboxes."),
    # the dashboard, the search box, the page explorer and listings
    _("Search all pages…"),
    _("Wagtail %(current_version)s editor guide"),
    ngettext_lazy('%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
                  '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>', "total"),
    ngettext_lazy('%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
                  '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>', "total"),
    ngettext_lazy('%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
                  '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>', "total"),
    _("Page types usage"),
    _("Exploring"),
    _("Has child pages"),
    _("Any"),
    _("Page type"),
    _("Date updated"),
    _("Edited by"),
    _("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    _("Sort by '%(label)s' in ascending order."),
    _("Sort by '%(label)s' in descending order."),
    # list filters of the listings (wagtail_modeladmin)
    _("By %(filter_title)s"),
    # the account page
    _("Edit account avatar"),
    _("Theme preferences"),
    _("admin theme"),
    _("contrast"),
    _("density"),
    _("More contrast"),
    _("Snug"),
    _("Enable custom keyboard shortcuts specific to Wagtail."),
    _("Use server language: %(language_name)s"),
)
