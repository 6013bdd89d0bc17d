"""Any text in any cell: a report (each error on its sheet, row and column), never an exception,
and nothing saved unless the whole file is valid."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cases.models import Case
from imports.kinds import ACCUSED, CASES, FIRS
from imports.kinds_claims import CLAIMS, PAYMENTS
from imports.kinds_court import COURT_CASES, HEARINGS
from imports.services import import_run
from legal.models import FIR, CourtCase, FIRAccused, Hearing
from tests.examples import rolled_back

from .helpers import ACCUSED_ROW, FIR_ROW, case_row, csv_bytes, xlsx_bytes
from .test_court import COURT_ROW, HEARING_ROWS

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    case_column=st.sampled_from(CASES.names),
    fir_column=st.sampled_from(FIRS.names),
    case_text=TEXT,
    fir_text=TEXT,
    as_csv=st.booleans(),
)
def test_any_text_in_any_cell_gives_a_report(admin_wb, lead_wb, case_column, fir_column, case_text, fir_text, as_csv):
    row = {**case_row(), "lead_caseworker": lead_wb.user.username, case_column: case_text}
    fir = {**FIR_ROW, fir_column: fir_text}
    with rolled_back():
        if as_csv:
            report = import_run(membership=admin_wb, file_name="c.csv", content=csv_bytes([row]), dry_run=False)
        else:
            content = xlsx_bytes({"cases": [row], "firs": [fir]})
            report = import_run(membership=admin_wb, file_name="c.xlsx", content=content, dry_run=False)
        if report["file_error"]:
            assert Case.objects.count() == 0
        elif report["errors"]:
            assert report["committed"] is False
            assert Case.objects.count() == 0 and FIR.objects.count() == 0
            names = {"", *CASES.names, *FIRS.names}
            assert all(e["column"] in names and e["sheet"] in ("cases", "firs") for e in report["errors"])
            assert all(e["message"] for e in report["errors"])
        else:
            assert report["committed"] is True
            assert Case.objects.count() == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(accused_column=st.sampled_from(ACCUSED.names), accused_text=TEXT, as_csv=st.booleans())
@example(accused_column="names", accused_text="Raju\x00", as_csv=True)  # the file refused as a whole
def test_any_text_in_any_accused_cell_gives_a_report(admin_wb, lead_wb, accused_column, accused_text, as_csv):
    """The arrest and bail columns too: a FIR under investigation, so an arrest opens its clocks."""
    case = {**case_row(), "lead_caseworker": lead_wb.user.username}
    fir = {**FIR_ROW, "chargesheet_on": "", "investigation_started_on": "2019-03-11"}
    accused = {**ACCUSED_ROW, "arrested_on": "2019-03-10", "remanded_on": "2019-03-11", accused_column: accused_text}
    with rolled_back():
        if as_csv:
            # The case and its FIR imported before: the accused file alone, as a CSV.
            import_run(
                membership=admin_wb,
                file_name="c.xlsx",
                content=xlsx_bytes({"cases": [case], "firs": [fir]}),
                dry_run=False,
            )
            before = FIRAccused.objects.count()
            report = import_run(
                membership=admin_wb, file_name="a.csv", content=csv_bytes([accused]), kind="accused", dry_run=False
            )
        else:
            before = 0
            content = xlsx_bytes({"cases": [case], "firs": [fir], "accused": [accused]})
            report = import_run(membership=admin_wb, file_name="c.xlsx", content=content, dry_run=False)
        if report["file_error"]:  # a CSV cell with a NUL byte: not a text file Nyaya reads
            assert as_csv and report["committed"] is False and FIRAccused.objects.count() == before
        elif report["errors"]:
            assert report["committed"] is False
            assert FIRAccused.objects.count() == before
            assert all(e["column"] in {"", *ACCUSED.names} and e["sheet"] == "accused" for e in report["errors"])
            assert all(e["message"] for e in report["errors"])
        else:
            assert report["committed"] is True
            assert FIRAccused.objects.count() == before + 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    court_column=st.sampled_from(COURT_CASES.names),
    hearing_column=st.sampled_from(HEARINGS.names),
    court_text=TEXT,
    hearing_text=TEXT,
)
def test_any_text_in_any_court_or_hearing_cell_gives_a_report(
    admin_wb, lead_wb, court_column, hearing_column, court_text, hearing_text
):
    sheets = {
        "cases": [{**case_row(), "lead_caseworker": lead_wb.user.username}],
        "firs": [FIR_ROW],
        "accused": [ACCUSED_ROW],
        "court_cases": [{**COURT_ROW, court_column: court_text}],
        "hearings": [{**HEARING_ROWS[0], hearing_column: hearing_text}, HEARING_ROWS[1]],
    }
    with rolled_back():
        report = import_run(membership=admin_wb, file_name="c.xlsx", content=xlsx_bytes(sheets), dry_run=False)
        assert not report["file_error"]
        if report["errors"]:
            assert report["committed"] is False
            assert CourtCase.objects.count() == 0 and Hearing.objects.count() == 0 and Case.objects.count() == 0
            names = {"", *COURT_CASES.names, *HEARINGS.names}
            assert all(e["column"] in names and e["sheet"] in ("court_cases", "hearings") for e in report["errors"])
            assert all(e["message"] for e in report["errors"])
        else:
            assert report["committed"] is True
            assert CourtCase.objects.count() == 1 and Hearing.objects.count() >= 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    claim_column=st.sampled_from(CLAIMS.names),
    payment_column=st.sampled_from(PAYMENTS.names),
    claim_text=TEXT,
    payment_text=TEXT,
)
def test_any_text_in_any_cell_of_a_claim_or_payment_gives_a_report(
    admin_wb, lead_wb, claim_column, payment_column, claim_text, payment_text
):
    from compensation.models import Claim, ClaimPayment

    from .test_claims import CLAIM_ROW, PAYMENT_ROW

    content = xlsx_bytes(
        {
            "cases": [{**case_row(), "lead_caseworker": lead_wb.user.username}],
            "firs": [FIR_ROW],
            "claims": [{**CLAIM_ROW, claim_column: claim_text}],
            "payments": [{**PAYMENT_ROW, payment_column: payment_text}],
        }
    )
    with rolled_back():
        report = import_run(membership=admin_wb, file_name="c.xlsx", content=content, dry_run=False)
        if report["errors"]:
            assert report["committed"] is False
            assert Case.objects.count() == 0 and Claim.objects.count() == 0 and ClaimPayment.objects.count() == 0
            names = {"claims": {"", *CLAIMS.names}, "payments": {"", *PAYMENTS.names}}
            assert all(e["column"] in names[e["sheet"]] for e in report["errors"])
            assert all(e["message"] for e in report["errors"])
        else:
            assert report["committed"] is True
            assert Claim.objects.count() == 1
