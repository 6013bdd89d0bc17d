"""Issue 14: sections per sub-section with punishment, default-bail class, court and source."""

from django.db import migrations


def load(apps, schema_editor):
    from legal.reference.data import load_legal_reference_data

    load_legal_reference_data(
        apps.get_model("legal", "Act"), apps.get_model("legal", "Section"), apps.get_model("legal", "FailurePoint")
    )


class Migration(migrations.Migration):
    dependencies = [("legal", "0005_law_in_force")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
