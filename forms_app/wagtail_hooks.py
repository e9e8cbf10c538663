"""Admin integration: let administrators grant the personal-data permission to groups."""
from django.contrib.auth.models import Permission
from django.urls import path
from wagtail import hooks

from .admin_views import submissions_cannot_be_deleted


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
