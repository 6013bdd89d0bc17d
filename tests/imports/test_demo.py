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
    }
    linked_columns = ("case_ref", "fir_ref", "fir_refs", "accused_refs", "court_case_ref")
    linked = [e["message"] for e in dry.report["errors"] if e["column"] in linked_columns]
    # a list's reference is told by its place ("Reference 1 of 2: ...")
    assert linked and all(m.endswith("The row with this reference has errors: correct it first.") for m in linked)
    assert ImportedRecord.objects.filter(kind="cases", external_ref__startswith="DEMO-").count() == 3
    assert not ImportedRecord.objects.filter(external_ref__startswith="DEMO2-").exists()
    client.force_login(committed.user)
    page = client.get(reverse("imports:import_job", args=[dry.pk])).content.decode()
    assert "14 errors: nothing was saved" in page


def test_seeding_again_changes_nothing(demo_db):
    before = (Case.objects.count(), ImportJob.objects.count())
    assert seed_imports() == 0
    assert (Case.objects.count(), ImportJob.objects.count()) == before


def test_the_demo_import_shows_a_court_case_with_its_hearings(demo_db):
    from legal.models import CourtCase

    record = ImportedRecord.objects.get(kind="court_cases", external_ref="DEMO-2019-001-C1")
    court_case = CourtCase.objects.get(pk=record.object_id)
    assert court_case.stage == "prosecution_evidence" and court_case.lawyer.username == "lawyer_wb"
    assert court_case.case_number == "SC 45/2019" and court_case.accused_links.count() == 2
    assert list(court_case.hearings.values_list("status", flat=True)) == ["held", "adjourned", "held"]
