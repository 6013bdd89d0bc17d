"""The "Import cases" page: who may use it, upload, dry run, commit, templates and downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import AccessLogEntry, Case
from consortium.models import Role
from imports.models import ImportJob

from .helpers import ACCUSED_ROW, FIR_ROW, case_row, csv_bytes


def logged_in(client, membership):
    client.force_login(membership.user)
    return client


@pytest.fixture(autouse=True)
def jobs_run(monkeypatch):
    """The job's task is queued on commit (eager Celery): run it when the request's transaction would commit."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def upload(client, content, name="cases.csv", kind=""):
    file = SimpleUploadedFile(name, content)
    return client.post(reverse("imports:import_home"), {"file": file, "kind": kind})


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.COORDINATOR, Role.LAWYER])
def test_only_the_organisations_admin_may_import(client, make_member, org_wb, role):
    logged_in(client, make_member(role, org_wb))
    assert client.get(reverse("imports:import_home")).status_code == 403
    assert upload(client, csv_bytes([case_row()])).status_code == 403
    assert ImportJob.objects.count() == 0


def test_the_menu_offers_the_page_to_the_admin_only(client, admin_wb, lead_wb):
    url = reverse("imports:import_home")
    assert url in logged_in(client, admin_wb).get(reverse("home")).content.decode()
    assert url not in logged_in(client, lead_wb).get(reverse("home")).content.decode()


def test_another_organisations_admin_cannot_see_a_job(client, admin_wb, lead_wb, make_member, org_mh):
    logged_in(client, admin_wb)
    upload(client, csv_bytes([{**case_row(), "lead_caseworker": lead_wb.user.username}]))
    job = ImportJob.objects.get()
    other = logged_in(client, make_member(Role.ORG_ADMIN, org_mh))
    assert other.get(reverse("imports:import_job", args=[job.pk])).status_code == 404
    assert other.post(reverse("imports:import_commit", args=[job.pk])).status_code == 404
    assert Case.objects.count() == 0


def test_upload_dry_run_then_commit(client, admin_wb, lead_wb):
    logged_in(client, admin_wb)
    content = csv_bytes([{**case_row(), "lead_caseworker": lead_wb.user.username}], bom=True, crlf=True)
    response = upload(client, content)
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:import_job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "No errors: nothing was saved yet" in page and "Import these rows" in page
    assert Case.objects.count() == 0
    response = client.post(reverse("imports:import_commit", args=[job.pk]))
    committed = ImportJob.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("imports:import_job", args=[committed.pk])
    assert "Imported: every row below is now recorded." in client.get(response.url).content.decode()
    assert Case.objects.count() == 1
    committed.refresh_from_db()
    assert committed.content is None  # the file is deleted once committed
    # Each import (the dry run and the commit) wrote one access-log entry, naming no one.
    entries = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.IMPORTED)
    assert [e.target for e in entries.order_by("pk")] == [f"import {job.pk} dry run", f"import {committed.pk} commit"]


def test_a_dry_run_with_errors_lists_them_and_offers_no_import(client, admin_wb, lead_wb):
    logged_in(client, admin_wb)
    row = {**case_row(trafficked_on="2019-13-45"), "lead_caseworker": lead_wb.user.username}
    response = upload(client, csv_bytes([row]))
    page = client.get(response.url).content.decode()
    assert "1 error: nothing was saved" in page
    assert "trafficked_on" in page and "Not a date" in page
    assert "Import these rows" not in page
    job = ImportJob.objects.get()
    client.post(reverse("imports:import_commit", args=[job.pk]))
    assert Case.objects.count() == 0
    errors = client.get(reverse("imports:import_errors_csv", args=[job.pk])).content.decode("utf-8-sig")
    assert "cases,2,trafficked_on" in errors


def test_a_file_too_big_or_not_a_spreadsheet_is_refused_with_a_message(client, admin_wb, settings):
    logged_in(client, admin_wb)
    response = upload(client, b"x" * (5 * 1024 * 1024 + 1))
    assert response.status_code == 200 and "larger than 5 MB" in response.content.decode()
    response = upload(client, b"%PDF-1.4\x00\x00binary", name="scan.pdf")
    page = client.get(response.url).content.decode()
    assert "not a file Nyaya can read" in page


def test_the_xlsx_template_round_trips(client, admin_wb, lead_wb):
    logged_in(client, admin_wb)
    response = client.get(reverse("imports:import_template_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["cases", "firs", "accused", "court_cases", "hearings", "claims", "payments", "Guide"]
    assert [c.value for c in book["claims"][1]][:3] == ["claim_ref", "case_ref", "scheme"]
    assert [c.value for c in book["payments"][1]][:3] == ["payment_ref", "claim_ref", "paid_on"]
    guide = [[c.value for c in row] for row in book["Guide"].iter_rows()]
    # each language's columns titled in that language: "meaning (en)", then Hindi's and Bengali's own word
    assert "meaning (en)" in guide[0]
    for language in ("hi", "bn"):
        titles = [h for h in guide[0] if h.endswith(f"({language})")]
        assert len(titles) == 3 and f"meaning ({language})" not in titles
    assert guide[1][:2] == ["cases", "case_ref"]
    for title, row in (("cases", {**case_row(), "lead_caseworker": lead_wb.user.username}), ("firs", FIR_ROW)):
        sheet = book[title]
        header = [c.value for c in sheet[1]]
        sheet.append([row.get(name, "") for name in header])
    book["accused"].append([ACCUSED_ROW.get(c.value, "") for c in book["accused"][1]])
    filled = io.BytesIO()
    book.save(filled)
    response = upload(client, filled.getvalue(), name="filled.xlsx")
    job = ImportJob.objects.get()
    assert job.report["errors"] == []
    client.post(reverse("imports:import_commit", args=[job.pk]))
    assert Case.objects.count() == 1


def test_csv_templates_guide_and_example_file(client, admin_wb, lead_wb):
    logged_in(client, admin_wb)
    header = client.get(reverse("imports:import_template_csv", args=["firs"])).content.decode("utf-8-sig")
    assert header.startswith("fir_ref,case_ref,state")
    assert client.get(reverse("imports:import_template_csv", args=["nothing"])).status_code == 404
    guide = client.get(reverse("imports:import_guide_csv")).content.decode("utf-8-sig")
    assert "case_ref" in guide and "claims,appeal_result" in guide and "payments,fd_maturity_on" in guide
    assert not any(line.startswith(("=", "+", "-", "@")) for line in guide.splitlines())
    example = client.get(reverse("imports:import_example")).content
    upload(client, example, name="example.xlsx")
    report = ImportJob.objects.get().report
    assert report["errors"] == []
    new = {k: v["new"] for k, v in report["counts"].items()}
    assert new == {"cases": 3, "firs": 2, "accused": 3, "court_cases": 1, "hearings": 3, "claims": 2, "payments": 2}


@pytest.mark.parametrize("language", ["hi", "bn"])
def test_the_column_guide_says_every_column_in_hindi_and_bengali(language):
    """The guide promises each column's meaning in three languages: none may fall back to English."""
    from django.utils import translation

    from imports.registry import KINDS

    def words(lang):
        with translation.override(lang):
            return {
                (kind.key, column.name): (str(kind.label), str(column.meaning), column.format_text)
                for kind in KINDS
                for column in kind.columns
            }

    english, translated = words("en"), words(language)
    same = [key for key, (label, meaning, fmt) in english.items() if meaning and translated[key][1] == meaning]
    assert same == []
    assert all(translated[key][0] != english[key][0] for key in english)
    assert all(translated[key][2] != english[key][2] for key in english)
