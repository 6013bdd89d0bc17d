"""Reference data: every state and union territory of India, and districts of the demo states."""

from django.db import migrations


def load_regions(apps, schema_editor):
    from consortium.reference import load_india_regions

    load_india_regions(apps.get_model("consortium", "State"), apps.get_model("consortium", "District"))


class Migration(migrations.Migration):
    dependencies = [("consortium", "0001_initial")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
