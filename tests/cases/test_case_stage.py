"""The case's overall stage comes from its workflows' transitions."""

from cases.case_stage import case_stage
from tests.legal.helpers import make_fir


def test_a_new_case_is_in_intake(case):
    assert str(case_stage(case)) == "Intake and support"
    assert case_stage(case).compensation == ""


def test_the_furthest_fir_gives_the_investigation_stage(case, lead):
    make_fir(case, lead.user, stage="fir_registered")
    assert str(case_stage(case)) == "Investigation: FIR registered"
    make_fir(case, lead.user, stage="chargesheet_filed", state_code="WB", police_station="Howrah PS")
    assert str(case_stage(case)) == "Investigation: Chargesheet filed"
    case.refresh_from_db()
    assert case.stage == "Investigation: Chargesheet filed"


def test_overview_shows_the_stage(client, case, lead):
    make_fir(case, lead.user, stage="under_investigation")
    client.force_login(lead.user)
    assert "Investigation: Under investigation" in client.get(f"/cases/{case.pk}/").content.decode()
