"""The investigation through the API (api/legal.py): FIRs, their steps and sections, accused persons.
Each endpoint for someone allowed and someone not (404, the same as a record that does not exist),
writes that show in the records, refusals that name the field and save nothing, a masked view."""

import pytest

from cases.models import CaseEvent
from consortium.factories import state
from consortium.models import District
from legal.models import FIR, CaseAccused, Charge
from tests.api.helpers import api_client, url
from tests.legal.helpers import ACCUSED_NAME, ACCUSED_PHONE, IO_PHONE, accused_data, days, make_fir


@pytest.fixture
def fir(case, lead):
    from legal.investigation import services

    fir = make_fir(case, lead.user, stage="fir_registered")
    return services.fir_update(actor=lead.user, fir=fir, expected_version=fir.version, io_phone=IO_PHONE)


def firs_url(case, rest=""):
    return url(f"cases/{case.pk}/firs/{rest}")


# --- FIRs ----------------------------------------------------------------------------------


def test_fir_list_shows_the_officers_phone_only_to_who_sees_the_details(case, fir, lead, coordinator):
    mine = api_client(lead).get(firs_url(case))
    assert mine.status_code == 200
    [row] = mine.json()
    assert (row["id"], row["fir_number"], row["state"], row["stage"]) == (fir.pk, "123/2026", "MH", "fir_registered")
    assert row["io_phone"] == IO_PHONE
    masked = api_client(coordinator).get(firs_url(case))
    assert masked.status_code == 200
    assert masked.json()[0]["io_phone"] is None
    assert IO_PHONE not in masked.content.decode()


def test_fir_of_a_case_she_may_not_see_is_the_same_404_as_none(case, fir, other):
    client = api_client(other)
    hidden = client.get(firs_url(case, f"{fir.pk}/"))
    missing = client.get(firs_url(case, "999999/"))
    assert hidden.status_code == 404
    assert hidden.content == missing.content


def test_fir_of_another_case_is_not_found_under_this_one(case, fir, other):
    from tests.cases.helpers import open_survivor_case

    her_case = open_survivor_case(other)
    response = api_client(other).get(firs_url(her_case, f"{fir.pk}/"))
    assert response.status_code == 404


def test_recording_a_police_case(case, lead):
    before = CaseEvent.objects.filter(case=case).count()
    response = api_client(lead).post(
        firs_url(case),
        {"state": "MH", "police_station": "Pimpri PS", "chain_role": "destination", "reported_on": str(days(-3))},
        format="json",
    )
    assert response.status_code == 201, response.json()
    fir = FIR.objects.get(case=case)
    assert response.json()["id"] == fir.pk
    assert (fir.police_station, fir.state.code, fir.stage, fir.reported_on) == ("Pimpri PS", "MH", "reported", days(-3))
    assert CaseEvent.objects.filter(case=case).count() > before


def test_a_district_outside_the_state_is_refused_and_nothing_saved(case, lead):
    district = District.objects.filter(state=state("WB")).first()
    response = api_client(lead).post(
        firs_url(case),
        {"state": "MH", "district": district.pk, "police_station": "Pimpri PS", "chain_role": "destination"},
        format="json",
    )
    assert response.status_code == 400
    assert "district" in response.json()["errors"]
    assert not FIR.objects.filter(case=case).exists()


def test_a_future_complaint_date_and_an_unknown_field_are_refused(case, lead):
    client = api_client(lead)
    body = {"state": "MH", "police_station": "Pimpri PS", "chain_role": "destination"}
    future = client.post(firs_url(case), {**body, "reported_on": str(days(2))}, format="json")
    assert future.status_code == 400
    assert "reported_on" in future.json()["errors"]
    unknown = client.post(firs_url(case), {**body, "stage": "chargesheet_filed"}, format="json")
    assert unknown.status_code == 400
    assert "stage" in unknown.json()["errors"]
    assert not FIR.objects.filter(case=case).exists()


def test_a_masked_coordinator_may_not_record(case, coordinator):
    response = api_client(coordinator).post(
        firs_url(case), {"state": "MH", "police_station": "Pimpri PS", "chain_role": "destination"}, format="json"
    )
    assert response.status_code == 404
    assert not FIR.objects.filter(case=case).exists()


# --- steps ---------------------------------------------------------------------------------


def test_steps_listed_with_what_the_stage_allows(case, fir, lead, coordinator):
    response = api_client(lead).get(firs_url(case, f"{fir.pk}/transitions/"))
    assert response.status_code == 200
    steps = {s["transition"]: s for s in response.json()}
    assert steps["start_investigation"]["allowed_now"] is True
    assert steps["file_chargesheet"]["allowed_now"] is False
    assert "investigation_started_on" in [f["name"] for f in steps["start_investigation"]["fields"]]
    assert api_client(coordinator).get(firs_url(case, f"{fir.pk}/transitions/")).status_code == 404


def test_a_step_moves_the_fir_and_shows_on_the_timeline(case, fir, lead):
    events = CaseEvent.objects.filter(case=case).count()
    response = api_client(lead).post(
        firs_url(case, f"{fir.pk}/transitions/"),
        {
            "transition": "start_investigation",
            "version": fir.version,
            "values": {"investigation_started_on": str(days(-20)), "io_rank": "Sub-Inspector"},
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["stage"] == "under_investigation"
    fir.refresh_from_db()
    assert (fir.stage, fir.investigation_started_on, fir.io_rank) == ("under_investigation", days(-20), "Sub-Inspector")
    assert CaseEvent.objects.filter(case=case).count() > events


def test_a_step_the_stage_does_not_allow_is_refused_and_nothing_moves(case, fir, lead):
    response = api_client(lead).post(
        firs_url(case, f"{fir.pk}/transitions/"),
        {"transition": "file_chargesheet", "version": fir.version, "values": {"chargesheet_on": str(days(-5))}},
        format="json",
    )
    assert response.status_code == 400
    fir.refresh_from_db()
    assert (fir.stage, fir.chargesheet_on) == ("fir_registered", None)


def test_a_stale_version_is_a_conflict(case, fir, lead):
    response = api_client(lead).post(
        firs_url(case, f"{fir.pk}/transitions/"),
        {
            "transition": "start_investigation",
            "version": fir.version - 1,
            "values": {"investigation_started_on": str(days(-20))},
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_edit"
    fir.refresh_from_db()
    assert fir.stage == "fir_registered"


def test_an_unknown_input_of_a_step_is_named(case, fir, lead):
    response = api_client(lead).post(
        firs_url(case, f"{fir.pk}/transitions/"),
        {"transition": "start_investigation", "version": fir.version, "values": {"chargesheet_on": str(days(-1))}},
        format="json",
    )
    assert response.status_code == 400
    assert "values.chargesheet_on" in response.json()["errors"]


# --- sections ------------------------------------------------------------------------------


def test_adding_sections_shows_on_the_fir(case, fir, lead):
    client = api_client(lead)
    response = client.post(firs_url(case, f"{fir.pk}/charges/"), {"act": "bns", "number": "143, 144"}, format="json")
    assert response.status_code == 201, response.json()
    assert [c["section"] for c in response.json()] == ["143", "144"]
    shown = client.get(firs_url(case, f"{fir.pk}/")).json()["sections_charged"]
    assert [s["label"] for s in shown] == [c["label"] for c in response.json()]
    history = client.get(firs_url(case, f"{fir.pk}/charges/")).json()
    assert [c["live"] for c in history] == [True, True]


def test_an_unknown_section_is_refused_and_none_is_saved(case, fir, lead):
    response = api_client(lead).post(
        firs_url(case, f"{fir.pk}/charges/"), {"act": "bns", "number": "143, 9999"}, format="json"
    )
    assert response.status_code == 400
    assert "number" in response.json()["errors"]
    assert not Charge.objects.filter(fir=fir).exists()


def test_the_sections_history_is_for_those_who_record(case, fir, coordinator):
    assert api_client(coordinator).get(firs_url(case, f"{fir.pk}/charges/")).status_code == 404


# --- accused -------------------------------------------------------------------------------


def accused_url(case):
    return url(f"cases/{case.pk}/accused/")


def accused_body(**overrides):
    data = accused_data(**overrides)
    data.pop("description")
    return {**data, "role": "recruiter"}


def test_recording_an_accused_and_who_sees_the_name(case, lead, coordinator):
    response = api_client(lead).post(accused_url(case), accused_body(), format="json")
    assert response.status_code == 201, response.json()
    link = CaseAccused.objects.get(case=case)
    assert (link.role, link.accused.names) == ("recruiter", [ACCUSED_NAME])
    [shown] = api_client(lead).get(accused_url(case)).json()
    assert shown["names"] == [ACCUSED_NAME] and shown["masked"] is False
    masked = api_client(coordinator).get(accused_url(case))
    assert masked.status_code == 200
    assert masked.json() == [{"id": link.accused_id, "label": f"Accused #{link.accused_id}", "masked": True}]
    assert ACCUSED_NAME not in masked.content.decode() and "99000" not in masked.content.decode()


def test_an_accused_without_a_name_is_refused(case, lead):
    response = api_client(lead).post(accused_url(case), accused_body(names=[], aliases=[]), format="json")
    assert response.status_code == 400
    assert "names" in response.json()["errors"]
    assert not CaseAccused.objects.filter(case=case).exists()


def test_the_same_phone_on_another_case_she_works_on_is_asked_first(case, lead):
    from tests.cases.helpers import open_survivor_case

    client = api_client(lead)
    assert client.post(accused_url(case), accused_body(), format="json").status_code == 201
    second = open_survivor_case(lead, survivor={"full_name": "Rupa Qelvani", "phone_numbers": ["98310 66602"]})
    asked = client.post(accused_url(second), accused_body(names=["B. Qzx"], phones=[ACCUSED_PHONE]), format="json")
    assert asked.status_code == 400
    assert case.reference in asked.json()["errors"]["decision"][0]
    assert not CaseAccused.objects.filter(case=second).exists()
    first = CaseAccused.objects.get(case=case).accused
    linked = client.post(
        accused_url(second),
        {**accused_body(names=["B. Qzx"], phones=[ACCUSED_PHONE]), "decision": str(first.pk)},
        format="json",
    )
    assert linked.status_code == 201, linked.json()
    assert CaseAccused.objects.get(case=second).accused.person_id == first.person_id


def test_accused_of_a_case_she_may_not_see(case, other):
    assert api_client(other).get(accused_url(case)).status_code == 404
    assert api_client(other).post(accused_url(case), accused_body(), format="json").status_code == 404
    assert not CaseAccused.objects.filter(case=case).exists()


def test_a_number_in_a_list_of_texts_is_refused(case, lead):
    response = api_client(lead).post(accused_url(case), accused_body(aliases=[0]), format="json")
    assert response.status_code == 400
    assert "aliases" in response.json()["errors"]
    assert not CaseAccused.objects.filter(case=case).exists()
