from django.db import migrations


def load(apps, schema_editor):
    from cases.deadline_rules import sync_rules

    sync_rules(apps.get_model("cases", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_tasks_updates_notifications")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
