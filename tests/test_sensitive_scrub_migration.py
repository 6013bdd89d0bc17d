"""Rows stored in clear before cases.sensitive are scrubbed by migration cases 0013: the officer's
name and phone, and every sensitive key, in StageTransition.data, CaseEvent.data and summaries.
All data synthetic."""

import importlib

import pytest
from django.apps import apps

from cases.models import CaseEvent, StageTransition
from consortium.models import Role
from legal.models import FIR
from tests.cases.helpers import open_survivor_case
from tests.legal.helpers import days, make_fir
from tests.test_sensitive_registry import OFFICER, OFFICER_PHONE, OFFICER_PHONE_DIGITS, rows_in_clear

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def fir(lead):
    return make_fir(open_survivor_case(lead), lead.user, stage="fir_registered")


def test_the_migration_scrubs_rows_already_stored(fir, lead):
    FIR.objects.filter(pk=fir.pk).update(io_name=OFFICER, io_phone=OFFICER_PHONE)
    # bulk_create skips the save guard: rows as an older version of the code stored them.
    StageTransition.objects.bulk_create(
        [
            StageTransition(
                case=fir.case,
                workflow="investigation",
                subject_key=f"legal.fir:{fir.pk}",
                transition="start_investigation",
                from_stage="fir_registered",
                to_stage="under_investigation",
                effective_on=days(-2),
                data={"io_name": OFFICER, "io_phone": OFFICER_PHONE, "io_rank": "Inspector", "officer_on": OFFICER},
            )
        ]
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=fir.case,
                kind=CaseEvent.Kind.INVESTIGATION,
                summary=f"Investigation started by {OFFICER} ({OFFICER_PHONE_DIGITS})",
                data={"fir": fir.pk, "by": OFFICER},
            )
        ]
    )
    assert rows_in_clear([OFFICER, OFFICER_PHONE_DIGITS]) != []
    migration = importlib.import_module("cases.migrations.0013_scrub_sensitive_values_from_logs")
    migration.scrub(apps, None)
    assert rows_in_clear([OFFICER, OFFICER_PHONE, OFFICER_PHONE_DIGITS]) == []
    row = StageTransition.objects.get(transition="start_investigation", subject_key=f"legal.fir:{fir.pk}")
    assert row.data == {"io_name": "recorded", "io_phone": "recorded", "io_rank": "Inspector", "officer_on": "recorded"}
    event = CaseEvent.objects.filter(case=fir.case, data__by="recorded").get()
    assert event.summary == "Investigation started by (recorded) ([phone])"
    assert event.data["fir"] == fir.pk
