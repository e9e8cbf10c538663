"""Admin integration: the personal-data permission for groups, who reads a form's answers, the editor's script,
and new forms started from a template."""
import json

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page

from organisation.models import AccessLogEntry

from . import start_views
from .admin_views import submissions_cannot_be_deleted
from .models import Upload
from .question_settings import editor_config
from .selectors import forms_readable_by


@hooks.register("register_permissions")
def register_personal_data_permission():
    return Permission.objects.filter(content_type__app_label="forms_app", codename="view_personal_data")


@hooks.register("register_admin_urls")
def refuse_submission_deletion():
    """A submission is part of its case's record: Wagtail's delete-submissions page is replaced by a refusal.

    Registered before ``wagtail.contrib.forms`` (INSTALLED_APPS order), so this
    path wins over Wagtail's own view of the same address.
    """
    return [path("forms/submissions/<id:page_id>/delete/", submissions_cannot_be_deleted)]


@hooks.register("filter_form_submissions_for_user")
def readers_of_the_answers(user, editable_forms):
    """Wagtail lists the forms a user may edit; answers go to the form's readers instead (forms_app.selectors)."""
    return Page.objects.filter(pk__in=forms_readable_by(user).values("pk"))


@hooks.register("register_log_actions")
def uploads_in_the_access_log(actions):
    """Downloads of residents' files go to the record of access, readable by region."""
    actions.register_model(Upload, AccessLogEntry)


@hooks.register("register_admin_urls")
def start_from_template_url():
    return [path("forms/start/<id:parent_id>/", start_views.start_from_template, name="forms_start_from_template")]


#: Adding a form first offers the forms marked as starting points (forms_app.start_views).
hooks.register("before_create_page", start_views.offer_starting_points)


@hooks.register("insert_editor_js")
def question_settings_script():
    """Settings shown by question type, and rules picked from lists: a static file (the admin's CSP), its table
    on a data attribute rather than in an inline script."""
    return format_html('<script src="{}" data-config="{}"></script>', static("forms_app/editor.js"),
                       json.dumps(editor_config(), ensure_ascii=False))
