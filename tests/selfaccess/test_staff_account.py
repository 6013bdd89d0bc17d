"""Her caseworker's page about her own page: who sees it, each button, the slip."""

import datetime

import pytest
from django.urls import reverse

from cases.models import CaseEvent
from consortium.models import Role
from selfaccess import codes, services
from selfaccess.models import SurvivorAccount

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def url(name, case):
    return reverse(f"selfaccess_staff:{name}", args=[case.pk])


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def staff(client, lead):
    client.force_login(lead.user)
    return client


def test_page_without_consent_links_to_the_consent_page(staff, case):
    response = staff.get(url("her_page", case))
    assert response.status_code == 200
    assert "Her consent to her own access is not recorded" in page(response)
    assert reverse("cases:case_consent_new", args=[case.pk]) in page(response)


def test_open_shows_the_slip_once_and_names_nothing(staff, case, consent, settings):
    settings.SITE_URL = "https://nyaya.example.org"
    response = staff.get(url("her_page", case))
    assert "Open her page and print her code" in page(response)
    response = staff.post(url("her_page_open", case))
    assert response.status_code == 200
    body = page(response)
    account = SurvivorAccount.objects.get(case=case)
    assert "https://nyaya.example.org/my/" in body
    # The code shown is the account's (only its hash is kept), in groups of four.
    shown = body.split('<p class="code">', 1)[1].split("</p>", 1)[0]
    assert len(shown) == 14 and shown.count("-") == 2
    assert codes.code_digest(shown) == account.code_digest
    # Nothing on the slip names her, her case or its subject.
    survivor = case.survivor
    slip = body.split('<section class="slip"', 1)[1]
    for secret in (case.reference, survivor.full_name, *survivor.full_name.split()):
        assert secret and secret not in slip
    for word in ("traffick", "survivor", "rescue", "police", "court"):
        assert word not in slip.lower()
    assert response["Cache-Control"].startswith("no-store")
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SELF_ACCESS).count() == 1
    # The state page afterwards shows no code.
    assert shown not in page(staff.get(url("her_page", case)))


def test_slip_has_her_language_and_english(staff, case, consent):
    survivor = case.survivor
    survivor.preferred_language = "bn"
    survivor.save()
    response = staff.post(url("her_page_open", case))
    body = page(response)
    assert '<div lang="bn">' in body and '<div lang="en" class="second">' in body


def test_open_twice_is_refused_with_a_message(staff, case, opened):
    response = staff.post(url("her_page_open", case), follow=True)
    assert "She already has an account" in page(response)
    assert SurvivorAccount.objects.filter(case=case).count() == 1


def test_state_page_shows_the_account(staff, lead, case, account):
    body = page(staff.get(url("her_page", case)))
    assert "Active" in body and "Chosen on" in body
    given = body.split("<dt>Code given</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert lead.user.display_name in given
    assert "<dt>One-time codes by SMS</dt><dd>Off</dd>" in body


def test_new_code_slip_and_the_old_code_stops(staff, case, account, code):
    response = staff.post(url("her_page_new_code", case), {"version": account.version})
    assert response.status_code == 200 and '<p class="code">' in page(response)
    assert services.account_for_code(code, ip="10.0.0.9") is None
    account.refresh_from_db()
    assert not account.has_pin


def test_stale_version_is_refused(staff, case, account, code):
    response = staff.post(url("her_page_new_code", case), {"version": account.version + 5}, follow=True)
    assert "while you were editing" in page(response)
    account.refresh_from_db()
    assert account.has_pin
    response = staff.post(url("her_page_new_code", case), {}, follow=True)
    assert "The page was out of date" in page(response)


def test_reset_pin(staff, case, account):
    SurvivorAccount.objects.filter(pk=account.pk).update(lockouts=3)
    account.refresh_from_db()
    assert "reset her PIN to open it again" in page(staff.get(url("her_page", case)))
    response = staff.post(url("her_page_reset_pin", case), {"version": account.version}, follow=True)
    assert "PIN reset" in page(response)
    account.refresh_from_db()
    assert not account.has_pin and not account.is_locked


def test_suspend_and_resume(staff, case, account):
    response = staff.post(url("her_page_suspend", case), {"reason": "phone taken"}, follow=True)
    assert "Her page is suspended" in page(response)
    account.refresh_from_db()
    assert account.status == SurvivorAccount.Status.SUSPENDED and account.suspension_reason == "phone taken"
    assert "Resume her page" in page(response)
    response = staff.post(url("her_page_resume", case), {"version": account.version}, follow=True)
    assert "Her page works again" in page(response)
    account.refresh_from_db()
    assert account.status == SurvivorAccount.Status.ACTIVE


def test_sms_codes_on_only_to_one_of_her_numbers(staff, case, account):
    survivor = case.survivor
    survivor.phone_numbers = ["+91 98300 11223"]
    survivor.save()
    response = staff.post(
        url("her_page_sms", case), {"enabled": "1", "phone": "+91 90000 00000", "version": account.version}, follow=True
    )
    assert "Select a valid choice" in page(response)
    account.refresh_from_db()
    assert not account.sms_codes
    response = staff.post(
        url("her_page_sms", case), {"enabled": "1", "phone": "", "version": account.version}, follow=True
    )
    assert "Choose one of her phone numbers" in page(response)
    response = staff.post(
        url("her_page_sms", case), {"enabled": "1", "phone": "+91 98300 11223", "version": account.version}, follow=True
    )
    assert "One-time codes by SMS are on." in page(response)
    account.refresh_from_db()
    assert account.sms_codes and account.sms_phone == "+91 98300 11223"
    response = staff.post(url("her_page_sms", case), {"enabled": "0", "version": account.version}, follow=True)
    account.refresh_from_db()
    assert not account.sms_codes and account.sms_phone == ""


def test_service_refuses_a_number_not_hers(lead, case, account):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.account_sms_codes_set(
            actor=lead.user, case=case, enabled=True, phone="+91 90000 00000", expected_version=account.version
        )


@pytest.mark.parametrize("name", ["her_page", "her_page_open", "her_page_new_code", "her_page_suspend", "her_page_sms"])
def test_outsider_gets_404_and_nothing_changes(client, outsider, case, account, name):
    client.force_login(outsider.user)
    before = SurvivorAccount.objects.get(pk=account.pk).version
    response = client.get(url(name, case)) if name == "her_page" else client.post(url(name, case), {"version": before})
    assert response.status_code == 404
    assert SurvivorAccount.objects.get(pk=account.pk).version == before


def test_lawyer_on_the_team_who_may_not_record_consent_gets_404(client, make_member, org_wb, lead, case, account):
    from cases.services import team_add

    lawyer = make_member(Role.LAWYER, org_wb, first_name="Lata", last_name="Lawyer")
    team_add(actor=lead.user, case=case, membership=lawyer, role="lawyer")
    client.force_login(lawyer.user)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200  # she sees the case
    assert client.get(url("her_page", case)).status_code == 404
    assert client.post(url("her_page_suspend", case)).status_code == 404
    account.refresh_from_db()
    assert account.status == SurvivorAccount.Status.ACTIVE


def test_anonymous_is_sent_to_log_in(client, case):
    response = client.get(url("her_page", case))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_minor_on_her_own_consent_cannot_be_opened(staff, case, consent):
    survivor = case.survivor
    survivor.date_of_birth = datetime.date.today().replace(year=datetime.date.today().year - 15, day=1)
    survivor.save()
    body = page(staff.get(url("her_page", case)))
    assert "She is a minor" in body and "Open her page" not in body
    response = staff.post(url("her_page_open", case), follow=True)
    assert "She is a minor" in page(response)
    assert not SurvivorAccount.objects.filter(case=case).exists()


def test_consent_page_links_to_her_page_with_its_state(staff, lead, case, consent):
    body = page(staff.get(reverse("cases:case_consent", args=[case.pk])))
    assert url("her_page", case) in body and "Her page: not opened" in body
    services.account_open(actor=lead.user, case=case)
    assert "Her page: active" in page(staff.get(reverse("cases:case_consent", args=[case.pk])))
    services.account_suspend(actor=lead.user, case=case)
    assert "Her page: suspended" in page(staff.get(reverse("cases:case_consent", args=[case.pk])))
