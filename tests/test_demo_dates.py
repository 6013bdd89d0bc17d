"""The demo's dates obey the law's order, as the services validate it (issue 14, "Demo realism").

Every demo record is checked: no FIR before the offence, her rescue before the FIR, remand on the
day of arrest or the next, chargesheet after the FIR, cognizance after a chargesheet, charges before
the judgment, claims after the offence, sections charged under the code in force on the offence
day (IPC before 1 July 2024, BNS after: BNS s.1(2); special laws any day), police stations and
courts in the district and state of their record, and her home district in her source state.
Each failure names the record. The demo is the shared one of tests/conftest.py, in a transaction
rolled back at the end of the module.
"""

import datetime

from cases.codes import NEW_CODES_FROM, offence_code_for
from cases.demo import SOURCE_DISTRICTS
from cases.models import Case
from compensation.models import Claim
from legal.court.demo import court_names
from legal.investigation.demo import STATIONS
from legal.models import FIR, Charge, CourtCase, CourtCharge, FIRAccused

GENERAL_CODES = {"ipc", "bns"}


def _problems(checks) -> list[str]:
    return [message for ok, message in checks if not ok]


def _firs():
    return list(FIR.objects.select_related("case", "state", "district", "transferred_to_state").order_by("pk"))


def test_no_fir_before_the_offence_nor_before_her_rescue(demo_db):
    firs = _firs()
    assert firs
    checks = []
    for fir in firs:
        offence = fir.offence_on
        checks.append((offence is not None, f"FIR {fir.pk} ({fir}) has no offence date"))
        if offence is None:
            continue
        checks.append((offence >= fir.case.trafficked_on, f"FIR {fir.pk}: offence before she was trafficked"))
        checks.append((fir.reported_on >= offence, f"FIR {fir.pk}: complaint {fir.reported_on} before the offence"))
        if fir.fir_date:
            checks.append((fir.fir_date >= offence, f"FIR {fir.pk}: registered {fir.fir_date} before the offence"))
            rescued = fir.case.rescued_on
            checks.append(
                (rescued is None or fir.fir_date >= rescued, f"FIR {fir.pk}: registered before her rescue {rescued}")
            )
    assert not _problems(checks), "\n".join(_problems(checks))


def test_rescue_to_fir_gaps_are_days_to_weeks(demo_db):
    gaps = [
        (fir.fir_date - fir.case.rescued_on).days
        for fir in _firs()
        if fir.fir_date and fir.case.rescued_on and fir.chain_role != "source"
    ]
    assert gaps and min(gaps) >= 0
    assert len(set(gaps)) >= 5, f"rescue-to-FIR gaps hardly vary: {sorted(set(gaps))}"
    assert max(gaps) >= 14, "no FIR registered weeks after the rescue"


def test_investigation_steps_follow_the_fir(demo_db):
    checks = []
    for fir in _firs():
        if not fir.fir_date:
            continue
        for name in (
            "investigation_started_on",
            "chargesheet_on",
            "closure_report_on",
            "transferred_on",
            "survivor_informed_on",
        ):
            value = getattr(fir, name)
            checks.append((value is None or value >= fir.fir_date, f"FIR {fir.pk}: {name} {value} before the FIR"))
    for link in FIRAccused.objects.select_related("fir").order_by("pk"):
        where = f"accused link {link.pk} on FIR {link.fir_id}"
        if link.arrested_on is None:
            checks.append((link.remanded_on is None, f"{where}: remand without an arrest"))
            continue
        checks.append((link.remanded_on is not None, f"{where}: arrested without a first remand"))
        if link.remanded_on:
            gap = (link.remanded_on - link.arrested_on).days
            checks.append((0 <= gap <= 1, f"{where}: remanded {gap} days after the arrest (BNSS 58: 24 hours)"))
        checks.append((link.arrested_on >= link.fir.offence_on, f"{where}: arrested before the offence"))
        if link.bail_applied_on:
            checks.append((link.bail_applied_on >= link.arrested_on, f"{where}: bail sought before the arrest"))
        if link.default_bail:
            days = (link.bail_applied_on - link.remanded_on).days
            checks.append((days in (60, 90), f"{where}: default bail {days} days after the remand, not 60 or 90"))
    assert not _problems(checks), "\n".join(_problems(checks))


def test_sections_are_charged_under_the_code_of_the_offence_day(demo_db):
    checks = []
    for charge in Charge.objects.select_related("fir", "fir__case", "section__act").order_by("pk"):
        act = charge.section.act.code
        if act in GENERAL_CODES:
            wanted = offence_code_for(charge.fir.offence_on)
            checks.append(
                (act == wanted, f"FIR {charge.fir_id}: {charge.section} charged, the offence day wants {wanted}")
            )
    for charge in CourtCharge.objects.select_related("court_case__case", "section__act").order_by("pk"):
        act = charge.section.act.code
        if act in GENERAL_CODES:
            firs = list(charge.court_case.firs.all())
            offence = min((f.offence_on for f in firs if f.offence_on), default=charge.court_case.case.trafficked_on)
            wanted = offence_code_for(offence)
            checks.append(
                (
                    act == wanted,
                    f"court case {charge.court_case_id}: {charge.section} framed, the offence wants {wanted}",
                )
            )
    assert not _problems(checks), "\n".join(_problems(checks))


def test_court_dates_follow_the_police_report(demo_db):
    court_cases = list(CourtCase.objects.select_related("court", "judgment").prefetch_related("firs").order_by("pk"))
    assert court_cases
    checks = []
    for court_case in court_cases:
        where = f"court case {court_case.pk} ({court_case.case_number})"
        filed = [f.chargesheet_on for f in court_case.firs.all() if f.chargesheet_on]
        checks.append((bool(filed), f"{where}: no FIR with a chargesheet"))
        if filed:
            checks.append((court_case.cognizance_on >= min(filed), f"{where}: cognizance before the chargesheet"))
            if court_case.filed_on:
                checks.append((court_case.filed_on >= min(filed), f"{where}: filed in court before the chargesheet"))
        if court_case.filed_on:
            checks.append((court_case.cognizance_on >= court_case.filed_on, f"{where}: cognizance before filing"))
        judgment = getattr(court_case, "judgment", None)
        if judgment is not None:
            checks.append(
                (
                    court_case.charges_framed_on is not None and court_case.charges_framed_on <= judgment.on,
                    f"{where}: judgment without charges framed before it",
                )
            )
            for charge in court_case.charges.all():
                checks.append((charge.framed_on <= judgment.on, f"{where}: charge {charge.pk} framed after judgment"))
        previous = court_case.cognizance_on
        for name in (
            "appearance_on",
            "copies_supplied_on",
            "committed_on",
            "charge_hearing_on",
            "charges_framed_on",
            "evidence_started_on",
            "accused_statement_on",
            "defence_evidence_on",
            "arguments_started_on",
            "arguments_concluded_on",
        ):
            value = getattr(court_case, name)
            if value is None:
                continue
            checks.append((value >= previous, f"{where}: {name} {value} before the step before it ({previous})"))
            previous = value
    assert not _problems(checks), "\n".join(_problems(checks))


def test_claims_follow_the_offence(demo_db):
    claims = list(Claim.objects.select_related("case").order_by("pk"))
    assert claims
    problems = [
        f"claim {c.pk} ({c.scheme_code}) screened {c.screened_on} before the offence {c.case.trafficked_on}"
        for c in claims
        if c.case.trafficked_on and c.screened_on < c.case.trafficked_on
    ]
    assert not problems, "\n".join(problems)


def test_police_stations_and_courts_are_in_their_districts(demo_db):
    checks = []
    for fir in _firs():
        where = f"FIR {fir.pk}"
        checks.append((fir.district is not None, f"{where}: no district"))
        if fir.district is None:
            continue
        checks.append((fir.district.state_id == fir.state_id, f"{where}: district {fir.district} not in {fir.state}"))
        stations = STATIONS.get(fir.state.code, {}).get(fir.district.name, [])
        checks.append(
            (fir.police_station in stations, f"{where}: {fir.police_station} is not a station of {fir.district}")
        )
        if fir.transferred_to_station:
            known = {s for names in STATIONS.get(fir.transferred_to_state.code, {}).values() for s in names}
            checks.append((fir.transferred_to_station in known, f"{where}: transferred to an unknown station"))
    for court_case in CourtCase.objects.select_related("court__state", "court__district").order_by("pk"):
        court = court_case.court
        where = f"court case {court_case.pk} ({court.name})"
        checks.append((court.district is not None, f"{where}: no district"))
        if court.district is None:
            continue
        checks.append((court.district.state_id == court.state_id, f"{where}: district not in {court.state}"))
        names = {*court_names(court.state, court.district).values()}
        names |= {*court_names(court.state, court.district, court_case.cognizance_on).values()}
        checks.append((court.name in names, f"{where}: not a court there"))
        fir_states = {f.state_id for f in court_case.firs.all()}
        checks.append((court.state_id in fir_states, f"{where}: in another state than its FIR"))
    assert not _problems(checks), "\n".join(_problems(checks))


def test_her_home_is_in_her_source_state(demo_db):
    checks = []
    for case in Case.objects.select_related("survivor", "source_state", "source_district").order_by("pk"):
        survivor = case.survivor
        where = f"case {case.reference}"
        checks.append((survivor.origin_state_id == case.source_state_id, f"{where}: home state is not the source"))
        district = survivor.origin_district
        checks.append((district is not None, f"{where}: no home district"))
        if district is not None:
            checks.append((district.state_id == case.source_state_id, f"{where}: home district {district} elsewhere"))
        if case.survivor.pseudonym.startswith("S-D"):
            checks.append(
                (
                    district is not None and district.name in SOURCE_DISTRICTS[case.source_state.code],
                    f"{where}: home district not a demo source district",
                )
            )
    assert not _problems(checks), "\n".join(_problems(checks))


def test_the_demo_holds_a_crpc_era_and_a_transitional_case(demo_db):
    firs = [f for f in _firs() if f.fir_date]
    old = [f for f in firs if f.fir_date < NEW_CODES_FROM and f.charges.filter(section__act__code="ipc").exists()]
    assert old, "no FIR registered before 1 July 2024 with IPC charges (a CrPC investigation)"
    assert all(f.procedure == "crpc" and f.offence_code == "ipc" for f in old)
    transitional = [f for f in firs if f.is_transitional and f.charges.filter(section__act__code="ipc").exists()]
    assert transitional, "no transitional FIR (offence before 1 July 2024, FIR after: IPC charges, BNSS procedure)"
    assert any(f.offence_on >= NEW_CODES_FROM and f.charges.filter(section__act__code="bns").exists() for f in firs)
    assert datetime.date(2024, 7, 1) == NEW_CODES_FROM


def test_side_records_follow_their_fir_and_her_rescue(demo_db):
    from care.models import CustodyOrder, Rescue
    from legal.models import AdvocacyAction, MedicalExamination, PoliceRequest, Statement

    checks = []
    for request in PoliceRequest.objects.select_related("fir").order_by("pk"):
        if request.fir is not None:
            checks.append(
                (request.sent_on >= request.fir.reported_on, f"police request {request.pk}: before the complaint")
            )
    for action in AdvocacyAction.objects.select_related("fir").order_by("pk"):
        if action.fir is not None:
            checks.append(
                (action.filed_on >= action.fir.reported_on, f"advocacy action {action.pk}: before the complaint")
            )
    for statement in Statement.objects.select_related("fir").order_by("pk"):
        fir_date = statement.fir.fir_date
        checks.append((fir_date is None or statement.on >= fir_date, f"statement {statement.pk}: before the FIR"))
    for exam in MedicalExamination.objects.select_related("case").order_by("pk"):
        rescued = exam.case.rescued_on
        checks.append((rescued is None or exam.examined_on >= rescued, f"medical examination {exam.pk}: before rescue"))
    for rescue in Rescue.objects.select_related("case").order_by("pk"):
        trafficked = rescue.case.trafficked_on
        checks.append(
            (trafficked is None or rescue.rescued_on >= trafficked, f"rescue {rescue.pk}: before the offence")
        )
    for order in CustodyOrder.objects.select_related("case").order_by("pk"):
        rescued = order.case.rescued_on
        checks.append((rescued is None or order.ordered_on >= rescued, f"custody order {order.pk}: before her rescue"))
    assert not _problems(checks), "\n".join(_problems(checks))
