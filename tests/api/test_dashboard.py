"""The dashboard through the API: its figures with the web's filters and scope, and export jobs (only
hers, their status, the file when done, logged). All data synthetic."""

import csv
import io
import uuid

import pytest

from cases.factories import give_consent
from cases.models import AccessLogEntry
from consortium.models import Role
from dashboard.models import ExportJob
from dashboard.services import export_job_run
from survivors.models import ConsentPurpose
from tests.api.helpers import api_client, url
from tests.cases.helpers import FULL_NAME

pytestmark = pytest.mark.django_db

FIGURES = url("dashboard/figures/")
EXPORTS = url("dashboard/exports/")


@pytest.fixture
def admin_wb(make_member, org_wb):
    return make_member(Role.ORG_ADMIN, org_wb)


@pytest.fixture
def admin_mh(make_member, org_mh):
    return make_member(Role.ORG_ADMIN, org_mh)


def test_a_coordinator_counts_every_case(case, coordinator, settings):
    settings.DASHBOARD_FIGURES_SECONDS = 0
    response = api_client(coordinator).get(FIGURES)
    assert response.status_code == 200
    figures = response.json()
    assert figures["counts"]["cases"] == 1 and figures["organisation"] is None
    assert figures["stalled_days"] == 90 and figures["district_side"] == "source"
    assert set(figures["compensation"]) >= {"amount_awarded", "paid"}
    assert FULL_NAME not in response.content.decode()


def test_an_org_admin_counts_her_organisations_cases_only(case, admin_wb, admin_mh, settings):
    settings.DASHBOARD_FIGURES_SECONDS = 0
    mine = api_client(admin_wb).get(FIGURES).json()
    assert mine["counts"]["cases"] == 1 and mine["organisation"] == "Test NGO West Bengal"
    assert api_client(admin_mh).get(FIGURES).json()["counts"]["cases"] == 0


def test_a_caseworker_has_no_dashboard(case, lead):
    response = api_client(lead).get(FIGURES)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_filters_are_the_web_dashboards(case, coordinator, admin_wb, settings):
    settings.DASHBOARD_FIGURES_SECONDS = 0
    client = api_client(coordinator)
    later = client.get(FIGURES, {"date_from": "2099-01-01"})
    assert later.status_code == 400 and "after today" in later.json()["errors"]["date_from"][0]
    swapped = client.get(FIGURES, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert "Swap the two dates" in swapped.json()["errors"]["date_to"][0]
    assert client.get(FIGURES, {"state": "ZZ"}).status_code == 400
    assert client.get(FIGURES, {"colour": "red"}).json()["errors"]["colour"] == ["Unknown field."]
    assert client.get(FIGURES, {"state": ""}).status_code == 400  # an empty filter is a mistake, not "all"
    # another state: none of her cases
    assert client.get(FIGURES, {"state": "KA"}).json()["counts"]["cases"] == 0
    assert client.get(FIGURES, {"state": "WB", "fresh": "1"}).json()["counts"]["cases"] == 1
    # an org admin's dashboard is her organisation's: no organisation filter
    refused = api_client(admin_wb).get(FIGURES, {"organisation": case.lead_organisation_id})
    assert refused.status_code == 400 and "organisation" in refused.json()["errors"]


def test_an_export_job_is_hers_its_status_and_its_file(case, lead, coordinator, make_member, secretariat):
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.STATISTICS)
    client = api_client(coordinator)
    response = client.post(EXPORTS, {"kind": "anonymised", "format": "csv"}, format="json")
    assert response.status_code == 201, response.json()
    job = ExportJob.objects.get()
    assert response.json()["id"] == str(job.pk) and response.json()["status"] == "pending"
    assert response.json()["download"] is None
    status_url = url(f"dashboard/exports/{job.pk}/")
    download_url = url(f"dashboard/exports/{job.pk}/download/")
    assert client.get(download_url).status_code == 404  # not built yet
    assert export_job_run(job_id=str(job.pk)) == "done"
    done = client.get(status_url).json()
    assert (done["status"], done["rows"], done["progress"]) == ("done", 1, 100)
    assert done["download"] == download_url
    file = client.get(download_url)
    assert file.status_code == 200 and file["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(file.content.decode("utf-8-sig"))))
    assert len(rows) == 1 and FULL_NAME not in file.content.decode("utf-8-sig")
    assert AccessLogEntry.objects.filter(
        user=coordinator.user, action=AccessLogEntry.Action.EXPORT, target__contains="download (1 rows)"
    ).exists()
    # another coordinator's: the same 404 as a job that does not exist
    other = api_client(make_member(Role.COORDINATOR, secretariat))
    assert other.get(status_url).status_code == 404
    assert other.get(download_url).content == other.get(url(f"dashboard/exports/{uuid.UUID(int=1)}/download/")).content


def test_an_export_with_a_wrong_kind_or_filter_is_refused_and_nothing_queued(coordinator, lead):
    client = api_client(coordinator)
    wrong_kind = client.post(EXPORTS, {"kind": "names", "format": "csv"}, format="json")
    assert wrong_kind.status_code == 400 and "kind" in wrong_kind.json()["errors"]
    bad_filter = client.post(
        EXPORTS, {"kind": "htcds", "format": "xlsx", "filters": {"date_from": "2099-01-01"}}, format="json"
    )
    assert bad_filter.status_code == 400 and "date_from" in bad_filter.json()["errors"]
    assert api_client(lead).post(EXPORTS, {"kind": "htcds", "format": "csv"}, format="json").status_code == 404
    assert not ExportJob.objects.exists()


def test_an_export_keeps_the_filters_it_was_asked_with(case, lead, coordinator):
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.STATISTICS)
    client = api_client(coordinator)
    response = client.post(EXPORTS, {"kind": "htcds", "format": "csv", "filters": {"state": "KA"}}, format="json")
    assert response.status_code == 201
    job = ExportJob.objects.get()
    assert job.query == "state=KA"
    export_job_run(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.rows == 0  # her case is in West Bengal
    assert AccessLogEntry.objects.filter(
        user=coordinator.user, action=AccessLogEntry.Action.EXPORT, target="api: dashboard htcds.csv queued"
    ).exists()
