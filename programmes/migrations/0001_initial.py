"""The programmes room begins empty: each programme's own migration follows this one."""
from django.db import migrations


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = []
