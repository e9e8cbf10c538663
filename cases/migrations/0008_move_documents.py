"""Document templates, documents and batches move to the documents app, rows and all.

The tables are renamed (cases_document → documents_document …); Django's state already has the models in
documents/migrations/0001. The content types move with their permissions (``documents.revoke_document``).
"""
from django.db import migrations

from organisation.migrations._moves import rename_content_types

MOVED = ["documenttemplate", "documentbatch", "document"]


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0007_formcasesettings"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0001_initial"),
        ("forms_app", "0006_move_document_rules"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name=model, table=f"documents_{model}")
                                 for model in MOVED],
            state_operations=[
                migrations.DeleteModel(name="Document"),
                migrations.DeleteModel(name="DocumentBatch"),
                migrations.DeleteModel(name="DocumentTemplate"),
            ],
        ),
        migrations.RunPython(*rename_content_types("cases", "documents", MOVED)),
    ]
