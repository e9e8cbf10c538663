"""The form page's case settings now live in cases.FormCaseSettings (cases/migrations/0007, which copied them)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("forms_app", "0004_regions_in_organisation"),
        ("cases", "0007_formcasesettings"),
    ]

    operations = [
        migrations.RemoveField(model_name="formpage", name=name)
        for name in ("category_question", "deadline_hours", "default_category", "pass_mark", "reference_prefix",
                     "workflow")
    ]
