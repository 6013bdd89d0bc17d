from django.db import migrations


def load(apps, schema_editor):
    from compensation.reference import sync_schemes

    sync_schemes(
        apps.get_model("compensation", "Scheme"),
        apps.get_model("compensation", "SchemeLine"),
        apps.get_model("consortium", "State"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("compensation", "0001_schemes_claims_payments"),
        ("consortium", "0002_load_india_regions"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
