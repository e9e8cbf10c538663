"""A team's A and B posts held by any number of staff (DepartmentPost) instead of one user each; retired
regions; levels below the grid; staff mobile numbers. The data step keeps every existing holder."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def posts_to_holders(apps, schema_editor):
    Department = apps.get_model("organisation", "Department")
    DepartmentPost = apps.get_model("organisation", "DepartmentPost")
    for department in Department.objects.exclude(post_a=None, post_b=None):
        if department.post_a_id:
            DepartmentPost.objects.create(department=department, user_id=department.post_a_id, post="a")
        if department.post_b_id and department.post_b_id != department.post_a_id:
            DepartmentPost.objects.create(department=department, user_id=department.post_b_id, post="b")


def holders_to_posts(apps, schema_editor):
    """Back to one holder a post: the first of each (by username), as a one-holder team had."""
    Department = apps.get_model("organisation", "Department")
    DepartmentPost = apps.get_model("organisation", "DepartmentPost")
    for department in Department.objects.all():
        holders = DepartmentPost.objects.filter(department=department).order_by("user__username")
        a, b = holders.filter(post="a").first(), holders.filter(post="b").first()
        department.post_a_id, department.post_b_id = (a.user_id if a else None), (b.user_id if b else None)
        department.save(update_fields=["post_a", "post_b"])


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0003_working_day_override'),
        # the department table is organisation_department only from here on (renamed by the move): going back,
        # this migration is undone before the table is renamed back
        ('cases', '0006_move_organisation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='region',
            options={'permissions': [('import_organisation', 'Can import regions, teams and staff from a sheet')], 'verbose_name': 'region', 'verbose_name_plural': 'regions'},
        ),
        migrations.AddField(
            model_name='region',
            name='retired',
            field=models.BooleanField(default=False, help_text='A retired region keeps its cases but is no longer offered to new forms or dispatch.', verbose_name='retired'),
        ),
        migrations.AlterField(
            model_name='region',
            name='level',
            field=models.CharField(choices=[('county', 'County'), ('street', 'Street / town'), ('community', 'Community / village'), ('grid', 'Grid'), ('building', 'Building'), ('ten_households', 'Ten-household unit'), ('party_household', 'Party member household')], max_length=16, verbose_name='level'),
        ),
        migrations.CreateModel(
            name='StaffProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('mobile', models.CharField(blank=True, max_length=11, verbose_name='mobile number')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='staff_profile', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'staff profile',
                'verbose_name_plural': 'staff profiles',
            },
        ),
        migrations.CreateModel(
            name='DepartmentPost',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('post', models.CharField(choices=[('a', 'A post'), ('b', 'B post')], max_length=1, verbose_name='post')),
                ('department', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='organisation.department', verbose_name='department')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='department_posts', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'post holder',
                'verbose_name_plural': 'post holders',
                'ordering': ['department', 'post', 'user__username'],
                'constraints': [models.UniqueConstraint(fields=('department', 'user'), name='one_post_per_team')],
            },
        ),
        migrations.RunPython(posts_to_holders, holders_to_posts),
        migrations.RemoveField(
            model_name='department',
            name='post_a',
        ),
        migrations.RemoveField(
            model_name='department',
            name='post_b',
        ),
    ]
