"""Hand-built cases with known answers for the dashboard. All data synthetic.

Two organisations: A (cases a1-a4) and B (case b1). Stage transitions are written directly
(the dashboard reads them; how services write them is tested in the workflow apps):

  a1: FIR registered d0 -> under investigation d10 -> chargesheet d40
  a2: FIR registered d0 -> under investigation d20
  a3: zero FIR d0
  a4: nothing (no FIR)
  b1: FIR registered d0 -> under investigation d40 -> chargesheet d70; court case with charges
      framed and a judgment: one accused convicted, one acquitted.

So for everyone: FIR 4, chargesheet 2, trial 1, judgment 1, conviction 1; days in "FIR
registered" (completed) = [10, 20, 40]: median 20, 90th percentile 36.
"""

import datetime

import pytest
from django.utils import timezone

from cases.factories import open_case
from cases.models import StageTransition
from consortium.factories import OrganisationFactory, state
from consortium.models import Role
from legal.models import Accused, Court, CourtAccused, CourtCase, Judgment, JudgmentOutcome

SURVIVOR_NAMES = {
    "a1": "Oxiana Trellwick",
    "a2": "Pemrila Quandor",
    "a3": "Suvarna Zilquet",
    "a4": "Tamsi Voredal",
    "b1": "Ulrika Brannow",
}
D0 = timezone.localdate() - datetime.timedelta(days=300)


def day(n: int) -> datetime.date:
    return D0 + datetime.timedelta(days=n)


def move(case, subject, workflow, to_stage, on, transition="t", from_stage=""):
    return StageTransition.objects.create(
        case=case,
        workflow=workflow,
        subject_key=subject,
        transition=transition,
        from_stage=from_stage,
        to_stage=to_stage,
        effective_on=on,
    )


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="Org A West Bengal", short_name="ORGA", home_state=state("WB"))


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="Org B Maharashtra", short_name="ORGB", home_state=state("MH"))


@pytest.fixture
def people(make_member, org_a, org_b, secretariat):
    return {
        "lead_a": make_member(Role.CASEWORKER, org_a),
        "admin_a": make_member(Role.ORG_ADMIN, org_a),
        "lawyer_a": make_member(Role.LAWYER, org_a),
        "lead_b": make_member(Role.CASEWORKER, org_b),
        "admin_b": make_member(Role.ORG_ADMIN, org_b),
        "coordinator": make_member(Role.COORDINATOR, secretariat),
    }


@pytest.fixture
def world(people):
    lead_a, lead_b = people["lead_a"], people["lead_b"]
    cases = {}
    for key in ("a1", "a2", "a3", "a4"):
        cases[key] = open_case(
            lead_a,
            survivor={"full_name": SURVIVOR_NAMES[key], "phone_numbers": [f"98765{len(cases):05d}"]},
            rescued_on=day(-5),
        )
    cases["b1"] = open_case(
        lead_b,
        survivor={"full_name": SURVIVOR_NAMES["b1"], "phone_numbers": ["9876599999"]},
        source="JH",
        destination="MH",
        rescued_on=day(-5),
        forms=("forced_labour",),
    )
    a1, a2, a3, b1 = cases["a1"], cases["a2"], cases["a3"], cases["b1"]
    move(a1, "legal.fir:1", "investigation", "fir_registered", day(0))
    move(a1, "legal.fir:1", "investigation", "under_investigation", day(10))
    move(a1, "legal.fir:1", "investigation", "chargesheet_filed", day(40))
    move(a2, "legal.fir:2", "investigation", "fir_registered", day(0))
    move(a2, "legal.fir:2", "investigation", "under_investigation", day(20))
    move(a3, "legal.fir:3", "investigation", "zero_fir", day(0))
    move(b1, "legal.fir:4", "investigation", "fir_registered", day(0))
    move(b1, "legal.fir:4", "investigation", "under_investigation", day(40))
    move(b1, "legal.fir:4", "investigation", "chargesheet_filed", day(70))
    actor = lead_b.user
    court = Court.objects.create(kind="sessions", state=state("MH"), name="Sessions Court, Test")
    court_case = CourtCase.objects.create(case=b1, court=court, cognizance_on=day(80), created_by=actor)
    move(b1, f"legal.courtcase:{court_case.pk}", "court", "charges_framed", day(100))
    move(b1, f"legal.courtcase:{court_case.pk}", "court", "judgment", day(200))
    judgment = Judgment.objects.create(court_case=court_case, on=day(200), recorded_by=actor)
    for outcome in ("convicted", "acquitted"):
        accused = Accused.objects.create(names=[f"Accused {outcome} Qzv"], created_by=actor)
        link = CourtAccused.objects.create(court_case=court_case, accused=accused, added_by=actor)
        JudgmentOutcome.objects.create(judgment=judgment, court_accused=link, outcome=outcome, decided_on=day(200))
    return cases


@pytest.fixture
def login(client):
    def _login(who):
        client.force_login(getattr(who, "user", who))
        return client

    return _login
