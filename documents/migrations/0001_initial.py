"""Document templates, documents, batches and forms' document rules move here from the cases and forms apps.

The tables exist already (cases/migrations/0005, forms_app/migrations/0003): this migration tells
Django's state that the models belong to this app. cases/migrations/0008 and forms_app/migrations/0006
rename the tables (cases_document → documents_document …) and move the content types.
"""
import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
import wagtail.models.preview
from django.conf import settings
from django.db import migrations, models

import cases.clock
import documents.models
import forms_app.uploads


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("cases", "0007_formcasesettings"),
        ("forms_app", "0005_case_settings_moved"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DocumentTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='For staff, e.g. 受理回执 or 星级文明户证书.', max_length=100, unique=True, verbose_name='name')),
                        ('kind', models.CharField(choices=[('certificate', 'Certificate'), ('notice', 'Notice')], default='notice', max_length=16, verbose_name='kind')),
                        ('title', models.CharField(help_text='Printed at the top, e.g. 受理回执.', max_length=100, verbose_name='title')),
                        ('body', wagtail.fields.RichTextField(help_text='Write the text; put values in with placeholders such as {{ resident_name }}.', verbose_name='body')),
                        ('serial_prefix', models.CharField(help_text='E.g. 镇赉证字 gives 镇赉证字〔2026〕第000123号. Numbers run per template and year.', max_length=20, verbose_name='serial number prefix')),
                        ('issuer', models.CharField(help_text='E.g. 东湖街道办事处.', max_length=100, verbose_name='issuing body')),
                        ('page_format', models.CharField(choices=[('A4 portrait', 'A4, portrait'), ('A4 landscape', 'A4, landscape'), ('A5 portrait', 'A5, portrait'), ('A5 landscape', 'A5, landscape')], default='A4 portrait', max_length=16, verbose_name='page size')),
                        ('footer', models.TextField(blank=True, help_text='Small print at the bottom of every page; placeholders allowed.', max_length=500, verbose_name='footer')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('seal', models.ForeignKey(blank=True, help_text='Optional image printed over the issuing body (PNG with transparency).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='seal or logo')),
                    ],
                    options={
                        'verbose_name': 'document template',
                        'verbose_name_plural': 'document templates',
                        'ordering': ['name'],
                    },
                    bases=(wagtail.models.preview.PreviewableMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='DocumentBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=cases.clock.now)),
                        ('source', models.CharField(blank=True, max_length=255, verbose_name='source')),
                        ('output', models.CharField(choices=[('zip', 'One ZIP file of PDFs'), ('pdf', 'One merged PDF')], default='zip', max_length=8, verbose_name='output')),
                        ('status', models.CharField(choices=[('pending', 'Waiting'), ('running', 'Running'), ('bundling', 'Packing the files'), ('done', 'Done'), ('failed', 'Failed')], default='pending', max_length=16)),
                        ('total', models.PositiveIntegerField(default=0)),
                        ('done', models.PositiveIntegerField(default=0)),
                        ('failed', models.PositiveIntegerField(default=0)),
                        ('errors', models.JSONField(blank=True, default=list)),
                        ('file', models.FileField(blank=True, storage=forms_app.uploads.private_storage, upload_to='document-batches/%Y/%m/')),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('template', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='batches', to='documents.documenttemplate', verbose_name='template')),
                    ],
                    options={
                        'verbose_name': 'document batch',
                        'verbose_name_plural': 'document batches',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Document',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=100, unique=True)),
                        ('serial', models.CharField(max_length=64, unique=True, verbose_name='serial number')),
                        ('verify_code', models.CharField(default=documents.models.new_verify_code, editable=False, max_length=16, unique=True)),
                        ('title', models.CharField(max_length=100, verbose_name='title')),
                        ('issuer', models.CharField(max_length=100, verbose_name='issuing body')),
                        ('body', models.TextField(blank=True)),
                        ('footer', models.TextField(blank=True)),
                        ('page_format', models.CharField(choices=[('A4 portrait', 'A4, portrait'), ('A4 landscape', 'A4, landscape'), ('A5 portrait', 'A5, portrait'), ('A5 landscape', 'A5, landscape')], default='A4 portrait', max_length=16)),
                        ('kind', models.CharField(choices=[('certificate', 'Certificate'), ('notice', 'Notice')], max_length=16, verbose_name='kind')),
                        ('trigger', models.CharField(blank=True, choices=[('submit', 'On submit (e.g. acknowledgement of receipt)'), ('accept', 'On acceptance'), ('reject', 'On not accepting (e.g. notice of non-acceptance)'), ('resolve', 'On resolution (e.g. completion notice or certificate)'), ('checkup_failed', 'On a failed check-up (e.g. rectification notice)'), ('archive', 'On archiving')], max_length=20)),
                        ('row_values', models.JSONField(blank=True, default=dict)),
                        ('status', models.CharField(choices=[('pending', 'Being generated'), ('ready', 'Issued'), ('failed', 'Generation failed'), ('revoked', 'Revoked')], db_index=True, default='pending', max_length=16, verbose_name='status')),
                        ('error', models.TextField(blank=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('queued_at', models.DateTimeField(default=cases.clock.now)),
                        ('file', models.FileField(blank=True, storage=forms_app.uploads.private_storage, upload_to='documents/%Y/%m/')),
                        ('size', models.PositiveIntegerField(default=0)),
                        ('created_at', models.DateTimeField(default=cases.clock.now, verbose_name='created at')),
                        ('issued_at', models.DateTimeField(blank=True, null=True, verbose_name='issued at')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                        ('revoke_reason', models.TextField(blank=True)),
                        ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='cases.case')),
                        ('event', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.caseevent')),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='documents.documentbatch')),
                        ('template', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='documents.documenttemplate')),
                    ],
                    options={
                        'verbose_name': 'document',
                        'verbose_name_plural': 'documents',
                        'ordering': ['created_at', 'pk'],
                        'permissions': [('revoke_document', 'Can revoke issued documents')],
                    },
                ),
                migrations.CreateModel(
                    name='FormDocumentRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('trigger', models.CharField(choices=[('submit', 'On submit (e.g. acknowledgement of receipt)'), ('accept', 'On acceptance'), ('reject', 'On not accepting (e.g. notice of non-acceptance)'), ('resolve', 'On resolution (e.g. completion notice or certificate)'), ('checkup_failed', 'On a failed check-up (e.g. rectification notice)'), ('archive', 'On archiving')], max_length=20, verbose_name='when')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_rules', to='forms_app.formpage')),
                        ('template', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.documenttemplate', verbose_name='document template')),
                    ],
                    options={
                        'verbose_name': 'document rule',
                        'verbose_name_plural': 'document rules',
                        'ordering': ['sort_order'],
                        'abstract': False,
                        'constraints': [models.UniqueConstraint(fields=('page', 'trigger', 'template'), name='unique_document_rule')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
