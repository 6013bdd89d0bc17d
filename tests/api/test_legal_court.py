"""The court through the API (api/legal_court.py): court cases, their steps, hearings, bail and the
judgment; allowed and denied (404), a masked coordinator (accused by number, no proceedings, no
conditions), a step the stage refuses, a stale version, a hearing scheduled and one refused."""

import pytest

from consortium.models import Role
from legal.court import services as court_services
from legal.models import Hearing
from tests.api.helpers import api_client, url
from tests.legal.court_helpers import CONDITIONS, make_court_case, record_judgment
from tests.legal.helpers import ACCUSED_NAME, days


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def other(make_member, org_mh):
    return make_member(Role.CASEWORKER, org_mh, first_name="Mona", last_name="Mumbai")


@pytest.fixture
def coordinator(make_member, secretariat):
    return make_member(Role.COORDINATOR, secretariat, first_name="Chitra", last_name="Coordinator")


@pytest.fixture
def case(lead):
    from tests.cases.helpers import open_survivor_case

    return open_survivor_case(lead)


@pytest.fixture
def trial(case, lead):
    return make_court_case(case, lead.user, stage="appearance")


def cc_url(case, court_case=None, rest=""):
    return url(f"cases/{case.pk}/court-cases/" + (f"{court_case.pk}/{rest}" if court_case else ""))


def test_court_cases_name_the_accused_only_to_who_sees_the_details(case, trial, lead, coordinator):
    [mine] = api_client(lead).get(cc_url(case)).json()
    assert (mine["id"], mine["stage"]) == (trial.pk, "appearance")
    assert mine["accused"][0]["who"] == ACCUSED_NAME
    masked = api_client(coordinator).get(cc_url(case, trial))
    assert masked.status_code == 200
    assert masked.json()["accused"][0]["who"].startswith("Accused #")
    assert ACCUSED_NAME not in masked.content.decode()


def test_a_court_case_of_a_case_she_may_not_see(case, trial, other):
    client = api_client(other)
    hidden = client.get(cc_url(case, trial))
    assert hidden.status_code == 404
    assert hidden.content == client.get(url(f"cases/{case.pk}/court-cases/999999/")).content


def test_a_step_moves_the_trial(case, trial, lead):
    client = api_client(lead)
    steps = {s["transition"]: s for s in client.get(cc_url(case, trial, "transitions/")).json()}
    assert steps["supply_copies"]["allowed_now"] is True
    assert "pronounce_judgment" not in steps  # recorded with the judgment, not as a step
    response = client.post(
        cc_url(case, trial, "transitions/"),
        {"transition": "supply_copies", "version": trial.version, "values": {"copies_supplied_on": str(days(-150))}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    trial.refresh_from_db()
    assert (trial.stage, trial.copies_supplied_on) == ("copies_supplied", days(-150))


def test_a_step_the_stage_refuses_and_a_stale_version(case, trial, lead):
    client = api_client(lead)
    refused = client.post(
        cc_url(case, trial, "transitions/"),
        {
            "transition": "reserve_judgment",
            "version": trial.version,
            "values": {"arguments_concluded_on": str(days(-9))},
        },
        format="json",
    )
    assert refused.status_code == 400
    stale = client.post(
        cc_url(case, trial, "transitions/"),
        {
            "transition": "supply_copies",
            "version": trial.version - 1,
            "values": {"copies_supplied_on": str(days(-150))},
        },
        format="json",
    )
    assert stale.status_code == 409
    trial.refresh_from_db()
    assert (trial.stage, trial.copies_supplied_on) == ("appearance", None)


def test_the_steps_are_for_those_who_record(case, trial, coordinator):
    assert api_client(coordinator).get(cc_url(case, trial, "transitions/")).status_code == 404


def test_scheduling_a_hearing_and_a_day_past_refused(case, trial, lead, coordinator):
    client = api_client(lead)
    response = client.post(
        cc_url(case, trial, "hearings/"),
        {"on": str(days(7)), "purpose": "prosecution_evidence", "survivor_must_attend": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    hearing = Hearing.objects.get(court_case=trial)
    assert (hearing.on, hearing.survivor_must_attend, hearing.status) == (days(7), True, "scheduled")
    past = client.post(
        cc_url(case, trial, "hearings/"), {"on": str(days(-1)), "purpose": "prosecution_evidence"}, format="json"
    )
    assert past.status_code == 400
    assert "on" in past.json()["errors"]
    assert Hearing.objects.filter(court_case=trial).count() == 1
    shown = api_client(coordinator).get(cc_url(case, trial, "hearings/")).json()
    assert [(h["on"], h["survivor_must_attend"], h["proceedings"]) for h in shown] == [(str(days(7)), True, None)]
    denied = api_client(coordinator).post(
        cc_url(case, trial, "hearings/"), {"on": str(days(8)), "purpose": "prosecution_evidence"}, format="json"
    )
    assert denied.status_code == 404


def test_bail_conditions_only_to_who_sees_the_details(case, trial, lead, coordinator):
    link = trial.accused_links.first()
    application = court_services.bail_application_file(
        actor=lead.user, court_case=trial, court_accused=link, filed_on=days(-20)
    )
    court_services.bail_application_update(
        actor=lead.user,
        application=application,
        expected_version=application.version,
        outcome="granted",
        decided_on=days(-10),
        conditions=CONDITIONS,
    )
    [mine] = api_client(lead).get(cc_url(case, trial, "bail/")).json()
    assert (mine["outcome"], mine["conditions"]) == ("granted", CONDITIONS)
    masked = api_client(coordinator).get(cc_url(case, trial, "bail/"))
    assert masked.json()[0]["conditions"] is None
    assert CONDITIONS not in masked.content.decode()


def test_the_judgment_with_an_outcome_per_accused(case, lead, coordinator):
    decided = make_court_case(case, lead.user, stage="judgment_reserved")
    record_judgment(decided, lead.user, summary="SUMMARY-SECRET of the judgment")
    answer = api_client(lead).get(cc_url(case, decided, "judgment/")).json()["judgment"]
    assert answer["summary"] == "SUMMARY-SECRET of the judgment"
    assert [o["accused"]["who"] for o in answer["outcomes"]] == [ACCUSED_NAME]
    masked = api_client(coordinator).get(cc_url(case, decided, "judgment/"))
    assert masked.json()["judgment"]["summary"] is None
    assert "SUMMARY-SECRET" not in masked.content.decode() and ACCUSED_NAME not in masked.content.decode()


def test_no_judgment_yet(case, trial, lead):
    assert api_client(lead).get(cc_url(case, trial, "judgment/")).json() == {"judgment": None}


def test_a_step_with_its_own_record_is_refused_as_a_step(case, trial, lead):
    response = api_client(lead).post(
        cc_url(case, trial, "transitions/"), {"transition": "file_appeal", "version": trial.version}, format="json"
    )
    assert response.status_code == 400
    assert "transition" in response.json()["errors"]
    trial.refresh_from_db()
    assert trial.stage == "appearance"
