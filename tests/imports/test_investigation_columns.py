"""The FIRs sheet's officer, zero-FIR transfer and AHTU columns, and the accused sheet's arrest and
bail columns: recorded through the investigation services, their refusals on their columns, the
arrest's clocks opened (or not) by the engine as on the FIR page."""

import datetime

from django.utils import timezone

from cases.deadlines import subject_key
from cases.models import CaseEvent, Deadline
from imports.files import csv_template, guide_rows
from imports.kinds import ACCUSED, FIRS
from imports.models import ImportedRecord
from imports.services import HISTORY_REASON, import_run
from legal.models import FIR, FIRAccused, Stage

from .helpers import ACCUSED_ROW, FIR_ROW, case_row, csv_bytes, errors_at, xlsx_bytes

OFFICER = {"io_name": "Wendel Oxtaby", "io_rank": "Sub-Inspector", "io_phone": "90000 30001"}
ZERO_FIR = {
    **FIR_ROW,
    "police_station": "Swargate PS",
    "zero_fir": "yes",
    "transferred_to_state": "MH",
    "transferred_to_station": "Faraskhana PS",
    "transferred_on": "2019-03-14",
    "investigation_started_on": "2019-03-15",
    **OFFICER,
    "ahtu_unit": "AHTU Pune",
    "ahtu_transferred_on": "2019-03-20",
}
# Arrested and remanded, on bail since: a FIR still under investigation (no chargesheet).
ARREST = {
    **ACCUSED_ROW,
    "arrested_on": "2019-03-10",
    "remanded_on": "2019-03-11",
    "bail_status": "granted",
    "bail_applied_on": "2019-04-01",
    "bail_granted_on": "2019-04-20",
}
UNDER_INVESTIGATION = {
    **FIR_ROW,
    "sections": "IPC 370(4)",
    "chargesheet_on": "",
    "investigation_started_on": "2019-03-11",
}


def run(admin, content, name="cases.xlsx", dry_run=False, kind=""):
    return import_run(membership=admin, file_name=name, content=content, kind=kind, dry_run=dry_run)


def book(lead_wb, firs, accused=()):
    case = {**case_row(), "lead_caseworker": lead_wb.user.username}
    return xlsx_bytes({"cases": [case], "firs": list(firs), **({"accused": list(accused)} if accused else {})})


def counts():
    return [m.objects.count() for m in (FIR, FIRAccused, CaseEvent, Deadline, ImportedRecord)]


def test_a_zero_fir_transferred_with_its_officer_and_ahtu_is_imported(admin_wb, lead_wb):
    report = run(admin_wb, book(lead_wb, [ZERO_FIR]))
    assert report["errors"] == [] and report["committed"] is True
    fir = FIR.objects.get()
    assert fir.is_zero_fir and fir.police_station == "Swargate PS"
    assert (fir.transferred_to_state.code, fir.transferred_to_station) == ("MH", "Faraskhana PS")
    assert fir.transferred_on == datetime.date(2019, 3, 14)
    assert fir.investigation_started_on == datetime.date(2019, 3, 15)
    assert (fir.io_name, fir.io_rank, fir.io_phone) == ("Wendel Oxtaby", "Sub-Inspector", "90000 30001")
    assert (fir.ahtu_unit, fir.ahtu_transferred_on) == ("AHTU Pune", datetime.date(2019, 3, 20))
    assert fir.stage == Stage.CHARGESHEET_FILED
    # The officer came with the FIR itself (as on the "Add FIR" page): no later "details edited".
    actions = list(CaseEvent.objects.filter(data__fir=fir.pk).values_list("data__action", flat=True))
    assert actions.count("fir_created") == 1 and "fir_edited" not in actions
    assert "ahtu_transfer" in actions


def test_the_investigation_of_a_transferred_zero_fir_starts_by_default_on_the_transfer_day(admin_wb, lead_wb):
    row = {**ZERO_FIR, "investigation_started_on": ""}
    report = run(admin_wb, book(lead_wb, [row]))
    assert report["errors"] == []
    assert FIR.objects.get().investigation_started_on == datetime.date(2019, 3, 14)


def test_the_new_fir_columns_refuse_out_of_order_dates_and_bad_values_on_their_columns(admin_wb, lead_wb):
    rows = [
        {**ZERO_FIR, "fir_ref": "F-1", "transferred_on": "2019-03-01"},  # before the zero FIR
        {**ZERO_FIR, "fir_ref": "F-2", "ahtu_transferred_on": "2019-03-01"},  # before the FIR
        {**FIR_ROW, "fir_ref": "F-3", "transferred_to_state": "MH", "transferred_to_station": "X PS",
         "transferred_on": "2019-03-14"},  # not a zero FIR: nothing to transfer
        {**ZERO_FIR, "fir_ref": "F-4", "transferred_to_state": ""},
        {**ZERO_FIR, "fir_ref": "F-5", "io_name": "W" * 121, "ahtu_unit": "A" * 121},
        {**ZERO_FIR, "fir_ref": "F-6", "ahtu_transferred_on": "", "chargesheet_on": ""},
        {**ZERO_FIR, "fir_ref": "F-7", "transferred_to_state": "Atlantis"},
    ]  # fmt: skip
    before = counts()
    report = run(admin_wb, book(lead_wb, rows))
    assert errors_at(report) == {
        ("firs", 2, "transferred_on"),
        ("firs", 3, "ahtu_transferred_on"),
        ("firs", 4, "transferred_on"),
        ("firs", 5, "transferred_to_state"),
        ("firs", 6, "io_name"),
        ("firs", 6, "ahtu_unit"),
        ("firs", 7, "ahtu_transferred_on"),
        ("firs", 8, "transferred_to_state"),
    }
    messages = {e["row"]: e["message"] for e in report["errors"]}
    assert messages[6] == "At most 120 characters." and "Enter the date" in messages[7]
    assert report["committed"] is False and counts() == before


def test_an_arrest_on_a_fir_under_investigation_opens_the_default_bail_clock_from_the_remand(admin_wb, lead_wb):
    report = run(admin_wb, book(lead_wb, [UNDER_INVESTIGATION], [ARREST]))
    assert report["errors"] == [] and report["committed"] is True
    link = FIRAccused.objects.get()
    assert (link.arrested_on, link.remanded_on) == (datetime.date(2019, 3, 10), datetime.date(2019, 3, 11))
    assert (link.bail_status, link.bail_applied_on, link.bail_granted_on) == (
        "granted",
        datetime.date(2019, 4, 1),
        datetime.date(2019, 4, 20),
    )
    assert link.named_in_fir and not link.absconding and link.custody == ""
    clocks = Deadline.objects.filter(subject_key=subject_key(link))
    # IPC 370(4) is of the 90-day class (BNSS 187(3) / CrPC 167(2)); counted from the first remand.
    clock = clocks.get(rule_code="chargesheet_90")
    assert clock.is_open and timezone.localtime(clock.trigger_at).date() == datetime.date(2019, 3, 11)
    assert clock.entered_after_due  # due in 2019: "was it met?", for the organisation to answer
    assert not clocks.filter(rule_code="chargesheet_60").exists()
    # Remanded: brought before a magistrate; no production clock is left open.
    assert not clocks.filter(rule_code="production_before_magistrate").open().exists()
    # "Tell the survivor" of these 2019 events: closed by the import (her regular update covers it).
    told = Deadline.objects.filter(rule_code="survivor_update_after_event")
    assert told.exists() and not told.open().exists()
    assert set(told.values_list("close_reason", flat=True)) == {HISTORY_REASON}


def test_an_arrest_on_a_fir_whose_chargesheet_is_filed_leaves_no_clock_running(admin_wb, lead_wb):
    # The FIR row files the chargesheet before the accused row records the arrest: the police
    # report is in, default bail no longer arises on it, and the engine opens no clock (BNSS 187(3)).
    report = run(admin_wb, book(lead_wb, [FIR_ROW], [ARREST]))
    assert report["errors"] == [] and report["committed"] is True
    link = FIRAccused.objects.get()
    assert link.fir.stage == Stage.CHARGESHEET_FILED and link.arrested_on == datetime.date(2019, 3, 10)
    assert not Deadline.objects.filter(subject_key=subject_key(link)).open().exists()
    assert not Deadline.objects.open().filter(due_at__lt=timezone.now()).exists()


def test_an_arrest_without_a_remand_opens_the_production_clock_as_a_question_from_paper(admin_wb, lead_wb):
    row = {**ACCUSED_ROW, "arrested_on": "2019-03-10", "custody": "police"}
    report = run(admin_wb, book(lead_wb, [UNDER_INVESTIGATION], [row]))
    assert report["errors"] == []
    link = FIRAccused.objects.get()
    assert link.custody == "police"
    production = Deadline.objects.get(subject_key=subject_key(link), rule_code="production_before_magistrate")
    assert production.is_open and production.entered_after_due
    assert not Deadline.objects.filter(subject_key=subject_key(link), rule_code__startswith="chargesheet").open()


def test_an_absconding_accused_is_recorded_without_an_arrest(admin_wb, lead_wb):
    row = {**ACCUSED_ROW, "absconding": "yes", "named_in_fir": "yes"}
    assert run(admin_wb, book(lead_wb, [FIR_ROW], [row]))["errors"] == []
    link = FIRAccused.objects.get()
    assert link.absconding and link.arrested_on is None


def test_the_arrest_columns_refuse_out_of_order_or_inconsistent_values_and_save_nothing(admin_wb, lead_wb):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    rows = [
        {**ARREST, "accused_ref": "A-1", "arrested_on": "2019-01-01"},  # before the offence (3 Feb 2019)
        {**ARREST, "accused_ref": "A-2", "remanded_on": "2019-03-09"},  # before the arrest
        {**ARREST, "accused_ref": "A-3", "bail_granted_on": ""},  # granted: when?
        {**ARREST, "accused_ref": "A-4", "bail_granted_on": "2019-03-20"},  # before the application
        {**ARREST, "accused_ref": "A-5", "arrested_on": tomorrow, "remanded_on": ""},
        {**ARREST, "accused_ref": "A-6", "custody": "judicial", "absconding": "yes"},
        {**ARREST, "accused_ref": "A-7", "custody": "house arrest"},
        {**ACCUSED_ROW, "accused_ref": "A-8", "remanded_on": "2019-03-11"},  # a remand with no arrest
        {**ARREST, "accused_ref": "A-9", "bail_status": "rejected", "bail_granted_on": "", "default_bail": "yes"},
    ]
    before = counts()
    report = run(admin_wb, book(lead_wb, [UNDER_INVESTIGATION], rows))
    assert errors_at(report) == {
        ("accused", 2, "arrested_on"),
        ("accused", 3, "remanded_on"),
        ("accused", 4, "bail_granted_on"),
        ("accused", 5, "bail_granted_on"),
        ("accused", 6, "arrested_on"),
        ("accused", 7, "absconding"),
        ("accused", 8, "custody"),
        ("accused", 9, "arrested_on"),
        ("accused", 10, "bail_rejected_on"),
        ("accused", 10, "default_bail"),
    }
    messages = {(e["row"], e["column"]): e["message"] for e in report["errors"]}
    assert "before the offence" in messages[(2, "arrested_on")]
    assert messages[(8, "custody")] == "Not one of: police, judicial."
    assert messages[(6, "arrested_on")] == "This date cannot be in the future."
    assert report["committed"] is False and counts() == before  # the case and FIR rows neither


def test_an_accused_row_linking_to_a_refused_fir_row_is_told_so(admin_wb, lead_wb):
    bad_fir = {**ZERO_FIR, "transferred_on": "2019-03-01"}
    report = run(admin_wb, book(lead_wb, [bad_fir], [ARREST]))
    assert ("accused", 2, "fir_ref") in errors_at(report)
    message = next(e["message"] for e in report["errors"] if e["sheet"] == "accused")
    assert message == "The row with this reference has errors: correct it first."


def test_the_same_file_with_the_new_columns_twice_changes_nothing(admin_wb, lead_wb):
    content = book(lead_wb, [UNDER_INVESTIGATION, {**ZERO_FIR, "fir_ref": "T-001-F2"}], [ARREST])
    assert run(admin_wb, content)["committed"] is True
    before = counts()
    report = run(admin_wb, content)
    assert report["errors"] == [] and counts() == before
    assert report["counts"]["firs"]["unchanged"] == 2 and report["counts"]["accused"]["unchanged"] == 1


def test_a_csv_of_accused_with_arrest_columns_is_recognised_by_its_header(admin_wb, lead_wb):
    run(admin_wb, book(lead_wb, [UNDER_INVESTIGATION]))
    report = run(admin_wb, csv_bytes([ARREST]), name="people.csv")
    assert report["errors"] == [] and report["counts"]["accused"]["new"] == 1
    assert FIRAccused.objects.get().remanded_on == datetime.date(2019, 3, 11)


def test_the_templates_and_guide_list_the_new_columns():
    fir_columns = ["io_name", "io_rank", "io_phone", "transferred_to_station", "ahtu_unit", "ahtu_transferred_on"]
    accused_columns = ["arrested_on", "remanded_on", "custody", "bail_status", "bail_granted_on", "absconding"]
    assert set(fir_columns) <= set(FIRS.names) and set(accused_columns) <= set(ACCUSED.names)
    assert all(name in csv_template("firs").decode() for name in fir_columns)
    assert all(name in csv_template("accused").decode() for name in accused_columns)
    guide = {(row[0], row[1]): row for row in guide_rows()}
    assert "The investigating officer's name." in guide[("firs", "io_name")]
    assert any("default-bail period" in cell for cell in guide[("accused", "remanded_on")])


def test_the_officers_contact_is_refused_to_an_admin_who_may_not_read_it(admin_wb, lead_wb, monkeypatch):
    # As on the FIR pages (FIRForm show_officer_contact): the name and phone are investigation details.
    from cases.permissions import CaseAccess

    monkeypatch.setattr(CaseAccess, "can_see_investigation_details", property(lambda access: False))
    report = run(admin_wb, book(lead_wb, [{**FIR_ROW, **OFFICER}]))
    assert errors_at(report) == {("firs", 2, "io_name"), ("firs", 2, "io_phone")}
    assert report["committed"] is False and FIR.objects.count() == 0
    report = run(admin_wb, book(lead_wb, [{**FIR_ROW, "io_rank": "Inspector"}]))  # a rank is public
    assert report["errors"] == [] and FIR.objects.get().io_rank == "Inspector"
