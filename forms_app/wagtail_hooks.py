"""Admin integration: let administrators grant the personal-data permission to groups."""
from django.contrib.auth.models import Permission
from wagtail import hooks


@hooks.register("register_permissions")
def register_personal_data_permission():
    return Permission.objects.filter(content_type__app_label="forms_app", codename="view_personal_data")
