import pytest
from django.core.management import call_command

from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "nyaya-demo-2026"


@pytest.fixture
def demo(db):
    call_command("seed_demo")


def log_in(page, base, username):
    page.goto(f"{base}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_caseworker_logs_in_and_out(live_server, page, demo):
    page.goto(f"{live_server.url}/")
    shot(page, "login")
    log_in(page, live_server.url, "cw_wb")
    page.get_by_role("heading", name="My cases").wait_for()
    shot(page, "home-caseworker")
    page.get_by_text("Mitali Sarkar").click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in to Nyaya").wait_for()


def test_wrong_password_shows_message(live_server, page, demo):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("cw_wb")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Please enter a correct username and password").wait_for()


@pytest.mark.parametrize(
    ("username", "heading"),
    [("coordinator", "Organisations"), ("admin_wb", "Members"), ("lawyer_wb", "Files to review")],
)
def test_role_homes_on_desktop(live_server, page, demo, username, heading):
    log_in(page, live_server.url, username)
    page.get_by_role("heading", name=heading, exact=True).wait_for()
    shot(page, f"home-{username}")


def test_phone_menu_and_org_switcher(live_server, phone, demo):
    log_in(phone, live_server.url, "lawyer_wb")
    phone.get_by_role("heading", name="Files to review").wait_for()
    assert not phone.get_by_role("link", name="Home").is_visible()
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_text("Switch organisation").click()
    shot(phone, "phone-menu")
    phone.get_by_role("button", name="Sabuj Sathi Foundation — Lawyer").click()
    phone.get_by_text("You are now working as Lawyer in Sabuj Sathi Foundation.").wait_for()
    shot(phone, "phone-switched")


def test_org_admin_invites_a_member(live_server, page, demo):
    log_in(page, live_server.url, "admin_wb")
    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_role("link", name="Invite a member").first.click()
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("This field is required.").first.wait_for()
    shot(page, "invite-errors")
    page.get_by_label("Username").fill("new_cw")
    page.get_by_label("First name").fill("Lata")
    page.get_by_label("Email").fill("lata@example.org")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Lata was added").wait_for()
    shot(page, "members")
