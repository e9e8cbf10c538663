"""星级文明户 (issue 13 §2): rounds with their criteria, the households' entries, objections and the history."""

import django.db.models.deletion
import django_fsm
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models

import cases.clock


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0019_region_levels_below_grid'),
        ('documents', '0002_document_superseded_by'),
        ('forms_app', '0012_service_order_kind'),
        ('organisation', '0004_department_posts'),
        ('programmes', '0002_services'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StarEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('published_name', models.CharField(max_length=60, verbose_name='name as published')),
                ('scores', models.JSONField(default=dict)),
                ('score', models.PositiveSmallIntegerField(default=0, verbose_name='score')),
                ('stars', models.PositiveSmallIntegerField(default=0, verbose_name='stars')),
                ('state', django_fsm.FSMField(choices=[('approved', 'Approved — waiting for the public notice'), ('rejected', 'Not approved'), ('on_notice', 'On public notice'), ('removed', 'Removed after an upheld objection'), ('conferred', 'Stars conferred')], default='approved', max_length=50, protected=True, verbose_name='state')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='review note')),
                ('reviewed_at', models.DateTimeField(default=cases.clock.now)),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='star_entry', to='cases.case')),
                ('reviewed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'star household',
                'verbose_name_plural': 'star households',
                'ordering': ['-stars', '-score', 'pk'],
            },
            bases=(django_fsm.ConcurrentTransitionMixin, django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='StarRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(help_text='e.g. 2026年度幸福社区星级文明户评选', max_length=120, verbose_name='title')),
                ('region_path', models.CharField(db_index=True, editable=False, max_length=255)),
                ('notice_days', models.PositiveSmallIntegerField(default=7, verbose_name='days of public notice')),
                ('name_style', models.CharField(choices=[('mask_middle', 'Middle masked (王*芳户)'), ('surname', 'Surname only (王**户)'), ('full', 'Full name (王秀芳户)')], default='mask_middle', max_length=16, verbose_name='names published as')),
                ('five_stars_at', models.PositiveSmallIntegerField(default=90, verbose_name='score for five stars')),
                ('four_stars_at', models.PositiveSmallIntegerField(default=80, verbose_name='score for four stars')),
                ('three_stars_at', models.PositiveSmallIntegerField(default=70, help_text='A declaration scoring less is not approved.', verbose_name='score for three stars')),
                ('state', django_fsm.FSMField(choices=[('reviewing', 'Reviewing declarations'), ('on_notice', 'On public notice'), ('conferred', 'Conferred')], default='reviewing', max_length=50, protected=True, verbose_name='state')),
                ('notice_starts_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('notice_ends_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('conferred_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('created_at', models.DateTimeField(default=cases.clock.now, editable=False)),
                ('batch', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='documents.documentbatch')),
                ('certificate', models.ForeignKey(blank=True, help_text="Issued as one batch when the stars are conferred; its text may print the stars, the score and the round's title (see the placeholders).", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='star_rounds', to='documents.documenttemplate', verbose_name='certificate template')),
                ('declaration_form', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='star_rounds', to='forms_app.formpage', verbose_name='declaration form')),
                ('published_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('region', models.ForeignKey(help_text='The community or town whose households take part.', on_delete=django.db.models.deletion.PROTECT, related_name='star_rounds', to='organisation.region', verbose_name='region')),
            ],
            options={
                'verbose_name': 'star household round',
                'verbose_name_plural': 'star household rounds',
                'ordering': ['-created_at', '-pk'],
            },
            bases=(django_fsm.ConcurrentTransitionMixin, django_fsm.FSMModelMixin, models.Model),
        ),
        migrations.CreateModel(
            name='StarEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('reviewed', 'Declaration reviewed'), ('notice', 'Public notice started'), ('objection', 'Objection received'), ('upheld', 'Objection upheld'), ('dismissed', 'Objection dismissed'), ('conferred', 'Stars conferred')], max_length=16)),
                ('note', models.CharField(blank=True, max_length=500)),
                ('at', models.DateTimeField(default=cases.clock.now)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('entry', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='programmes.starentry')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='programmes.starround')),
            ],
            options={
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='starentry',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='programmes.starround'),
        ),
        migrations.CreateModel(
            name='StarCriterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('label', models.CharField(max_length=120, verbose_name='criterion')),
                ('max_score', models.PositiveSmallIntegerField(default=10, verbose_name='maximum score')),
                ('round', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='programmes.starround')),
            ],
            options={
                'verbose_name': 'criterion',
                'verbose_name_plural': 'criteria',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='StarObjection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('phone_hash', models.CharField(max_length=64)),
                ('state', models.CharField(choices=[('open', 'Open — to be decided'), ('upheld', 'Upheld — the household leaves the list'), ('dismissed', 'Dismissed')], default='open', max_length=16)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decision', models.CharField(blank=True, max_length=500, verbose_name='decision')),
                ('created_at', models.DateTimeField(default=cases.clock.now)),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='star_objection', to='cases.case')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='objections', to='programmes.starentry')),
            ],
            options={
                'verbose_name': 'objection',
                'verbose_name_plural': 'objections',
                'ordering': ['created_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('entry', 'phone_hash'), name='one_objection_per_person')],
            },
        ),
    ]
