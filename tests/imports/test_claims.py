"""Compensation claims and their payments imported (imports.kinds_claims): each claim screened and
walked through its stages by the claim's own services, each payment recorded as the payment form does."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.models import Case, Deadline, StageTransition
from compensation.models import Claim, ClaimPayment
from imports.models import ImportedRecord
from imports.services import import_run
from survivors.models import Consent

from .helpers import FIR_ROW, case_row, csv_bytes, errors_at, xlsx_bytes

CLAIM_ROW = {
    "claim_ref": "T-001-C1",
    "case_ref": "T-001",
    "scheme": "wb-vcs-2017",
    "authority": "dlsa",
    "authority_state": "WB",
    "authority_district": "South 24 Parganas",
    "claim_number": "DLSA/S24P/12/2019",
    "amount_claimed": "2,00,000",
    "consent_given_on": "2019-04-02",
    "consent_method": "written",
    "route": "application",
    "filed_on": "2019-04-10",
    "inquiry_started_on": "2019-05-02",
    "awarded_on": "2019-08-20",
    "awarded_amount": "150000",
    "award_reference": "Award 7/2019",
    "sent_for_payment_on": "2019-09-01",
}
PAYMENT_ROW = {
    "payment_ref": "T-001-C1-P1",
    "claim_ref": "T-001-C1",
    "paid_on": "2019-10-15",
    "amount": "100000",
    "mode": "bank_transfer",
    "bank_name": "Demo Gramin Bank",
    "reference": "UTR0000001",
}


def run(admin, sheets, dry_run=False):
    return import_run(membership=admin, file_name="c.xlsx", content=xlsx_bytes(sheets), dry_run=dry_run)


def sheets(lead_wb, claims=None, payments=None):
    given = {
        "cases": [{**case_row(), "lead_caseworker": lead_wb.user.username}],
        "firs": [FIR_ROW],
        "claims": [CLAIM_ROW] if claims is None else claims,
        "payments": [PAYMENT_ROW] if payments is None else payments,
    }
    return {title: rows for title, rows in given.items() if rows}  # a sheet without rows: left out


def claim(**changes):
    return {**CLAIM_ROW, **changes}


def counts():
    return [m.objects.count() for m in (Case, Claim, ClaimPayment, Consent, StageTransition, ImportedRecord)]


def test_a_claim_walked_to_its_award_and_its_payment_are_imported_with_their_dates(admin_wb, lead_wb):
    report = run(admin_wb, sheets(lead_wb))
    assert report["errors"] == [] and report["committed"] is True
    assert {k: v["new"] for k, v in report["counts"].items()} == {
        "cases": 1,
        "firs": 1,
        "accused": 0,
        "court_cases": 0,
        "hearings": 0,
        "claims": 1,
        "payments": 1,
    }
    record = Claim.objects.select_related("scheme", "case").get()
    assert record.case.reference and record.scheme.code == "wb-vcs-2017" and record.line.category == "trafficking"
    assert (record.authority_level, record.authority_district.name) == ("dlsa", "South 24 Parganas")
    assert record.amount_claimed == Decimal("200000") and record.claim_number == "DLSA/S24P/12/2019"
    assert record.screened_on == datetime.date(2019, 4, 10)  # no screening date: the filing's
    assert record.applied_on == datetime.date(2019, 4, 10) and record.route == "application"
    assert record.inquiry_started_on == datetime.date(2019, 5, 2)
    assert (record.awarded_on, record.awarded_amount) == (datetime.date(2019, 8, 20), Decimal("150000"))
    assert record.stage == "partly_disbursed" and record.amount_paid == Decimal("100000")
    # Filed on paper: the documents are not in Nyaya, and the claim says so.
    assert record.documents_waiver_note.startswith("Filed on paper before the case was imported")
    steps = StageTransition.objects.filter(subject_key=record.subject_key).order_by("pk")
    assert [(s.transition, s.effective_on.isoformat()) for s in steps] == [
        ("create", "2019-04-10"),
        ("mark_documents_ready", "2019-04-10"),
        ("apply", "2019-04-10"),
        ("start_inquiry", "2019-05-02"),
        ("award", "2019-08-20"),
        ("forward_for_payment", "2019-09-01"),
        ("record_part_payment", "2019-10-15"),
    ]
    consent = Consent.objects.get()
    assert (consent.purpose, consent.given_on, consent.method) == ("compensation", datetime.date(2019, 4, 2), "written")
    payment = ClaimPayment.objects.get()
    assert (payment.paid_on, payment.amount, payment.mode) == (
        datetime.date(2019, 10, 15),
        Decimal("100000"),
        "bank_transfer",
    )
    assert payment.reference == "UTR0000001" and payment.recorded_by == admin_wb.user
    assert ImportedRecord.objects.get(kind="payments").object_id == payment.pk


def test_the_same_file_twice_changes_nothing_the_second_time(admin_wb, lead_wb):
    assert run(admin_wb, sheets(lead_wb))["committed"] is True
    before = counts()
    report = run(admin_wb, sheets(lead_wb))
    assert report["errors"] == [] and counts() == before
    assert report["counts"]["claims"] == {"new": 0, "unchanged": 1, "invalid": 0}
    assert report["counts"]["payments"] == {"new": 0, "unchanged": 1, "invalid": 0}


def test_a_bad_claim_row_names_its_column_and_nothing_of_any_sheet_is_saved(admin_wb, lead_wb):
    before = counts()
    bad = claim(claim_ref="T-001-C2", scheme="nalsa-1999", awarded_amount="lots", authority="panchayat")
    report = run(admin_wb, sheets(lead_wb, claims=[CLAIM_ROW, bad]))
    assert errors_at(report) == {("claims", 3, "scheme"), ("claims", 3, "awarded_amount"), ("claims", 3, "authority")}
    assert report["committed"] is False and counts() == before
    assert report["counts"]["claims"] == {"new": 1, "unchanged": 0, "invalid": 1}


def test_dates_out_of_the_claims_order_are_refused_on_their_column(admin_wb, lead_wb):
    report = run(admin_wb, sheets(lead_wb, claims=[claim(inquiry_started_on="2019-04-01")], payments=[]))
    assert errors_at(report) == {("claims", 2, "inquiry_started_on")}
    assert "before the claim reached its present stage" in report["errors"][0]["message"]
    report = run(admin_wb, sheets(lead_wb, payments=[{**PAYMENT_ROW, "paid_on": "2019-08-01"}]))
    assert errors_at(report) == {("payments", 2, "paid_on")}
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    report = run(admin_wb, sheets(lead_wb, claims=[claim(awarded_on=future, sent_for_payment_on="")], payments=[]))
    assert errors_at(report) == {("claims", 2, "awarded_on")}
    assert not Claim.objects.exists()


def test_a_filing_without_her_consent_on_that_day_is_refused(admin_wb, lead_wb):
    row = claim(consent_given_on="2019-04-20")  # after the filing
    report = run(admin_wb, sheets(lead_wb, claims=[row], payments=[]))
    assert errors_at(report) == {("claims", 2, "filed_on")}
    assert "consent is not recorded in force on 10 Apr 2019" in report["errors"][0]["message"]
    row = claim(consent_given_on="", consent_method="")
    report = run(admin_wb, sheets(lead_wb, claims=[row], payments=[]))
    assert errors_at(report) == {("claims", 2, "filed_on")}
    row = claim(consent_given_by="guardian")  # her guardian, unnamed
    report = run(admin_wb, sheets(lead_wb, claims=[row], payments=[]))
    assert errors_at(report) == {("claims", 2, "consent_guardian_name")}


def test_steps_the_row_gives_without_what_they_follow_are_told(admin_wb, lead_wb):
    row = claim(route="", rejected_on="2019-08-20", appeal_result="allowed")
    report = run(admin_wb, sheets(lead_wb, claims=[row], payments=[]))
    assert errors_at(report) == {
        ("claims", 2, "route"),
        ("claims", 2, "rejected_on"),
        ("claims", 2, "appeal_filed_on"),
        ("claims", 2, "appeal_decided_on"),
    }
    row = claim(
        awarded_on="",
        sent_for_payment_on="",
        court="Sessions Court, Pune",
        rejection_reason="None given.",
        awarded_above_max_reason="The order's own reasons.",
    )
    report = run(admin_wb, sheets(lead_wb, claims=[row], payments=[]))
    assert errors_at(report) == {
        ("claims", 2, "awarded_amount"),
        ("claims", 2, "award_reference"),
        ("claims", 2, "awarded_above_max_reason"),
        ("claims", 2, "court"),
        ("claims", 2, "rejection_reason"),
    }
    assert not Claim.objects.exists()


def test_a_rejection_then_an_appeal_allowed_awards_the_appeals_amount(admin_wb, lead_wb):
    row = claim(
        awarded_on="",
        awarded_amount="",
        award_reference="",
        sent_for_payment_on="",
        rejected_on="2019-08-20",
        rejection_reason="No chargesheet yet.",
        appeal_filed_on="2019-09-10",
        appeal_reference="SLSA 3/2019",
        appeal_result="allowed",
        appeal_decided_on="2019-12-02",
        appeal_awarded_amount="120000",
    )
    payment = {**PAYMENT_ROW, "paid_on": "2020-01-10", "amount": "120000"}
    report = run(admin_wb, sheets(lead_wb, claims=[row], payments=[payment]))
    assert report["errors"] == []
    record = Claim.objects.get()
    assert (record.awarded_on, record.awarded_amount) == (datetime.date(2019, 12, 2), Decimal("120000"))
    assert record.rejected_on == datetime.date(2019, 8, 20) and record.appeal_reference == "SLSA 3/2019"
    assert record.stage == "disbursed" and record.fully_paid_on == datetime.date(2020, 1, 10)
    # The award was paid in full: its payment deadline is met, not overdue.
    assert not Deadline.objects.open().filter(rule_code="award_payment").exists()


def test_a_courts_recommendation_with_interim_relief_is_recorded(admin_wb, lead_wb):
    row = claim(
        consent_given_on="",
        consent_method="",
        route="court_recommendation",
        court="Sessions Court, Pune (ST 4/2019)",
        court_ordered_amount="100000",
        inquiry_started_on="2019-04-20",
        interim_sought_on="2019-04-25",
        interim_decided_on="2019-05-10",
        interim_amount="25000",
        awarded_on="",
        awarded_amount="",
        award_reference="",
        sent_for_payment_on="",
    )
    report = run(admin_wb, sheets(lead_wb, claims=[{**row, "court": ""}], payments=[]), dry_run=True)
    assert errors_at(report) == {("claims", 2, "court")}
    report = run(admin_wb, sheets(lead_wb, claims=[row], payments=[]))
    assert report["errors"] == []
    record = Claim.objects.get()
    assert record.route == "court_recommendation" and record.court_label == "Sessions Court, Pune (ST 4/2019)"
    assert record.court_ordered_amount == Decimal("100000") and record.applied_on == datetime.date(2019, 4, 10)
    assert (record.interim_amount, record.interim_decided_on) == (Decimal("25000"), datetime.date(2019, 5, 10))
    assert record.stage == "under_inquiry" and not Consent.objects.exists()


def test_a_payment_beyond_the_award_or_on_a_claim_not_awarded_is_refused(admin_wb, lead_wb):
    over = {**PAYMENT_ROW, "amount": "150000.50"}
    report = run(admin_wb, sheets(lead_wb, payments=[PAYMENT_ROW, {**over, "payment_ref": "P2"}]))
    assert errors_at(report) == {("payments", 3, "amount")}
    assert "more than the award" in report["errors"][0]["message"]
    pending = claim(awarded_on="", awarded_amount="", award_reference="", sent_for_payment_on="")
    report = run(admin_wb, sheets(lead_wb, claims=[pending]))
    assert errors_at(report) == {("payments", 2, "claim_ref")}
    assert "once the claim is awarded" in report["errors"][0]["message"]
    deposit = {**PAYMENT_ROW, "mode": "fixed_deposit", "bank_name": ""}
    report = run(admin_wb, sheets(lead_wb, payments=[deposit]))
    assert errors_at(report) == {("payments", 2, "fd_maturity_on")}
    assert not ClaimPayment.objects.exists()


def test_links_to_unknown_or_refused_rows_are_told(admin_wb, lead_wb):
    report = run(
        admin_wb, sheets(lead_wb, claims=[claim(case_ref="NOPE")], payments=[{**PAYMENT_ROW, "payment_ref": "P1"}])
    )
    assert errors_at(report) == {("claims", 2, "case_ref"), ("payments", 2, "claim_ref")}
    messages = {e["sheet"]: e["message"] for e in report["errors"]}
    assert messages["claims"].startswith("No row with this reference")
    assert messages["payments"] == "The row with this reference has errors: correct it first."


def test_a_claim_of_a_case_imported_before_and_csv_files_recognised_by_their_header(admin_wb, lead_wb):
    assert run(admin_wb, {"cases": sheets(lead_wb)["cases"], "firs": [FIR_ROW]})["committed"] is True
    report = import_run(membership=admin_wb, file_name="claims.csv", content=csv_bytes([CLAIM_ROW]), dry_run=False)
    assert report["errors"] == [] and report["counts"]["claims"]["new"] == 1
    report = import_run(membership=admin_wb, file_name="p.csv", content=csv_bytes([PAYMENT_ROW]), dry_run=False)
    assert report["errors"] == [] and report["counts"]["payments"]["new"] == 1
    assert Claim.objects.get().amount_paid == Decimal("100000")


def test_a_version_of_the_scheme_not_in_force_on_the_screening_day_is_refused(admin_wb, lead_wb):
    row = claim(scheme="nalsa-2018", screened_on="2018-01-05", offence="rape", offence_basis="rape")
    report = run(admin_wb, sheets(lead_wb, claims=[row], payments=[]))
    assert errors_at(report) == {("claims", 2, "screened_on")}
    report = run(admin_wb, sheets(lead_wb, claims=[claim(scheme="trafficking-floor")], payments=[]))
    assert errors_at(report) == {("claims", 2, "scheme")}  # a guideline is not claimed under
    row = claim(scheme="nalsa-2018", offence="rape")
    report = run(admin_wb, sheets(lead_wb, claims=[row], payments=[]))
    assert errors_at(report) == {("claims", 2, "offence_basis")}


def test_the_survivors_updates_after_imported_steps_are_not_left_overdue(admin_wb, lead_wb):
    run(admin_wb, sheets(lead_wb))
    overdue = Deadline.objects.open().filter(due_at__lt=timezone.now(), rule_code="survivor_update_after_event")
    assert not overdue.exists()
    # The award unpaid in part stays a fact to check: its payment deadline is open.
    assert Deadline.objects.open().filter(rule_code="award_payment").count() == 1


def test_a_scheme_versioned_by_release_takes_the_version_in_force_on_her_release(admin_wb, lead_wb):
    # Released in 2021: the 2016 scheme applies, though the claim was filed after its 2021 revision.
    case = case_row(
        exploitation_forms="bonded_labour",
        left_home_on="2021-01-10",
        trafficked_on="2021-01-12",
        rescued_on="2021-06-01",
        opened_on="2021-06-02",
    )
    row = {
        **claim(scheme="bonded-labour-2016", authority="district_magistrate", filed_on="2022-04-01"),
        "consent_given_on": "2022-03-20",
        "inquiry_started_on": "2022-04-20",
        "awarded_on": "2022-06-01",
        "awarded_amount": "300000",
        "sent_for_payment_on": "",
    }
    content = {"cases": [{**case, "lead_caseworker": lead_wb.user.username}], "claims": [row]}
    report = run(admin_wb, content)
    assert report["errors"] == []
    record = Claim.objects.select_related("scheme").get()
    assert record.scheme.short_name == "Bonded labour 2016" and record.line.category == "bonded_labour"
    assert record.authority_level == "district_magistrate" and record.awarded_amount == Decimal("300000")
