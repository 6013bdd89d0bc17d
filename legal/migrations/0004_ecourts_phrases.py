from django.db import migrations


def load(apps, schema_editor):
    from legal.court.ecourts import load_phrases

    load_phrases(apps.get_model("legal", "EcourtsStagePhrase"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0003_court")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
