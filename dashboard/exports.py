"""Exports: any dashboard table (CSV/XLSX, small cells suppressed), and case-level rows,
anonymised, in Nyaya's own columns or in the Human Trafficking Case Data Standard's.

Case-level rows exist only for cases whose survivor's consent for anonymised statistics
(ConsentPurpose.STATISTICS) is in force. They carry no name, phone, address, place, narrative,
case reference or exact date: age as a group, dates as a month, places as state and district.
Row numbers are assigned in each export and link back to nothing.

Queries per export are constant (one per kind of fact, keyed by case), whatever the rows.
"""

import csv
import datetime
import io
from collections import defaultdict

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from cases.models import Case, StageTransition
from compensation.models import Claim
from legal.models import FailureTag, FIRAccused, JudgmentOutcome
from survivors.models import Consent, ConsentPurpose

from .metrics import CLAIM_AWAITING_PAYMENT_Q, CLAIM_FILED_Q, COURT, INVESTIGATION, JUDGMENT_STAGES, TRIAL_STAGES
from .tables import Table

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- writing ------------------------------------------------------------------------------------


def write_csv(header: list, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _safe_text(v) for v in row])
    # A byte-order mark so that spreadsheet programs read the rupee sign and Indian scripts.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(header: list, rows, title: str = "Nyaya", definitions: list | None = None) -> bytes:
    """One sheet of rows; with `definitions` ((column, definition) pairs), a second sheet,
    "Definitions", saying what each column counts and in which unit."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append(["" if v is None else _safe_text(v) for v in row])
    if definitions:
        sidecar = book.create_sheet(title="Definitions")
        sidecar.append(["Column", "Definition"])
        for column, definition in definitions:
            sidecar.append([str(column), _safe_text(str(definition))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe_text(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and value != "<5":
        return "'" + value
    return value


def render(fmt: str, header: list, rows, title: str, definitions: list | None = None) -> bytes:
    return write_xlsx(header, rows, title, definitions) if fmt == "xlsx" else write_csv(header, rows)


DEFINITION = "Definition"


def table_export(table: Table) -> tuple[list, list]:
    """A table as it leaves Nyaya, carrying its definitions: a title row (the caption, which
    names the unit, and the note), the column names, a row of column definitions, then the
    figures; a table whose rows are different figures has a last column defining each row."""
    by_row = table.has_row_defs
    columns = [str(c) for c in table.columns] + ([DEFINITION] if by_row else [])
    col_defs = [d for _i, _c, d in table.headers()]
    definitions = [DEFINITION, *col_defs[1:]] + ([""] if by_row else [])
    rows = [columns, definitions]
    for cells, definition in table.defined_rows():
        rows.append([cells[0].value, *[cell.exported() for cell in cells[1:]]] + ([definition] if by_row else []))
    return [str(table.caption), str(table.note)], rows


# --- case-level rows ------------------------------------------------------------------------------


def consented(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Only cases whose survivor agreed to anonymised statistics (consent in force today)."""
    agreed = Consent.objects.in_force().filter(purpose=ConsentPurpose.STATISTICS).values("case_id")
    return cases.filter(pk__in=agreed)


def _month(day) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date()
    return day.strftime("%Y-%m")


def _age_group(minor: bool, has_dob: bool, estimated_age) -> str:
    if minor:
        return "child"
    return "adult" if has_dob or estimated_age is not None else "unknown"


def case_facts(cases: QuerySet[Case]) -> list[dict]:
    """Everything both case-level exports need, one dict per consented case (constant queries)."""
    cases = consented(cases)
    ids = cases.values("pk")
    base = list(
        cases.order_by("opened_at", "pk").values(
            "pk",
            "opened_at",
            "rescued_on",
            "trafficked_on",
            "status",
            "closure_reason",
            "survivor__sex",
            "survivor__minor_at_offence",
            "survivor__estimated_age",
            "source_state__name",
            "source_state__code",
            "source_district__name",
            "destination_state__name",
            "destination_state__code",
            "destination_district__name",
            "lead_organisation__kind",
        )
    )
    # Whether a date of birth is recorded, without reading (or decrypting) it.
    with_dob = set(cases.filter(survivor__date_of_birth__isnull=False).values_list("pk", flat=True))
    forms, means = defaultdict(list), defaultdict(list)
    for case_id, code in Case.exploitation_forms.through.objects.filter(case_id__in=ids).values_list(
        "case_id", "exploitationform__code"
    ):
        forms[case_id].append(code)
    for case_id, code in Case.recruitment_means.through.objects.filter(case_id__in=ids).values_list(
        "case_id", "recruitmentmeans__code"
    ):
        means[case_id].append(code)
    firsts = defaultdict(dict)
    moves = (
        StageTransition.objects.filter(case_id__in=ids, workflow__in=[INVESTIGATION, COURT])
        .values("case_id", "workflow", "to_stage")
        .annotate(first=Min("effective_on"))
    )
    for row in moves:
        firsts[row["case_id"]][f"{row['workflow']}:{row['to_stage']}"] = row["first"]
    accused = {
        row["fir__case_id"]: row
        for row in FIRAccused.objects.filter(fir__case_id__in=ids)
        .values("fir__case_id")
        .annotate(
            n=Count("accused__person_id", distinct=True),
            arrested=Count(
                "accused__person_id", distinct=True, filter=Q(arrested_on__isnull=False, released_without_charge=False)
            ),
            bailed=Count("accused__person_id", distinct=True, filter=Q(bail_status="granted")),
            absconding=Count("accused__person_id", distinct=True, filter=Q(absconding=True)),
        )
    }
    outcomes = defaultdict(lambda: defaultdict(int))
    for case_id, outcome, n in (
        JudgmentOutcome.objects.filter(court_accused__court_case__case_id__in=ids)
        .values_list("court_accused__court_case__case_id", "outcome")
        .annotate(n=Count("pk"))
    ):
        outcomes[case_id][outcome] = n
    failures = defaultdict(list)
    for case_id, code in (
        FailureTag.objects.filter(fir__case_id__in=ids, removed_at__isnull=True)
        .values_list("fir__case_id", "failure_point__code")
        .distinct()
    ):
        failures[case_id].append(code)
    claims = {
        row["case_id"]: row
        for row in Claim.objects.filter(case_id__in=ids)
        .values("case_id")
        .annotate(
            n=Count("pk"),
            filed=Count("pk", filter=CLAIM_FILED_Q),
            first_award=Min("awarded_on"),
            unpaid_since=Min("awarded_on", filter=CLAIM_AWAITING_PAYMENT_Q),
        )
    }
    amounts = defaultdict(lambda: [0, 0])
    for case_id, awarded, paid in Claim.objects.filter(case_id__in=ids).values_list(
        "case_id", "awarded_amount", "amount_paid"
    ):
        amounts[case_id][0] += int(awarded or 0)
        amounts[case_id][1] += int(paid or 0)

    today = timezone.localdate()
    facts = []
    for number, row in enumerate(base, start=1):
        pk = row["pk"]
        first = firsts.get(pk, {})
        fir_on = min(
            [d for k, d in first.items() if k in ("investigation:fir_registered", "investigation:zero_fir")],
            default=None,
        )
        trial_on = min(
            [d for k, d in first.items() if k.split(":", 1)[1] in TRIAL_STAGES and k.startswith(COURT)], default=None
        )
        judgment_on = min(
            [d for k, d in first.items() if k.split(":", 1)[1] in JUDGMENT_STAGES and k.startswith(COURT)], default=None
        )
        acc = accused.get(pk, {})
        claim = claims.get(pk, {})
        unpaid_since = claim.get("unpaid_since")
        facts.append(
            {
                "row": number,
                "month_rescued": _month(row["rescued_on"]),
                "month_trafficked": _month(row["trafficked_on"]),
                "month_opened": _month(row["opened_at"]),
                "age_group": _age_group(
                    row["survivor__minor_at_offence"], pk in with_dob, row["survivor__estimated_age"]
                ),
                "sex": row["survivor__sex"],
                "source_state": row["source_state__name"] or "",
                "source_state_code": row["source_state__code"] or "",
                "source_district": row["source_district__name"] or "",
                "destination_state": row["destination_state__name"] or "",
                "destination_state_code": row["destination_state__code"] or "",
                "destination_district": row["destination_district__name"] or "",
                "exploitation_forms": sorted(forms.get(pk, [])),
                "recruitment_means": sorted(means.get(pk, [])),
                "lead_organisation_kind": row["lead_organisation__kind"],
                "status": row["status"],
                "closure_reason": row["closure_reason"] or "",
                "month_fir": _month(fir_on),
                "month_chargesheet": _month(first.get("investigation:chargesheet_filed")),
                "closure_report": "investigation:closure_report_filed" in first,
                "month_trial": _month(trial_on),
                "month_judgment": _month(judgment_on),
                "accused": acc.get("n", 0),
                "arrested": acc.get("arrested", 0),
                "bail_granted": acc.get("bailed", 0),
                "absconding": acc.get("absconding", 0),
                "convicted": outcomes.get(pk, {}).get("convicted", 0),
                "acquitted": outcomes.get(pk, {}).get("acquitted", 0),
                "failure_points": sorted(failures.get(pk, [])),
                "claims": claim.get("n", 0),
                "claims_filed": claim.get("filed", 0),
                "month_awarded": _month(claim.get("first_award")),
                "amount_awarded": amounts[pk][0] if pk in amounts else 0,
                "amount_paid": amounts[pk][1] if pk in amounts else 0,
                "days_award_unpaid": (today - unpaid_since).days if unpaid_since else "",
            }
        )
    return facts


ANONYMISED_COLUMNS = [
    "row",
    "month_rescued",
    "month_trafficked",
    "month_opened",
    "age_group",
    "sex",
    "source_state",
    "source_district",
    "destination_state",
    "destination_district",
    "exploitation_forms",
    "recruitment_means",
    "lead_organisation_kind",
    "status",
    "closure_reason",
    "month_fir",
    "month_chargesheet",
    "closure_report",
    "month_trial",
    "month_judgment",
    "accused",
    "arrested",
    "bail_granted",
    "absconding",
    "convicted",
    "acquitted",
    "failure_points",
    "claims",
    "claims_filed",
    "month_awarded",
    "amount_awarded",
    "amount_paid",
    "days_award_unpaid",
]


def _cell(value):
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def anonymised_rows(facts: list[dict]) -> tuple[list, list]:
    return ANONYMISED_COLUMNS, [[_cell(f[c]) for c in ANONYMISED_COLUMNS] for f in facts]


# --- Human Trafficking Case Data Standard -----------------------------------------------------------
# Field names from HTCDS (github.com/UNMigration/HTCDS, "HTCDS Field Reference"): prefixes cas_
# (case), prs_ (person), vic_ (victim context), hte_ (historic trafficking event: recruitment and
# exploitation), org_ (organisation). Nyaya's figures with no HTCDS field carry an `nyaya_` prefix.
# The mapping is documented in README.md ("Dashboard" section).

HTCDS_GENDER = {"female": "Female", "male": "Male", "transgender": "Transgender/NonConforming"}
HTCDS_ORG_TYPE = {"ngo": "NGO", "cbo": "NGO", "survivor_collective": "NGO", "lawyers_network": "LegalService"}
HTCDS_RECRUITMENT = {
    "false_job_offer": "Job offer/advertisement",
    "placement_agency": "Job offer/advertisement",
    "marriage_promise": "Intimate partner/marriage proposition",
    "abduction": "Abduction",
    "sold_by_known_person": "Familial",
    "online_contact": "Internet (social media, online advertisement)",
}
HTCDS_LABOUR = {
    "domestic_servitude": "DomesticWork",
    "forced_criminality": "IllicitActivities",
    "forced_labour": "Other",
    "bonded_labour": "Other",
    "child_labour": "Other",
}

HTCDS_COLUMNS = [
    "nyaya_RowNumber",
    "cas_Status",
    "prs_Gender",
    "prs_Nationality",
    "nyaya_AgeGroup",
    "vic_MethodOfRecruitment",
    "vic_TypeOfLabourExploitation",
    "nyaya_TypeOfExploitation",
    "hte_Recruitment_Type",
    "hte_Recruitment_Country",
    "hte_Recruitment_State",
    "hte_Recruitment_District",
    "hte_Recruitment_Date",
    "hte_Exploitation_Type",
    "hte_Exploitation_Country",
    "hte_Exploitation_State",
    "hte_Exploitation_District",
    "hte_Exploitation_Date",
    "org_Type",
    "nyaya_FIRRegisteredMonth",
    "nyaya_ChargesheetMonth",
    "nyaya_TrialBeganMonth",
    "nyaya_JudgmentMonth",
    "nyaya_AccusedConvicted",
    "nyaya_AccusedAcquitted",
    "nyaya_CompensationAwardedINR",
    "nyaya_CompensationPaidINR",
]


def htcds_rows(facts: list[dict]) -> tuple[list, list]:
    rows = []
    for f in facts:
        recruitment = sorted({HTCDS_RECRUITMENT.get(code, "Other") for code in f["recruitment_means"]})
        labour = sorted({HTCDS_LABOUR[c] for c in f["exploitation_forms"] if c in HTCDS_LABOUR})
        rows.append(
            [
                f["row"],
                "Active" if f["status"] == "open" else "Closed",
                HTCDS_GENDER.get(f["sex"], "Unknown"),
                "IN",
                f["age_group"],
                ";".join(recruitment) or "Unknown",
                ";".join(labour),
                ";".join(f["exploitation_forms"]),
                "Recruitment",
                "IN" if f["source_state"] else "",
                f["source_state"],
                f["source_district"],
                f["month_trafficked"],
                "Exploitation",
                "IN" if f["destination_state"] else "",
                f["destination_state"],
                f["destination_district"],
                f["month_rescued"],
                HTCDS_ORG_TYPE.get(f["lead_organisation_kind"], "NGO"),
                f["month_fir"],
                f["month_chargesheet"],
                f["month_trial"],
                f["month_judgment"],
                f["convicted"],
                f["acquitted"],
                f["amount_awarded"],
                f["amount_paid"],
            ]
        )
    return HTCDS_COLUMNS, rows


CASE_EXPORTS = {"anonymised": anonymised_rows, "htcds": htcds_rows}


def case_export(kind: str, cases: QuerySet[Case], fmt: str) -> tuple[bytes, int]:
    """The rows; an XLSX file carries the column definitions in a "Definitions" sheet, a CSV
    file has them in a sidecar file (definitions_csv) so that its first row stays the header
    other systems read."""
    facts = case_facts(cases)
    header, rows = CASE_EXPORTS[kind](facts)
    return render(fmt, header, rows, title=f"Nyaya {kind}", definitions=column_definitions(kind)), len(rows)


def column_definitions(kind: str) -> list[tuple[str, str]]:
    defs = CASE_EXPORT_DEFINITIONS[kind]
    columns = ANONYMISED_COLUMNS if kind == "anonymised" else HTCDS_COLUMNS
    return [(column, defs[column]) for column in columns]


def definitions_csv(kind: str) -> bytes:
    return write_csv(["Column", "Definition"], column_definitions(kind))


MONTH = "Month (YYYY-MM) "
ANONYMISED_DEFINITIONS = {
    "row": "Row number in this file only (links to no case).",
    "month_rescued": MONTH + "of her rescue.",
    "month_trafficked": MONTH + "she was trafficked.",
    "month_opened": MONTH + "the case was opened in Nyaya.",
    "age_group": "child (minor at the offence), adult or unknown; one per case.",
    "sex": "The survivor's sex as recorded; one per case.",
    "source_state": "State of her home (source).",
    "source_district": "District of her home (source).",
    "destination_state": "State where she was exploited (destination).",
    "destination_district": "District where she was exploited (destination).",
    "exploitation_forms": "Forms of exploitation (codes, separated by ;).",
    "recruitment_means": "Means of recruitment (codes, separated by ;).",
    "lead_organisation_kind": "Kind of organisation leading the case.",
    "status": "open or closed.",
    "closure_reason": "Why the case was closed (code); empty while open.",
    "month_fir": MONTH + "of the case's first FIR or zero FIR.",
    "month_chargesheet": MONTH + "of the first chargesheet on any of the case's FIRs.",
    "closure_report": "yes if the police filed a closure report on one of the case's FIRs.",
    "month_trial": MONTH + "a court case first reached charges framed or a later trial stage.",
    "month_judgment": MONTH + "a court case first reached judgment.",
    "accused": "Number of accused persons on the case's FIRs (a person on two FIRs counts once).",
    "arrested": "Number of those accused persons arrested and not released without charge.",
    "bail_granted": "Number of those accused persons granted bail during investigation.",
    "absconding": "Number of those accused persons absconding.",
    "convicted": "Number of accused persons convicted in the case's court cases.",
    "acquitted": "Number of accused persons acquitted in the case's court cases.",
    "failure_points": "Failure points tagged on the case's FIRs (codes, separated by ;).",
    "claims": "Number of compensation claims on the case (screened or further).",
    "claims_filed": "Number of those claims filed (application or court recommendation recorded) or awarded.",
    "month_awarded": MONTH + "of the first award on the case's claims.",
    "amount_awarded": "Rupees awarded, summed over the case's awarded claims.",
    "amount_paid": "Rupees paid, summed over the same claims (part payments added; never above the award).",
    "days_award_unpaid": "Days since the oldest award still waiting for payment on the case; empty if none.",
}
HTCDS_DEFINITIONS = {
    "nyaya_RowNumber": ANONYMISED_DEFINITIONS["row"],
    "cas_Status": "Active (case open) or Closed.",
    "prs_Gender": "The survivor's gender, in HTCDS values.",
    "prs_Nationality": "IN for every survivor.",
    "nyaya_AgeGroup": ANONYMISED_DEFINITIONS["age_group"],
    "vic_MethodOfRecruitment": "Means of recruitment, in HTCDS values (separated by ;).",
    "vic_TypeOfLabourExploitation": "Forms of labour exploitation, in HTCDS values (separated by ;).",
    "nyaya_TypeOfExploitation": ANONYMISED_DEFINITIONS["exploitation_forms"],
    "hte_Recruitment_Type": "Always Recruitment: the event this group of columns describes.",
    "hte_Recruitment_Country": "IN when the source state is recorded.",
    "hte_Recruitment_State": ANONYMISED_DEFINITIONS["source_state"],
    "hte_Recruitment_District": ANONYMISED_DEFINITIONS["source_district"],
    "hte_Recruitment_Date": ANONYMISED_DEFINITIONS["month_trafficked"],
    "hte_Exploitation_Type": "Always Exploitation: the event this group of columns describes.",
    "hte_Exploitation_Country": "IN when the destination state is recorded.",
    "hte_Exploitation_State": ANONYMISED_DEFINITIONS["destination_state"],
    "hte_Exploitation_District": ANONYMISED_DEFINITIONS["destination_district"],
    "hte_Exploitation_Date": ANONYMISED_DEFINITIONS["month_rescued"],
    "org_Type": "Kind of organisation leading the case, in HTCDS values.",
    "nyaya_FIRRegisteredMonth": ANONYMISED_DEFINITIONS["month_fir"],
    "nyaya_ChargesheetMonth": ANONYMISED_DEFINITIONS["month_chargesheet"],
    "nyaya_TrialBeganMonth": ANONYMISED_DEFINITIONS["month_trial"],
    "nyaya_JudgmentMonth": ANONYMISED_DEFINITIONS["month_judgment"],
    "nyaya_AccusedConvicted": ANONYMISED_DEFINITIONS["convicted"],
    "nyaya_AccusedAcquitted": ANONYMISED_DEFINITIONS["acquitted"],
    "nyaya_CompensationAwardedINR": ANONYMISED_DEFINITIONS["amount_awarded"],
    "nyaya_CompensationPaidINR": ANONYMISED_DEFINITIONS["amount_paid"],
}
CASE_EXPORT_DEFINITIONS = {"anonymised": ANONYMISED_DEFINITIONS, "htcds": HTCDS_DEFINITIONS}
