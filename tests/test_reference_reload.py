"""After a transactional test's flush, the reference data the migrations load is back, row for row
(tests/conftest.py reloads it on post_migrate with the functions the migrations call), so the next
file's tests find the same law, schemes and calendars as a database built by the migrations."""

import pytest
from django.apps import apps
from django.core.management import call_command

# Every table a data migration fills with reference data.
REFERENCE = [
    "consortium.State",
    "consortium.District",
    "cases.ExploitationForm",
    "cases.RecruitmentMeans",
    "cases.DeadlineRule",
    "cases.HolidayCalendar",
    "cases.Holiday",
    "legal.Act",
    "legal.Section",
    "legal.FailurePoint",
    "legal.EcourtsStagePhrase",
    "compensation.Scheme",
    "compensation.SchemeLine",
    "privacy.RetentionRule",
]


@pytest.mark.django_db(transaction=True)
def test_flush_brings_every_reference_table_back():
    from privacy.reference import RULES

    migrated = {label: _rows(label) for label in REFERENCE}  # as the migrations loaded them
    call_command("flush", interactive=False, verbosity=0)

    empty = [label for label in REFERENCE if not apps.get_model(label).objects.exists()]
    assert empty == []
    assert apps.get_model("privacy.RetentionRule").objects.count() == len(RULES)
    differ = [label for label in REFERENCE if _rows(label) != migrated[label]]
    assert differ == []


def _rows(label: str) -> list[tuple]:
    """A reference table's rows without ids and timestamps (a reload numbers and dates them anew);
    foreign keys by the natural key they point to."""
    model = apps.get_model(label)
    names = [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in ("created_at", "updated_at") and not f.is_relation
    ]
    for f in model._meta.concrete_fields:
        if f.is_relation:
            names += [f"{f.name}__{key}" for key in _natural(f.related_model)]
    return sorted(tuple(str(v) for v in row) for row in model.objects.values_list(*names))


def _natural(model) -> list[str]:
    """What names a row whatever its id: a section by its act and number, others by code or name."""
    if model._meta.label == "legal.Section":
        return ["act__code", "number"]
    fields = {f.name for f in model._meta.concrete_fields}
    return [next(name for name in ("code", "username", "name") if name in fields)]
