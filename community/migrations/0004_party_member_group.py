"""The *党员* group exists on every site with its one permission (to register to a community and serve it), so an
administrator only adds people to it; before, each site had to make it by hand."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "党员"  # community.orders.services.PARTY_MEMBER_GROUP, as it was when this migration was written


def make_group(apps, schema_editor):
    app_config = apps.get_app_config("community")
    app_config.models_module = True  # create_permissions skips an app without models; these are historical ones
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="community", codename="serve_community"))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_orders_and_volunteers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_group, migrations.RunPython.noop)]
