"""Case pages end to end: opening, editing with optimistic locking, closing,
notes, the timeline, break-glass and the access log; plus fuzzing of the case
list filters and the consent form."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from care.models import Rescue
from cases import services
from cases.factories import give_consent
from cases.models import (
    AccessLogEntry,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseNote,
    CaseReferenceCounter,
    CaseRole,
    CaseUserObjectPermission,
    ExploitationForm,
    RecruitmentMeans,
)
from consortium.factories import state
from consortium.models import District, Role
from survivors import services as survivor_services
from survivors.models import Consent, ConsentPurpose, Survivor, SurvivorSearchToken
from survivors.services import SurvivorDetails
from tests.url_names import qualified

from .helpers import FULL_NAME, NARRATIVE, PHONE, case_rows, days, result_count, upload_document

OPEN_URL = "/cases/new/"


def url(name, case, **kwargs):
    return reverse(qualified(name), kwargs={"case_id": case.pk, **kwargs})


def logged_in(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# --- opening a case ---------------------------------------------------------------


def district(code, index=0):
    return District.objects.filter(state=state(code)).order_by("name")[index]


def open_post(lead_membership, **overrides):
    data = {
        "survivor-full_name": "Anjali Vexbridge",
        "survivor-sex": "female",
        "survivor-estimated_age": "19",
        "survivor-age_basis": "self_reported",
        "survivor-languages_spoken": ["bn", "hi"],
        "survivor-preferred_language": "bn",
        "survivor-preferred_channel": "phone_call",
        "survivor-phone_numbers": "98300 11122\n+91 70030 44455",
        "survivor-origin_state": state("WB").pk,
        "survivor-origin_district": district("WB").pk,
        "survivor-origin_village": "Gosaba Char",
        "case-source_state": state("WB").pk,
        "case-source_district": district("WB").pk,
        "case-destination_state": state("MH").pk,
        "case-destination_district": district("MH").pk,
        "case-left_home_on": days(-120).isoformat(),
        "case-trafficked_on": days(-110).isoformat(),
        "case-exploitation_forms": [ExploitationForm.objects.get(code="forced_labour").pk],
        "case-recruitment_means": [RecruitmentMeans.objects.get(code="false_job_offer").pk],
        "case-narrative": "Synthetic: went for work in a garment unit.",
        "case-risk_level": "high",
        "open-lead_caseworker": lead_membership.pk,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def counts():
    return (
        Survivor.objects.count(),
        Case.objects.count(),
        CaseAssignment.objects.count(),
        CaseEvent.objects.count(),
        SurvivorSearchToken.objects.count(),
        list(CaseReferenceCounter.objects.values_list("last", flat=True)),
    )


def test_open_case_creates_survivor_case_team_and_timeline(client, lead):
    client.force_login(lead.user)
    assert client.get(OPEN_URL).status_code == 200
    response = client.post(OPEN_URL, open_post(lead))
    assert response.status_code == 302, response.context and [
        f.errors for f in (response.context["survivor_form"], response.context["case_form"])
    ]
    case = Case.objects.get()
    year = timezone.localdate().year
    assert case.reference == f"WB-{year}-0001"
    assert response["Location"] == url("case_detail", case)
    survivor = case.survivor
    assert survivor.full_name == "Anjali Vexbridge"
    assert survivor.phone_numbers == ["98300 11122", "+91 70030 44455"]
    assert survivor.pseudonym.startswith("S-")
    assert case.lead_organisation == lead.organisation
    assert case.opened_by == lead.user
    assert list(case.exploitation_forms.values_list("code", flat=True)) == ["forced_labour"]
    assert case.narrative == "Synthetic: went for work in a garment unit."
    assignment = CaseAssignment.objects.get(case=case)
    assert (assignment.user, assignment.role) == (lead.user, CaseRole.LEAD_CASEWORKER)
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    # The first update to her falls due 90 days after opening (a deadline on the timeline).
    assert kinds == {CaseEvent.Kind.CASE_OPENED, CaseEvent.Kind.TEAM_ADDED, CaseEvent.Kind.DEADLINE}
    assert SurvivorSearchToken.objects.filter(survivor=survivor, kind="phone").count() == 2

    second = client.post(OPEN_URL, open_post(lead, **{"survivor-full_name": "Second Person"}))
    assert second.status_code == 302
    assert Case.objects.order_by("pk").last().reference == f"WB-{year}-0002"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Anjali Vexbridge" in page.content.decode()


def test_org_admin_opens_a_case_for_a_caseworker(client, make_member, org_wb, lead):
    admin = make_member(Role.ORG_ADMIN, org_wb)
    client.force_login(admin.user)
    assert client.post(OPEN_URL, open_post(lead)).status_code == 302
    case = Case.objects.get()
    assert CaseAssignment.objects.get(case=case, role=CaseRole.LEAD_CASEWORKER).user == lead.user
    assert client.get(url("case_detail", case)).status_code == 200  # as admin of the lead organisation


def test_caseworker_opening_a_case_for_a_colleague_does_not_land_on_a_404(client, make_member, org_wb, lead):
    opener = make_member(Role.CASEWORKER, org_wb)
    client.force_login(opener.user)
    response = client.post(OPEN_URL, open_post(lead), follow=True)
    assert Case.objects.count() == 1
    assert CaseAssignment.objects.get(role=CaseRole.LEAD_CASEWORKER).user == lead.user
    assert response.status_code == 200


# The rescue block of intake, filled in (saved as the care record's rescue).
RESCUE = {
    "rescue-rescued_on": days(-10).isoformat(),
    "rescue-rescued_time": "18:00",
    "rescue-state": "MH_STATE",
    "rescue-place": "Synthetic lane QX",
    "rescue-agency": "ahtu",
    "rescue-agency_detail": "AHTU Pune rural",
}

# label -> (form data changes, "form.field" that shows the error, text of the error)
BAD_OPENS = {
    "missing name": ({"survivor-full_name": ""}, "survivor.full_name", "This field is required"),
    "no age": ({"survivor-estimated_age": ""}, "survivor.estimated_age", "date of birth or an estimated age"),
    "age zero": ({"survivor-estimated_age": "0"}, "survivor.estimated_age", "between 1 and 99"),
    "age 150": ({"survivor-estimated_age": "150"}, "survivor.estimated_age", "between 1 and 99"),
    "age without basis": ({"survivor-age_basis": ""}, "survivor.age_basis", "how her age is known"),
    "future birth date": (
        {"survivor-estimated_age": "", "survivor-date_of_birth": "FUTURE"},
        "survivor.date_of_birth",
        "cannot be in the future",
    ),
    "future trafficking date": ({"case-trafficked_on": "FUTURE"}, "case.trafficked_on", "in the future"),
    "future rescue date": ({**RESCUE, "rescue-rescued_on": "FUTURE"}, "rescue.rescued_on", "cannot be in the future"),
    "rescue without its state": ({**RESCUE, "rescue-state": ""}, "rescue.state", "state where she was rescued"),
    "rescue without who rescued her": ({**RESCUE, "rescue-agency": ""}, "rescue.agency", "who rescued her"),
    "rescue details without a date": ({**RESCUE, "rescue-rescued_on": ""}, "rescue.rescued_on", "date of the rescue"),
    "rescue district not in state": ({**RESCUE, "rescue-district": "WB_DISTRICT"}, "rescue.district", "not in the"),
    "bad rescue time": ({**RESCUE, "rescue-rescued_time": "25:99"}, "rescue.rescued_time", "valid time"),
    "year 1900": ({"case-left_home_on": "1900-01-01"}, "case.left_home_on", "Check the year"),
    "trafficked before leaving home": (
        {"case-left_home_on": days(-20).isoformat(), "case-trafficked_on": days(-30).isoformat()},
        "case.trafficked_on",
        "trafficked before she left home",
    ),
    "rescued before trafficked": (
        {**RESCUE, "rescue-rescued_on": days(-115).isoformat()},
        "rescue.rescued_on",
        "before",
    ),
    "source district not in state": (
        {"case-source_district": "MH_DISTRICT"},
        "case.source_district",
        "not in the chosen state",
    ),
    "origin district not in state": (
        {"survivor-origin_district": "MH_DISTRICT"},
        "survivor.origin_district",
        "not in the chosen state",
    ),
    "no exploitation form": ({"case-exploitation_forms": None}, "case.exploitation_forms", "required"),
    "bogus exploitation form": ({"case-exploitation_forms": ["999999"]}, "case.exploitation_forms", "valid choice"),
    "bogus state": ({"case-source_state": "999999"}, "case.source_state", "valid choice"),
    "bogus district": ({"case-destination_district": "999999"}, "case.destination_district", "valid choice"),
    "bogus lead caseworker": ({"open-lead_caseworker": "999999"}, "open.lead_caseworker", "valid choice"),
    "lead caseworker of another org": ({"open-lead_caseworker": "MH_MEMBER"}, "open.lead_caseworker", "valid choice"),
    "lead caseworker not a number": ({"open-lead_caseworker": "abc"}, "open.lead_caseworker", "valid choice"),
    "bogus risk": ({"case-risk_level": "apocalyptic"}, "case.risk_level", "valid choice"),
    "bad date": ({"case-trafficked_on": "2024-02-30"}, "case.trafficked_on", "Enter a valid date"),
}


@pytest.mark.parametrize("label", list(BAD_OPENS))
def test_open_case_bad_input_shows_errors_and_saves_nothing(client, lead, make_member, org_mh, label):
    overrides, where, error_text = BAD_OPENS[label]
    substitutes = {
        "FUTURE": days(3).isoformat(),
        "MH_DISTRICT": district("MH").pk,
        "MH_MEMBER": make_member(Role.CASEWORKER, org_mh).pk,
        "MH_STATE": state("MH").pk,
        "WB_DISTRICT": district("WB").pk,
    }
    overrides = {k: substitutes.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()}
    client.force_login(lead.user)
    before = counts()
    response = client.post(OPEN_URL, open_post(lead, **overrides))
    assert response.status_code == 200
    form_name, field = where.split(".")
    # The rescue block is care's intake section (cases/intake.py), the others the page's own forms.
    forms = {
        **{section["key"]: section["form"] for section in response.context["intake_sections"]},
        **{name: response.context[f"{name}_form"] for name in ("survivor", "case", "open")},
    }
    errors = forms[form_name].errors
    assert error_text in " ".join(errors.get(field, [])), dict(errors)
    assert error_text in response.content.decode()
    assert counts() == before
    assert not Rescue.objects.exists()


def test_lead_caseworker_must_be_an_active_member(client, lead, make_member, org_wb):
    leaver = make_member(Role.CASEWORKER, org_wb)
    leaver.is_active = False
    leaver.deactivated_at = timezone.now()
    leaver.save()
    client.force_login(lead.user)
    before = counts()
    response = client.post(OPEN_URL, open_post(leaver))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("role", [Role.LAWYER, Role.COORDINATOR, Role.SURVIVOR_LEADER])
def test_only_caseworkers_and_admins_open_cases(client, make_member, org_wb, lead, role):
    member = make_member(role, org_wb)
    client.force_login(member.user)
    assert client.get(OPEN_URL).status_code == 403
    before = counts()
    assert client.post(OPEN_URL, open_post(lead)).status_code == 403
    assert counts() == before
    assert "Open a case" not in client.get(reverse("cases:case_list")).content.decode()


def test_open_case_service_refuses_other_roles(make_member, org_wb, lead):
    lawyer = make_member(Role.LAWYER, org_wb)
    with pytest.raises(ValidationError, match="Only caseworkers"):
        services.case_open(actor_membership=lawyer, survivor=SurvivorDetails(full_name="X"))
    assert Survivor.objects.count() == 0


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(OPEN_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- editing with optimistic locking ------------------------------------------------------


@pytest.fixture
def teammate(case, lead, make_member, org_wb):
    member = make_member(Role.CASEWORKER, org_wb, first_name="Tara", last_name="Teammate")
    services.team_add(actor=lead.user, case=case, membership=member, role=CaseRole.CASEWORKER)
    return member


def page_version(response, prefix) -> int:
    match = re.search(rf'name="{prefix}-version" value="(\d+)"', response.content.decode())
    assert match, "no version in the form"
    return int(match.group(1))


def case_edit_post(case, version, **overrides):
    data = {
        "case-source_state": case.source_state_id,
        "case-source_district": case.source_district_id,
        "case-destination_state": case.destination_state_id,
        "case-destination_district": case.destination_district_id,
        "case-destination_place": case.destination_place,
        "case-trafficked_on": case.trafficked_on.isoformat(),
        "case-exploitation_forms": list(case.exploitation_forms.values_list("pk", flat=True)),
        "case-narrative": case.narrative,
        "case-risk_level": case.risk_level,
        "case-version": version,
    }
    data.update(overrides)
    return data


def survivor_edit_post(survivor, version, **overrides):
    data = {
        "survivor-full_name": survivor.full_name,
        "survivor-other_names": "\n".join(survivor.other_names),
        "survivor-sex": survivor.sex,
        "survivor-estimated_age": survivor.estimated_age,
        "survivor-age_basis": survivor.age_basis,
        "survivor-preferred_language": survivor.preferred_language,
        "survivor-preferred_channel": survivor.preferred_channel,
        "survivor-phone_numbers": "\n".join(survivor.phone_numbers),
        "survivor-origin_village": survivor.origin_village,
        "survivor-family_contact": survivor.family_contact,
        "survivor-version": version,
    }
    data.update(overrides)
    return data


def test_case_edit_saves_and_bumps_the_version(case, lead):
    client = logged_in(lead)
    edit = url("case_edit", case)
    version = page_version(client.get(edit), "case")
    assert version == 1
    response = client.post(edit, case_edit_post(case, version, **{"case-narrative": "Edited narrative."}))
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.narrative, case.version, case.updated_by) == ("Edited narrative.", 2, lead.user)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CASE_UPDATED).exists()
    assert case.history.count() >= 2


def test_case_edit_second_save_of_a_stale_page_is_refused(case, lead, teammate):
    first, second = logged_in(lead), logged_in(teammate)
    edit = url("case_edit", case)
    v1, v2 = page_version(first.get(edit), "case"), page_version(second.get(edit), "case")
    assert v1 == v2 == 1
    assert first.post(edit, case_edit_post(case, v1, **{"case-narrative": "First save."})).status_code == 302
    response = second.post(
        edit, case_edit_post(case, v2, **{"case-narrative": "Second save.", "case-risk_level": "critical"})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Changed by Lakshmi Leadworker" in body
    case.refresh_from_db()
    assert (case.narrative, case.risk_level, case.version) == ("First save.", "medium", 2)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.CASE_UPDATED).count() == 1


def test_case_edit_without_a_version_is_refused(case, lead):
    client = logged_in(lead)
    response = client.post(url("case_edit", case), case_edit_post(case, "", **{"case-narrative": "Sneaky."}))
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.narrative == NARRATIVE


def test_survivor_edit_second_save_of_a_stale_page_is_refused(case, lead, teammate):
    first, second = logged_in(lead), logged_in(teammate)
    edit = url("survivor_edit", case)
    v1, v2 = page_version(first.get(edit), "survivor"), page_version(second.get(edit), "survivor")
    assert v1 == v2 == 1
    survivor = case.survivor
    assert (
        first.post(edit, survivor_edit_post(survivor, v1, **{"survivor-phone_numbers": "70030 99988"})).status_code
        == 302
    )
    response = second.post(edit, survivor_edit_post(survivor, v2, **{"survivor-full_name": "Renamed Person"}))
    assert response.status_code == 200
    assert "Changed by Lakshmi Leadworker" in response.content.decode()
    survivor = Survivor.objects.get(pk=survivor.pk)
    assert survivor.full_name == FULL_NAME
    assert survivor.phone_numbers == ["70030 99988"]
    assert survivor.version == 2
    # Search follows the saved record: the new phone finds her, the old one and the refused name do not.
    found = lambda text: result_count(first.post(reverse("cases:case_list"), {"q": text}))  # noqa: E731
    assert (found("7003099988"), found(PHONE), found("Renamed Person"), found(FULL_NAME)) == (1, 0, 0, 1)


# --- closing and reopening ---------------------------------------------------------------


def test_closing_requires_a_reason(case, lead):
    client = logged_in(lead)
    close = url("case_close", case)
    response = client.post(close, {"closed_on": days(0).isoformat(), "version": case.version}, follow=True)
    assert "Choose a reason and a date" in messages_of(response)
    case.refresh_from_db()
    assert case.is_open


def test_closing_on_a_future_date_is_refused(case, lead):
    client = logged_in(lead)
    data = {"closure_reason": "justice_complete", "closed_on": days(2).isoformat(), "version": case.version}
    response = client.post(url("case_close", case), data, follow=True)
    assert "future date" in messages_of(response)
    case.refresh_from_db()
    assert case.is_open


def test_close_and_reopen(case, lead):
    client = logged_in(lead)
    data = {"closure_reason": "justice_complete", "closed_on": days(0).isoformat(), "version": case.version}
    assert client.post(url("case_close", case), data).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.closed_on, case.version) == (
        "closed",
        "justice_complete",
        days(0),
        2,
    )
    page = client.get(url("case_detail", case)).content.decode()
    assert "Reopen case" in page
    # Closing twice is refused with a message.
    again = client.post(url("case_close", case), {**data, "version": 2}, follow=True)
    assert "already closed" in messages_of(again)
    assert client.post(url("case_reopen", case), {"version": 2}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.closed_on, case.version) == ("open", "", None, 3)
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert CaseEvent.Kind.CASE_CLOSED in kinds
    assert CaseEvent.Kind.CASE_REOPENED in kinds


def test_close_with_a_stale_version_is_refused(case, lead):
    client = logged_in(lead)
    data = {"closure_reason": "lost_contact", "closed_on": days(0).isoformat(), "version": 7}
    response = client.post(url("case_close", case), data, follow=True)
    assert "Changed by" in messages_of(response)
    case.refresh_from_db()
    assert case.is_open


# --- notes and the timeline ------------------------------------------------------------------


@pytest.fixture
def lawyer(case, lead, make_member, lawyers_network):
    member = make_member(Role.LAWYER, lawyers_network, first_name="Lalita", last_name="Lawyer")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=lawyers_network)
    services.team_add(actor=lead.user, case=case, membership=member, role=CaseRole.LAWYER)
    return member


TEAM_NOTE = "Team note: she prefers calls after 6 pm."
LAWYER_NOTE = "Lawyers only: strategy for the cross-examination."


def test_team_note_is_visible_to_the_team_not_the_coordinator(case, lead, teammate, lawyer, coordinator):
    timeline = url("case_timeline", case)
    response = logged_in(teammate).post(timeline, {"body": TEAM_NOTE, "visibility": "team"})
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.author, note.visibility) == (teammate.user, "team")
    for member in (lead, teammate, lawyer):
        assert TEAM_NOTE in logged_in(member).get(timeline).content.decode()
    coordinator_page = logged_in(coordinator).get(timeline)
    assert coordinator_page.status_code == 200
    assert TEAM_NOTE not in coordinator_page.content.decode()


def test_lawyers_only_note_is_hidden_from_caseworkers_and_coordinator(
    case, lead, teammate, lawyer, coordinator, make_member, org_wb
):
    timeline = url("case_timeline", case)
    assert logged_in(lawyer).post(timeline, {"body": LAWYER_NOTE, "visibility": "lawyers"}).status_code == 302
    assert CaseNote.objects.get().visibility == "lawyers"
    assert LAWYER_NOTE in logged_in(lawyer).get(timeline).content.decode()
    admin = make_member(Role.ORG_ADMIN, org_wb)
    for member in (lead, teammate, coordinator, admin):
        client = logged_in(member)
        for page in (timeline, url("case_detail", case)):
            response = client.get(page)
            assert response.status_code == 200
            assert LAWYER_NOTE not in response.content.decode()
        assert "Note for lawyers" not in client.get(timeline).content.decode()


def test_caseworker_cannot_post_a_lawyers_only_note(case, teammate):
    client = logged_in(teammate)
    response = client.post(url("case_timeline", case), {"body": LAWYER_NOTE, "visibility": "lawyers"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CaseNote.objects.exists()
    with pytest.raises(ValidationError, match="Only lawyers"):
        services.note_add(actor=teammate.user, case=case, body=LAWYER_NOTE, visibility="lawyers")
    assert not CaseNote.objects.exists()


def test_coordinator_cannot_post_notes(case, coordinator):
    response = logged_in(coordinator).post(url("case_timeline", case), {"body": "hello", "visibility": "team"})
    assert response.status_code == 404
    assert not CaseNote.objects.exists()


def test_empty_note_is_refused(case, lead):
    response = logged_in(lead).post(url("case_timeline", case), {"body": "   ", "visibility": "team"})
    assert response.status_code == 200
    assert not CaseNote.objects.exists()


def test_timeline_shows_events(case, lead, teammate):
    upload_document(case, lead.user)
    services.note_add(actor=lead.user, case=case, body=TEAM_NOTE, visibility="team")
    body = logged_in(teammate).get(url("case_timeline", case)).content.decode()
    for label in ("Case opened", "Added to the team", "Document uploaded", "Note"):
        assert label in body
    assert "Tara Teammate" in body
    assert TEAM_NOTE in body
    assert FULL_NAME not in re.sub(r"<h1>.*?</h1>", "", body, flags=re.S)  # only the header names her


# --- break-glass -------------------------------------------------------------------------------

REASON = "Police request about her safety; court order pending."


def test_break_glass_needs_a_real_reason(case, coordinator):
    client = logged_in(coordinator)
    for reason in ("", "too short", " " * 20 + "short"):
        response = client.post(url("identity_reveal", case), {"reason": reason})
        assert response.status_code == 200
        body = response.content.decode()
        assert "errorlist" in body
        assert FULL_NAME not in body
    assert not CaseUserObjectPermission.objects.exists()
    assert not AccessLogEntry.objects.filter(action="break_glass").exists()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.IDENTITY_REVEALED).exists()


def test_break_glass_reveals_logs_and_tells_the_lead(
    case, lead, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client = logged_in(coordinator)
    survivor_page = url("survivor_detail", case)
    assert FULL_NAME not in client.get(survivor_page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("identity_reveal", case), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == survivor_page

    body = client.get(survivor_page).content.decode()
    assert FULL_NAME in body
    assert PHONE in body
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.BREAK_GLASS)
    assert (entry.case, entry.user, entry.reason) == (case, coordinator.user, REASON)
    event = CaseEvent.objects.get(kind=CaseEvent.Kind.IDENTITY_REVEALED)
    assert (event.case, event.actor) == (case, coordinator.user)
    assert REASON not in event.summary
    assert AccessLogEntry.objects.filter(action="view_identity", user=coordinator.user).exists()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [lead.user.email]
    assert case.reference in mail.subject
    for text in (FULL_NAME, PHONE, REASON):
        assert text not in mail.subject + mail.body

    # Now visible: she can find the case by name, and a second reveal is refused.
    assert result_count(client.post(reverse("cases:case_list"), {"q": FULL_NAME})) == 1
    assert client.post(url("identity_reveal", case), {"reason": REASON}).status_code == 404
    # Still no documents: break-glass reveals who she is, not her file.
    assert client.get(url("case_documents", case)).status_code == 404


def test_break_glass_expires(case, coordinator):
    client = logged_in(coordinator)
    client.post(url("identity_reveal", case), {"reason": REASON})
    assert FULL_NAME in client.get(url("survivor_detail", case)).content.decode()
    grant = CaseUserObjectPermission.objects.get()
    assert grant.expires_at > timezone.now() + datetime.timedelta(hours=7)
    CaseUserObjectPermission.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert FULL_NAME not in client.get(url("survivor_detail", case)).content.decode()
    assert result_count(client.post(reverse("cases:case_list"), {"q": FULL_NAME})) == 0


def test_break_glass_by_someone_else_is_404(case, lead, make_member, org_wb):
    admin = make_member(Role.ORG_ADMIN, org_wb)
    for member in (lead, admin):
        assert logged_in(member).post(url("identity_reveal", case), {"reason": REASON}).status_code == 404
    assert not CaseUserObjectPermission.objects.exists()


# --- the access log -------------------------------------------------------------------------------


def test_who_reads_the_access_log(case, lead, teammate, coordinator, make_member, org_wb, org_mh):
    log = url("case_access_log", case)
    assert logged_in(make_member(Role.ORG_ADMIN, org_wb)).get(log).status_code == 200
    assert logged_in(coordinator).get(log).status_code == 200
    assert logged_in(teammate).get(log).status_code == 404
    assert logged_in(lead).get(log).status_code == 404
    assert logged_in(make_member(Role.ORG_ADMIN, org_mh)).get(log).status_code == 404


def test_views_and_downloads_are_logged(case, lead, coordinator):
    document = upload_document(case, lead.user)
    client = logged_in(lead)
    client.get(url("case_detail", case))
    client.get(url("survivor_detail", case) + "?note=" + FULL_NAME.replace(" ", "+"))
    client.get(url("case_document_download", case, document_id=document.pk))
    entries = list(AccessLogEntry.objects.filter(case=case, user=lead.user).order_by("pk"))
    assert [e.action for e in entries] == ["view_case", "view_identity", "download_document"]
    assert entries[2].target == f"document {document.pk}"
    assert all(e.ip_address == "127.0.0.1" for e in entries)
    assert entries[1].path == url("survivor_detail", case)  # the query string is not kept
    # A masked view is a view of the case, not of her identity.
    logged_in(coordinator).get(url("survivor_detail", case))
    assert not AccessLogEntry.objects.filter(user=coordinator.user, action="view_identity").exists()


def test_denied_attempt_is_logged_against_the_case(case, make_member, org_mh, org_wb):
    outsider = make_member(Role.CASEWORKER, org_mh, first_name="Olga", last_name="Outsider")
    client = logged_in(outsider)
    assert client.get(url("survivor_detail", case)).status_code == 404
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.DENIED)
    assert (entry.case, entry.user, entry.path) == (case, outsider.user, url("survivor_detail", case))
    client.get(reverse("cases:case_detail", kwargs={"case_id": 999999}))
    assert AccessLogEntry.objects.filter(action="denied", case__isnull=True, user=outsider.user).count() == 1
    admin_page = logged_in(make_member(Role.ORG_ADMIN, org_wb)).get(url("case_access_log", case)).content.decode()
    assert "Olga Outsider" in admin_page
    assert "Denied" in admin_page


def test_access_log_rows_cannot_be_changed_or_deleted(case, lead):
    logged_in(lead).get(url("case_detail", case))
    entry = AccessLogEntry.objects.get()
    entry.reason = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    event = CaseEvent.objects.filter(case=case).first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AccessLogEntry.objects.get().reason == ""


def test_access_log_cannot_be_changed_in_bulk(case, lead):
    logged_in(lead).get(url("case_detail", case))
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.update(reason="tampered")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()


def test_refused_action_on_a_visible_case_is_logged(case, lead, coordinator):
    document = upload_document(case, lead.user)
    client = logged_in(coordinator)
    assert client.get(url("case_documents", case)).status_code == 404
    assert client.get(url("case_document_download", case, document_id=document.pk)).status_code == 404
    denied = AccessLogEntry.objects.filter(case=case, user=coordinator.user, action=AccessLogEntry.Action.DENIED)
    assert denied.count() == 2


def test_user_text_is_escaped(case, lead):
    services.note_add(actor=lead.user, case=case, body="<script>alert('note')</script>", visibility="team")
    body = logged_in(lead).get(url("case_timeline", case)).content.decode()
    assert "<script>alert(" not in body
    assert "&lt;script&gt;alert(" in body


# --- sorting -------------------------------------------------------------------------------------


def rows_in_order(response) -> list[str]:
    return re.findall(r'<td[^>]*><a href="/cases/\d+/">([A-Z]{2}-\d{4}-\d{4})</a></td>', case_rows(response))


def test_sort_by_reference_and_age(lead):
    from cases.factories import open_case

    cases = [open_case(lead) for _ in range(3)]
    client = logged_in(lead)
    by_reference = rows_in_order(client.get(reverse("cases:case_list"), {"sort": "reference"}))
    assert by_reference == sorted(c.reference for c in cases)
    assert rows_in_order(client.get(reverse("cases:case_list"), {"sort": "-opened_at"})) == [
        c.reference for c in cases[::-1]
    ]
    assert rows_in_order(client.get(reverse("cases:case_list"), {"sort": "opened_at"})) == [c.reference for c in cases]


def test_risk_level_sort_puts_critical_cases_first(lead):
    from cases.factories import open_case

    references = {risk: open_case(lead, risk_level=risk).reference for risk in ("low", "critical", "medium", "high")}
    listed = rows_in_order(logged_in(lead).get(reverse("cases:case_list"), {"sort": "-risk_level"}))
    assert listed == [references[r] for r in ("critical", "high", "medium", "low")]


def test_the_list_filtered_by_form_shows_each_case_once_without_distinct(lead):
    """A case with two forms of exploitation, filtered by one of them, is one row; the list's
    query has no DISTINCT (issue 17: it sorted every column of every visible case)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.factories import open_case

    both = open_case(lead, forms=("sexual_exploitation", "forced_labour"))
    other = open_case(lead, forms=("domestic_servitude",))
    client = logged_in(lead)
    labour = ExploitationForm.objects.get(code="forced_labour")
    with CaptureQueriesContext(connection) as queries:
        listed = rows_in_order(client.get(reverse("cases:case_list"), {"exploitation_form": labour.pk}))
    assert listed == [both.reference]
    assert other.reference not in listed
    case_queries = [q["sql"] for q in queries.captured_queries if 'FROM "cases_case"' in q["sql"]]
    assert case_queries and not [sql for sql in case_queries if "DISTINCT" in sql.upper()]
    everything = rows_in_order(client.get(reverse("cases:case_list")))
    assert everything == [other.reference, both.reference]  # newest first, each once


# --- fuzzing -------------------------------------------------------------------------------------

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
safe_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
numberish = st.integers(min_value=-(2**70), max_value=2**70).map(str)


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "state", "organisation", "exploitation_form", "status", "minor", "sort", "page"]),
        st.one_of(
            safe_text,
            numberish,
            st.sampled_from(["open", "closed", "yes", "no", "-opened_at", "reference", "-risk_level", "1", "0"]),
        ),
    ),
    who=st.sampled_from(["lead", "coordinator"]),
    htmx=st.booleans(),
)
def test_case_list_never_fails_on_any_filter(case, lead, coordinator, params, who, htmx):
    client = logged_in(lead if who == "lead" else coordinator)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    # The search box is posted; the filters alone may come in the address.
    posted = client.post(reverse("cases:case_list"), params, **headers)
    fetched = client.get(reverse("cases:case_list"), {k: v for k, v in params.items() if k != "q"}, **headers)
    for response in (posted, fetched):
        assert response.status_code == 200
        if who == "coordinator":
            assert FULL_NAME not in case_rows(response)


def optional(strategy):
    return st.one_of(st.just(""), strategy)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "purpose": st.one_of(st.sampled_from(ConsentPurpose.values), safe_text),
            "recipient_organisation": optional(st.one_of(st.sampled_from(["ORG", "999999"]), numberish, safe_text)),
            "given_by": st.one_of(st.sampled_from(Consent.GivenBy.values), safe_text),
            "guardian_name": optional(safe_text),
            "legal_basis": optional(st.text(max_size=400, alphabet=st.characters(blacklist_categories=("Cs",)))),
            "method": st.one_of(st.sampled_from(Consent.Method.values), safe_text),
            "witness_name": optional(safe_text),
            "given_on": optional(st.one_of(st.dates().map(str), safe_text)),
            "expires_on": optional(st.one_of(st.dates().map(str), safe_text)),
        }
    )
)
def test_consent_form_never_fails_and_saves_only_valid_consent(case, lead, org_mh, data):
    client = logged_in(lead)
    if data["recipient_organisation"] == "ORG":
        data["recipient_organisation"] = org_mh.pk
    before = set(Consent.objects.values_list("pk", flat=True))
    events = CaseEvent.objects.count()
    response = client.post(url("case_consent_new", case), data)
    assert response.status_code in (200, 302)
    added = Consent.objects.exclude(pk__in=before)
    if response.status_code == 200:
        assert not added.exists()
        assert CaseEvent.objects.count() == events
        return
    consent = added.get()
    survivor_services.validate_consent(consent, case.survivor)  # what was saved passes every rule
    assert consent.given_on <= timezone.localdate()
    assert consent.expires_on is None or consent.expires_on >= consent.given_on
    assert consent.case == case
    assert consent.recorded_by == lead.user


# --- the rescue, recorded once (the care record), from intake on ---------------------------------


def _child_intake(lead, **overrides):
    """A 15-year-old's case, her rescue yesterday at 18:00 recorded at intake."""
    data = {
        **RESCUE,
        "survivor-estimated_age": "15",
        "rescue-rescued_on": days(-1).isoformat(),
        "rescue-rescued_time": "18:00",
        "rescue-state": state("MH").pk,
        "rescue-district": district("MH").pk,
    }
    return open_post(lead, **{**data, **overrides})


def _cwc_deadline(case):
    from cases.models import Deadline

    return Deadline.objects.get(case=case, rule_code="cwc_production")


def _day_text(day) -> str:
    return f"{day.day} {day:%b %Y}"


def test_intake_records_the_rescue_and_opens_the_cwc_deadline_at_once(client, lead):
    client.force_login(lead.user)
    response = client.post(OPEN_URL, _child_intake(lead))
    assert response.status_code == 302
    case = Case.objects.get()
    rescue = Rescue.objects.get(case=case)
    rescued_at = timezone.make_aware(datetime.datetime.combine(days(-1), datetime.time(18, 0)))
    assert (rescue.rescued_at, rescue.time_known, rescue.state, rescue.agency) == (
        rescued_at,
        True,
        state("MH"),
        "ahtu",
    )
    assert rescue.place == "Synthetic lane QX" and rescue.created_by == lead.user
    assert case.rescued_on == days(-1) and case.escaped is False
    # JJ Act s.31(1): a child is produced before the CWC within 24 hours of the rescue.
    assert _cwc_deadline(case).due_at == rescued_at + datetime.timedelta(hours=24)
    overview = client.get(url("case_detail", case)).content.decode()
    assert f"{_day_text(days(-1))}, 18:00" in overview
    assert "Production of the child before the CWC" in overview


def test_changing_the_rescue_on_the_care_tab_moves_every_reader(client, lead):
    """One fact in one place: the case's copy, the overview, the FIR and the deadline all follow the Care tab."""
    from legal.models import FIR
    from tests.legal.helpers import make_fir

    client.force_login(lead.user)
    assert client.post(OPEN_URL, _child_intake(lead)).status_code == 302
    case = Case.objects.get()
    fir = make_fir(case, lead.user)
    rescue = Rescue.objects.get(case=case)
    moved = client.post(
        reverse("care:care_rescue", args=[case.pk]),
        {
            "rescued_on": days(-3).isoformat(),
            "rescued_time": "18:00",
            "state": state("MH").pk,
            "agency": "ahtu",
            "version": rescue.version,
        },
    )
    assert moved.status_code == 302
    new_at = timezone.make_aware(datetime.datetime.combine(days(-3), datetime.time(18, 0)))
    case.refresh_from_db()
    assert case.rescued_on == days(-3)
    assert FIR.objects.get(pk=fir.pk).rescued_on == days(-3)
    assert _cwc_deadline(case).due_at == new_at + datetime.timedelta(hours=24)
    overview = client.get(url("case_detail", case)).content.decode()
    rescued = re.search(r'<dd id="rescue-when">(.*?)</dd>', overview, re.S).group(1)
    assert f"{_day_text(days(-3))}, 18:00" in rescued and f"{_day_text(days(-1))}" not in rescued
    assert Rescue.objects.filter(case=case).count() == 1


def test_a_rescue_time_not_recorded_never_shows_as_midnight(client, lead):
    client.force_login(lead.user)
    assert (
        client.post(
            OPEN_URL, open_post(lead, **{**RESCUE, "rescue-state": state("MH").pk, "rescue-rescued_time": ""})
        ).status_code
        == 302
    )
    case = Case.objects.get()
    rescue = Rescue.objects.get(case=case)
    assert rescue.time_known is False and case.rescued_on == days(-10)
    for page in (url("case_detail", case), url("case_edit", case), reverse("care:case_care", args=[case.pk])):
        body = client.get(page).content.decode()
        assert f"{_day_text(days(-10))} (time not recorded)" in body
        # What she reads, not the machine-readable datetime="" of a <time> (recorded at 20:00:00
        # IST, a timeline entry's own timestamp holds "00:00").
        assert "00:00" not in re.sub(r'datetime="[^"]*"', "", body)
    form = client.get(reverse("care:care_rescue", args=[case.pk])).context["form"]
    assert form["rescued_time"].value() in (None, "")


def test_intake_without_a_rescue_records_none(client, lead):
    client.force_login(lead.user)
    assert client.post(OPEN_URL, open_post(lead)).status_code == 302
    case = Case.objects.get()
    assert not Rescue.objects.exists() and case.rescued_on is None
    assert "Production of the child" not in client.get(url("case_detail", case)).content.decode()


def test_a_colleague_opening_the_case_for_the_lead_records_the_rescue_too(client, make_member, org_wb, lead):
    opener = make_member(Role.CASEWORKER, org_wb)
    client.force_login(opener.user)
    assert client.post(OPEN_URL, _child_intake(lead)).status_code == 302
    case = Case.objects.get()
    assert Rescue.objects.get(case=case).created_by == opener.user
    assert _cwc_deadline(case).is_open


def test_the_case_form_no_longer_takes_the_rescue(case, lead):
    from tests.care.conftest import record_rescue

    rescue = record_rescue(case, lead, days_ago=20)
    client = logged_in(lead)
    edit = url("case_edit", case)
    page = client.get(edit)
    body = page.content.decode()
    assert 'name="case-rescued_on"' not in body and 'name="case-escaped"' not in body
    assert "Edit on the Care tab" in body and reverse("care:care_rescue", args=[case.pk]) in body
    case.refresh_from_db()
    posted = case_edit_post(
        case, page_version(page, "case"), **{"case-rescued_on": days(-2).isoformat(), "case-escaped": "on"}
    )
    assert client.post(edit, posted).status_code == 302
    case.refresh_from_db()
    assert (case.rescued_on, case.escaped) == (rescue.rescued_on, False)


def test_case_dates_after_the_recorded_rescue_are_refused(case, lead):
    from tests.care.conftest import record_rescue

    record_rescue(case, lead, days_ago=20)
    case.refresh_from_db()
    client = logged_in(lead)
    response = client.post(
        url("case_edit", case), case_edit_post(case, case.version, **{"case-trafficked_on": days(-5).isoformat()})
    )
    assert response.status_code == 200
    assert "The rescue is recorded on" in response.content.decode()
    case.refresh_from_db()
    assert case.trafficked_on != days(-5)


def test_an_outsider_gets_404_on_the_overview_and_the_edit_form(case, make_member, org_mh):
    outsider = logged_in(make_member(Role.CASEWORKER, org_mh))
    for name in ("case_detail", "case_edit"):
        assert outsider.get(url(name, case)).status_code == 404
    assert outsider.post(url("case_edit", case), case_edit_post(case, 1)).status_code == 404


def test_the_rescue_service_refuses_intake_by_someone_other_than_the_opener(case, lead, make_member, org_wb):
    from django.http import Http404

    from care.services import rescue_save

    other = make_member(Role.CASEWORKER, org_wb)
    rescue = Rescue(rescued_at=timezone.now(), state=state("MH"), agency="ahtu")
    with pytest.raises(Http404):
        rescue_save(actor=other.user, case=case, rescue=rescue, opening=True)
    assert not Rescue.objects.exists()
