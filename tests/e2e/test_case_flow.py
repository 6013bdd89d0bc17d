import pytest
from django.core.management import call_command

from cases.models import Case

from .conftest import shot
from .test_login_flow import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo")


def test_caseworker_opens_a_case_and_a_coordinator_sees_it_masked(live_server, page, browser, demo):
    log_in(page, live_server.url, "cw_wb")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name="Open a case").click()
    page.get_by_role("button", name="Open case").click()
    page.get_by_text("This field is required.").first.wait_for()
    shot(page, "case-open-errors")

    page.get_by_label("Full name").fill("Testa Synthetica")
    page.get_by_label("Estimated age (years)").fill("16")
    page.get_by_label("Basis of age").select_option("self_reported")
    page.get_by_label("Phone numbers").fill("+91 98300 00001")
    page.locator("#id_case-source_state").select_option(label="West Bengal")
    page.locator("#id_case-destination_state").select_option(label="Maharashtra")
    page.get_by_label("Sexual exploitation").check()
    page.get_by_role("button", name="Open case").click()
    page.get_by_text("opened.").wait_for()
    case = Case.objects.latest("pk")
    assert case.reference.startswith("WB-")
    shot(page, "case-opened")

    page.get_by_role("link", name="Survivor", exact=True).click()
    page.get_by_text("Testa Synthetica").first.wait_for()
    page.get_by_text("Minor now").wait_for()

    # Search by phone in another format finds her.
    page.goto(f"{live_server.url}/cases/?q=09830000001")
    page.get_by_role("link", name=case.reference).wait_for()

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    coordinator = context.new_page()
    log_in(coordinator, live_server.url, "coordinator")
    coordinator.goto(f"{live_server.url}/cases/{case.pk}/survivor/")
    coordinator.get_by_role("heading", name="Identity masked").wait_for()
    assert "Testa Synthetica" not in coordinator.content()
    coordinator.get_by_label("Why do you need to see who she is?").fill("Court ordered verification of age records.")
    coordinator.get_by_role("button", name="Reveal identity").click()
    coordinator.get_by_text("Identity revealed for 8 hours").wait_for()
    assert "Testa Synthetica" in coordinator.content()
    context.close()


def test_outsider_gets_not_found(live_server, page, demo):
    case = Case.objects.filter(lead_organisation__short_name="SSF").first()
    log_in(page, live_server.url, "cw_jh")
    response = page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert response.status == 404
    page.get_by_role("heading", name="Not found").wait_for()


def test_case_list_on_a_phone(live_server, phone, demo):
    log_in(phone, live_server.url, "cw_wb")
    phone.goto(f"{live_server.url}/cases/")
    phone.get_by_role("heading", name="Cases").wait_for()
    # 8 of the demo cases, and the survivor she received from Mumbai (survivors.care demo).
    assert phone.locator("table.case-table tbody tr").count() == 9
    shot(phone, "phone-case-list")
