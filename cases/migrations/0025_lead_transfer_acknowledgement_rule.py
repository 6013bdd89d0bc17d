from django.db import migrations


def load_rules(apps, schema_editor):
    """The new rule `lead_transfer_acknowledgement` (and any other shipped rule still missing)."""
    from cases.deadline_rules import sync_rules

    sync_rules(apps.get_model("cases", "DeadlineRule"))


def unload_rules(apps, schema_editor):
    apps.get_model("cases", "DeadlineRule").objects.filter(code="lead_transfer_acknowledgement").delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0024_referral_event_and_lead_transfer_choices")]

    operations = [migrations.RunPython(load_rules, unload_rules)]
