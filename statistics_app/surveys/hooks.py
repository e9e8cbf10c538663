"""The survey results, check-up and banquet count pages in the *Statistics* menu (see statistics_app.wagtail_hooks)."""
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cases.selectors import has_workbench
from forms_app.selectors import forms_readable_by
from programmes.banquets.hooks import BanquetMenuItem

from . import views
from .checkups import checkup_forms


@hooks.register("register_admin_urls")
def register_survey_urls():
    return [
        path("statistics/surveys/", views.survey_index, name="statistics_surveys"),
        path("statistics/surveys/<id:pk>/", views.survey_detail, name="statistics_survey"),
        path("statistics/checkups/", views.checkups, name="statistics_checkups"),
    ]


class SurveysMenuItem(MenuItem):
    def is_shown(self, request):
        return forms_readable_by(request.user).exists()


class CheckupsMenuItem(MenuItem):
    def is_shown(self, request):
        return has_workbench(request.user) and checkup_forms().exists()


@hooks.register("register_statistics_menu_item")
def register_surveys_menu_item():
    return SurveysMenuItem(_("Survey results"), reverse("statistics_surveys"), icon_name="list-ul", order=500,
                           name="survey-results")


@hooks.register("register_statistics_menu_item")
def register_checkups_menu_item():
    return CheckupsMenuItem(_("Check-ups"), reverse("statistics_checkups"), icon_name="tick-inverse", order=510,
                            name="checkups")


@hooks.register("register_statistics_menu_item")
def register_banquet_counts_menu_item():
    """移风易俗: the banquet declarations counted per village are figures leaders read with the others, so the
    programme's counts page (programmes.banquets) is listed here too, for whoever sees declarations."""
    return BanquetMenuItem(_("Banquet declarations per village"), reverse("programmes_banquet_statistics"),
                           icon_name="date", order=520, name="banquet-counts")


@hooks.register("insert_global_admin_css")
def surveys_css():
    return format_html('<link rel="stylesheet" href="{}">', static("statistics_app/surveys.css"))
