"""Issue 14: the shipped deadline rules corrected (sources, BNSS-only limits, counting from the
first remand); rules that no law supports are switched off and their open deadlines cancelled."""

from django.db import migrations
from django.utils import timezone


def load(apps, schema_editor):
    from cases.deadline_rules import WITHDRAWN_RULES, sync_rules

    rule_model = apps.get_model("cases", "DeadlineRule")
    sync_rules(rule_model, update=True)
    deadline_model = apps.get_model("cases", "Deadline")
    for code, reason in WITHDRAWN_RULES.items():
        rule_model.objects.filter(code=code).update(is_active=False)
        deadline_model.objects.filter(rule_code=code, status="open").update(
            status="cancelled", status_changed_at=timezone.now(), close_reason=reason[:300]
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_law_in_force")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
