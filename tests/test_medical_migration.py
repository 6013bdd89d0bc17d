"""legal 0012_medical_examination_one_record and survivors 0006: the migration that made the
examination one record. In a module of its own: it rolls the schema back, which SQLite refuses
inside the demo's module-scoped transaction that tests/test_medical_single_source.py holds open."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from care.models import Rescue
from consortium.factories import state
from legal.models import MedicalExamination
from tests.cases.conftest import *  # noqa: F403  (make_member, org_wb...)


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


# --- the migration --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_rescue_examination_into_the_one_record(make_member, org_wb):
    """legal 0012: a rescue's "medical examination done at" becomes an examination (day and hour, in the
    consortium's time zone), unless one is already recorded on that day for that case; survivors 0006
    then drops the rescue's field."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from consortium.models import Role
    from tests.cases.helpers import open_survivor_case

    lead = make_member(Role.CASEWORKER, org_wb)
    moved, kept = (open_survivor_case(lead, survivor={"full_name": f"Migration Survivor {n} Qm"}) for n in range(2))
    rescued = timezone.make_aware(datetime.datetime.combine(_day(10), datetime.time(8, 0)))
    examined = rescued + datetime.timedelta(hours=5, minutes=20)
    before = ("legal", "0011_accused_record_on_one_case")
    try:
        call_command("migrate", "legal", before[1], verbosity=0)
        old = MigrationExecutor(connection).loader.project_state([before, ("survivors", "0005_rescue_from_case_form")])
        old_apps = old.apps
        Rescue_ = old_apps.get_model("survivors", "Rescue")
        Exam_ = old_apps.get_model("legal", "MedicalExamination")
        for case in (moved, kept):
            Rescue_.objects.update_or_create(
                case_id=case.pk,
                defaults={
                    "rescued_at": rescued,
                    "state_id": state("MH").pk,
                    "agency": "ahtu",
                    "medical_examined_at": examined,
                    "created_by_id": lead.user_id,
                    "updated_by_id": lead.user_id,
                },
            )
        Exam_.objects.create(case_id=kept.pk, examined_on=_day(10), hospital="", note="", recorded_by_id=lead.user_id)
    finally:
        call_command("migrate", verbosity=0)

    exam = MedicalExamination.objects.get(case=moved)
    assert (exam.examined_on, exam.examined_time, exam.recorded_by_id) == (
        _day(10),
        datetime.time(13, 20),
        lead.user_id,
    )
    assert MedicalExamination.objects.filter(case=kept).count() == 1  # already recorded that day: not doubled
    assert "medical_examined_at" not in {f.name for f in Rescue._meta.get_fields()}
