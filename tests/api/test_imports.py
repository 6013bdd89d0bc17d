"""Bulk import through the API: the "Import cases" page's dry run, report and all-or-nothing commit,
for an organisation's admin only; importing the same rows again changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import AccessLogEntry, Case
from consortium.models import Role
from imports.models import ImportedRecord
from tests.api.helpers import api_client, url
from tests.imports.helpers import csv_bytes, errors_at, xlsx_bytes


@pytest.fixture
def admin(make_member, org_wb):
    return make_member(Role.ORG_ADMIN, org_wb, username="api_imp_admin")


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, username="imp_lead")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call, let the background job run (it starts when the request's transaction commits: at once
    in tests, as with eager Celery), and answer the job as a later GET reads it."""

    def call(client, method, path, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = getattr(client, method)(url(path), **kwargs)
        if response.status_code != 202:
            return response, None
        assert response.json()["status"] == "pending"  # answered at once: the file is read in the background
        return response, client.get(url(f"imports/{response.json()['id']}/")).json()

    return call


def upload(run, client, content: bytes, name="cases.csv", **fields):
    data = {"file": SimpleUploadedFile(name, content), **fields}
    return run(client, "post", "imports/", data=data, format="multipart")


def test_a_dry_run_then_a_commit_then_nothing_more(admin, lead, run):
    from tests.imports.helpers import case_row

    client = api_client(admin)
    content = csv_bytes(
        [case_row("API-001", lead_caseworker="imp_lead"), case_row("API-002", lead_caseworker="imp_lead")]
    )
    dry, job = upload(run, client, content)
    assert dry.status_code == 202, dry.content
    assert job["dry_run"] is True and job["status"] == "done"
    assert job["report"]["errors"] == [] and not Case.objects.exists()
    committed, done = run(client, "post", f"imports/{job['id']}/commit/")
    assert committed.status_code == 202, committed.content
    assert done["dry_run"] is False and done["report"]["committed"] is True
    assert Case.objects.count() == 2 and ImportedRecord.objects.filter(kind="cases").count() == 2
    _again, second = upload(run, client, content)
    assert second["report"]["errors"] == []
    assert run(client, "post", f"imports/{second['id']}/commit/")[0].status_code == 202
    assert Case.objects.count() == 2
    logged = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.IMPORTED, user=admin.user)
    assert logged.count() == 4 and all(e.target.startswith("api: import ") for e in logged)


def test_a_file_with_an_error_reports_it_and_cannot_be_committed(admin, lead, run):
    from tests.imports.helpers import case_row

    client = api_client(admin)
    content = xlsx_bytes(
        {
            "cases": [
                case_row("API-001", lead_caseworker="imp_lead"),
                case_row("API-002", lead_caseworker="imp_lead", trafficked_on="last year"),
            ]
        }
    )
    _response, job = upload(run, client, content, name="cases.xlsx")
    assert ("cases", 3, "trafficked_on") in errors_at(job["report"])
    refused = client.post(url(f"imports/{job['id']}/commit/"))
    assert refused.status_code == 400
    assert refused.json()["errors"]["non_field_errors"] == [
        "Correct the errors in the file and upload it again: nothing was imported."
    ]
    assert not Case.objects.exists()


def test_only_an_organisations_admin_imports_and_sees_her_jobs(admin, lead, make_member, org_mh, run):
    from tests.imports.helpers import case_row

    content = csv_bytes([case_row("API-001", lead_caseworker="imp_lead")])
    refused, _job = upload(run, api_client(lead), content)
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    _response, job = upload(run, api_client(admin), content)
    other_admin = api_client(make_member(Role.ORG_ADMIN, org_mh))
    hidden = other_admin.get(url(f"imports/{job['id']}/"))
    missing = other_admin.get(url("imports/00000000-0000-4000-8000-000000000000/"))
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert other_admin.post(url(f"imports/{job['id']}/commit/")).status_code == 404
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "content, name, field",
    [(b"", "empty.csv", "file"), (b"PK\x03\x04 broken zip", "cases.xlsx", None)],
)
def test_a_file_that_cannot_be_read_is_told_and_saves_nothing(admin, content, name, field, run):
    response, job = upload(run, api_client(admin), content, name=name)
    if field:
        assert response.status_code == 400 and field in response.json()["errors"]
    else:
        assert response.status_code == 202
        assert job["report"]["file_error"]
    assert not Case.objects.exists()


def test_a_read_token_cannot_import(admin, run):
    response, _job = upload(run, api_client(admin, "read"), b"case_ref\n1\n")
    assert response.status_code == 403
    assert "read only" in response.json()["detail"]
