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
    }
    linked = [e["message"] for e in dry.report["errors"] if e["column"] in ("case_ref", "fir_ref")]
    assert set(linked) == {"The row with this reference has errors: correct it first."}
    assert ImportedRecord.objects.filter(kind="cases", external_ref__startswith="DEMO-").count() == 3
    assert not ImportedRecord.objects.filter(external_ref__startswith="DEMO2-").exists()
    client.force_login(committed.user)
    page = client.get(reverse("imports:import_job", args=[dry.pk])).content.decode()
    assert "8 errors: nothing was saved" in page


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
