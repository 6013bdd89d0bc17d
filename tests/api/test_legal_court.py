"""The court through the API (api/legal_court.py): court cases, their steps, hearings, bail and the
judgment; allowed and denied (404), a masked coordinator (accused by number, no proceedings, no
conditions), a step the stage refuses, a stale version, a hearing scheduled and one refused; the
writes of the web's court pages (a new court case, bail filed and decided, what happened at a hearing,
the judgment), each recorded, refused with the field named and nothing saved, and denied (404)."""

import pytest

from consortium.factories import state
from legal.court import services as court_services
from legal.models import BailApplication, CaseAccused, CourtCase, Hearing, Judgment, Section
from tests.api.helpers import api_client, url
from tests.legal.court_helpers import (
    CONDITIONS,
    COURT_NAME,
    PROCEEDINGS,
    accused_on,
    make_court_case,
    record_judgment,
)
from tests.legal.helpers import ACCUSED_NAME, days


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


def test_a_hearing_names_who_goes_with_her_by_her_team_entry(case, trial, lead, coordinator):
    """The escort (shown on her own page) by the id the case's team endpoint lists; an id that is not
    one of this case's team entries is refused and nothing is saved."""
    from cases.models import CaseAssignment

    client = api_client(lead)
    mine = CaseAssignment.objects.get(case=case, user=lead.user)
    elsewhere = CaseAssignment.objects.exclude(case=case).first()
    for wrong in [elsewhere.pk if elsewhere else 999999, 999999]:
        refused = client.post(
            cc_url(case, trial, "hearings/"),
            {"on": str(days(7)), "purpose": "prosecution_evidence", "escort": wrong},
            format="json",
        )
        assert refused.status_code == 400 and "escort" in refused.json()["errors"]
    assert not Hearing.objects.filter(court_case=trial).exists()
    response = client.post(
        cc_url(case, trial, "hearings/"),
        {"on": str(days(7)), "purpose": "prosecution_evidence", "survivor_must_attend": True, "escort": mine.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Hearing.objects.get(court_case=trial).escort == lead.user
    assert response.json()["escort"] == lead.user.display_name
    masked = api_client(coordinator).get(cc_url(case, trial, "hearings/")).json()
    assert [h["escort"] for h in masked] == [None]


def test_recording_a_hearing_names_who_goes_with_her_on_the_next_date(case, trial, lead):
    """next_escort: the team entry's id, as `escort` when scheduling; another case's entry or an
    unknown id is refused and nothing is saved."""
    from cases.models import CaseAssignment

    hearing = court_services.hearing_schedule(actor=lead.user, court_case=trial, on=days(0), purpose="copies")
    client = api_client(lead)
    record_url = cc_url(case, trial, f"hearings/{hearing.pk}/record/")
    body = {"version": hearing.version, "on": str(days(0)), "purpose": "copies", "status": "held"}
    mine = CaseAssignment.objects.get(case=case, user=lead.user)
    elsewhere = CaseAssignment.objects.exclude(case=case).first()
    for wrong in [elsewhere.pk if elsewhere else 999999, 999999, "x"]:
        refused = client.post(record_url, {**body, "next_date": str(days(14)), "next_escort": wrong}, format="json")
        assert refused.status_code == 400 and "next_escort" in refused.json()["errors"]
    no_date = client.post(record_url, {**body, "next_escort": mine.pk}, format="json")
    assert no_date.status_code == 400 and "next_escort" in no_date.json()["errors"]
    hearing.refresh_from_db()
    assert hearing.status == "scheduled"
    assert not Hearing.objects.filter(court_case=trial, on=days(14)).exists()
    recorded = client.post(record_url, {**body, "next_date": str(days(14)), "next_escort": mine.pk}, format="json")
    assert recorded.status_code == 200, recorded.json()
    assert Hearing.objects.get(court_case=trial, on=days(14)).escort == lead.user


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


# --- the court's remaining writes ---------------------------------------------------------------


def test_a_new_court_case_recorded_and_one_refused(case, lead, coordinator):
    accused = accused_on(case, lead.user)
    link = CaseAccused.objects.get(case=case, accused=accused)
    body = {
        "court_kind": "magistrate",
        "court_state": state("WB").pk,
        "court_name": COURT_NAME,
        "case_number": "CR 7/2026",
        "cognizance_on": str(days(-30)),
        "accused": [link.pk],
    }
    client = api_client(lead)
    response = client.post(cc_url(case), body, format="json")
    assert response.status_code == 201, response.json()
    made = CourtCase.objects.get(case=case)
    assert (made.case_number, made.cognizance_on, made.stage) == ("CR 7/2026", days(-30), "cognizance")
    assert response.json()["accused"][0]["who"] == ACCUSED_NAME
    refused = client.post(cc_url(case), {**body, "cnr": "NOT-A-CNR", "case_number": "CR 8/2026"}, format="json")
    assert refused.status_code == 400
    assert "cnr" in refused.json()["errors"]
    future = client.post(cc_url(case), {**body, "cognizance_on": str(days(3))}, format="json")
    assert future.status_code == 400 and "cognizance_on" in future.json()["errors"]
    typed = client.post(cc_url(case), {**body, "court_name": 42}, format="json")
    assert typed.status_code == 400 and "court_name" in typed.json()["errors"]
    assert api_client(coordinator).post(cc_url(case), body, format="json").status_code == 404
    assert CourtCase.objects.filter(case=case).count() == 1


def test_bail_filed_and_decided(case, trial, lead, coordinator, other):
    link = trial.accused_links.first()
    client = api_client(lead)
    body = {"court_accused": link.pk, "kind": "regular", "filed_on": str(days(-20))}
    filed = client.post(cc_url(case, trial, "bail/"), body, format="json")
    assert filed.status_code == 201, filed.json()
    application = BailApplication.objects.get(court_case=trial)
    assert (application.kind, application.filed_on, application.court_id) == ("regular", days(-20), trial.court_id)
    assert filed.json()["accused"]["who"] == ACCUSED_NAME
    refused = client.post(cc_url(case, trial, "bail/"), {**body, "filed_on": str(days(2))}, format="json")
    assert refused.status_code == 400 and "filed_on" in refused.json()["errors"]
    stray = client.post(cc_url(case, trial, "bail/"), {**body, "court_accused": 999999}, format="json")
    assert stray.status_code == 400 and "court_accused" in stray.json()["errors"]
    assert api_client(coordinator).post(cc_url(case, trial, "bail/"), body, format="json").status_code == 404
    assert BailApplication.objects.filter(court_case=trial).count() == 1

    decision_url = cc_url(case, trial, f"bail/{application.pk}/decision/")
    decision = {
        "version": application.version,
        "outcome": "granted",
        "decided_on": str(days(-10)),
        "conditions": CONDITIONS,
    }
    wrong = client.post(decision_url, {**decision, "decided_on": str(days(1))}, format="json")
    assert wrong.status_code == 400 and "decided_on" in wrong.json()["errors"]
    application.refresh_from_db()
    assert application.outcome == "pending"
    assert api_client(other).post(decision_url, decision, format="json").status_code == 404
    assert api_client(coordinator).post(decision_url, decision, format="json").status_code == 404
    decided = client.post(decision_url, decision, format="json")
    assert decided.status_code == 200, decided.json()
    assert (decided.json()["outcome"], decided.json()["conditions"]) == ("granted", CONDITIONS)
    application.refresh_from_db()
    assert (application.outcome, application.decided_on, application.conditions) == ("granted", days(-10), CONDITIONS)
    stale = client.post(decision_url, {**decision, "outcome": "rejected"}, format="json")
    assert stale.status_code == 409
    application.refresh_from_db()
    assert application.outcome == "granted"


def test_what_happened_at_a_hearing(case, trial, lead, coordinator):
    hearing = court_services.hearing_schedule(
        actor=lead.user, court_case=trial, on=days(0), purpose="prosecution_evidence", survivor_must_attend=True
    )
    client = api_client(lead)
    record_url = cc_url(case, trial, f"hearings/{hearing.pk}/record/")
    body = {
        "version": hearing.version,
        "on": str(days(0)),
        "purpose": "prosecution_evidence",
        "status": "held",
        "proceedings": PROCEEDINGS,
        "survivor_must_attend": True,
        "survivor_attended": True,
        "attended_for_consortium": [lead.user.pk],
        "next_date": str(days(14)),
        "next_purpose": "prosecution_evidence",
    }
    refused = client.post(record_url, {**body, "status": "scheduled"}, format="json")
    assert refused.status_code == 400 and "status" in refused.json()["errors"]
    outsider = client.post(record_url, {**body, "attended_for_consortium": [coordinator.user.pk]}, format="json")
    assert outsider.status_code == 400 and "attended_for_consortium" in outsider.json()["errors"]
    hearing.refresh_from_db()
    assert (hearing.status, hearing.proceedings) == ("scheduled", "")
    assert api_client(coordinator).post(record_url, body, format="json").status_code == 404
    recorded = client.post(record_url, body, format="json")
    assert recorded.status_code == 200, recorded.json()
    hearing.refresh_from_db()
    assert (hearing.status, hearing.proceedings, hearing.survivor_attended) == ("held", PROCEEDINGS, True)
    assert list(hearing.attended_for_consortium.all()) == [lead.user]
    assert Hearing.objects.filter(court_case=trial, on=days(14), status="scheduled").exists()
    masked = api_client(coordinator).get(cc_url(case, trial, "hearings/")).json()
    assert [h["proceedings"] for h in masked] == [None, None]
    stale = client.post(record_url, {**body, "proceedings": "later"}, format="json")
    assert stale.status_code == 409
    hearing.refresh_from_db()
    assert hearing.proceedings == PROCEEDINGS


def test_the_judgment_recorded_with_an_outcome_per_accused(case, lead, coordinator):
    decided = make_court_case(case, lead.user, stage="judgment_reserved")
    link = decided.accused_links.first()
    section = Section.objects.get(act__code="bns", number="143")
    client = api_client(lead)
    body = {
        "version": decided.version,
        "on": str(days(-1)),
        "summary": "SUMMARY-SECRET of the judgment",
        "outcomes": [{"court_accused": link.pk, "outcome": "convicted", "sections": [section.pk]}],
    }
    missing = client.post(cc_url(case, decided, "judgment/"), {**body, "outcomes": []}, format="json")
    assert missing.status_code == 400
    assert f"outcome-{link.pk}-outcome" in missing.json()["errors"]
    stray = client.post(
        cc_url(case, decided, "judgment/"),
        {**body, "outcomes": [*body["outcomes"], {"court_accused": 999999, "outcome": "acquitted"}]},
        format="json",
    )
    assert stray.status_code == 400 and "outcomes" in stray.json()["errors"]
    assert api_client(coordinator).post(cc_url(case, decided, "judgment/"), body, format="json").status_code == 404
    stale = client.post(cc_url(case, decided, "judgment/"), {**body, "version": decided.version - 1}, format="json")
    assert stale.status_code == 409
    assert not Judgment.objects.filter(court_case=decided).exists()
    recorded = client.post(cc_url(case, decided, "judgment/"), body, format="json")
    assert recorded.status_code == 201, recorded.json()
    answer = recorded.json()["judgment"]
    assert (answer["on"], answer["summary"]) == (str(days(-1)), "SUMMARY-SECRET of the judgment")
    assert [(o["outcome"], o["convicted_under"]) for o in answer["outcomes"]] == [("convicted", [section.label])]
    decided.refresh_from_db()
    assert decided.stage == "judgment"


def test_a_judgment_the_stage_does_not_allow(case, trial, lead):
    link = trial.accused_links.first()
    body = {
        "version": trial.version,
        "on": str(days(-1)),
        "outcomes": [{"court_accused": link.pk, "outcome": "acquitted"}],
    }
    response = api_client(lead).post(cc_url(case, trial, "judgment/"), body, format="json")
    assert response.status_code == 400
    assert not Judgment.objects.filter(court_case=trial).exists()
    trial.refresh_from_db()
    assert trial.stage == "appearance"


def test_a_list_item_at_fault_is_named_by_its_path(case, lead):
    decided = make_court_case(case, lead.user, stage="judgment_reserved")
    rows = [
        {"court_accused": decided.accused_links.first().pk, "outcome": "acquitted"},
        {"court_accused": 5, "outcome": 3},
    ]
    body = {"version": decided.version, "on": str(days(-1)), "outcomes": rows}
    response = api_client(lead).post(cc_url(case, decided, "judgment/"), body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"outcomes.1.outcome"}
    assert all(isinstance(messages, list) and all(isinstance(m, str) for m in messages) for messages in errors.values())
    assert not Judgment.objects.filter(court_case=decided).exists()
