"""Her sign-in through the pages: code, PIN (or choosing one), SMS code; the generic refusal."""

import pytest
from django.urls import reverse

from cases.models import AccessLogEntry
from selfaccess import services, session
from selfaccess.models import PIN_TRIES, SurvivorAccount
from selfaccess.sms import LocmemBackend
from tests.selfaccess.conftest import PIN

pytestmark = pytest.mark.django_db

START = "/my/"
REFUSED = "That did not work. Check and try again. After many tries, wait 30 minutes or ask your caseworker."


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.SMS_BACKEND = "selfaccess.sms.LocmemBackend"
    LocmemBackend.outbox = []
    settings.LANGUAGE_CODE = "en"


def page(response) -> str:
    return response.content.decode()


def code_step(client, code):
    return client.post(START, {"code": code})


def test_code_then_choose_pin_then_home(client, opened):
    account, code = opened
    response = code_step(client, code.lower()[:4] + " " + code[4:])  # spaces and small letters do not matter
    assert response.status_code == 302 and response["Location"] == reverse("selfaccess:her_pin")
    response = client.get(response["Location"])
    assert "Choose your PIN" in page(response)
    response = client.post(reverse("selfaccess:her_pin"), {"pin": "5093", "pin_again": "5093"})
    assert response["Location"] == reverse("selfaccess:her_home")
    account.refresh_from_db()
    assert account.has_pin
    assert client.session[session.ACCOUNT_KEY] == account.pk
    # Signed in: the start page sends her home.
    assert client.get(START)["Location"] == reverse("selfaccess:her_home")


def test_choosing_pins_that_differ_or_are_weak_is_refused(client, opened):
    account, code = opened
    code_step(client, code)
    response = client.post(reverse("selfaccess:her_pin"), {"pin": "5093", "pin_again": "5094"})
    assert response.status_code == 200
    assert "The two PINs are not the same" in page(response)
    response = client.post(reverse("selfaccess:her_pin"), {"pin": "1234", "pin_again": "1234"})
    assert "too easy to guess" in page(response)
    account.refresh_from_db()
    assert not account.has_pin
    assert session.ACCOUNT_KEY not in client.session


def test_code_then_pin_then_home(client, account, code):
    code_step(client, code)
    response = client.get(reverse("selfaccess:her_pin"))
    assert "Your PIN" in page(response) and "Choose" not in page(response)
    response = client.post(reverse("selfaccess:her_pin"), {"pin": PIN})
    assert response["Location"] == reverse("selfaccess:her_home")
    assert client.session[session.ACCOUNT_KEY] == account.pk


def sms_on(lead, case, account, phone="+91 98300 11223"):
    survivor = case.survivor
    survivor.phone_numbers = [phone]
    survivor.save()
    account.refresh_from_db()
    return services.account_sms_codes_set(
        actor=lead.user, case=case, enabled=True, phone=phone, expected_version=account.version
    )


def sent_code() -> str:
    phone, text = LocmemBackend.outbox[-1]
    return text.rsplit(" ", 1)[-1]


def test_code_then_pin_then_sms_code_then_home(client, lead, case, account, code):
    sms_on(lead, case, account)
    code_step(client, code)
    response = client.post(reverse("selfaccess:her_pin"), {"pin": PIN})
    assert response["Location"] == reverse("selfaccess:her_sms_code")
    assert session.ACCOUNT_KEY not in client.session  # not in yet
    phone, text = LocmemBackend.outbox[-1]
    assert phone == "+91 98300 11223"
    assert text.startswith("Your code is ") and len(sent_code()) == 6
    # Her pages stay closed until the SMS code.
    assert client.get(reverse("selfaccess:her_home"))["Location"] == reverse("selfaccess:her_start")
    response = client.get(reverse("selfaccess:her_sms_code"))
    assert "The code in the SMS" in page(response)
    response = client.post(reverse("selfaccess:her_sms_code"), {"sms_code": sent_code()})
    assert response["Location"] == reverse("selfaccess:her_home")
    assert client.session[session.ACCOUNT_KEY] == account.pk
    account.refresh_from_db()
    assert account.otp_digest == ""  # used once


def test_wrong_sms_code_is_refused_then_void_after_three(client, lead, case, account, code):
    sms_on(lead, case, account)
    code_step(client, code)
    client.post(reverse("selfaccess:her_pin"), {"pin": PIN})
    right = sent_code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(3):
        response = client.post(reverse("selfaccess:her_sms_code"), {"sms_code": wrong})
        assert response.status_code == 200 and REFUSED in page(response)
    # Three wrong tries: even the right code no longer opens her page.
    response = client.post(reverse("selfaccess:her_sms_code"), {"sms_code": right})
    assert session.ACCOUNT_KEY not in client.session
    assert REFUSED in page(response)
    assert AccessLogEntry.objects.filter(case=case, target="self-access sms code").count() == 4


def test_send_again_is_limited(client, lead, case, account, code, monkeypatch):
    sms_on(lead, case, account)
    code_step(client, code)
    client.post(reverse("selfaccess:her_pin"), {"pin": PIN})
    first = sent_code()
    response = client.post(reverse("selfaccess:her_sms_code_again"), follow=True)
    assert "Wait one minute" in page(response)
    assert len(LocmemBackend.outbox) == 1
    import time

    clock = [time.time()]
    monkeypatch.setattr("selfaccess.otp.time.time", lambda: clock[0])
    for _ in range(2):
        clock[0] += 61
        response = client.post(reverse("selfaccess:her_sms_code_again"), follow=True)
        assert "A new code was sent." in page(response)
    assert len(LocmemBackend.outbox) == 3
    clock[0] += 61
    response = client.post(reverse("selfaccess:her_sms_code_again"), follow=True)
    assert "No more codes can be sent now" in page(response)
    assert len(LocmemBackend.outbox) == 3
    # The newest code works, the first no longer does (unless the same digits came up again).
    newest = sent_code()
    if newest != first:
        response = client.post(reverse("selfaccess:her_sms_code"), {"sms_code": first})
        assert REFUSED in page(response)
    response = client.post(reverse("selfaccess:her_sms_code"), {"sms_code": newest})
    assert response["Location"] == reverse("selfaccess:her_home")


class BrokenGateway:
    def send(self, phone, text):
        from selfaccess.sms import SmsError

        raise SmsError("provider down")


class CrashingGateway:
    def send(self, phone, text):
        raise ConnectionError(f"could not reach the provider for {phone}")


@pytest.mark.parametrize("gateway", ["BrokenGateway", "CrashingGateway"])
def test_gateway_error_says_so_without_a_500(client, lead, case, account, code, settings, gateway, caplog):
    sms_on(lead, case, account)
    settings.SMS_BACKEND = f"tests.selfaccess.test_sign_in.{gateway}"
    code_step(client, code)
    response = client.post(reverse("selfaccess:her_pin"), {"pin": PIN}, follow=True)
    assert response.status_code == 200
    assert "The SMS could not be sent just now" in page(response)
    account.refresh_from_db()
    assert account.otp_digest == ""  # no code kept that she never got
    assert "98300" not in caplog.text  # her number is in no log line


def refusal_page(response) -> str:
    """The page, with the form's CSRF token (different each time) left out."""
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page(response))


def test_refusal_is_the_same_for_wrong_code_wrong_pin_locked_and_suspended(client, lead, case, account, code):
    wrong_code = refusal_page(code_step(client, "ABCD-EFGH-JKMN"))
    assert REFUSED in wrong_code

    code_step(client, code)
    wrong_pin = refusal_page(client.post(reverse("selfaccess:her_pin"), {"pin": "9173"}))
    assert wrong_pin == wrong_code

    SurvivorAccount.objects.filter(pk=account.pk).update(lockouts=3)  # locked until her caseworker resets
    code_step(client, code)
    locked_right_pin = client.post(reverse("selfaccess:her_pin"), {"pin": PIN})
    assert locked_right_pin.status_code == 200
    assert refusal_page(locked_right_pin) == wrong_code
    assert session.ACCOUNT_KEY not in client.session

    SurvivorAccount.objects.filter(pk=account.pk).update(lockouts=0)
    account.refresh_from_db()
    services.account_suspend(actor=lead.user, case=case)
    suspended = code_step(client, code)
    assert refusal_page(suspended) == wrong_code


def test_lockout_through_the_pages(client, case, account, code):
    for _ in range(PIN_TRIES):
        code_step(client, code)
        client.post(reverse("selfaccess:her_pin"), {"pin": "9173"})
    account.refresh_from_db()
    assert account.is_locked
    code_step(client, code)
    response = client.post(reverse("selfaccess:her_pin"), {"pin": PIN})
    assert REFUSED in page(response)
    assert session.ACCOUNT_KEY not in client.session
    assert AccessLogEntry.objects.filter(case=case, target="self-access pin (locked)").count() == 1


def test_suspension_by_her_caseworker_ends_her_session_at_the_next_request(client, lead, case, account):
    from tests.selfaccess.conftest import sign_in_as_her

    sign_in_as_her(client, account)
    assert client.get(reverse("selfaccess:her_home")).status_code == 200
    staff = client.__class__()
    staff.force_login(lead.user)
    response = staff.post(reverse("selfaccess_staff:her_page_suspend", args=[case.pk]), {"reason": "phone taken"})
    assert response.status_code == 302
    assert client.get(reverse("selfaccess:her_home"))["Location"] == reverse("selfaccess:her_start")
    assert session.ACCOUNT_KEY not in client.session


def test_new_code_stops_the_old_one(client, lead, case, account, code):
    account.refresh_from_db()
    _account, new = services.account_new_code(actor=lead.user, case=case, expected_version=account.version)
    assert REFUSED in page(code_step(client, code))
    response = code_step(client, new)
    assert response["Location"] == reverse("selfaccess:her_pin")
    assert "Choose your PIN" in page(client.get(response["Location"]))  # the new code: a new PIN


def test_pin_and_sms_pages_without_the_step_before_go_to_the_start(client):
    assert client.get(reverse("selfaccess:her_pin"))["Location"] == reverse("selfaccess:her_start")
    assert client.get(reverse("selfaccess:her_sms_code"))["Location"] == reverse("selfaccess:her_start")
    assert client.post(reverse("selfaccess:her_sms_code_again"))["Location"] == reverse("selfaccess:her_start")


def test_language_switch_kept_in_the_session_and_on_her_account(client, account, code):
    response = client.post(reverse("selfaccess:her_language"), {"language": "hi"})
    assert response["Location"] == reverse("selfaccess:her_start")
    response = client.get(START)
    assert '<html lang="hi">' in page(response)
    code_step(client, code)
    client.post(reverse("selfaccess:her_pin"), {"pin": PIN})
    account.refresh_from_db()
    assert account.language == "hi"
    # A language not offered is ignored.
    client.post(reverse("selfaccess:her_language"), {"language": "xx"})
    assert client.session["selfaccess.language"] == "hi"


def test_sign_in_pages_are_neutral_small_and_not_cached(client):
    response = client.get(START)
    body = page(response)
    assert response["Cache-Control"].startswith("no-store")
    assert "<title>My notes</title>" in body
    for word in ("traffick", "survivor", "rescue", "police", "court"):
        assert word not in body.lower()
    assert 'name="csrfmiddlewaretoken"' in body
    assert len(response.content) < 20_000


def test_right_code_is_logged_nowhere_and_a_wrong_one_is_logged(client, opened):
    _account, code = opened
    code_step(client, "ABCD-EFGH-JKMN")
    entry = AccessLogEntry.objects.get(target="self-access code")
    assert entry.case_id is None and "ABCD" not in entry.path


def test_her_forms_pass_the_csrf_check_as_a_browser_sends_them(opened):
    """A browser sends the Origin of a form it posts unless the page's referrer policy is
    "no-referrer" (then `Origin: null`, which Django's CSRF check refuses): her pages say "same-origin"."""
    import re

    from django.test import Client

    _account, code = opened
    browser = Client(enforce_csrf_checks=True)
    response = browser.get(START)
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in page(response)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page(response))
    assert found is not None
    token = found.group(1)
    response = browser.post(START, {"code": code, "csrfmiddlewaretoken": token}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302 and response["Location"] == reverse("selfaccess:her_pin")
    # Without the token: refused, nothing begun.
    other = Client(enforce_csrf_checks=True)
    assert other.post(START, {"code": code}).status_code == 403


class LanguageGateway:
    """Keeps the language active when the SMS is built."""

    languages: list[str] = []

    def send(self, phone, text):
        from django.utils import translation

        type(self).languages.append(translation.get_language())


def test_sms_and_pin_page_in_her_language(client, lead, case, account, code, settings):
    sms_on(lead, case, account)
    SurvivorAccount.objects.filter(pk=account.pk).update(language="bn")  # chosen on an earlier visit
    settings.SMS_BACKEND = "tests.selfaccess.test_sign_in.LanguageGateway"
    LanguageGateway.languages = []
    code_step(client, code)
    assert '<html lang="bn">' in page(client.get(reverse("selfaccess:her_pin")))
    client.post(reverse("selfaccess:her_pin"), {"pin": PIN}, HTTP_ACCEPT_LANGUAGE="en")
    assert LanguageGateway.languages == ["bn"]
