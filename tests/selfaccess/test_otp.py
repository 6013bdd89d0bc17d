"""One-time SMS codes (selfaccess.otp) and the forms of her sign-in against junk input."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from selfaccess import otp, services
from selfaccess.forms import ChoosePinForm, CodeForm, PinForm, SmsCodeForm
from selfaccess.models import PIN_TRIES, SurvivorAccount
from selfaccess.sms import LocmemBackend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.SMS_BACKEND = "selfaccess.sms.LocmemBackend"
    LocmemBackend.outbox = []


@pytest.fixture
def with_phone(lead, case, account):
    survivor = case.survivor
    survivor.phone_numbers = ["+91 98300 11223"]
    survivor.save()
    return services.account_sms_codes_set(
        actor=lead.user, case=case, enabled=True, phone="+91 98300 11223", expected_version=account.version
    )


def last_code() -> str:
    return LocmemBackend.outbox[-1][1].rsplit(" ", 1)[-1]


def test_code_is_six_digits_kept_hashed_and_used_once(with_phone):
    account = with_phone
    otp.issue(account)
    code = last_code()
    assert len(code) == 6 and code.isdigit()
    account.refresh_from_db()
    assert account.otp_digest and code not in account.otp_digest
    assert account.otp_expires_at - timezone.now() <= datetime.timedelta(minutes=otp.OTP_MINUTES)
    assert otp.check(account, code[:3] + " " + code[3:])
    assert not otp.check(account, code)  # used once


def test_code_expires(with_phone):
    otp.issue(with_phone)
    code = last_code()
    SurvivorAccount.objects.filter(pk=with_phone.pk).update(
        otp_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not otp.check(with_phone, code)


def test_three_wrong_tries_void_the_code(with_phone):
    otp.issue(with_phone)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(otp.OTP_TRIES):
        assert not otp.check(with_phone, wrong)
    assert not otp.check(with_phone, code)


def test_a_new_code_stops_the_old(with_phone):
    otp.issue(with_phone)
    first = last_code()
    otp.issue(with_phone)
    second = last_code()
    if first != second:
        assert not otp.check(with_phone, first)
    assert otp.check(with_phone, second)


def test_text_names_nothing_but_the_code(with_phone, case):
    otp.issue(with_phone)
    phone, text = LocmemBackend.outbox[-1]
    assert phone == "+91 98300 11223"
    assert text == f"Your code is {last_code()}"


def test_bengali_digits_are_read(with_phone):
    otp.issue(with_phone)
    code = last_code()
    bengali = "".join(chr(0x09E6 + int(d)) for d in code)
    assert otp.check(with_phone, bengali)


def test_wrong_sms_codes_lock_as_wrong_pins_do(with_phone, case):
    for _ in range(PIN_TRIES):
        services.otp_failed(account=with_phone, ip="10.0.0.7")
    with_phone.refresh_from_db()
    assert with_phone.is_locked


def test_send_limits():
    session: dict = {}
    assert otp.send_refused(session, now=1000) == ""
    otp.sent_now(session, now=1000)
    assert otp.send_refused(session, now=1030) == "too_soon"
    otp.sent_now(session, now=1061)
    otp.sent_now(session, now=1122)
    assert otp.send_refused(session, now=5000) == "too_many"


def test_turning_sms_codes_off_clears_the_code(lead, case, with_phone):
    otp.issue(with_phone)
    with_phone.refresh_from_db()
    account = services.account_sms_codes_set(
        actor=lead.user, case=case, enabled=False, expected_version=with_phone.version
    )
    assert account.otp_digest == "" and account.sms_phone == "" and not account.sms_codes


junk = st.text(max_size=60) | st.binary(max_size=40).map(lambda b: b.decode("latin-1"))


@given(typed=junk)
@hsettings(max_examples=80, deadline=None)
def test_forms_never_raise_on_junk(typed):
    for form in (
        CodeForm({"code": typed}),
        PinForm({"pin": typed}),
        ChoosePinForm({"pin": typed, "pin_again": typed}),
        SmsCodeForm({"sms_code": typed}),
    ):
        form.is_valid()
    assert len(otp.normalise(typed)) <= 40


@given(typed=junk, step=st.sampled_from(["code", "pin", "sms"]))
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_sign_in_pages_never_500_and_save_nothing_on_junk(client, account, code, typed, step):
    from django.urls import reverse

    from selfaccess import session as her_session

    cache.clear()  # the wrong codes counted per address (services.CODE_TRIES_PER_ADDRESS)
    client.cookies.clear()
    if step == "code":
        response = client.post(reverse("selfaccess:her_start"), {"code": typed})
        assert response.status_code == 200  # the form again, or the generic refusal
    elif step == "pin":
        assert client.post(reverse("selfaccess:her_start"), {"code": code}).status_code == 302
        response = client.post(reverse("selfaccess:her_pin"), {"pin": typed, "pin_again": typed})
        if typed.strip() == "4826":
            assert response["Location"] == reverse("selfaccess:her_home")
        else:
            assert response.status_code == 200
    else:
        response = client.post(reverse("selfaccess:her_sms_code"), {"sms_code": typed})
        assert response["Location"] == reverse("selfaccess:her_start")  # no PIN passed: nothing to check
    assert (her_session.ACCOUNT_KEY in client.session) == (step == "pin" and typed.strip() == "4826")
    # Nothing saved but the refusal counters: the PIN and the state are those she had.
    account.refresh_from_db()
    assert account.has_pin and account.status == SurvivorAccount.Status.ACTIVE
    SurvivorAccount.objects.filter(pk=account.pk).update(failed_pins=0, lockouts=0, locked_until=None)
