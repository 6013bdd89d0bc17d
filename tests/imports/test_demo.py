"""The demo shows the organisation admin of SSF (admin_wb) one committed import and one dry run with errors."""

from django.urls import reverse

from cases.models import Case
from imports.demo import seed_imports
from imports.models import ImportedRecord, ImportJob


def test_admin_wb_has_a_committed_import_and_a_dry_run_with_errors(demo_db, client):
    jobs = {job.dry_run: job for job in ImportJob.objects.filter(user__username="admin_wb")}
    committed, dry = jobs[False], jobs[True]
    assert committed.report["committed"] is True and committed.report["errors"] == []
    assert committed.report["counts"]["cases"]["new"] == 3
    assert committed.report["counts"]["court_cases"]["new"] == 1
    assert committed.report["counts"]["hearings"]["new"] == 3
    assert committed.report["counts"]["claims"]["new"] == 2 and committed.report["counts"]["payments"]["new"] == 2
    assert dry.report["committed"] is False
    assert {(e["sheet"], e["row"], e["column"]) for e in dry.report["errors"]} == {
        ("cases", 3, "trafficked_on"),
        ("cases", 4, "origin_state"),
        ("firs", 2, "chargesheet_on"),
        ("firs", 3, "case_ref"),  # its case (row 3) has errors
        ("accused", 2, "fir_ref"),  # their FIR (row 2) has errors
        ("accused", 3, "fir_ref"),
        ("accused", 4, "fir_ref"),
        ("accused", 4, "role"),
        ("court_cases", 2, "fir_refs"),  # its FIR (row 2) has errors
        ("court_cases", 2, "accused_refs"),  # and so have its accused
        ("hearings", 2, "court_case_ref"),  # their court case has errors
        ("hearings", 3, "court_case_ref"),
        ("hearings", 3, "what_happened"),
        ("hearings", 4, "court_case_ref"),
        ("claims", 2, "inquiry_started_on"),  # before it was filed
        ("claims", 3, "case_ref"),
        ("payments", 2, "claim_ref"),  # their claim (row 2) has errors
        ("payments", 3, "claim_ref"),
    }
    linked_columns = ("case_ref", "fir_ref", "fir_refs", "accused_refs", "court_case_ref", "claim_ref")
    linked = [e["message"] for e in dry.report["errors"] if e["column"] in linked_columns]
    # a list's reference is told by its place ("Reference 1 of 2: ...")
    assert linked and all(m.endswith("The row with this reference has errors: correct it first.") for m in linked)
    assert ImportedRecord.objects.filter(kind="cases", external_ref__startswith="DEMO-").count() == 3
    assert not ImportedRecord.objects.filter(external_ref__startswith="DEMO2-").exists()
    client.force_login(committed.user)
    page = client.get(reverse("imports:import_job", args=[dry.pk])).content.decode()
    assert "18 errors: nothing was saved" in page


def test_seeding_again_changes_nothing(demo_db):
    before = (Case.objects.count(), ImportJob.objects.count())
    assert seed_imports() == 0
    assert (Case.objects.count(), ImportJob.objects.count()) == before


def test_the_demo_import_shows_the_officer_the_transfer_the_arrests_and_bail(demo_db):
    from cases.deadlines import subject_key
    from cases.models import Deadline
    from legal.models import FIR, FIRAccused, Stage

    refs = dict(
        ImportedRecord.objects.filter(external_ref__startswith="DEMO-").values_list("external_ref", "object_id")
    )
    first, zero = FIR.objects.get(pk=refs["DEMO-2019-001-F1"]), FIR.objects.get(pk=refs["DEMO-2020-002-F1"])
    assert (first.io_name, first.io_rank, first.ahtu_unit) == ("Demo Patil", "Sub-Inspector", "AHTU Pune")
    assert zero.is_zero_fir and zero.transferred_to_station == "Kamla Market PS"
    assert zero.stage == Stage.UNDER_INVESTIGATION
    raju = FIRAccused.objects.get(fir=first, accused_id=refs["DEMO-2019-001-A1"])
    meena = FIRAccused.objects.get(fir=first, accused_id=refs["DEMO-2019-001-A2"])
    gopal = FIRAccused.objects.get(fir=zero, accused_id=refs["DEMO-2020-002-A1"])
    assert raju.custody == "judicial" and meena.absconding and meena.bail_status == "granted"
    assert gopal.default_bail and gopal.remanded_on.isoformat() == "2020-02-11"
    clock = Deadline.objects.get(subject_key=subject_key(gopal), rule_code="chargesheet_60")
    assert clock.is_open and clock.entered_after_due  # "was it met?", from paper
    assert not Deadline.objects.filter(subject_key=subject_key(raju)).exists()  # chargesheet filed first


def test_the_demo_import_shows_a_court_case_with_its_hearings(demo_db):
    from legal.models import CourtCase

    record = ImportedRecord.objects.get(kind="court_cases", external_ref="DEMO-2019-001-C1")
    court_case = CourtCase.objects.get(pk=record.object_id)
    assert court_case.stage == "prosecution_evidence" and court_case.lawyer.username == "lawyer_wb"
    assert court_case.case_number == "SC 45/2019" and court_case.accused_links.count() == 2
    assert list(court_case.hearings.values_list("status", flat=True)) == ["held", "adjourned", "held"]
