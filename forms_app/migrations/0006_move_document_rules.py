"""Forms' document rules move to the documents app (its migration 0001 has the model): the table is
renamed (forms_app_formdocumentrule → documents_formdocumentrule) and the content type moves."""
from django.db import migrations

from organisation.migrations._moves import rename_content_types


class Migration(migrations.Migration):

    dependencies = [
        ("forms_app", "0005_case_settings_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="formdocumentrule",
                                                            table="documents_formdocumentrule")],
            state_operations=[migrations.DeleteModel(name="FormDocumentRule")],
        ),
        migrations.RunPython(*rename_content_types("forms_app", "documents", ["formdocumentrule"])),
    ]
