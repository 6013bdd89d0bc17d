"""Reference data: forms of exploitation and means of recruitment (editable in the admin)."""

from django.db import migrations


def load(apps, schema_editor):
    from cases.reference import load_case_reference_data

    load_case_reference_data(apps.get_model("cases", "ExploitationForm"), apps.get_model("cases", "RecruitmentMeans"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
