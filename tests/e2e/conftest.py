import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.conftest import TOOLS_REQUIRED, need_service
from tests.demo_snapshot import forget_content_types, load_demo

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    need_service(
        "Chromium (make system-deps)", bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)), required=TOOLS_REQUIRED
    )
    # Playwright's sync API keeps an event loop in this thread; the ORM calls that
    # tests make around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def shot(page, name):
    """Save a screenshot when SCREENSHOT_DIR is set (to look at pages by eye)."""
    directory = os.environ.get("SCREENSHOT_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed e2e test leaves a full-page screenshot of every Playwright page still open (the test's
    own contexts too): test-artifacts/e2e/<test name>-<n>.png (git-ignored), named in the report.
    Taken here, before the fixtures close their contexts."""
    report = yield
    if report.failed and call.when in ("setup", "call"):
        saved = _screenshot_open_pages(item)
        if saved:
            report.sections.append(("e2e screenshots", "\n".join(saved)))
    return report


def _screenshot_open_pages(item) -> list[str]:
    browser = item.funcargs.get("browser")  # set only when the test used a browser
    if browser is None:
        return []
    directory = Path(item.config.rootpath) / "test-artifacts" / "e2e"
    name = re.sub(r"[^\w.-]+", "_", item.name).strip("_")
    pages = [page for context in browser.contexts for page in context.pages if not page.is_closed()]
    saved = []
    for n, page in enumerate(pages, start=1):
        path = directory / f"{name}-{n}.png"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(path), full_page=True, timeout=10_000)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            saved.append(f"{path}: not saved ({type(exc).__name__})")
        else:
            saved.append(str(path))
    return saved


@pytest.fixture(autouse=True)
def _django_db_marker():
    """E2e tests carry the django_db marker so that pytest-django sets up the test database
    even when they run alone (it sets up only the databases marked tests ask for, and would
    otherwise leave the real one in place), but not its per-test database: `live` below gives
    them the module's seeded demo instead. (Overrides pytest-django's fixture of this name.)"""


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker):
    """The demo consortium, seeded once for the module and committed, served by a live server.

    pytest-django's live_server would need a transactional database, which is emptied after
    every test, so the demo (which takes a while to seed) would be seeded again for each one.
    Here the tests of a module share it: each leaves it as the next expects, or works only on
    what it created itself. At the end every table is emptied; the reference data comes back
    with the flush's post_migrate (tests/conftest.py).
    """
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        assert connection.creation._get_test_db_name() == connection.settings_dict["NAME"] or (
            connection.vendor == "sqlite" and connection.is_in_memory_db()
        ), "not the test database"
        with transaction.atomic():
            load_demo()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
    try:
        yield server
    finally:
        with django_db_blocker.unblock():
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            forget_content_types()


@pytest.fixture
def live(demo_server, django_db_blocker):
    """The demo server's URL, with database access for the test and the server (no transaction:
    both see the same committed rows)."""
    with django_db_blocker.unblock():
        yield demo_server.url
