"""Court cases and hearings imported (imports.kinds_court): through the Court tab's services, the
trial's stages walked in order on their own dates, hearings recorded or scheduled."""

import datetime

import pytest
from django.utils import timezone

from cases.models import CaseAssignment, CaseEvent, CaseRole, Deadline
from consortium.models import Role
from imports.models import ImportedRecord
from imports.services import import_run
from legal.models import CourtCase, CourtCharge, Hearing, HearingStatus

from .helpers import ACCUSED_ROW, FIR_ROW, case_row, csv_bytes, errors_at, xlsx_bytes

COURT_ROW = {
    "court_case_ref": "T-001-C1",
    "case_ref": "T-001",
    "fir_refs": "T-001-F1",
    "accused_refs": "T-001-A1",
    "court_kind": "sessions",
    "court_state": "MH",
    "court_district": "Pune",
    "court_name": "Additional Sessions Judge-II, Pune",
    "case_number": "SC 45/2019",
    "cnr": "MHPU010012342019",
    "filed_on": "2019-05-25",
    "cognizance_on": "2019-06-01",
    "committed_on": "2019-07-15",
    "appearance_on": "2019-06-20",
    "copies_supplied_on": "2019-07-01",
    "charge_hearing_on": "2019-08-10",
    "charges_framed_on": "2019-09-05",
    "charges": "IPC 370",
    "evidence_started_on": "2019-11-12",
}
HEARING_ROWS = [
    {
        "hearing_ref": "T-001-H1",
        "court_case_ref": "T-001-C1",
        "hearing_date": "2019-11-12",
        "purpose": "survivor_evidence",
        "what_happened": "held",
        "proceedings": "Deposition recorded in part.",
        "survivor_must_attend": "yes",
        "survivor_attended": "yes",
        "survivor_deposed": "yes",
        "deposition_mode": "video_link",
        "next_date": "2019-12-10",
    },
    {
        "hearing_ref": "T-001-H2",
        "court_case_ref": "T-001-C1",
        "hearing_date": "2019-12-10",
        "purpose": "survivor_evidence",
        "what_happened": "adjourned",
        "adjournment_reason": "lawyers_strike",
    },
]


@pytest.fixture
def lawyer_wb(make_member, org_wb):
    return make_member(Role.LAWYER, org_wb, username="imp_lawyer")


def run(admin, content, name="court.xlsx", dry_run=False):
    return import_run(membership=admin, file_name=name, content=content, dry_run=dry_run)


def workbook(lead_wb, court=None, hearings=None, **sheets):
    sheets = {
        "cases": [{**case_row(), "lead_caseworker": lead_wb.user.username}],
        "firs": [FIR_ROW],
        "accused": [ACCUSED_ROW],
        "court_cases": [COURT_ROW if court is None else court],
        "hearings": HEARING_ROWS if hearings is None else hearings,
        **sheets,
    }
    return xlsx_bytes({title: rows for title, rows in sheets.items() if rows})


def counts():
    return [m.objects.count() for m in (CourtCase, CourtCharge, Hearing, CaseEvent, CaseAssignment, ImportedRecord)]


def test_a_court_case_walks_its_stages_on_their_dates_and_its_hearings_are_recorded(admin_wb, lead_wb, lawyer_wb):
    report = run(admin_wb, workbook(lead_wb, court={**COURT_ROW, "lawyer": "imp_lawyer"}))
    assert report["errors"] == [] and report["committed"] is True
    assert report["counts"]["court_cases"]["new"] == 1 and report["counts"]["hearings"]["new"] == 2
    court_case = CourtCase.objects.get()
    assert court_case.court.name == "Additional Sessions Judge-II, Pune" and court_case.court.kind == "sessions"
    assert court_case.case_number == "SC 45/2019" and court_case.cnr == "MHPU010012342019"
    assert court_case.stage == "prosecution_evidence"
    assert court_case.cognizance_on == datetime.date(2019, 6, 1)
    assert court_case.charges_framed_on == datetime.date(2019, 9, 5)
    assert court_case.evidence_started_on == datetime.date(2019, 11, 12)
    assert [f.fir_number for f in court_case.firs.all()] == ["123/2019"]
    assert court_case.accused_links.count() == 1
    charge = CourtCharge.objects.get()
    assert charge.section.label.startswith("IPC 370") and charge.framed_on == datetime.date(2019, 9, 5)
    # the lawyer was put on the case team as its lawyer, and leads the court case
    assert court_case.lawyer == lawyer_wb.user
    assert CaseAssignment.objects.active().filter(user=lawyer_wb.user, role=CaseRole.LAWYER).count() == 1
    # each stage moved through the workflow, dated with its own day
    moves = court_case.case.stage_transitions.filter(workflow="court").order_by("pk")
    assert [(m.to_stage, m.effective_on.isoformat()) for m in moves][-3:] == [
        ("discharge_hearing", "2019-08-10"),
        ("charges_framed", "2019-09-05"),
        ("prosecution_evidence", "2019-11-12"),
    ]
    first, second = Hearing.objects.order_by("on")
    assert (first.status, first.survivor_deposed, first.deposition_mode) == ("held", True, "video_link")
    assert first.next_date == datetime.date(2019, 12, 10)
    # the second row recorded the date the first one scheduled: one hearing, not two
    assert (second.on, second.status, second.adjournment_reason) == (
        datetime.date(2019, 12, 10),
        "adjourned",
        "lawyers_strike",
    )
    assert Hearing.objects.count() == 2


def test_past_steps_leave_no_survivor_update_overdue(admin_wb, lead_wb):
    run(admin_wb, workbook(lead_wb))
    overdue = Deadline.objects.open().filter(due_at__lt=timezone.now(), rule_code="survivor_update_after_event")
    assert list(overdue) == []
    closed = Deadline.objects.filter(rule_code="survivor_update_after_event")  # owed after the charges framed
    assert closed.exists() and not closed.filter(status=Deadline.Status.OPEN).exists()
    # a trial begun in 2019 runs under the CrPC: BNSS 251's 60 days for charges set no date
    assert Deadline.objects.get(rule_code="charges_framed").status == Deadline.Status.NOT_APPLICABLE


def test_the_same_file_again_changes_nothing(admin_wb, lead_wb):
    content = workbook(lead_wb)
    assert run(admin_wb, content)["committed"] is True
    before = counts()
    report = run(admin_wb, content)
    assert counts() == before and report["errors"] == []
    assert report["counts"]["court_cases"]["unchanged"] == 1 and report["counts"]["hearings"]["unchanged"] == 2


def test_a_future_hearing_is_scheduled_and_one_to_record_is_refused_in_the_future(admin_wb, lead_wb):
    ahead = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    future = {"hearing_ref": "H-F", "court_case_ref": "T-001-C1", "hearing_date": ahead, "purpose": "arguments"}
    report = run(admin_wb, workbook(lead_wb, hearings=[future]))
    assert report["errors"] == []
    hearing = Hearing.objects.get()
    assert hearing.status == HearingStatus.SCHEDULED and hearing.on.isoformat() == ahead
    bad = {**future, "hearing_ref": "H-G", "what_happened": "held"}
    report = run(admin_wb, csv_bytes([bad]), name="hearings.csv")
    assert errors_at(report) == {("hearings", 2, "hearing_date")}
    # a date still to come says nothing of what happened
    report = run(admin_wb, csv_bytes([{**future, "hearing_ref": "H-H", "proceedings": "x"}]), name="h.csv")
    assert errors_at(report) == {("hearings", 2, "proceedings")}


def test_a_bad_court_row_reports_its_column_and_nothing_is_saved(admin_wb, lead_wb):
    before = counts()
    report = run(admin_wb, workbook(lead_wb, court={**COURT_ROW, "cnr": "12345"}))
    assert errors_at(report) == {
        ("court_cases", 2, "cnr"),
        ("hearings", 2, "court_case_ref"),
        ("hearings", 3, "court_case_ref"),
    }
    assert report["committed"] is False and counts() == before
    linked = {e["message"] for e in report["errors"] if e["sheet"] == "hearings"}
    assert linked == {"The row with this reference has errors: correct it first."}


def test_stage_dates_out_of_order_are_refused_on_their_column(admin_wb, lead_wb):
    # charges framed before the first hearing on charge
    report = run(admin_wb, workbook(lead_wb, court={**COURT_ROW, "charges_framed_on": "2019-08-01"}, hearings=[]))
    assert ("court_cases", 2, "charges_framed_on") in errors_at(report)
    # cognizance before the FIR (registered 2019-03-10)
    early = {**COURT_ROW, "cognizance_on": "2019-03-01", "filed_on": ""}
    report = run(admin_wb, workbook(lead_wb, court=early, hearings=[]))
    assert errors_at(report) == {("court_cases", 2, "cognizance_on")}
    # in the future
    ahead = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    report = run(admin_wb, workbook(lead_wb, court={**COURT_ROW, "evidence_started_on": ahead}, hearings=[]))
    assert errors_at(report) == {("court_cases", 2, "evidence_started_on")}
    assert CourtCase.objects.count() == 0


def test_a_stage_passed_needs_its_date_and_framed_charges_their_sections(admin_wb, lead_wb):
    row = {**COURT_ROW, "copies_supplied_on": "", "charges": ""}
    report = run(admin_wb, workbook(lead_wb, court=row, hearings=[]))
    assert errors_at(report) == {("court_cases", 2, "copies_supplied_on"), ("court_cases", 2, "charges")}
    # defence evidence may be passed by
    row = {**COURT_ROW, "accused_statement_on": "2020-01-10", "arguments_started_on": "2020-02-01"}
    report = run(admin_wb, workbook(lead_wb, court=row, hearings=[]))
    assert report["errors"] == []
    assert CourtCase.objects.get().stage == "final_arguments"


def test_an_ordinary_sessions_court_without_committal_is_refused_as_the_page_does(admin_wb, lead_wb):
    report = run(admin_wb, workbook(lead_wb, court={**COURT_ROW, "committed_on": ""}, hearings=[]))
    assert errors_at(report) == {("court_cases", 2, "court_kind")}


def test_links_unknown_or_of_another_case_are_refused(admin_wb, lead_wb):
    report = run(admin_wb, workbook(lead_wb, court={**COURT_ROW, "fir_refs": "T-001-F1; NOPE"}, hearings=[]))
    assert errors_at(report) == {("court_cases", 2, "fir_refs")}
    assert report["errors"][0]["message"].startswith("Reference 2 of 2: No row with this reference")
    other = {**case_row("T-002"), "lead_caseworker": lead_wb.user.username}
    fir2 = {**FIR_ROW, "fir_ref": "T-002-F1", "case_ref": "T-002"}
    content = xlsx_bytes(
        {
            "cases": [{**case_row(), "lead_caseworker": lead_wb.user.username}, other],
            "firs": [FIR_ROW, fir2],
            "accused": [ACCUSED_ROW],
            "court_cases": [{**COURT_ROW, "fir_refs": "T-002-F1"}],
        }
    )
    report = run(admin_wb, content)
    assert errors_at(report) == {("court_cases", 2, "fir_refs")}
    report = run(admin_wb, csv_bytes([{**HEARING_ROWS[1], "court_case_ref": "NOPE"}]), name="h.csv")
    assert errors_at(report) == {("hearings", 2, "court_case_ref")}


def test_the_lawyer_must_be_a_lawyer(admin_wb, lead_wb):
    report = run(admin_wb, workbook(lead_wb, court={**COURT_ROW, "lawyer": lead_wb.user.username}, hearings=[]))
    assert errors_at(report) == {("court_cases", 2, "lawyer")}


def test_a_lawyer_of_another_organisation_needs_her_consent(admin_wb, lead_wb, make_member):
    make_member(Role.LAWYER, None, username="outside_lawyer")
    report = run(admin_wb, workbook(lead_wb, court={**COURT_ROW, "lawyer": "outside_lawyer"}, hearings=[]))
    assert errors_at(report) == {("court_cases", 2, "lawyer")}
    assert "consent" in report["errors"][0]["message"]


def test_a_hearing_refusal_lands_on_its_column(admin_wb, lead_wb):
    rows = [
        {**HEARING_ROWS[1], "adjournment_reason": ""},  # adjourned: say why
        {
            **HEARING_ROWS[0],
            "hearing_ref": "H-3",
            "hearing_date": "2019-06-02",
            "next_date": "",
        },  # deposed before evidence
        {**HEARING_ROWS[1], "hearing_ref": "H-4", "hearing_date": "2019-05-01"},  # before the court case
    ]
    report = run(admin_wb, workbook(lead_wb, hearings=rows))
    assert errors_at(report) == {
        ("hearings", 2, "adjournment_reason"),
        ("hearings", 3, "survivor_deposed"),
        ("hearings", 4, "hearing_date"),
    }


def test_hearings_out_of_order_are_refused_rather_than_scheduled_again(admin_wb, lead_wb):
    report = run(admin_wb, workbook(lead_wb, hearings=[HEARING_ROWS[1], HEARING_ROWS[0]]))
    assert errors_at(report) == {("hearings", 3, "next_date")}


def test_csv_files_of_court_cases_and_hearings_are_recognised_by_their_header(admin_wb, lead_wb):
    run(
        admin_wb,
        xlsx_bytes(
            {
                "cases": [{**case_row(), "lead_caseworker": lead_wb.user.username}],
                "firs": [FIR_ROW],
                "accused": [ACCUSED_ROW],
            }
        ),
    )
    report = run(admin_wb, csv_bytes([COURT_ROW]), name="x.csv")
    assert report["errors"] == [] and report["counts"]["court_cases"]["new"] == 1
    report = run(admin_wb, csv_bytes(HEARING_ROWS), name="y.csv")
    assert report["errors"] == [] and report["counts"]["hearings"]["new"] == 2


def test_the_templates_and_the_guide_hold_the_court_columns(client, admin_wb):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    from imports.kinds_court import COURT_CASES, HEARINGS

    client.force_login(admin_wb.user)
    book = load_workbook(io.BytesIO(client.get(reverse("imports:import_template_xlsx")).content))
    for kind in (COURT_CASES, HEARINGS):
        assert [c.value for c in book[kind.key][1]] == kind.names
        header = client.get(reverse("imports:import_template_csv", args=[kind.key])).content.decode("utf-8-sig")
        assert header.strip() == ",".join(kind.names)
    guide = [[c.value for c in row] for row in book["Guide"].iter_rows()]
    listed = {(row[0], row[1]) for row in guide[1:]}
    assert {("court_cases", name) for name in COURT_CASES.names} <= listed
    assert {("hearings", name) for name in HEARINGS.names} <= listed
    assert ("court_cases", "cognizance_on", "required") in {(row[0], row[1], row[3]) for row in guide[1:]}


def test_a_hearing_of_a_court_case_no_longer_in_nyaya_is_refused(admin_wb, lead_wb):
    run(admin_wb, workbook(lead_wb, hearings=[]))
    CourtCase.objects.all().delete()  # removed since the import (setup: no service deletes one)
    report = run(admin_wb, csv_bytes([HEARING_ROWS[1]]), name="h.csv")
    assert errors_at(report) == {("hearings", 2, "court_case_ref")}
    assert Hearing.objects.count() == 0
