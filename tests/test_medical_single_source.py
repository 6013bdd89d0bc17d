"""One fact, one place (issue 15): the medical examination and the judgment's date.

The medical examination is one record (legal.MedicalExamination), recorded from the Care tab or the
Investigation tab through one service (legal.investigation.services.medical_exam_record), which meets the 24-hour
deadline (BNSS 184(1) / CrPC 164A(1)) once, on the examination's day, and starts the 7-day report
deadline (BNSS 184(6)). Both tabs show the same examination. CourtCase.judgment_on is a copy of
Judgment.on, written only by the judgment services. All data synthetic.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from care import services as care_services
from care.models import Rescue
from care.selectors import medical_exam_status
from cases.models import CaseEvent, Deadline
from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation
from legal.court import services as court_services
from legal.investigation import services as legal_services
from legal.models import CourtCase, Judgment, MedicalExamination
from tests.access_matrix import MISSING_CASE, G, L, N, cast_around, persona_problems
from tests.cases.conftest import *  # noqa: F403  (lead, case, collective, lawyers_network...)
from tests.cases.helpers import FULL_NAME, normalise_page

RESCUED_DAYS_AGO = 5


def _rescue(case, lead, *, consent="given") -> Rescue:
    """Rescued five days ago at 09:00; she reports rape and (by default) consents to the examination."""
    rescued_at = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=RESCUED_DAYS_AGO), datetime.time(9))
    )
    rescue = Rescue(
        rescued_at=rescued_at,
        state=state("MH"),
        agency=Rescue.Agency.AHTU,
        rape_reported=True,
        exam_consent=consent,
        exam_consent_at=rescued_at + datetime.timedelta(hours=1) if consent else None,
    )
    return care_services.rescue_save(actor=lead.user, case=case, rescue=rescue)


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def _care_url(case):
    return reverse("care:case_care", kwargs={"case_id": case.pk})


def _record_url(case, *, from_care: bool):
    url = reverse("legal:medical_new", kwargs={"case_id": case.pk})
    return url + "?from=care" if from_care else url


def _shown_date(exam) -> str:
    return f"{exam.examined_on.day} {exam.examined_on:%b %Y}"


def _medical_line(page: str) -> str:
    """The Care tab's "Medical examination" entry."""
    match = re.search(r'<dd class="medical-status".*?</dd>', page, re.S)
    assert match, "the Care tab shows no medical examination entry"
    return match.group(0)


def _investigation_medical(page: str) -> str:
    match = re.search(r'<section class="panel" id="medical".*?</section>', page, re.S)
    assert match, "the Investigation tab shows no medical section"
    return match.group(0)


# --- one record, two tabs -------------------------------------------------------------------------


def test_the_rescue_keeps_no_examination_of_its_own():
    names = {f.name for f in Rescue._meta.get_fields()}
    assert "medical_examined_at" not in names
    assert "exam_consent" in names  # her consent is a different fact and stays on the rescue


def test_recorded_on_the_care_tab_shows_on_the_investigation_tab_and_meets_the_deadline_once(client, case, lead):
    _rescue(case, lead)
    deadline = Deadline.objects.get(case=case, rule_code="medical_examination", status=Deadline.Status.OPEN)
    client.force_login(lead.user)
    care = client.get(_care_url(case)).content.decode()
    assert _record_url(case, from_care=True) in care
    assert "Record the medical examination" in care

    page = client.get(_record_url(case, from_care=True))
    assert page.status_code == 200
    assert "Back to Care" in page.content.decode()
    examined_on = _day(RESCUED_DAYS_AGO)
    response = client.post(
        _record_url(case, from_care=True),
        {"examined_on": examined_on.isoformat(), "examined_time": "15:30", "hospital": "Test Civil Hospital"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(_care_url(case))

    exam = MedicalExamination.objects.get(case=case)
    assert (exam.examined_on, exam.examined_time, exam.recorded_by) == (examined_on, datetime.time(15, 30), lead.user)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == (Deadline.Status.MET, examined_on)
    report = Deadline.objects.get(case=case, rule_code="medical_report")
    assert report.subject_key == f"legal.medicalexamination:{exam.pk}"

    investigation = _investigation_medical(client.get(reverse("legal:investigation", args=[case.pk])).content.decode())
    assert f"{_shown_date(exam)}, 15:30" in investigation
    assert "Test Civil Hospital" in investigation
    care_line = _medical_line(client.get(_care_url(case)).content.decode())
    assert f"{_shown_date(exam)}, 15:30" in care_line
    assert "within 24 hours" in care_line  # 09:00 to 15:30 the same day (BNSS 184(1))

    # A second examination (on the Investigation tab) meets nothing again: the deadline was met once.
    legal_services.medical_exam_record(actor=lead.user, case=case, **{"examined_on": _day(1)})
    assert Deadline.objects.filter(case=case, rule_code="medical_examination", status="met").count() == 1
    assert (
        CaseEvent.objects.filter(case=case, summary__contains="Medical examination within 24 hours")
        .filter(summary__contains="met")
        .count()
        == 1
    )
    # The Care tab still shows the first examination after the rescue.
    assert f"{_shown_date(exam)}, 15:30" in _medical_line(client.get(_care_url(case)).content.decode())


def test_recorded_on_the_investigation_tab_shows_on_the_care_tab(client, case, lead):
    _rescue(case, lead)
    client.force_login(lead.user)
    examined_on = _day(RESCUED_DAYS_AGO - 2)  # two days after the rescue: later than the 24 hours
    response = client.post(_record_url(case, from_care=False), {"examined_on": examined_on.isoformat()})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("legal:investigation", args=[case.pk]))
    exam = MedicalExamination.objects.get(case=case)
    assert exam.examined_time is None
    care_line = _medical_line(client.get(_care_url(case)).content.decode())
    assert f"{_shown_date(exam)} (time not recorded)" in care_line
    assert "00:00" not in care_line
    assert "later than 24 hours" in care_line
    investigation = _investigation_medical(client.get(reverse("legal:investigation", args=[case.pk])).content.decode())
    assert _shown_date(exam) in investigation and "00:00" not in investigation
    deadline = Deadline.objects.get(case=case, rule_code="medical_examination")
    assert (deadline.status, deadline.met_on, deadline.met_late) == ("met", examined_on, True)


def test_an_examination_recorded_before_her_consent_meets_the_deadline_when_it_opens(case, lead):
    """Examined first, her consent entered on the rescue later: the deadline opens already met, on that day."""
    rescue = _rescue(case, lead, consent="")
    assert not Deadline.objects.filter(case=case, rule_code="medical_examination").exists()
    legal_services.medical_exam_record(actor=lead.user, case=case, **{"examined_on": _day(RESCUED_DAYS_AGO)})
    rescue.exam_consent, rescue.exam_consent_at = "given", rescue.rescued_at
    care_services.rescue_save(actor=lead.user, case=case, rescue=rescue, expected_version=rescue.version)
    deadline = Deadline.objects.get(case=case, rule_code="medical_examination")
    assert (deadline.status, deadline.met_on) == ("met", _day(RESCUED_DAYS_AGO))


def test_the_examination_events_stay_off_a_support_leaders_timeline(case, lead):
    _rescue(case, lead)
    legal_services.medical_exam_record(actor=lead.user, case=case, **{"examined_on": _day(RESCUED_DAYS_AGO)})
    event = CaseEvent.objects.get(case=case, data__action="medical_examination")
    assert event.kind == CaseEvent.Kind.CARE  # hidden from a survivor leader there only to support her


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"examined_on": "FUTURE"}, "examined_on", "cannot be in the future"),
        ({"examined_on": "TODAY", "examined_time": "23:59"}, "examined_time", "still to come"),
        ({"examined_on": "BEFORE_RESCUE"}, "examined_on", "before the rescue"),
        ({"examined_on": "RESCUE_DAY", "examined_time": "08:00"}, "examined_on", "before the rescue"),
        ({"examined_on": "RESCUE_DAY", "report_on": "BEFORE_RESCUE"}, "report_on", "before the examination"),
        ({"examined_on": ""}, "examined_on", "required"),
        ({"examined_on": "RESCUE_DAY", "examined_time": "25:61"}, "examined_time", "valid time"),
    ],
)
@pytest.mark.parametrize("from_care", [True, False])
def test_bad_examination_input_is_refused_with_a_message_and_nothing_saved(
    client, case, lead, fields, field, message, from_care
):
    _rescue(case, lead)
    if fields.get("examined_time") == "23:59" and timezone.localtime().time() >= datetime.time(23, 58):
        pytest.skip("no minute of today is still to come")
    days = {
        "FUTURE": _day(-1),
        "TODAY": _day(0),
        "BEFORE_RESCUE": _day(RESCUED_DAYS_AGO + 1),
        "RESCUE_DAY": _day(RESCUED_DAYS_AGO),
    }
    data = {name: days[value].isoformat() if value in days else value for name, value in fields.items()}
    before = list(Deadline.objects.filter(case=case).values_list("pk", "status", "version"))
    client.force_login(lead.user)
    response = client.post(_record_url(case, from_care=from_care), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert not MedicalExamination.objects.exists()
    assert list(Deadline.objects.filter(case=case).values_list("pk", "status", "version")) == before


def test_the_same_examination_twice_is_refused(client, case, lead):
    _rescue(case, lead)
    legal_services.medical_exam_record(actor=lead.user, case=case, **{"examined_on": _day(RESCUED_DAYS_AGO)})
    client.force_login(lead.user)
    response = client.post(_record_url(case, from_care=True), {"examined_on": _day(RESCUED_DAYS_AGO).isoformat()})
    assert response.status_code == 200
    assert "already recorded" in " ".join(response.context["form"].errors["examined_on"])
    assert MedicalExamination.objects.count() == 1


def test_the_rescue_cannot_move_after_a_recorded_examination(case, lead):
    from django.core.exceptions import ValidationError

    rescue = _rescue(case, lead)
    legal_services.medical_exam_record(actor=lead.user, case=case, **{"examined_on": _day(RESCUED_DAYS_AGO)})
    rescue.rescued_at += datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        care_services.rescue_save(actor=lead.user, case=case, rescue=rescue, expected_version=rescue.version)
    assert "medical examination is recorded" in " ".join(error.value.message_dict["rescued_at"])
    assert Rescue.objects.get(case=case).rescued_on == _day(RESCUED_DAYS_AGO)


# --- who may record it ----------------------------------------------------------------------------

PERSONAS = [
    "lead",
    "teammate",
    "colleague",
    "org_admin",
    "other_org_caseworker",
    "other_org_admin",
    "coordinator",
    "leader_without_consent",
    "leader_on_team",
    "lawyer",
    "anonymous",
]
# Care's recorders (the team's caseworkers, the lead organisation's admin) and the investigation's
# (the lawyer on the team too), from either tab; everyone else a 404 like a missing case.
RECORDERS = [G, G, N, G, N, N, N, N, N, G, L]


@pytest.fixture
def people(case, lead, make_member, org_wb, org_mh, secretariat, collective):
    network = OrganisationFactory(
        name="Test Lawyers M", short_name="TLM", kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB")
    )
    found = cast_around(
        case,
        lead,
        make_member,
        org_wb=org_wb,
        org_mh=org_mh,
        secretariat=secretariat,
        collective=collective,
        lawyers_network=network,
    )
    del found["outside_lawyer"]
    return found


@pytest.mark.parametrize("from_care", [True, False])
def test_who_may_open_the_examination_form(client, case, lead, people, from_care):
    _rescue(case, lead)
    path = reverse("legal:medical_new", kwargs={"case_id": case.pk})
    missing_path = reverse("legal:medical_new", kwargs={"case_id": MISSING_CASE})
    if not from_care:
        problems = persona_problems(
            client, people, PERSONAS, RECORDERS, "get", path, missing_url=missing_path, secrets=(case.reference,)
        )
        assert not problems, "\n".join(problems)
        return
    problems = persona_problems(client, people, PERSONAS, RECORDERS, "get", path + "?from=care")
    assert not problems, "\n".join(problems)
    # Refused from the Care tab: the same 404 as for a case that does not exist, naming nothing of hers.
    for persona in ("colleague", "coordinator", "leader_on_team"):
        client.force_login(people[persona].user)
        refused = client.get(path + "?from=care")
        missing = client.get(missing_path + "?from=care")
        assert refused.status_code == missing.status_code == 404
        assert normalise_page(refused.content, path) == normalise_page(missing.content, missing_path), persona
        assert case.reference not in refused.content.decode() and FULL_NAME not in refused.content.decode()


@pytest.mark.parametrize(("persona", "allowed"), [("lawyer", True), ("teammate", True), ("coordinator", False)])
def test_who_may_record_it_from_the_care_tab(client, case, lead, people, persona, allowed):
    _rescue(case, lead)
    client.force_login(people[persona].user)
    response = client.post(_record_url(case, from_care=True), {"examined_on": _day(RESCUED_DAYS_AGO).isoformat()})
    assert response.status_code == (302 if allowed else 404)
    assert MedicalExamination.objects.filter(case=case).count() == (1 if allowed else 0)
    care = client.get(_care_url(case)).content.decode()
    assert ("Record another examination" in care) is allowed


def test_the_care_tab_offers_the_form_only_to_those_who_may_record(client, case, lead, people):
    _rescue(case, lead)
    client.force_login(people["coordinator"].user)
    body = client.get(_care_url(case)).content.decode()
    assert "medical-status" in body  # a coordinator sees the care records
    assert "Record the medical examination" not in body


# --- the judgment's date: Judgment.on, copied to CourtCase.judgment_on ------------------------------


def test_recording_and_correcting_a_judgment_keeps_its_date_and_the_court_cases_copy_equal(lead):
    from tests.cases.helpers import open_survivor_case
    from tests.legal.court_helpers import make_court_case

    case = open_survivor_case(lead)
    court_case = make_court_case(case, lead.user, stage="judgment")
    judgment = Judgment.objects.get(court_case=court_case)
    assert court_case.judgment_on == judgment.on
    corrected = judgment.on - datetime.timedelta(days=2)
    court_case = court_services.court_case_update(
        actor=lead.user, court_case=court_case, expected_version=court_case.version, **{"judgment_on": corrected}
    )
    judgment.refresh_from_db()
    assert court_case.judgment_on == judgment.on == corrected
    assert set(judgment.outcomes.values_list("decided_on", flat=True)) == {corrected}


# --- the demo -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_demo_examination_is_recorded_once_and_both_tabs_show_the_same_date(seeded, client):
    exams = list(MedicalExamination.objects.select_related("case").order_by("case_id", "examined_on", "pk"))
    assert exams, "the demo shows medical examinations"
    days = [(e.case_id, e.examined_on) for e in exams]
    assert len(days) == len(set(days)), "an examination recorded twice"
    case_ids = sorted({e.case_id for e in exams})
    shown = 0
    for case_id in case_ids:
        case = exams[[e.case_id for e in exams].index(case_id)].case
        rescue = Rescue.objects.filter(case=case).first()
        if rescue is None:
            continue
        first = MedicalExamination.objects.filter(case=case, examined_on__gte=rescue.rescued_on).first()
        assert medical_exam_status(case, rescue).examination == first
        if first is None or shown >= 6:
            continue
        lead = case.assignments.filter(role="lead_caseworker").select_related("user").first().user
        client.force_login(lead)
        care_line = _medical_line(client.get(_care_url(case)).content.decode())
        investigation = _investigation_medical(
            client.get(reverse("legal:investigation", args=[case.pk])).content.decode()
        )
        assert _shown_date(first) in care_line and _shown_date(first) in investigation, case.reference
        assert "00:00" not in care_line
        shown += 1
    assert shown, "no demo case shows its examination on both tabs"


@pytest.mark.django_db
def test_every_demo_judgment_date_equals_its_court_cases_copy(seeded):
    court_cases = list(CourtCase.objects.filter(judgment__isnull=False).select_related("judgment"))
    assert court_cases, "the demo records judgments"
    assert [cc.pk for cc in court_cases if cc.judgment_on != cc.judgment.on] == []
    assert not CourtCase.objects.filter(judgment__isnull=True, judgment_on__isnull=False).exists()
