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
        ("claims", 2, "inquiry_started_on"),  # before it was filed
        ("claims", 3, "case_ref"),
        ("payments", 2, "claim_ref"),  # their claim (row 2) has errors
        ("payments", 3, "claim_ref"),
    }
    linked = [e["message"] for e in dry.report["errors"] if e["column"] in ("case_ref", "fir_ref", "claim_ref")]
    assert set(linked) == {"The row with this reference has errors: correct it first."}
    assert ImportedRecord.objects.filter(kind="cases", external_ref__startswith="DEMO-").count() == 3
    assert not ImportedRecord.objects.filter(external_ref__startswith="DEMO2-").exists()
    client.force_login(committed.user)
    page = client.get(reverse("imports:import_job", args=[dry.pk])).content.decode()
    assert "12 errors: nothing was saved" in page


def test_seeding_again_changes_nothing(demo_db):
    before = (Case.objects.count(), ImportJob.objects.count())
    assert seed_imports() == 0
    assert (Case.objects.count(), ImportJob.objects.count()) == before
