"""Regions, departments, categories, routing rules and staff memberships move to the organisation app.

Rows stay where they are: the tables are renamed (cases_region → organisation_region …), the case's
foreign keys are pointed at the moved models in Django's state only (their columns and constraints
follow the renamed tables), and the content types move with their permissions.
"""
import django.db.models.deletion
from django.db import migrations, models

from organisation.migrations._moves import rename_content_types

MOVED = ["region", "department", "staffmembership", "category", "routingrule"]


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_documenttemplate_documentbatch_document"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forms_app", "0004_regions_in_organisation"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name=model, table=f"organisation_{model}")
                                 for model in MOVED],
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="region",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="cases", to="organisation.region", verbose_name="region"),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="category",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="cases", to="organisation.category",
                                            verbose_name="category"),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="department",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="cases", to="organisation.department",
                                            verbose_name="department"),
                ),
                migrations.DeleteModel(name="RoutingRule"),
                migrations.DeleteModel(name="StaffMembership"),
                migrations.DeleteModel(name="Category"),
                migrations.DeleteModel(name="Department"),
                migrations.DeleteModel(name="Region"),
            ],
        ),
        migrations.RunPython(*rename_content_types("cases", "organisation", MOVED)),
    ]
