"""After a transactional test's flush, the reference data the data migrations load is back
(tests/conftest.py reloads it on post_migrate), so the next file's tests find it."""

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

    call_command("flush", interactive=False, verbosity=0)

    empty = [label for label in REFERENCE if not apps.get_model(label).objects.exists()]
    assert empty == []
    assert apps.get_model("privacy.RetentionRule").objects.count() == len(RULES)
