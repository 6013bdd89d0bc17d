"""Moving a FIR through the page (issue 15): the step's form shows what is recorded, saving it as
shown keeps it, and emptying a recorded value is refused unless confirmed with a reason.

The bug this covers: "Investigation started" showed empty officer fields, and saving erased the
investigating officer already recorded on the FIR."""

import pytest
from django.urls import reverse

from cases.models import StageTransition
from consortium.models import Role
from legal.models import FIR

from .helpers import IO_PHONE, days, make_fir, record_case_rescue

pytestmark = pytest.mark.django_db

OFFICER = {"io_name": "Insp. Rekha Qzx", "io_rank": "Inspector", "io_phone": IO_PHONE}


@pytest.fixture
def fir_with_officer(case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered", io_rank=OFFICER["io_rank"])
    FIR.objects.filter(pk=fir.pk).update(io_name=OFFICER["io_name"], io_phone=OFFICER["io_phone"])
    return FIR.objects.get(pk=fir.pk)


def move_url(fir, transition="start_investigation"):
    return reverse("legal:fir_move", kwargs={"case_id": fir.case_id, "fir_id": fir.pk, "transition": transition})


def _prefilled_post(response) -> dict:
    """What the browser sends back when she saves the form as it was shown."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False):
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def _officer(fir) -> tuple:
    fir = FIR.objects.get(pk=fir.pk)
    return fir.io_name, fir.io_rank, fir.io_phone


def test_the_form_shows_the_recorded_officer_and_saving_it_keeps_him(client, lead, fir_with_officer):
    fir = fir_with_officer
    client.force_login(lead.user)
    page = client.get(move_url(fir))
    assert page.status_code == 200
    body = page.content.decode()
    for value in OFFICER.values():
        assert f'value="{value}"' in body
    data = _prefilled_post(page)
    assert data["io_name"] == OFFICER["io_name"] and data["version"] == fir.version
    response = client.post(move_url(fir), {**data, "investigation_started_on": days(-5).isoformat()})
    assert response.status_code == 302
    moved = FIR.objects.get(pk=fir.pk)
    assert moved.stage == "under_investigation" and moved.investigation_started_on == days(-5)
    assert _officer(fir) == (OFFICER["io_name"], OFFICER["io_rank"], OFFICER["io_phone"])
    row = StageTransition.objects.get(case=fir.case, transition="start_investigation")
    assert row.effective_on == days(-5)
    assert "io_name" not in row.data and "io_phone" not in row.data  # encrypted values stay out of the log


def test_emptying_the_officer_is_refused_naming_the_recorded_value(client, lead, fir_with_officer):
    fir = fir_with_officer
    client.force_login(lead.user)
    data = {**_prefilled_post(client.get(move_url(fir))), "io_name": ""}
    response = client.post(move_url(fir), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"“{OFFICER['io_name']}” is recorded here" in body
    assert '<details class="clear-recorded" open>' in body
    unchanged = FIR.objects.get(pk=fir.pk)
    assert (unchanged.stage, unchanged.version) == ("fir_registered", fir.version)
    assert _officer(fir) == (OFFICER["io_name"], OFFICER["io_rank"], OFFICER["io_phone"])
    assert not StageTransition.objects.filter(case=fir.case, transition="start_investigation").exists()

    # Ticking the box without a reason is still refused.
    response = client.post(move_url(fir), {**data, "confirm_clear": "on"})
    assert response.status_code == 200
    assert FIR.objects.get(pk=fir.pk).stage == "fir_registered"

    response = client.post(
        move_url(fir), {**data, "confirm_clear": "on", "clear_reason": "The officer was moved off the case"}
    )
    assert response.status_code == 302
    moved = FIR.objects.get(pk=fir.pk)
    assert moved.stage == "under_investigation"
    assert _officer(fir) == ("", OFFICER["io_rank"], OFFICER["io_phone"])
    row = StageTransition.objects.get(case=fir.case, transition="start_investigation")
    assert row.data["cleared"] == ["io_name"]
    assert "The officer was moved off the case" in row.note


def test_the_clear_box_is_offered_folded_until_it_matters(client, lead, fir_with_officer):
    client.force_login(lead.user)
    body = client.get(move_url(fir_with_officer)).content.decode()
    assert '<details class="clear-recorded">' in body
    assert 'name="confirm_clear"' in body and 'name="clear_reason"' in body


def test_a_lawyer_on_the_team_may_move_it(client, lawyer, fir_with_officer):
    client.force_login(lawyer.user)
    page = client.get(move_url(fir_with_officer))
    assert page.status_code == 200
    response = client.post(move_url(fir_with_officer), _prefilled_post(page))
    assert response.status_code == 302
    assert FIR.objects.get(pk=fir_with_officer.pk).stage == "under_investigation"
    assert _officer(fir_with_officer)[0] == OFFICER["io_name"]


def test_an_outsider_gets_not_found_and_changes_nothing(client, make_member, org_mh, fir_with_officer):
    outsider = make_member(Role.CASEWORKER, org_mh)
    client.force_login(outsider.user)
    assert client.get(move_url(fir_with_officer)).status_code == 404
    response = client.post(move_url(fir_with_officer), {"version": fir_with_officer.version, "io_name": ""})
    assert response.status_code == 404
    assert FIR.objects.get(pk=fir_with_officer.pk).stage == "fir_registered"
    assert _officer(fir_with_officer)[0] == OFFICER["io_name"]


def test_an_unknown_step_is_not_found(client, lead, fir_with_officer):
    client.force_login(lead.user)
    assert client.get(move_url(fir_with_officer, "delete")).status_code == 404


def test_the_rescue_step_reads_the_care_record(client, case, lead):
    fir = make_fir(case, lead.user, stage="reported")
    client.force_login(lead.user)
    page = client.get(move_url(fir, "record_rescue")).content.decode()
    assert "Record the rescue on the Care tab first (date, time, place, by whom)." in page
    assert 'name="rescued_on"' not in page
    refused = client.post(move_url(fir, "record_rescue"), {"version": fir.version})
    assert refused.status_code == 200
    assert "Record the rescue on the Care tab first" in refused.content.decode()
    assert FIR.objects.get(pk=fir.pk).stage == "reported"
    record_case_rescue(case, lead.user, on=days(-40))
    page = client.get(move_url(fir, "record_rescue")).content.decode()
    day = days(-40)
    assert f"Rescue recorded on the Care tab: {day.day} {day:%b %Y}." in page
    assert client.post(move_url(fir, "record_rescue"), {"version": fir.version}).status_code == 302
    assert FIR.objects.get(pk=fir.pk).stage == "rescued"
    assert StageTransition.objects.get(case=case, transition="record_rescue").effective_on == days(-40)
