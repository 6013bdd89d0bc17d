import re

import pytest
from playwright.sync_api import expect

from consortium.models import Membership, Role, User

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
    expect(page.get_by_role("heading", name="My cases")).to_be_visible()
    expect(page.get_by_text("Mitali Sarkar")).to_be_visible()  # who is signed in, in the header
    shot(page, "home-caseworker")
    page.get_by_text("Mitali Sarkar").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to Nyaya")).to_be_visible()
    # Signed out for real: her cases now send her to the login page.
    page.goto(f"{live}/cases/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("Mitali Sarkar")).to_have_count(0)


def test_wrong_password_shows_message(live, page):
    page.goto(f"{live}/")
    page.get_by_label("Username").fill("cw_wb")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    # Still signed out: nothing of hers opens.
    page.goto(f"{live}/cases/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize(
    ("username", "heading"),
    [("coordinator", "Organisations"), ("admin_wb", "Members"), ("lawyer_wb", "Files to review")],
)
def test_role_homes_on_desktop(live, page, username, heading):
    log_in(page, live, username)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page).to_have_url(f"{live}/")
    expect(page.get_by_text(User.objects.get(username=username).display_name).first).to_be_visible()
    shot(page, f"home-{username}")


def test_phone_menu_and_org_switcher(live, phone):
    log_in(phone, live, "lawyer_wb")
    expect(phone.get_by_role("heading", name="Files to review")).to_be_visible()
    expect(phone.get_by_role("link", name="Home")).to_be_hidden()  # folded behind the menu button
    phone.get_by_role("button", name="Menu").click()
    expect(phone.get_by_role("link", name="Home")).to_be_visible()
    phone.get_by_text("Switch organisation").click()
    shot(phone, "phone-menu")
    phone.get_by_role("button", name="Sabuj Sathi Foundation — Lawyer").click()
    expect(phone.get_by_text("You are now working as Lawyer in Sabuj Sathi Foundation.")).to_be_visible()
    # The switch holds: the header names the organisation she works in now, and offers the other.
    expect(phone.locator(".org-current .org-name")).to_have_text("SSF")
    expect(phone.get_by_role("button", name="Sabuj Sathi Foundation — Lawyer")).to_have_count(0)
    shot(phone, "phone-switched")


def test_org_admin_invites_a_member(live, page):
    log_in(page, live, "admin_wb")
    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_role("link", name="Invite a member").first.click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert not User.objects.filter(username="new_cw").exists()
    shot(page, "invite-errors")
    page.get_by_label("Username").fill("new_cw")
    page.get_by_label("First name").fill("Lata")
    page.get_by_label("Email").fill("lata@example.org")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Lata was added")).to_be_visible()
    admin = Membership.objects.get(user__username="admin_wb")
    added = Membership.objects.get(user__username="new_cw")
    assert (added.organisation_id, added.user.first_name, added.user.email) == (
        admin.organisation_id,
        "Lata",
        "lata@example.org",
    )
    assert added.role == Role.CASEWORKER  # the form's default
    shot(page, "members")
