"""Two-step sign-in (consortium/mfa.py): the real enforcement, without the test suite's
shortcut (every test here is marked mfa_enforced, so force_login leaves the session unverified)."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from consortium import mfa
from consortium.factories import MembershipFactory, UserFactory
from consortium.models import Role, SecurityEvent

pytestmark = [pytest.mark.mfa_enforced, pytest.mark.django_db]

Kind = SecurityEvent.Kind
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"


def code_now(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device, mfa.backup_codes_replace(user)


@pytest.fixture
def caseworker(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, username="asha", password=PASSWORD)


@pytest.fixture
def no_throttle(settings):
    # Each device normally waits 1, 2, 4 ... seconds after a wrong code; off where a test
    # needs several tries in a row.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _concrete_urls() -> dict[str, str]:
    """Every named URL outside the admin, with placeholder arguments (the middleware answers
    before any view looks at them)."""
    values = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x"}
    found = {}

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                for name, converter in pattern.pattern.converters.items():
                    kind = type(converter).__name__.replace("Converter", "").lower()
                    route = route.replace(f"<{kind}:{name}>", values.get(kind, "x")).replace(f"<{name}>", "x")
                if route.startswith("^") or "(?P" in route:
                    continue
                found[pattern.name] = "/" + route
        return found

    return walk(get_resolver(), "", None)


def test_unverified_session_reaches_only_set_up_and_logout_from_every_page(client, caseworker):
    client.force_login(caseworker.user)
    urls = _concrete_urls()
    assert len(urls) > 50  # the walk found the app's pages
    allowed = mfa.UNVERIFIED_ALLOWED
    checked = 0
    for name, url in sorted(urls.items()):
        if name in allowed:
            continue
        response = client.get(url)
        assert response.status_code == 302, (name, url, response.status_code)
        assert response.url.startswith(reverse("mfa_enrol")), (name, url, response.url)
        checked += 1
    assert checked > 50
    # Writes are refused the same way, before any view runs.
    response = client.post(reverse("consortium:member_invite"), {"username": "x"})
    assert response.status_code == 302
    assert response.url == reverse("mfa_enrol")
    # The admin too.
    assert client.get("/admin/").url.startswith(reverse("mfa_enrol"))
    # htmx requests are told where to go.
    response = client.get(reverse("cases:case_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("mfa_enrol"))


def test_unverified_session_with_a_device_is_sent_to_the_code_page_and_sees_no_navigation(client, caseworker):
    enrolled(caseworker.user)
    client.force_login(caseworker.user)
    response = client.get(reverse("cases:case_list"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_verify") + "?next=%2Fcases%2F"
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Enter your sign-in code" in html
    assert 'id="site-nav"' not in html  # no menu, bell or case links before the second step
    assert "Log out" in html


def test_login_then_code_opens_the_app(client, caseworker):
    device, _codes = enrolled(caseworker.user)
    response = client.post(reverse("login"), {"username": "asha", "password": PASSWORD})
    assert response.status_code == 302
    # The password alone opens nothing.
    assert client.get(reverse("home")).url.startswith(reverse("mfa_verify"))
    response = client.post(reverse("mfa_verify"), {"code": code_now(device), "next": reverse("cases:case_list")})
    assert response.status_code == 302
    assert response.url == reverse("cases:case_list")
    assert client.get(reverse("home")).status_code == 200
    device.refresh_from_db()
    assert device.last_t > 0


def test_verified_session_passes_and_a_new_login_asks_again(client, caseworker):
    device, _codes = enrolled(caseworker.user)
    client.force_login(caseworker.user)
    client.post(reverse("mfa_verify"), {"code": code_now(device)})
    assert client.get(reverse("home")).status_code == 200
    # Logging in again (same person, same browser) asks for a code again.
    client.force_login(caseworker.user)
    assert client.get(reverse("home")).url.startswith(reverse("mfa_verify"))


def test_second_step_gives_a_new_session_id(client, caseworker):
    device, _codes = enrolled(caseworker.user)
    client.force_login(caseworker.user)
    before = client.cookies["sessionid"].value
    client.post(reverse("mfa_verify"), {"code": code_now(device)})
    assert client.cookies["sessionid"].value != before
    assert client.session[SESSION_KEY] == str(caseworker.user.pk)


def test_first_login_enrols_and_shows_backup_codes_once(client, caseworker):
    client.force_login(caseworker.user)
    page = client.get(reverse("mfa_enrol"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code
    device = TOTPDevice.objects.get(user=caseworker.user, confirmed=False)
    assert mfa.totp_secret_for_display(device) in html
    # Reloading keeps the same secret (she may have scanned it already).
    client.get(reverse("mfa_enrol"))
    assert TOTPDevice.objects.filter(user=caseworker.user).count() == 1

    wrong = client.post(reverse("mfa_enrol"), {"code": "000000" if code_now(device) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False

    device.throttle_reset()
    response = client.post(reverse("mfa_enrol"), {"code": code_now(device)})
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_backup_codes"))
    device.refresh_from_db()
    assert device.confirmed is True
    codes_page = client.get(response.url).content.decode()
    tokens = list(StaticToken.objects.filter(device__user=caseworker.user).values_list("token", flat=True))
    assert len(tokens) == mfa.BACKUP_CODE_COUNT
    for token in tokens:
        assert mfa.format_backup_code(token) in codes_page
    # Shown once.
    assert tokens[0][:4] not in client.get(reverse("mfa_backup_codes")).content.decode()
    assert client.get(reverse("home")).status_code == 200
    assert SecurityEvent.objects.filter(kind=Kind.MFA_ENROLLED, user=caseworker.user).count() == 1


def test_replayed_code_is_refused_and_logged(client, caseworker, caplog):
    device, _codes = enrolled(caseworker.user)
    code = code_now(device)
    client.force_login(caseworker.user)
    assert client.post(reverse("mfa_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("home")).status_code == 200

    other = client.__class__()
    other.force_login(caseworker.user)
    with caplog.at_level(logging.WARNING, logger="nyaya.security"):
        response = other.post(reverse("mfa_verify"), {"code": code})
    assert response.status_code == 200
    assert "This code was already used" in response.content.decode()
    assert other.get(reverse("home")).url.startswith(reverse("mfa_verify"))
    event = SecurityEvent.objects.get(kind=Kind.MFA_REPLAYED)
    assert event.user == caseworker.user
    assert event.ip_address == "127.0.0.1"
    assert any("mfa_replayed" in record.getMessage() for record in caplog.records)
    assert all(code not in record.getMessage() for record in caplog.records)  # the code is never logged


def test_backup_code_works_once(client, caseworker, no_throttle):
    _device, codes = enrolled(caseworker.user)
    client.force_login(caseworker.user)
    spaced = mfa.format_backup_code(codes[0]).upper()  # as she may type it from paper
    response = client.post(reverse("mfa_verify"), {"code": spaced})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert StaticToken.objects.filter(device__user=caseworker.user).count() == mfa.BACKUP_CODE_COUNT - 1
    assert SecurityEvent.objects.filter(kind=Kind.BACKUP_CODE_USED, user=caseworker.user).count() == 1

    again = client.__class__()
    again.force_login(caseworker.user)
    response = again.post(reverse("mfa_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert again.get(reverse("home")).url.startswith(reverse("mfa_verify"))
    # Another backup code still works.
    assert again.post(reverse("mfa_verify"), {"code": codes[1]}).status_code == 302


def test_new_backup_codes_replace_the_old_ones(client, caseworker, no_throttle):
    device, old_codes = enrolled(caseworker.user)
    client.force_login(caseworker.user)
    client.post(reverse("mfa_verify"), {"code": code_now(device)})
    response = client.post(reverse("mfa_backup_codes_new"))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    new_codes = list(StaticToken.objects.filter(device__user=caseworker.user).values_list("token", flat=True))
    assert set(new_codes).isdisjoint(old_codes)
    assert mfa.format_backup_code(new_codes[0]) in page
    other = client.__class__()
    other.force_login(caseworker.user)
    assert other.post(reverse("mfa_verify"), {"code": old_codes[0]}).status_code == 200


def test_wrong_code_makes_the_next_try_wait(client, caseworker):
    device, _codes = enrolled(caseworker.user)
    client.force_login(caseworker.user)
    good = code_now(device)
    wrong = "000000" if good != "000000" else "111111"
    client.post(reverse("mfa_verify"), {"code": wrong})
    # Even the right code is refused during the wait (1 s after one failure, doubling).
    response = client.post(reverse("mfa_verify"), {"code": good})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("home")).url.startswith(reverse("mfa_verify"))
    assert SecurityEvent.objects.filter(kind=Kind.MFA_THROTTLED, user=caseworker.user).count() == 1
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_five_wrong_codes_end_the_sign_in(client, caseworker, no_throttle, settings):
    device, _codes = enrolled(caseworker.user)
    client.force_login(caseworker.user)
    wrong = "000000" if code_now(device) != "000000" else "111111"
    for _ in range(settings.MFA_MAX_FAILURES_PER_SESSION - 1):
        assert client.post(reverse("mfa_verify"), {"code": wrong}).status_code == 200
    response = client.post(reverse("mfa_verify"), {"code": wrong})
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert SESSION_KEY not in client.session
    assert SecurityEvent.objects.filter(kind=Kind.MFA_FAILED, user=caseworker.user).count() == 5
    assert SecurityEvent.objects.filter(kind=Kind.MFA_LOCKED_OUT, user=caseworker.user).count() == 1


# --- an admin resets a member's device ------------------------------------------------


@pytest.fixture
def admin_wb(make_member, org_wb):
    member = make_member(Role.ORG_ADMIN, org_wb, username="admin_wb_t")
    device, _ = enrolled(member.user)
    return member


def verified_client(client, user):
    device = mfa.totp_device_confirmed(user) or enrolled(user)[0]
    client.force_login(user)
    client.post(reverse("mfa_verify"), {"code": code_now(device)})
    assert client.get(reverse("home")).status_code == 200
    return client


def test_org_admin_resets_a_members_device_logged_and_her_sessions_end(client, admin_wb, caseworker):
    enrolled(caseworker.user)
    member_client = verified_client(client.__class__(), caseworker.user)
    admin_client = verified_client(client, admin_wb.user)

    page = admin_client.get(reverse("consortium:member_edit", args=[caseworker.pk])).content.decode()
    assert "Authenticator app set up on" in page
    response = admin_client.post(reverse("consortium:member_device_reset", args=[caseworker.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=caseworker.user).exists()
    assert not StaticDevice.objects.filter(user=caseworker.user).exists()
    event = SecurityEvent.objects.get(kind=Kind.DEVICE_RESET)
    assert (event.user, event.actor, event.organisation) == (caseworker.user, admin_wb.user, admin_wb.organisation)
    page = admin_client.get(reverse("consortium:member_edit", args=[caseworker.pk])).content.decode()
    assert "Not set up" in page
    assert "Last reset on" in page
    # Her open session ended; at the next login she sets up again.
    assert member_client.get(reverse("home")).url.startswith(reverse("login"))
    caseworker.user.refresh_from_db()
    member_client.force_login(caseworker.user)
    assert member_client.get(reverse("home")).url.startswith(reverse("mfa_enrol"))


def test_admin_of_another_organisation_gets_404(client, make_member, org_mh, caseworker):
    enrolled(caseworker.user)
    other_admin = make_member(Role.ORG_ADMIN, org_mh)
    admin_client = verified_client(client, other_admin.user)
    response = admin_client.post(reverse("consortium:member_device_reset", args=[caseworker.pk]))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=caseworker.user).exists()
    assert not SecurityEvent.objects.filter(kind=Kind.DEVICE_RESET).exists()


def test_caseworker_cannot_reset_anyone(client, make_member, org_wb, caseworker):
    other = make_member(Role.CASEWORKER, org_wb)
    enrolled(other.user)
    worker_client = verified_client(client, caseworker.user)
    assert worker_client.post(reverse("consortium:member_device_reset", args=[other.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=other.user).exists()


def test_coordinator_device_is_reset_only_by_a_superuser(client, make_member, secretariat):
    secretariat_admin = make_member(Role.ORG_ADMIN, secretariat)
    coordinator = make_member(Role.COORDINATOR, secretariat)
    enrolled(coordinator.user)
    admin_client = verified_client(client, secretariat_admin.user)
    response = admin_client.post(reverse("consortium:member_device_reset", args=[coordinator.pk]), follow=True)
    assert "reset only by a system administrator" in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator.user).exists()
    assert not SecurityEvent.objects.filter(kind=Kind.DEVICE_RESET).exists()

    superuser = UserFactory(is_superuser=True, is_staff=True)
    mfa.device_reset_by_superuser(actor=superuser, user=coordinator.user)
    assert not TOTPDevice.objects.filter(user=coordinator.user).exists()
    assert SecurityEvent.objects.get(kind=Kind.DEVICE_RESET).actor == superuser


def test_admin_cannot_reset_her_own_device(client, admin_wb):
    admin_client = verified_client(client, admin_wb.user)
    response = admin_client.post(reverse("consortium:member_device_reset", args=[admin_wb.pk]), follow=True)
    assert "cannot reset your own sign-in device" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin_wb.user).exists()


# --- the development-only bypass for the demo logins -------------------------------------


@pytest.fixture
def demo_user(org_wb):
    return MembershipFactory(user=UserFactory(username="cw_demo", is_demo=True), organisation=org_wb).user


def test_demo_bypass_lets_seeded_people_in_only_with_debug(client, settings, demo_user, caseworker):
    settings.DEBUG = True
    settings.DEMO_MFA_BYPASS = True
    client.force_login(demo_user)
    assert client.get(reverse("home")).status_code == 200
    # Someone not made by seed_demo still needs the second step.
    other = client.__class__()
    other.force_login(caseworker.user)
    assert other.get(reverse("home")).url.startswith(reverse("mfa_enrol"))
    # DEBUG off: the setting is ignored even if it got through.
    settings.DEBUG = False
    assert client.get(reverse("home")).url.startswith(reverse("mfa_enrol"))


def test_demo_bypass_off_by_default(client, demo_user, settings):
    settings.DEBUG = True
    client.force_login(demo_user)
    assert client.get(reverse("home")).url.startswith(reverse("mfa_enrol"))


def test_system_check_refuses_the_bypass_with_debug_off(settings):
    settings.DEBUG = False
    settings.DEMO_MFA_BYPASS = True
    assert "nyaya.E001" in [message.id for message in run_checks()]
    with override_settings(DEBUG=True):
        assert "nyaya.E001" not in [message.id for message in run_checks()]


def test_settings_refuse_to_start_with_the_bypass_and_debug_off():
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    environment.update(
        {
            "SECRET_KEY": "s" * 50,
            "FIELD_ENCRYPTION_KEY": "Ad1pOnQlVn6CdCTiyFtEtyVhAxkmGYIc4O1-5yGJpz0=",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEMO_MFA_BYPASS": "1",
            "DEBUG": "0",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DEMO_MFA_BYPASS is for development only" in result.stderr
