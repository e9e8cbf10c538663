"""The organisation's models move here from the cases app, rows and all.

The tables already exist (made by cases/migrations/0001–0003): this migration only tells Django's state
that the models now belong to this app. cases/migrations/0006_move_organisation renames the tables
(cases_region → organisation_region …) and points the case's foreign keys here.
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("cases", "0005_documenttemplate_documentbatch_document"),
        ("forms_app", "0003_formdocumentrule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Region',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('path', models.CharField(max_length=255, unique=True)),
                        ('depth', models.PositiveIntegerField()),
                        ('numchild', models.PositiveIntegerField(default=0)),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('code', models.CharField(max_length=32, unique=True, verbose_name='code')),
                        ('level', models.CharField(choices=[('county', 'County'), ('street', 'Street / town'), ('community', 'Community / village'), ('grid', 'Grid')], max_length=16, verbose_name='level')),
                    ],
                    options={
                        'verbose_name': 'region',
                        'verbose_name_plural': 'regions',
                    },
                ),
                migrations.CreateModel(
                    name='Department',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('code', models.CharField(max_length=32, unique=True, verbose_name='code')),
                        ('claim_window_hours', models.PositiveSmallIntegerField(default=4, help_text='After this, the B post is offered an unclaimed case.', verbose_name='claim window (hours)')),
                        ('post_a', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='A post')),
                        ('post_b', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='B post')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='departments', to='organisation.region', verbose_name='region')),
                    ],
                    options={
                        'verbose_name': 'department',
                        'verbose_name_plural': 'departments',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='Category',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('code', models.CharField(max_length=32, unique=True, verbose_name='code')),
                        ('deadline_hours', models.PositiveIntegerField(default=72, verbose_name='deadline (hours)')),
                        ('working_days_only', models.BooleanField(default=False, verbose_name='count working days only')),
                        ('default_triage', models.CharField(blank=True, choices=[('major', 'Major matter — handled by government'), ('minor', 'Minor matter — settled by consultation'), ('private', "Private matter — residents' own")], max_length=16, verbose_name='default triage')),
                        ('default_department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='organisation.department', verbose_name='default department')),
                    ],
                    options={
                        'verbose_name': 'category',
                        'verbose_name_plural': 'categories',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='RoutingRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('triage', models.CharField(blank=True, choices=[('major', 'Major matter — handled by government'), ('minor', 'Minor matter — settled by consultation'), ('private', "Private matter — residents' own")], max_length=16, verbose_name='triage')),
                        ('category', models.ForeignKey(blank=True, help_text='Empty: any category.', null=True, on_delete=django.db.models.deletion.CASCADE, to='organisation.category', verbose_name='category')),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='organisation.department', verbose_name='department')),
                        ('region', models.ForeignKey(blank=True, help_text='Matches cases in this region and everything below it. Empty: anywhere.', null=True, on_delete=django.db.models.deletion.CASCADE, to='organisation.region', verbose_name='region')),
                    ],
                    options={
                        'verbose_name': 'routing rule',
                        'verbose_name_plural': 'routing rules',
                        'ordering': ['sort_order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='StaffMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('dispatcher', 'Dispatcher'), ('handler', 'Handler'), ('supervisor', 'Supervisor')], max_length=16, verbose_name='role')),
                        ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='organisation.department', verbose_name='department')),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='organisation.region', verbose_name='region')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'staff membership',
                        'verbose_name_plural': 'staff memberships',
                        'constraints': [models.UniqueConstraint(fields=('user', 'role', 'region', 'department'), name='unique_membership')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
