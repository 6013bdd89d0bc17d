import os
import uuid

import pytest
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from config.celery import app as celery_app
from consortium.factories import MembershipFactory, OrganisationFactory, UserFactory, state
from consortium.models import Organisation, Role
from tests.pii_log_watch import pytest_runtest_makereport, pytest_sessionstart  # noqa: F401 - fails a test that logs a name

# The services run of CI (REQUIRE_SERVICES=1) turns "skipped for lack of PostgreSQL or
# a broker" into a failure, so a broken service cannot pass silently. CI's first run is
# deliberately the embedded default (no services), so CI=true alone does not require
# them; it does require the tools CI installs itself (Chromium).
SERVICES_REQUIRED = os.environ.get("REQUIRE_SERVICES") == "1"
TOOLS_REQUIRED = SERVICES_REQUIRED or os.environ.get("CI", "").lower() == "true"


def need_service(what: str, available: bool, *, required: bool | None = None) -> None:
    if available:
        return
    if SERVICES_REQUIRED if required is None else required:
        pytest.fail(f"{what} is required in this run (CI / REQUIRE_SERVICES=1) but is not available.")
    pytest.skip(f"{what} not available")


def broker_of_this_process(url: str, worker: str) -> str:
    """The broker URL this test process uses: with a Redis broker, each xdist worker has a database
    of its own (gw0 the 1st, gw1 the 2nd...), so a real worker started by a test in one process never
    takes a task another process sent (its result would go to the other process's test database)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not worker.startswith("gw"):
        return url
    return urlunsplit(parts._replace(path=f"/{1 + int(worker[2:]) % 15}"))


@pytest.fixture(scope="session", autouse=True)
def _a_broker_of_its_own(worker_id):
    # Celery reads CELERY_BROKER_URL from the environment before its configuration: both change.
    url = os.environ.get("CELERY_BROKER_URL", "")
    if url:
        os.environ["CELERY_BROKER_URL"] = celery_app.conf.broker_url = broker_of_this_process(url, worker_id)
    yield
    if url:
        os.environ["CELERY_BROKER_URL"] = celery_app.conf.broker_url = url


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process in tests, even when a broker is configured.

    The one test that exercises the real broker switches this off itself.
    """
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request in Hindi or Bengali (the switcher, a person's kept
    language) leaves its language active in the thread, and the next test would read it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_axes_cache(settings):
    settings.AXES_ENABLED = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache. Counters kept there (her wrong access codes per address,
    selfaccess.services.CODE_TRIES_PER_ADDRESS; rate limits) would otherwise carry over from one test
    to the next in the same process, all from 127.0.0.1: the tests' order on the xdist workers then
    decides whether a right code is refused. Only the process's own memory cache is cleared; a
    shared Redis cache (CACHE_URL) is never emptied by a test."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for alias in caches:
        if isinstance(caches[alias], LocMemCache):
            caches[alias].clear()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "mfa_enforced: logins in this test must pass the real second sign-in step (consortium/mfa.py)"
    )
    # The run's name, inherited by the xdist workers: the demo is seeded once per run
    # (tests/demo_snapshot.py), by the first worker that needs it.
    if not hasattr(config, "workerinput"):
        os.environ["NYAYA_TEST_RUN"] = uuid.uuid4().hex


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        from tests.demo_snapshot import run_file

        for vendor in ("sqlite", "postgresql"):
            path = run_file(vendor)
            for leftover in (path, path.with_suffix(".lock"), path.with_suffix(".partial")) if path else ():
                leftover.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _logins_pass_second_step(request):
    """Logins in tests (client.force_login, client.login, the login form in browser tests)
    count as having passed the second sign-in step, so the suite's hundreds of force_login
    calls keep working. Tests marked `mfa_enforced` get the real enforcement
    (tests/consortium/test_mfa.py proves it). Nothing in the app honours this: it is a
    login-signal receiver connected only for the length of a test."""
    if request.node.get_closest_marker("mfa_enforced"):
        yield
        return
    from django.contrib.auth.signals import user_logged_in

    from consortium.mfa import SESSION_VERIFIED_KEY

    def mark_verified(sender, request, user, **kwargs):
        if request is not None and hasattr(request, "session"):
            request.session[SESSION_VERIFIED_KEY] = user.pk

    user_logged_in.connect(mark_verified, weak=False, dispatch_uid="tests.logins_pass_second_step")
    yield
    user_logged_in.disconnect(dispatch_uid="tests.logins_pass_second_step")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo consortium for a module, in a transaction rolled back when the module ends.

    Seeded once per test process, copied in for every later module (tests/demo_snapshot.py).
    A module using it holds no transactional or migration test: those need the database
    outside any transaction."""
    from django.db import transaction

    from tests.demo_snapshot import forget_content_types, load_demo

    with django_db_blocker.unblock():
        with transaction.atomic():
            load_demo()
            yield
            transaction.set_rollback(True)
        forget_content_types()


@pytest.fixture
def demo_db(seeded, db):
    """The seeded demo, in a savepoint rolled back after the test."""


@pytest.fixture
def org_wb(db):
    return OrganisationFactory(name="Test NGO West Bengal", short_name="TNW", home_state=state("WB"))


@pytest.fixture
def org_mh(db):
    return OrganisationFactory(name="Test NGO Maharashtra", short_name="TNM", home_state=state("MH"))


@pytest.fixture
def make_member(db):
    """make_member(role, organisation=None, **user_fields) -> Membership."""

    def make(role=Role.CASEWORKER, organisation=None, **user_fields):
        organisation = organisation or OrganisationFactory()
        return MembershipFactory(user=UserFactory(**user_fields), organisation=organisation, role=role)

    return make


@pytest.fixture
def secretariat(db):
    return OrganisationFactory(
        name="Test Secretariat", short_name="TSEC", kind=Organisation.Kind.SECRETARIAT, home_state=state("WB")
    )


# Reference data (states, acts and sections, schemes, deadline rules, holidays...) is
# loaded by data migrations. A transactional test (transaction=True, live_server)
# empties every table when it ends; Django and pytest-django run such tests last, but
# pytest-xdist's --dist loadfile hands a worker whole files in turn, so an ordinary test
# in the next file would find no reference data. The flush emits post_migrate, so the
# reference data is loaded again there, with the same functions the migrations use.
@receiver(post_migrate)
def _reload_reference_data_after_flush(sender, using="default", **kwargs):
    from consortium.models import District, State

    if sender.label != "consortium" or State.objects.using(using).exists():
        return
    from django.apps import apps

    from cases.deadline_rules import load_shipped_holidays, sync_calendars, sync_rules
    from cases.reference import load_case_reference_data
    from compensation.reference import sync_schemes
    from consortium.reference import load_india_regions
    from legal.court.ecourts import load_phrases
    from legal.reference.data import load_legal_reference_data
    from privacy.reference import load_retention_rules

    model = apps.get_model
    load_india_regions(State, District)
    load_case_reference_data(model("cases", "ExploitationForm"), model("cases", "RecruitmentMeans"))
    sync_rules(model("cases", "DeadlineRule"))
    sync_calendars(model("cases", "HolidayCalendar"), State)
    load_shipped_holidays(model("cases", "HolidayCalendar"), model("cases", "Holiday"))
    load_legal_reference_data(model("legal", "Act"), model("legal", "Section"), model("legal", "FailurePoint"))
    load_phrases(model("legal", "EcourtsStagePhrase"))
    sync_schemes(model("compensation", "Scheme"), model("compensation", "SchemeLine"), State)
    load_retention_rules(model("privacy", "RetentionRule"))
