"""Her own page in a real browser on a small phone (320 px wide): she signs in with the demo's code
and PIN (selfaccess/demo.py), her pages fit the screen without scrolling sideways, and "Leave
quickly" takes the browser away; Back then shows nothing of her page (no-store, session ended).
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from selfaccess import codes
from selfaccess import demo as her_demo
from selfaccess.models import SurvivorAccount
from selfaccess.selectors import her_language

from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

NAMES = ("her_start", "her_pin", "her_home", "her_exit")
# What "Leave quickly" opens (settings.SELF_ACCESS_EXIT_URL): answered here, the test has no internet.
NEUTRAL = "<!doctype html><title>Weather</title><h1>Weather today</h1><p>Sunny, 31 degrees.</p>"
WIDTH = 320


@pytest.fixture(scope="module")
def her_paths():
    return {name: reverse(f"selfaccess:{name}") for name in NAMES}


@pytest.fixture
def small_phone(browser, settings):
    context = browser.new_context(viewport={"width": WIDTH, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    exit_url = settings.SELF_ACCESS_EXIT_URL
    page.route(
        re.compile("^" + re.escape(exit_url.rstrip("/")) + ".*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL),
    )
    yield page
    context.close()


def _fits(page) -> None:
    """Nothing wider than her screen: the page does not scroll sideways."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide"


def _submit(page) -> None:
    page.locator("main form").last.locator("button[type=submit], input[type=submit], button:not([type])").first.click()


def test_she_signs_in_on_a_small_phone_and_leaves_quickly(her_paths, live, small_phone, settings):
    page = small_phone
    page.goto(f"{live}{her_paths['her_start']}")
    expect(page).to_have_title(re.compile(r"^\s*My notes\s*$"))
    _fits(page)
    shot(page, "her-320-start")
    page.locator("main form input:visible").first.fill(her_demo.DEMO_CODE.lower())  # as she may type it
    _submit(page)

    expect(page).to_have_url(re.compile(re.escape(her_paths["her_pin"]) + "$"))
    _fits(page)
    shot(page, "her-320-pin")
    page.locator("main form input[type=password]:visible, main form input[inputmode=numeric]:visible").first.fill(
        her_demo.DEMO_PIN
    )
    _submit(page)

    expect(page).to_have_url(re.compile(re.escape(her_paths["her_home"]) + "$"))
    # Signed in, her pages speak her language (Bengali for the demo's survivor), the title too.
    account = SurvivorAccount.objects.select_related("case__survivor").get(
        code_digest=codes.code_digest(her_demo.DEMO_CODE)
    )
    with translation.override(her_language(account)):
        title = translation.gettext("My notes")
        leave = translation.gettext("Leave quickly")
    assert title != "My notes"
    expect(page).to_have_title(re.compile(r"^\s*" + re.escape(title) + r"\s*$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    home_heading = heading.inner_text()
    home_text = page.locator("main").inner_text()
    assert home_text.strip()
    # Nothing in the address bar or the tab names her or her case.
    case = SurvivorAccount.objects.get(code_digest=codes.code_digest(her_demo.DEMO_CODE)).case
    assert case.reference not in page.url and str(case.pk) not in page.url.removeprefix(live)
    _fits(page)
    shot(page, "her-320-home")

    exit_link = page.get_by_role("link", name=leave)
    expect(exit_link).to_be_visible()
    box = exit_link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH  # on screen, not cut off
    exit_link.click()
    expect(page).to_have_url(re.compile("^" + re.escape(settings.SELF_ACCESS_EXIT_URL.rstrip("/"))))
    expect(page.get_by_role("heading", name="Weather today")).to_be_visible()
    shot(page, "her-320-left")

    # Back: her page is not shown again (not cached, and her session is over).
    page.go_back()
    page.wait_for_load_state()
    assert page.url.startswith(live)
    expect(page.locator("main")).not_to_have_text(home_text)
    expect(page.get_by_role("heading", level=1, name=home_heading, exact=True)).to_have_count(0)
    shot(page, "her-320-back")
    # And her home page, opened again, asks for her code (her session is over).
    page.goto(f"{live}{her_paths['her_home']}")
    expect(page.locator("main")).not_to_have_text(home_text)
    expect(page.locator("main form input:visible").first).to_be_visible()
