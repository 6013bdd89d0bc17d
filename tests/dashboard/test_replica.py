"""Dashboards and exports read from the read replica when there is one; writes stay on the primary.

In tests the replica is a second connection (alias "replica") to the test database, as
settings.py makes it with DATABASE_REPLICA_URL (TEST MIRROR of default): what each connection
ran is captured separately. The tests commit (transaction=True) so the second connection sees the
rows the test wrote."""

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AccessLogEntry, Case
from core import replica as replica_module
from core.replica import REPLICA, reading_from_replica
from dashboard.models import ExportJob
from dashboard.services import export_job_run

from .conftest import SURVIVOR_NAMES
from .test_exports import consented  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """The alias exists before each test's database set-up (which checks the aliases it may use)."""
    default = connections["default"].settings_dict  # the test database, once django_db_setup ran
    config = {**default, "TEST": {**default.get("TEST", {}), "MIRROR": "default"}}
    databases = connections.settings
    databases[REPLICA] = config
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    databases.pop(REPLICA, None)


@pytest.fixture
def replica():
    return connections[REPLICA]


def tables_read(captured) -> str:
    return " ".join(q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT"))


def test_the_dashboard_counts_on_the_replica_and_the_visibility_rule_holds_there(world, people, login, replica):
    client = login(people["admin_a"])  # org A's admin: only her organisation's cases
    with CaptureQueriesContext(replica) as on_replica:
        page = client.get(reverse("dashboard:dashboard_cases")).content.decode()
    assert '"cases_case"' in tables_read(on_replica) or "cases_case" in tables_read(on_replica)
    for key in ("a1", "a2", "a3", "a4"):
        assert world[key].reference in page
    assert world["b1"].reference not in page and SURVIVOR_NAMES["b1"] not in page

    with CaptureQueriesContext(replica) as on_replica:
        response = login(people["coordinator"]).get(reverse("dashboard:dashboard") + "?fresh=1")
    assert response.status_code == 200 and "cases_case" in tables_read(on_replica)


def test_a_write_inside_the_replica_block_goes_to_the_primary(world, people, replica):
    with (
        reading_from_replica(),
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        count = Case.objects.count()
        entry = AccessLogEntry.objects.create(user=people["coordinator"].user, action="export", target="test")
    assert count == 5
    assert "cases_case" in tables_read(on_replica)
    assert any(q["sql"].startswith("INSERT") and "cases_accesslogentry" in q["sql"] for q in on_default)
    assert not any(q["sql"].startswith("INSERT") for q in on_replica)
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_a_queued_export_reads_its_cases_on_the_replica_and_finishes_on_the_primary(
    consented,  # noqa: F811
    people,
    replica,
):
    coordinator = people["coordinator"]
    # Queued, not yet run (a test that commits would run the eager task at once).
    job = ExportJob.objects.create(user=coordinator.user, membership=coordinator, kind="htcds", fmt="csv")
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        assert export_job_run(job_id=str(job.pk), task_id="task-1") == "done"
    assert "cases_case" in tables_read(on_replica)
    assert not any("dashboard_exportjob" in q["sql"] and not q["sql"].startswith("SELECT") for q in on_replica)
    assert any(q["sql"].startswith("UPDATE") and "dashboard_exportjob" in q["sql"] for q in on_default)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.rows == 3


def test_without_a_replica_the_block_reads_the_primary_and_migrations_stay_there(world, monkeypatch):
    monkeypatch.setattr(replica_module, "replica_configured", lambda: False)  # no DATABASE_REPLICA_URL
    with reading_from_replica(), CaptureQueriesContext(connections["default"]) as on_default:
        assert Case.objects.count() == 5
    assert "cases_case" in tables_read(on_default)
    assert router.allow_migrate("default", "cases") is True
    assert router.allow_migrate(REPLICA, "cases") is False
