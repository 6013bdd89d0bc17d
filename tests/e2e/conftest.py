import os
import shutil

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
