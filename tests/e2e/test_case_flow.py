import pytest
from playwright.sync_api import expect

from cases.models import Case
from cases.selectors import case_list_visible_to
from consortium.models import User

from .conftest import shot
from .test_login_flow import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_caseworker_opens_a_case_and_a_coordinator_sees_it_masked(live, page, browser):
    log_in(page, live, "cw_wb")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name="Open a case").click()
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    shot(page, "case-open-errors")

    page.get_by_label("Full name").fill("Testa Synthetica")
    page.get_by_label("Estimated age (years)").fill("16")
    page.get_by_label("Basis of age").select_option("self_reported")
    page.get_by_label("Phone numbers").fill("+91 98300 00001")
    page.locator("#id_case-source_state").select_option(label="West Bengal")
    page.locator("#id_case-destination_state").select_option(label="Maharashtra")
    page.get_by_label("Sexual exploitation").check()
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_text("opened.")).to_be_visible()
    case = Case.objects.latest("pk")
    assert case.reference.startswith("WB-")
    shot(page, "case-opened")

    page.get_by_role("link", name="Survivor", exact=True).click()
    expect(page.get_by_text("Testa Synthetica").first).to_be_visible()
    expect(page.get_by_text("Minor now")).to_be_visible()

    # Search by phone in another format finds her; the search is posted, so the number never
    # reaches the address bar (history, server logs).
    page.goto(f"{live}/cases/")
    page.get_by_role("searchbox", name="Search").fill("09830000001")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    assert "9830000001" not in page.url

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    coordinator = context.new_page()
    log_in(coordinator, live, "coordinator")
    coordinator.goto(f"{live}/cases/{case.pk}/survivor/")
    expect(coordinator.get_by_role("heading", name="Identity masked")).to_be_visible()
    assert "Testa Synthetica" not in coordinator.content()
    coordinator.get_by_label("Why do you need to see who she is?").fill("Court ordered verification of age records.")
    coordinator.get_by_role("button", name="Reveal identity").click()
    expect(coordinator.get_by_text("Identity revealed for 8 hours")).to_be_visible()
    assert "Testa Synthetica" in coordinator.content()
    context.close()


def test_outsider_gets_not_found(live, page):
    case = Case.objects.filter(lead_organisation__short_name="SSF").first()
    log_in(page, live, "cw_jh")
    response = page.goto(f"{live}/cases/{case.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_case_list_on_a_phone(live, phone):
    log_in(phone, live, "cw_wb")
    phone.goto(f"{live}/cases/")
    expect(phone.get_by_role("heading", name="Cases")).to_be_visible()
    # Every case she may see (8 of the demo cases, the survivor she received from Mumbai, and
    # any case an earlier test of this module opened), one row each.
    mine = case_list_visible_to(User.objects.get(username="cw_wb")).count()
    assert 9 <= mine <= 25
    assert phone.locator("table.case-table tbody tr").count() == mine
    shot(phone, "phone-case-list")


def test_lawyer_builds_a_dossier_and_gets_its_password_once(live, page):
    """The dossier builds in the background (eagerly here); the page shows the progress bar,
    then the download link and the password, once."""
    case = Case.objects.filter(lead_organisation__short_name="SSF", court_cases__isnull=False).distinct().first()
    log_in(page, live, "lawyer_wb")
    page.goto(f"{live}/cases/{case.pk}/")
    page.get_by_role("button", name="Case dossier (PDF)").click()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    assert page.locator("progress#generated-progress").get_attribute("value") == "100"
    password = page.locator("code.password").inner_text()
    assert len(password) >= 12
    shot(page, "dossier-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Encrypt" in pdf
    page.reload()
    assert password not in page.content()  # shown once, not kept


def test_coordinator_reads_the_dashboard_and_opens_the_cases_behind_a_number(live, page):
    log_in(page, live, "coordinator")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Consortium dashboard")).to_be_visible()
    assert page.locator("svg").count() >= 3  # the charts
    page.get_by_text("Show as a table").first.click()
    shot(page, "dashboard")
    page.locator("a.tile").first.click()
    expect(page.get_by_role("heading", name="Cases behind the figure")).to_be_visible()
    assert page.locator("table.case-table tbody tr").count() > 0
    # Bad filters: a message, not an error page.
    page.goto(f"{live}/dashboard/?date_from=2026-12-31&date_to=2026-01-01&state=ZZ")
    expect(page.get_by_role("alert").first).to_be_visible()
    assert "Server Error" not in page.content()
