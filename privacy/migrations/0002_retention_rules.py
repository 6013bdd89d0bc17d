"""Retention rules (reference data), each with its source: see privacy.reference."""

from django.db import migrations

from privacy.reference import RULES, load_retention_rules


def seed(apps, schema_editor):
    load_retention_rules(apps.get_model("privacy", "RetentionRule"))


def unseed(apps, schema_editor):
    apps.get_model("privacy", "RetentionRule").objects.filter(code__in=[r["code"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_erasure_holds_retention")]

    operations = [migrations.RunPython(seed, unseed)]
