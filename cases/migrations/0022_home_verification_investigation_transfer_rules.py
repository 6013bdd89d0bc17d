"""The deadlines of her way home (issue 20): the home verification report (ITPA s.17A, consortium
practice), the home investigation report (JJ Act s.95, consortium practice) and the escort to the
CWC of her home district (JJ Act s.95(2))."""

from django.db import migrations


def load(apps, schema_editor):
    from cases.deadline_rules import sync_rules

    sync_rules(apps.get_model("cases", "DeadlineRule"))


def unload(apps, schema_editor):
    codes = ["home_verification_report", "home_investigation_report", "cwc_transfer_escort"]
    apps.get_model("cases", "Deadline").objects.filter(rule_code__in=codes).delete()
    apps.get_model("cases", "DeadlineRule").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0021_survivor_matches")]

    operations = [migrations.RunPython(load, unload)]
