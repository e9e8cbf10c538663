"""Helpers of the migrations that move models between the rooms (cases 0006 and 0008, forms_app 0006).

In the lowest room, so that every app's migrations may use them; the loader skips modules named _*.
"""


def rename_content_types(old_app, new_app, models):
    """A RunPython pair that moves the content types (and so the permissions and log entries) of ``models``."""

    def move(apps, from_app, to_app):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if ContentType.objects.filter(app_label=to_app, model=model).exists():
                continue  # made afresh already (e.g. by an earlier, partial run): leave the old one alone
            ContentType.objects.filter(app_label=from_app, model=model).update(app_label=to_app)

    def forwards(apps, schema_editor):
        move(apps, old_app, new_app)

    def backwards(apps, schema_editor):
        move(apps, new_app, old_app)

    return forwards, backwards
