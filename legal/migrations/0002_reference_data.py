from django.db import migrations


def load(apps, schema_editor):
    from legal.reference.data import load_legal_reference_data

    load_legal_reference_data(apps.get_model("legal", "Act"), apps.get_model("legal", "Section"), apps.get_model("legal", "FailurePoint"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
