"""The run itself (imports.services.import_run): dry run, commit, all or nothing, idempotence, links."""

from django.utils import timezone

from cases.models import Case
from imports.models import ImportedRecord
from imports.services import import_run
from legal.models import FIR, CaseAccused

from .helpers import ACCUSED_ROW, FIR_ROW, case_row, csv_bytes, errors_at, xlsx_bytes


def run(admin, content, name="cases.xlsx", dry_run=False, kind=""):
    return import_run(membership=admin, file_name=name, content=content, kind=kind, dry_run=dry_run)


def lead(row, lead_wb):
    return {**row, "lead_caseworker": lead_wb.user.username}


def test_a_case_with_its_fir_and_accused_is_imported(admin_wb, lead_wb):
    content = xlsx_bytes({"cases": [lead(case_row(), lead_wb)], "firs": [FIR_ROW], "accused": [ACCUSED_ROW]})
    report = run(admin_wb, content)
    assert report["errors"] == []
    assert report["committed"] is True
    assert report["counts"]["cases"]["new"] == 1
    case = Case.objects.get()
    assert timezone.localtime(case.opened_at).date().isoformat() == "2019-03-12"
    assert case.rescued_on.isoformat() == "2019-03-09"
    fir = FIR.objects.get()
    assert fir.case == case and fir.fir_number == "123/2019" and fir.stage == "chargesheet_filed"
    assert CaseAccused.objects.filter(case=case).count() == 1
    assert ImportedRecord.objects.count() == 3


def counts():
    from cases.models import CaseEvent, Deadline
    from survivors.models import Survivor

    return [m.objects.count() for m in (Case, Survivor, FIR, CaseAccused, CaseEvent, Deadline, ImportedRecord)]


def full_file(lead_wb, *cases_rows):
    return xlsx_bytes(
        {"cases": [lead(r, lead_wb) for r in cases_rows or [case_row()]], "firs": [FIR_ROW], "accused": [ACCUSED_ROW]}
    )


def test_a_dry_run_saves_nothing_and_counts_what_would_be_created(admin_wb, lead_wb):
    before = counts()
    report = run(admin_wb, full_file(lead_wb), dry_run=True)
    assert counts() == before
    assert report["committed"] is False and report["errors"] == []
    assert {k: v["new"] for k, v in report["counts"].items()} == {
        "cases": 1,
        "firs": 1,
        "accused": 1,
        "court_cases": 0,
        "hearings": 0,
        "claims": 0,
        "payments": 0,
    }


def test_each_error_names_its_sheet_row_and_column_and_nothing_is_saved(admin_wb, lead_wb):
    bad = case_row("T-002", trafficked_on="03/02/2019x", origin_state="Atlantis", exploitation_forms="fishing")
    before = counts()
    report = run(admin_wb, full_file(lead_wb, case_row(), bad))
    assert errors_at(report) == {
        ("cases", 3, "trafficked_on"),
        ("cases", 3, "origin_state"),
        ("cases", 3, "exploitation_forms"),
    }
    assert report["committed"] is False
    assert counts() == before  # the good rows are not kept either: all or nothing
    assert report["counts"]["cases"] == {"new": 1, "unchanged": 0, "invalid": 1}


def test_a_refusal_of_the_case_forms_is_shown_on_its_column(admin_wb, lead_wb):
    row = {**lead(case_row(estimated_age="", age_basis=""), lead_wb), "lead_caseworker": "nobody"}
    report = run(admin_wb, xlsx_bytes({"cases": [row]}))
    columns = {e["column"] for e in report["errors"] if e["sheet"] == "cases"}
    assert {"estimated_age", "lead_caseworker"} <= columns


def test_the_same_file_twice_changes_nothing_the_second_time(admin_wb, lead_wb):
    content = full_file(lead_wb)
    assert run(admin_wb, content)["committed"] is True
    before = counts()
    report = run(admin_wb, content)
    assert counts() == before
    assert report["errors"] == []
    assert {k: v["unchanged"] for k, v in report["counts"].items()} == {
        "cases": 1,
        "firs": 1,
        "accused": 1,
        "court_cases": 0,
        "hearings": 0,
        "claims": 0,
        "payments": 0,
    }
    assert all(v["new"] == 0 for v in report["counts"].values())


def test_a_later_file_links_to_a_case_imported_before(admin_wb, lead_wb):
    run(admin_wb, xlsx_bytes({"cases": [lead(case_row(), lead_wb)]}))
    report = run(admin_wb, csv_bytes([FIR_ROW]), name="firs.csv")
    assert report["errors"] == [] and report["committed"] is True
    assert FIR.objects.get().case == Case.objects.get()


def test_a_link_to_an_unknown_case_is_an_error_on_its_column(admin_wb, lead_wb):
    report = run(admin_wb, csv_bytes([{**FIR_ROW, "case_ref": "NOPE"}]), name="firs.csv")
    assert errors_at(report) == {("firs", 2, "case_ref")}


def test_historical_dates_in_order_are_accepted_and_out_of_order_refused(admin_wb, lead_wb):
    # The police report before the FIR: refused on the chargesheet's column.
    late = {**FIR_ROW, "chargesheet_on": "2019-03-01"}
    report = run(admin_wb, xlsx_bytes({"cases": [lead(case_row(), lead_wb)], "firs": [late]}))
    assert ("firs", 2, "chargesheet_on") in errors_at(report)
    report = run(
        admin_wb,
        xlsx_bytes({"cases": [lead(case_row(trafficked_on="2019-01-01", left_home_on="2019-02-01"), lead_wb)]}),
    )
    assert errors_at(report) == {("cases", 2, "trafficked_on")}
    report = run(admin_wb, xlsx_bytes({"cases": [lead(case_row(opened_on="2099-01-01"), lead_wb)]}))
    assert errors_at(report) == {("cases", 2, "opened_on")}


def test_a_historical_events_update_is_not_left_overdue(admin_wb, lead_wb):
    from cases.models import Deadline

    run(admin_wb, full_file(lead_wb))
    overdue = Deadline.objects.open().filter(due_at__lt=timezone.now())
    assert list(overdue.values_list("rule_code", flat=True)) == []
    update = Deadline.objects.get(rule_code="survivor_update")
    assert update.due_at > timezone.now()  # owed from the import


def test_a_csv_with_a_bom_and_windows_line_ends_is_read(admin_wb, lead_wb):
    content = csv_bytes([lead(case_row(), lead_wb)], bom=True, crlf=True)
    report = run(admin_wb, content, name="cases.csv")
    assert report["errors"] == [] and report["counts"]["cases"]["new"] == 1


def test_a_csv_kind_is_recognised_by_its_header_or_chosen(admin_wb, lead_wb):
    report = run(admin_wb, csv_bytes([ACCUSED_ROW]), name="x.csv", dry_run=True)
    assert errors_at(report) == {("accused", 2, "fir_ref")}  # read as accused rows
    report = run(admin_wb, b"something,else\n1,2\n", name="x.csv", dry_run=True)
    assert "Choose the kind" in report["file_error"]


def test_files_that_cannot_be_read_are_refused_with_a_message(admin_wb, settings):
    from imports import reading

    assert "not a file" in run(admin_wb, b"%PDF-1.4 \x00\x01", name="a.pdf")["file_error"]
    assert "UTF-8" in run(admin_wb, "case_ref\nÄ\n".encode("latin-1"), name="a.csv")["file_error"]
    assert "cannot be read" in run(admin_wb, b"PK\x03\x04garbage", name="a.xlsx")["file_error"]
    big = b"case_ref\n" + b"x\n" * (reading.MAX_ROWS + 1)
    assert "at most 5000" in run(admin_wb, big, name="a.csv")["file_error"].replace(",", "")
    huge = b"case_ref\n" + b"x" * (reading.MAX_BYTES + 1)
    assert "larger than 5 MB" in run(admin_wb, huge, name="a.csv")["file_error"]


def test_a_formula_is_refused_never_read(admin_wb, lead_wb):
    report = run(admin_wb, csv_bytes([lead(case_row(full_name='=HYPERLINK("http://x")'), lead_wb)]), name="c.csv")
    assert errors_at(report) == {("cases", 2, "full_name")}
    assert Case.objects.count() == 0


def test_case_open_dates_a_case_opened_on_paper_never_in_the_future(admin_wb, lead_wb):
    import datetime

    import pytest
    from django.core.exceptions import ValidationError

    from cases.services import case_open
    from survivors.services import SurvivorDetails

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        case_open(actor_membership=admin_wb, survivor=SurvivorDetails(full_name="Q Z"), opened_on=tomorrow)
    assert set(refused.value.message_dict) == {"opened_on"}
    case = case_open(
        actor_membership=admin_wb, survivor=SurvivorDetails(full_name="Q Z"), opened_on=datetime.date(2018, 5, 1)
    )
    assert timezone.localtime(case.opened_at).date() == datetime.date(2018, 5, 1)


def test_uploaded_files_are_deleted_after_a_day_on_the_deadline_scan(admin_wb):
    import datetime

    from cases.tasks import deadline_scan
    from imports.models import ImportJob

    old = ImportJob.objects.create(
        user=admin_wb.user,
        organisation=admin_wb.organisation,
        file_name="old.csv",
        content=b"secret",
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1),
    )
    new = ImportJob.objects.create(
        user=admin_wb.user, organisation=admin_wb.organisation, file_name="new.csv", content=b"x"
    )
    assert deadline_scan()["import_files_deleted"] == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.content is None and new.content is not None


def test_a_pseudonym_too_long_or_already_used_is_refused_on_its_column(admin_wb, lead_wb):
    run(admin_wb, xlsx_bytes({"cases": [lead(case_row(pseudonym="P-77"), lead_wb)]}))
    rows = [lead(case_row("T-2", pseudonym="P-77"), lead_wb), lead(case_row("T-3", pseudonym="P" * 13), lead_wb)]
    report = run(admin_wb, xlsx_bytes({"cases": rows}))
    assert errors_at(report) == {("cases", 2, "pseudonym"), ("cases", 3, "pseudonym")}
    assert Case.objects.count() == 1


def test_the_rescues_refusal_is_shown_on_the_rescue_columns(admin_wb, lead_wb):
    # Rescued before she was trafficked: the care record's rule (care.services), on rescued_on.
    report = run(admin_wb, xlsx_bytes({"cases": [lead(case_row(rescued_on="2019-01-15"), lead_wb)]}))
    assert errors_at(report) == {("cases", 2, "rescued_on")}
