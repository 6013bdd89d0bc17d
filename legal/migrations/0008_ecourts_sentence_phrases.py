"""eCourts phrases for the hearing on sentence (BNSS 258(2) / CrPC 235(2)) and the sentence."""

from django.db import migrations


def load(apps, schema_editor):
    from legal.court.ecourts import load_phrases

    load_phrases(apps.get_model("legal", "EcourtsStagePhrase"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0007_court_law")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
