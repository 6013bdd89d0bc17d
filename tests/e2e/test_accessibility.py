"""The main pages pass axe-core (vendored, tests/e2e/vendor/axe-core) with no serious or critical
violation of WCAG 2.1 A/AA, in English, Hindi and Bengali, on a desktop and on a 360 px phone;
a keyboard shows where it is (issue 19)."""

import hashlib
import json
from pathlib import Path

import pytest

from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PASSWORD = "nyaya-demo-2026"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source():
    source = AXE.read_bytes()
    assert hashlib.sha256(source).hexdigest() == AXE_SHA256, "tests/e2e/vendor/axe-core/axe.min.js changed"
    return source.decode()


def _case_of(username):
    from cases.selectors import case_list_visible_to
    from consortium.models import User

    return case_list_visible_to(User.objects.get(username=username)).order_by("reference").first()


def _signed_in(browser, live, username, language, width):
    # The language cookie, as the switcher sets it: her account keeps no choice (the demo is shared).
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live}])
    page = context.new_page()
    page.goto(f"{live}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    return context, page


def _serious(page, axe_source) -> list[dict]:
    page.evaluate(axe_source)
    # Only violations are reported in full (passes are listed one node each): a third of the time.
    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    assert result["passes"], "axe ran no check"
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]], "help": v["help"]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


PAGES = {
    "cw_wb": ["/", "/cases/", "/cases/new/", "{case}/", "{case}/timeline/", "/compensation/claims/", "/work/"],
    "lawyer_wb": ["{case}/court/", "{case}/investigation/"],
    "coordinator": ["/dashboard/"],
}


def _paths(username):
    case = _case_of(username)
    return [p.format(case=f"/cases/{case.pk}") for p in PAGES[username]]


@pytest.mark.parametrize("username", list(PAGES))
def test_main_pages_have_no_serious_accessibility_violation(live, browser, axe_source, username):
    """Each page in English, Hindi and Bengali (one sign-in; the language cookie changes between them)."""
    context, page = _signed_in(browser, live, username, "en", 1280)
    try:
        found = {}
        for language in ("en", "hi", "bn"):
            context.add_cookies([{"name": "django_language", "value": language, "url": live}])
            for path in _paths(username):
                response = page.goto(f"{live}{path}")
                assert response.status == 200, path
                assert page.locator("html").get_attribute("lang") == language
                violations = _serious(page, axe_source)
                if violations:
                    shot(page, f"axe-{username}-{language}-{path.strip('/').replace('/', '-') or 'home'}")
                    found[f"{language} {path}"] = violations
        assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    finally:
        context.close()


def test_the_login_page_and_a_phone_in_bengali_pass(live, browser, axe_source):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True, is_mobile=True)
    context.add_cookies([{"name": "django_language", "value": "bn", "url": live}])
    page = context.new_page()
    try:
        page.goto(f"{live}/accounts/login/")
        assert _serious(page, axe_source) == []
        context.close()
        for username, paths in PHONE_PAGES.items():
            context.close()
            context, page = _signed_in(browser, live, username, "bn", 360)
            case = _case_of(username).pk
            for path in paths:
                page.goto(f"{live}{path.format(case=case)}")
                assert _serious(page, axe_source) == [], path
                # Nothing on a phone scrolls sideways as a whole.
                assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    finally:
        context.close()


# Pages a caseworker opens in the field, on a phone: their tables are cards there (cards-narrow).
FIELD_PAGES = [
    "/cases/{case}/team/",
    "/cases/{case}/consent/",
    "/cases/{case}/care/",
    "/cases/{case}/documents/",
    "/cases/{case}/deadlines/",
    "/cases/{case}/investigation/",
    "/cases/{case}/court/",
]
OVERFLOWING_TABLES = """Array.from(document.querySelectorAll('.table-wrap'))
  .filter(w => w.scrollWidth > w.clientWidth + 1)
  .map(w => (w.querySelector('caption, thead th') || w).textContent.trim().slice(0, 60))"""


def test_case_tables_are_cards_on_a_phone_not_sideways_scrolls(live, browser):
    """On a 360 px screen no table of these pages scrolls sideways inside its frame: each row is a
    card (static/css/nyaya.css, cards-narrow), and nothing else sticks out (a deadline's due date
    wraps). Each persona's first demo case (by reference) has custody or CWC orders to show."""
    for username in ("cw_wb", "cw_mh"):
        context, page = _signed_in(browser, live, username, "en", 360)
        try:
            case = _case_of(username).pk
            for path in FIELD_PAGES:
                response = page.goto(f"{live}{path.format(case=case)}")
                assert response.status == 200, path
                assert page.evaluate(OVERFLOWING_TABLES) == [], path
                assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        finally:
            context.close()


PHONE_PAGES = {
    "cw_wb": ["/", "/cases/", "/cases/{case}/", "/cases/{case}/timeline/", "/work/", "/compensation/claims/"],
    "coordinator": ["/dashboard/"],
}


def test_keyboard_focus_is_visible(live, browser):
    context, page = _signed_in(browser, live, "cw_wb", "en", 1280)
    try:
        page.goto(f"{live}/cases/")
        page.keyboard.press("Tab")  # the skip link comes first
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused.startswith("Skip")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()"
        )
        assert outline[0] != "none" and outline[1] != "0px" or outline[2] != "none", outline
    finally:
        context.close()


def test_a_case_is_opened_with_the_keyboard_alone(live, browser):
    """Every control of the case-opening form is reached with Tab, in order, and used without a mouse."""
    from cases.models import Case

    context, page = _signed_in(browser, live, "cw_wb", "en", 1280)
    try:
        page.goto(f"{live}/cases/new/")

        def tab_to(name, limit=120):
            for _ in range(limit):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.name || ''") == name:
                    return
            raise AssertionError(f"{name} is not reached with Tab")

        before = Case.objects.count()
        tab_to("survivor-full_name")
        page.keyboard.type("Keya Kibord")
        tab_to("survivor-estimated_age")
        page.keyboard.type("24")
        tab_to("survivor-age_basis")
        page.keyboard.type("Told")  # typing selects the option that starts so: "Told by the survivor"
        tab_to("case-source_state")
        page.keyboard.type("West")  # (a space would open the list)
        tab_to("case-destination_state")
        page.keyboard.type("Maharashtra")
        tab_to("case-exploitation_forms")
        focused = page.evaluate("document.activeElement.id")
        page.keyboard.press("Space")
        assert page.evaluate(f"document.getElementById('{focused}').checked")
        # On to the submit button, then Enter.
        for _ in range(150):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type") == "submit" and "Open case" in page.evaluate(
                "document.activeElement.textContent"
            ):
                break
        else:
            raise AssertionError("the Open case button is not reached with Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        errors = page.locator(".errorlist").all_inner_texts()
        assert not errors, errors
        assert "opened." in page.locator("main").inner_text()
        assert Case.objects.count() == before + 1
        shot(page, "case-opened-by-keyboard")
    finally:
        context.close()
