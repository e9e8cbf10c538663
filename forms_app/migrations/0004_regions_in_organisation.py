"""The region and category models moved to the organisation app: point this app's foreign keys there.

Only Django's state changes; the columns and their constraints stay (the tables are renamed by
cases/migrations/0006_move_organisation, and the databases carry the constraints along).
"""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("forms_app", "0003_formdocumentrule"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="submission",
                    name="region",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="+", to="organisation.region", verbose_name="region"),
                ),
                migrations.AlterField(
                    model_name="formpage",
                    name="default_category",
                    field=models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                        to="organisation.category", verbose_name="default category",
                        help_text="Used when the answer names no known category; check-ups that fail open "
                                  "rectification in it."),
                ),
            ],
            database_operations=[],
        ),
    ]
