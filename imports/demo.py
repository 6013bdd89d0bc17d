"""The example file (offered on the import page) and the demo's two imports, for `seed_demo`.

Deterministic and synthetic: "Demo" in every name, fixed dates long past (the years of paper an
organisation arrives with). The demo's organisation admin has one committed import and one dry
run of a file with mistakes, whose report shows each error on its sheet, row and column.
"""

from __future__ import annotations

from consortium.models import Membership, Role

from .files import workbook
from .models import ImportJob
from .registry import KINDS

EXAMPLE_REF = "EX"


def example_sheets(
    lead_username: str, *, prefix: str = EXAMPLE_REF, with_errors: bool = False, lawyer_username: str = ""
) -> dict:
    """Three cases, two FIRs (one a zero FIR, transferred), three accused (arrested, on bail, one
    absconding), a court case (its lawyer when one is named: a lawyer of the organisation), three
    of its hearings, two compensation claims and two payments, as rows of each sheet in its
    columns' order."""
    cases = [
        {
            "case_ref": f"{prefix}-2019-001",
            "full_name": "Asha Demokumari",
            "pseudonym": f"{prefix}-A1",
            "estimated_age": "19",
            "age_basis": "self_reported",
            "origin_state": "WB",
            "origin_district": "South 24 Parganas",
            "source_state": "WB",
            "source_district": "South 24 Parganas",
            "destination_state": "MH",
            "destination_district": "Pune",
            "left_home_on": "2019-02-01",
            "trafficked_on": "2019-02-03",
            "exploitation_forms": "sexual_exploitation",
            "recruitment_means": "false_job_offer",
            "opened_on": "2019-03-12",
            "rescued_on": "2019-03-09",
            "rescue_state": "MH",
            "rescue_district": "Pune",
            "rescue_agency": "ahtu",
            "lead_caseworker": lead_username,
        },
        {
            "case_ref": f"{prefix}-2020-002",
            "full_name": "Rupa Demodevi",
            "date_of_birth": "2005-07-15",
            "age_basis": "document",
            "origin_state": "WB",
            "origin_district": "Murshidabad",
            "source_state": "WB",
            "destination_state": "DL",
            "trafficked_on": "2020-01-20",
            "exploitation_forms": "domestic_servitude; forced_labour",
            "opened_on": "2020-02-02",
            "rescued_on": "2020-02-01",
            "rescue_state": "DL",
            "rescue_agency": "police",
            "lead_caseworker": lead_username,
        },
        {
            "case_ref": f"{prefix}-2021-003",
            "pseudonym": f"{prefix}-M3",
            "estimated_age": "22",
            "age_basis": "estimated",
            "origin_state": "WB",
            "origin_district": "North 24 Parganas",
            "source_state": "WB",
            "destination_state": "WB",
            "destination_district": "Kolkata",
            "trafficked_on": "2021-08-01",
            "exploitation_forms": "sexual_exploitation",
            "opened_on": "2021-09-01",
            "lead_caseworker": lead_username,
        },
    ]
    firs = [
        {
            "fir_ref": f"{prefix}-2019-001-F1",
            "case_ref": f"{prefix}-2019-001",
            "state": "MH",
            "district": "Pune",
            "police_station": "Faraskhana PS",
            "reported_on": "2019-03-09",
            "fir_number": "101/2019",
            "fir_date": "2019-03-10",
            "sections": "IPC 370; ITPA 5",
            "investigation_started_on": "2019-03-11",
            "io_name": "Demo Patil",
            "io_rank": "Sub-Inspector",
            "io_phone": "90000 30001",
            "ahtu_unit": "AHTU Pune",
            "ahtu_transferred_on": "2019-03-15",
            "chargesheet_on": "2019-05-20",
            "chargesheet_number": "45/2019",
        },
        {
            # Registered where she was found, investigated by the station with jurisdiction.
            "fir_ref": f"{prefix}-2020-002-F1",
            "case_ref": f"{prefix}-2020-002",
            "state": "DL",
            "district": "Central Delhi",
            "police_station": "Paharganj PS",
            "reported_on": "2020-02-01",
            "zero_fir": "yes",
            "fir_number": "17/2020",
            "fir_date": "2020-02-02",
            "transferred_to_state": "DL",
            "transferred_to_station": "Kamla Market PS",
            "transferred_on": "2020-02-05",
            "sections": "IPC 370",
            "investigation_started_on": "2020-02-06",
            "io_name": "Demo Sharma",
            "io_rank": "Inspector",
        },
    ]
    accused = [
        {
            "accused_ref": f"{prefix}-2019-001-A1",
            "fir_ref": f"{prefix}-2019-001-F1",
            "names": "Raju Demowala",
            "role": "recruiter",
            "arrested_on": "2019-03-10",
            "remanded_on": "2019-03-11",
            "custody": "judicial",
        },
        {
            "accused_ref": f"{prefix}-2019-001-A2",
            "fir_ref": f"{prefix}-2019-001-F1",
            "names": "Meena Demobibi",
            "aliases": "Didi Demo",
            "role": "brothel_keeper",
            "arrested_on": "2019-03-10",
            "remanded_on": "2019-03-11",
            "bail_status": "granted",
            "bail_applied_on": "2019-04-01",
            "bail_granted_on": "2019-04-20",
            "absconding": "yes",  # since her bail
        },
        {
            "accused_ref": f"{prefix}-2020-002-A1",
            "fir_ref": f"{prefix}-2020-002-F1",
            "names": "Gopal Demokar",
            "role": "placement_agent",
            "named_in_fir": "no",
            # Still under investigation: the 60-day clock from the remand, due in 2020, asks
            # "was it met?"; bail by default after it (BNSS 187(3) / CrPC 167(2)).
            "arrested_on": "2020-02-10",
            "remanded_on": "2020-02-11",
            "bail_status": "granted",
            "bail_applied_on": "2020-04-11",
            "bail_granted_on": "2020-04-14",
            "default_bail": "yes",
        },
    ]
    court_cases = [
        {
            "court_case_ref": f"{prefix}-2019-001-C1",
            "case_ref": f"{prefix}-2019-001",
            "fir_refs": f"{prefix}-2019-001-F1",
            "accused_refs": f"{prefix}-2019-001-A1; {prefix}-2019-001-A2",
            "court_kind": "sessions",
            "court_state": "MH",
            "court_district": "Pune",
            "court_name": "Court of the Additional Sessions Judge, Pune",
            "case_number": "SC 45/2019",
            "lawyer": lawyer_username,
            "filed_on": "2019-05-25",
            "cognizance_on": "2019-06-01",
            "committed_on": "2019-07-15",
            "appearance_on": "2019-06-20",
            "copies_supplied_on": "2019-07-01",
            "charge_hearing_on": "2019-08-10",
            "charges_framed_on": "2019-09-05",
            "charges": "IPC 370; ITPA 5",
            "evidence_started_on": "2019-11-12",
        }
    ]
    hearings = [
        {
            "hearing_ref": f"{prefix}-2019-001-H1",
            "court_case_ref": f"{prefix}-2019-001-C1",
            "hearing_date": "2019-11-12",
            "purpose": "survivor_evidence",
            "what_happened": "held",
            "survivor_must_attend": "yes",
            "survivor_attended": "yes",
            "survivor_deposed": "yes",
            "deposition_mode": "video_link",
            "next_date": "2019-12-10",
        },
        {
            "hearing_ref": f"{prefix}-2019-001-H2",
            "court_case_ref": f"{prefix}-2019-001-C1",
            "hearing_date": "2019-12-10",
            "purpose": "survivor_evidence",
            "what_happened": "adjourned",
            "adjournment_reason": "lawyers_strike",
            "next_date": "2020-01-15",
            "next_purpose": "prosecution_evidence",
        },
        {
            "hearing_ref": f"{prefix}-2019-001-H3",
            "court_case_ref": f"{prefix}-2019-001-C1",
            "hearing_date": "2020-01-15",
            "purpose": "prosecution_evidence",
            "what_happened": "held",
            "proceedings": "Two police witnesses examined (Demo).",
        },
    ]
    claims = [
        {
            "claim_ref": f"{prefix}-2019-001-C1",
            "case_ref": f"{prefix}-2019-001",
            "scheme": "wb-vcs-2017",
            "authority": "dlsa",
            "authority_state": "WB",
            "authority_district": "South 24 Parganas",
            "claim_number": "DLSA/S24P/31/2019",
            "amount_claimed": "200000",
            "consent_given_on": "2019-04-02",
            "consent_method": "written",
            "route": "application",
            "filed_on": "2019-04-10",
            "inquiry_started_on": "2019-05-02",
            "awarded_on": "2019-08-20",
            "awarded_amount": "150000",
            "award_reference": "DLSA/S24P/Award/7/2019",
            "sent_for_payment_on": "2019-09-01",
        },
        {
            # She was 14 when it was filed: her guardian consented to the application.
            "claim_ref": f"{prefix}-2020-002-C1",
            "case_ref": f"{prefix}-2020-002",
            "scheme": "wb-vcs-2017",
            "authority": "dlsa",
            "authority_state": "WB",
            "authority_district": "Murshidabad",
            "amount_claimed": "100000",
            "consent_given_on": "2020-02-20",
            "consent_given_by": "guardian",
            "consent_guardian_name": "Salma Demobibi",
            "consent_method": "thumbprint",
            "route": "application",
            "filed_on": "2020-03-02",
            "inquiry_started_on": "2020-04-01",
        },
    ]
    payments = [
        {
            "payment_ref": f"{prefix}-2019-001-C1-P1",
            "claim_ref": f"{prefix}-2019-001-C1",
            "paid_on": "2019-10-15",
            "amount": "100000",
            "mode": "bank_transfer",
            "bank_name": "Demo Gramin Bank, Diamond Harbour",
            "reference": "UTR-DEMO-0001",
        },
        {
            "payment_ref": f"{prefix}-2019-001-C1-P2",
            "claim_ref": f"{prefix}-2019-001-C1",
            "paid_on": "2020-01-20",
            "amount": "50000",
            "mode": "bank_transfer",
            "bank_name": "Demo Gramin Bank, Diamond Harbour",
            "reference": "UTR-DEMO-0002",
        },
    ]
    if with_errors:
        cases[1]["trafficked_on"] = "31/02/2020"  # no such day
        cases[2]["origin_state"] = "Wakanda"
        firs[0]["chargesheet_on"] = "2019-03-01"  # before the FIR
        accused[2]["role"] = "mastermind"
        hearings[1]["what_happened"] = "postponed"  # held, adjourned or not_taken_up
        claims[0]["inquiry_started_on"] = "2019-04-01"  # before it was filed
    sheets = {
        "cases": cases,
        "firs": firs,
        "accused": accused,
        "court_cases": court_cases,
        "hearings": hearings,
        "claims": claims,
        "payments": payments,
    }
    return {kind.key: [[row.get(name, "") for name in kind.names] for row in sheets[kind.key]] for kind in KINDS}


def example_file(lead_username: str) -> bytes:
    return workbook(example_sheets(lead_username))


def seed_imports(
    admin_username: str = "admin_wb", lead_username: str = "cw_wb", lawyer_username: str = "lawyer_wb"
) -> int:
    """One committed import and one dry run with errors, for the organisation admin (nothing if done)."""
    from .services import import_job_run, import_start

    admin = (
        Membership.objects.active()
        .filter(user__username=admin_username, role=Role.ORG_ADMIN)
        .select_related("user", "organisation")
        .first()
    )
    if admin is None or ImportJob.objects.filter(user=admin.user, organisation=admin.organisation).exists():
        return 0
    committed = import_start(
        actor=admin.user,
        organisation=admin.organisation,
        file_name="demo-caseload-2019-2021.xlsx",
        content=workbook(example_sheets(lead_username, prefix="DEMO", lawyer_username=lawyer_username)),
        dry_run=False,
    )
    dry = import_start(
        actor=admin.user,
        organisation=admin.organisation,
        file_name="demo-caseload-with-mistakes.xlsx",
        content=workbook(
            example_sheets(lead_username, prefix="DEMO2", with_errors=True, lawyer_username=lawyer_username)
        ),
        dry_run=True,
    )
    # Seeded inside a transaction (the tests' demo), the jobs queued on commit have not run yet:
    # run them here (a job already run is left as it is: ImportJob.job_start runs it once).
    for job in (committed, dry):
        import_job_run(job_id=str(job.pk))
    return 2
