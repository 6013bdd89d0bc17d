from django.db import migrations


def load(apps, schema_editor):
    from cases.deadline_rules import load_shipped_holidays, sync_calendars, sync_rules

    sync_rules(apps.get_model("cases", "DeadlineRule"))
    sync_calendars(apps.get_model("cases", "HolidayCalendar"), apps.get_model("consortium", "State"))
    load_shipped_holidays(apps.get_model("cases", "HolidayCalendar"), apps.get_model("cases", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_workflow_and_deadlines"),
        ("consortium", "0002_load_india_regions"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
