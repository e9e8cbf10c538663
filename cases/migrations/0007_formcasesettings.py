"""A form's workflow, reference prefix, deadline, category question, default category and pass mark move
from the form page (forms_app) to the cases room's FormCaseSettings, a ParentalKey child of the page.

Every form page gets its row with the values it had; every revision of a form page (drafts included)
gets the same values as a ``case_settings`` child in its JSON, so that opening, previewing or
publishing an old revision keeps them. forms_app/migrations/0005 then drops the page's columns.
"""
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

FIELDS = ["workflow", "reference_prefix", "deadline_hours", "category_question", "default_category", "pass_mark"]


def form_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    form_type = ContentType.objects.filter(app_label="forms_app", model="formpage").first()
    return Revision.objects.filter(content_type=form_type) if form_type else Revision.objects.none()


def to_settings(apps, schema_editor):
    # Values, not instances: the historical FormPage keeps Wagtail's FormMixin, whose __init__ needs attributes
    # a historical model does not have.
    FormPage = apps.get_model("forms_app", "FormPage")
    FormCaseSettings = apps.get_model("cases", "FormCaseSettings")
    rows = {}
    columns = ["workflow", "reference_prefix", "deadline_hours", "category_question", "default_category_id",
               "pass_mark"]
    for page in FormPage.objects.values("pk", *columns):
        rows[page["pk"]] = FormCaseSettings.objects.create(page_id=page["pk"], **{c: page[c] for c in columns})
    for revision in form_revisions(apps):
        content = dict(revision.content or {})
        values = {name: content.pop(name, None) for name in FIELDS}
        row = rows.get(int(revision.object_id))
        child = {"pk": row.pk if row else None, "page": int(revision.object_id),
                 "workflow": values["workflow"] or "handling", "reference_prefix": values["reference_prefix"] or "",
                 "deadline_hours": values["deadline_hours"], "category_question": values["category_question"] or "",
                 "default_category": values["default_category"], "pass_mark": values["pass_mark"]}
        content["case_settings"] = [child]
        revision.content = content
        revision.save(update_fields=["content"])


def to_pages(apps, schema_editor):
    FormPage = apps.get_model("forms_app", "FormPage")
    FormCaseSettings = apps.get_model("cases", "FormCaseSettings")
    for row in FormCaseSettings.objects.all():
        FormPage.objects.filter(pk=row.page_id).update(
            workflow=row.workflow, reference_prefix=row.reference_prefix, deadline_hours=row.deadline_hours,
            category_question=row.category_question, default_category_id=row.default_category_id,
            pass_mark=row.pass_mark,
        )
    for revision in form_revisions(apps):
        content = dict(revision.content or {})
        children = content.pop("case_settings", None) or [{}]
        defaults = {"workflow": "handling", "reference_prefix": "", "category_question": ""}
        for name in FIELDS:
            content[name] = children[0].get(name, defaults.get(name))
        revision.content = content
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_move_organisation"),
        ("forms_app", "0004_regions_in_organisation"),
        ("organisation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="FormCaseSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("workflow", models.CharField(choices=[
                    ("handling", "Handling — the full case loop"),
                    ("record", "Record — archived at once, counted in statistics"),
                    ("inspection", "Inspection — scored; a failing score opens rectification"),
                ], default="handling", max_length=16, verbose_name="workflow")),
                ("reference_prefix", models.CharField(
                    blank=True, max_length=8, verbose_name="reference prefix",
                    help_text="Letters before reference numbers, e.g. SQ gives SQ-2026-000123. Empty: by kind.")),
                ("deadline_hours", models.PositiveIntegerField(
                    blank=True, null=True, verbose_name="deadline (hours)",
                    help_text="Time allowed to handle a case from this form.")),
                ("category_question", models.CharField(
                    blank=True, max_length=255, verbose_name="category question",
                    help_text="Label or field id of the question whose answer names the case category "
                              "(e.g. 诉求类别).")),
                ("pass_mark", models.DecimalField(
                    blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="pass mark (%)",
                    help_text="Check-ups: a score below this share of the maximum opens rectification.")),
                ("default_category", models.ForeignKey(
                    blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                    to="organisation.category", verbose_name="default category",
                    help_text="Used when the answer names no known category; check-ups that fail open "
                              "rectification in it.")),
                ("page", modelcluster.fields.ParentalKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="case_settings",
                    to="forms_app.formpage")),
            ],
            options={
                "verbose_name": "case handling",
                "verbose_name_plural": "case handling",
                "constraints": [models.UniqueConstraint(fields=("page",), name="one_case_settings_per_form")],
            },
        ),
        migrations.RunPython(to_settings, to_pages),
    ]
