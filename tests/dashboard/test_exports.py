"""Case-level exports: consent for anonymised statistics, no identity, queued when large, logged."""

import csv
import io

import pytest
from django.urls import reverse

from cases.factories import give_consent
from cases.models import AccessLogEntry
from dashboard.models import ExportJob
from survivors.models import ConsentPurpose

from .conftest import SURVIVOR_NAMES


def _rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _consent_statistics(case, lead):
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.STATISTICS)


@pytest.fixture
def consented(world, people):
    for key in ("a1", "a2", "b1"):
        lead = people["lead_b"] if key == "b1" else people["lead_a"]
        _consent_statistics(world[key], lead)
    return world


def test_only_cases_with_statistics_consent_are_exported(consented, people, login):
    response = login(people["coordinator"]).post(
        reverse("dashboard:dashboard_export_cases", args=["anonymised", "csv"])
    )
    assert response.status_code == 200
    rows = _rows(response)
    assert len(rows) == 3
    convicted = [r for r in rows if r["convicted"] == "1"]
    assert len(convicted) == 1 and convicted[0]["month_judgment"] and len(convicted[0]["month_judgment"]) == 7
    assert {r["age_group"] for r in rows} == {"adult"}


def test_org_admin_exports_only_her_organisations_cases(consented, people, login):
    rows = _rows(login(people["admin_a"]).post(reverse("dashboard:dashboard_export_cases", args=["anonymised", "csv"])))
    assert len(rows) == 2 and {r["source_state"] for r in rows} == {"West Bengal"}


@pytest.mark.parametrize("kind", ["anonymised", "htcds"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_identity_in_case_level_exports(consented, people, login, kind, fmt):
    response = login(people["coordinator"]).post(reverse("dashboard:dashboard_export_cases", args=[kind, fmt]))
    content = response.content
    if fmt == "xlsx":
        content = _xlsx_text(content)
    text = content.decode("utf-8", "ignore") if isinstance(content, bytes) else content
    for key, name in SURVIVOR_NAMES.items():
        assert name not in text
        assert consented[key].reference not in text
        assert consented[key].survivor.pseudonym not in text
    assert "98765" not in text
    entry = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).latest("at")
    assert kind in entry.target and "3 rows" in entry.target


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        ",".join("" if v is None else str(v) for v in row)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
    )


def test_htcds_export_uses_the_standards_field_names(consented, people, login):
    rows = _rows(login(people["coordinator"]).post(reverse("dashboard:dashboard_export_cases", args=["htcds", "csv"])))
    assert {"cas_Status", "prs_Gender", "vic_MethodOfRecruitment", "hte_Exploitation_State"} <= set(rows[0])
    assert {r["prs_Gender"] for r in rows} == {"Female"}


def test_large_export_is_queued_with_progress(consented, people, login, settings, django_capture_on_commit_callbacks):
    settings.DASHBOARD_EXPORT_ROW_LIMIT = 2
    client = login(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("dashboard:dashboard_export_cases", args=["anonymised", "csv"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "dashboard:dashboard_export_job", args=[job.pk]
    )
    # Not built in the request: queued, and the progress page polls.
    assert job.status == ExportJob.Status.PENDING and len(callbacks) == 1
    page = client.get(reverse("dashboard:dashboard_export_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<label for="job-progress">Waiting to start</label>' in page
    assert '<progress id="job-progress" max="100" value="0">' in page
    assert "0% done. You may leave this page and come back" in page
    callbacks[0]()  # the worker (eager Celery in tests) runs it
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.rows == 3 and job.progress == 100
    assert SURVIVOR_NAMES["a1"].encode() not in bytes(job.content)  # encrypted at rest
    page = client.get(reverse("dashboard:dashboard_export_job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Download (3 rows)" in page and "hx-trigger" not in page
    download = client.get(reverse("dashboard:dashboard_export_download", args=[job.pk]))
    assert len(_rows(download)) == 3
    assert AccessLogEntry.objects.filter(action="export", target__contains="download").count() == 1
    # Someone else's export is 404, like one that does not exist.
    other = login(people["admin_a"])
    assert other.get(reverse("dashboard:dashboard_export_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("dashboard:dashboard_export_download", args=[job.pk])).status_code == 404


def test_case_export_needs_post(consented, people, login):
    client = login(people["coordinator"])
    assert client.get(reverse("dashboard:dashboard_export_cases", args=["anonymised", "csv"])).status_code == 405


def test_withdrawn_or_other_purpose_consent_does_not_count(consented, people, login):
    from cases.services import consent_withdraw
    from survivors.models import Consent

    consent = Consent.objects.get(case=consented["a1"], purpose=ConsentPurpose.STATISTICS)
    consent_withdraw(actor=people["lead_a"].user, case=consented["a1"], consent=consent, note="She changed her mind")
    give_consent(consented["a3"], actor=people["lead_a"].user, purpose=ConsentPurpose.CASE_MANAGEMENT)
    rows = _rows(
        login(people["coordinator"]).post(reverse("dashboard:dashboard_export_cases", args=["anonymised", "csv"]))
    )
    assert len(rows) == 2


def test_export_with_bad_filters_goes_back_with_a_message(consented, people, login):
    client = login(people["coordinator"])
    response = client.post(reverse("dashboard:dashboard_export_cases", args=["anonymised", "csv"]) + "?state=ZZ")
    assert response.status_code == 302 and "state=ZZ" in response["Location"]
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


def test_old_export_files_are_removed_when_a_new_one_is_queued(consented, people, settings):
    import datetime

    from django.utils import timezone

    from dashboard.services import export_job_create

    settings.DASHBOARD_EXPORT_ROW_LIMIT = 1
    coordinator = people["coordinator"]
    old = ExportJob.objects.create(user=coordinator.user, membership=coordinator, kind="anonymised", fmt="csv")
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    export_job_create(user=coordinator.user, membership=coordinator, kind="htcds", fmt="csv", query="")
    assert list(ExportJob.objects.values_list("kind", flat=True)) == ["htcds"]
