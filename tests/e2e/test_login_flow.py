import pytest

from .conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PASSWORD = "nyaya-demo-2026"


def log_in(page, base, username):
    page.goto(f"{base}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_caseworker_logs_in_and_out(live, page):
    page.goto(f"{live}/")
    shot(page, "login")
    log_in(page, live, "cw_wb")
    page.get_by_role("heading", name="My cases").wait_for()
    shot(page, "home-caseworker")
    page.get_by_text("Mitali Sarkar").click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("heading", name="Log in to Nyaya").wait_for()


def test_wrong_password_shows_message(live, page):
    page.goto(f"{live}/")
    page.get_by_label("Username").fill("cw_wb")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Please enter a correct username and password").wait_for()


@pytest.mark.parametrize(
    ("username", "heading"),
    [("coordinator", "Organisations"), ("admin_wb", "Members"), ("lawyer_wb", "Files to review")],
)
def test_role_homes_on_desktop(live, page, username, heading):
    log_in(page, live, username)
    page.get_by_role("heading", name=heading, exact=True).wait_for()
    shot(page, f"home-{username}")


def test_phone_menu_and_org_switcher(live, phone):
    log_in(phone, live, "lawyer_wb")
    phone.get_by_role("heading", name="Files to review").wait_for()
    assert not phone.get_by_role("link", name="Home").is_visible()
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_text("Switch organisation").click()
    shot(phone, "phone-menu")
    phone.get_by_role("button", name="Sabuj Sathi Foundation — Lawyer").click()
    phone.get_by_text("You are now working as Lawyer in Sabuj Sathi Foundation.").wait_for()
    shot(phone, "phone-switched")


def test_org_admin_invites_a_member(live, page):
    log_in(page, live, "admin_wb")
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
