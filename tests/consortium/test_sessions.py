"""Sessions (consortium/sessions.py), password reset and emailed links, refused bad input,
and the production settings' deploy check."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from consortium.models import Role, SecurityEvent
from consortium.sessions import LAST_SEEN_KEY, LOGIN_AT_KEY
from tests.url_names import qualified

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def caseworker(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, username="asha", password=PASSWORD, email="asha@example.org")


@pytest.fixture
def coordinator(make_member, secretariat):
    return make_member(Role.COORDINATOR, secretariat, username="ritu")


def age_session(client, *, idle: int = 0, since_login: int = 0):
    session = client.session
    now = int(time.time())
    session[LAST_SEEN_KEY] = now - idle
    session[LOGIN_AT_KEY] = now - max(since_login, idle)
    session.save()


# --- login and session ids --------------------------------------------------------------


def test_login_gives_a_new_session_id(client, caseworker):
    session = client.session  # an anonymous session, as a fixated id would be
    session["seen"] = True
    session.save()
    before = session.session_key
    response = client.post(reverse("login"), {"username": "asha", "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not SessionStore().exists(before)
    assert SessionStore(session_key=after)[SESSION_KEY] == str(caseworker.user.pk)


# --- idle and absolute limits -------------------------------------------------------------


def test_caseworker_stays_after_16_idle_minutes_and_is_logged_out_after_31(client, caseworker):
    client.force_login(caseworker.user)
    age_session(client, idle=16 * 60)
    assert client.get(reverse("home")).status_code == 200
    age_session(client, idle=31 * 60)
    response = client.get(reverse("cases:case_list"), follow=True)
    assert response.redirect_chain[0][0] == reverse("login") + "?next=/cases/"
    assert "logged out after 30 minutes without activity" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert SecurityEvent.objects.filter(kind=Kind.SESSION_EXPIRED, user=caseworker.user).count() == 1


def test_coordinator_is_logged_out_after_16_idle_minutes(client, coordinator):
    client.force_login(coordinator.user)
    age_session(client, idle=14 * 60)
    assert client.get(reverse("home")).status_code == 200
    age_session(client, idle=16 * 60)
    response = client.get(reverse("home"), follow=True)
    assert "logged out after 15 minutes without activity" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_org_admin_has_the_short_idle_limit_too(client, make_member, org_wb):
    admin = make_member(Role.ORG_ADMIN, org_wb)
    client.force_login(admin.user)
    age_session(client, idle=16 * 60)
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_activity_keeps_the_session_but_12_hours_after_login_it_ends(client, caseworker):
    client.force_login(caseworker.user)
    age_session(client, idle=60, since_login=11 * 3600)
    assert client.get(reverse("home")).status_code == 200
    # Each request counts as activity.
    assert time.time() - client.session[LAST_SEEN_KEY] < 5
    age_session(client, idle=60, since_login=12 * 3600 + 60)
    response = client.get(reverse("home"), follow=True)
    assert "Your session has ended" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_activity_is_stamped_at_most_once_a_minute(client, caseworker):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(caseworker.user)
    # Her first page keeps the navigation's counts in the session (core/navigation.py), as the
    # first page after any login does; then 20 seconds pass.
    assert client.get(reverse("home")).status_code == 200
    age_session(client, idle=20)
    key = client.cookies["sessionid"].value
    before = Session.objects.get(pk=key)

    # 20 seconds after the last stamp: the page is served and the session row is not written.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    after = Session.objects.get(pk=key)
    assert (after.session_data, after.expire_date) == (before.session_data, before.expire_date)

    # 61 seconds after it: the stamp moves to now and the stored session lives 30 minutes from now.
    age_session(client, idle=61)
    stale = Session.objects.get(pk=key).expire_date
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[LAST_SEEN_KEY] < 5
    assert Session.objects.get(pk=key).expire_date > stale


def test_htmx_request_after_the_idle_limit_is_sent_to_login(client, caseworker):
    client.force_login(caseworker.user)
    age_session(client, idle=31 * 60)
    response = client.get(reverse("cases:case_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


# --- log out everywhere -------------------------------------------------------------------


def test_log_out_everywhere_ends_every_session_of_hers_only(client, caseworker, make_member, org_wb):
    phone = Client()
    phone.force_login(caseworker.user)
    client.force_login(caseworker.user)
    colleague = make_member(Role.CASEWORKER, org_wb)
    colleague_client = Client()
    colleague_client.force_login(colleague.user)

    page = client.get(reverse("account_security")).content.decode()
    assert "Log out everywhere" in page
    response = client.post(reverse("logout_everywhere"), follow=True)
    assert "logged out on every device" in response.content.decode()
    assert phone.get(reverse("home")).url.startswith(reverse("login"))
    assert client.get(reverse("home")).url.startswith(reverse("login"))
    assert colleague_client.get(reverse("home")).status_code == 200
    assert SecurityEvent.objects.filter(kind=Kind.LOGOUT_EVERYWHERE, user=caseworker.user).count() == 1
    # She can log in again.
    response = client.post(reverse("login"), {"username": "asha", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


# --- password reset and emailed links -------------------------------------------------------


def test_password_reset_link_uses_site_url_not_the_forged_host(client, caseworker, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://nyaya.example.org"
    response = client.post(reverse("password_reset"), {"email": "asha@example.org"}, HTTP_HOST="evil.example")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "https://nyaya.example.org/accounts/reset/" in body
    assert "evil.example" not in body


def test_password_reset_requests_are_limited_per_address(client, caseworker, settings):
    settings.PASSWORD_RESET_REQUESTS_PER_HOUR = 5
    for _ in range(5):
        assert client.post(reverse("password_reset"), {"email": "nobody@example.org"}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": "asha@example.org"})
    assert response.status_code == 429
    assert "Too many reset requests" in response.content.decode()
    assert mail.outbox == []
    assert SecurityEvent.objects.filter(kind=Kind.PASSWORD_RESET_REFUSED).count() == 1
    # Another address is not affected.
    other = client.post(reverse("password_reset"), {"email": "asha@example.org"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    assert len(mail.outbox) == 1


def test_password_reset_emails_one_person_at_most_three_times_an_hour(client, caseworker):
    for i in range(5):
        response = client.post(reverse("password_reset"), {"email": "asha@example.org"}, REMOTE_ADDR=f"10.0.1.{i}")
        assert response.status_code == 302  # the same answer: whether she exists is not told
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("url_name", ["password_reset_confirm", "invitation_accept"])
def test_invalid_links_are_logged_and_limited_per_address(client, caseworker, settings, url_name):
    settings.INVALID_LINKS_PER_HOUR = 10
    uid = urlsafe_base64_encode(force_bytes(caseworker.user.pk))
    for i in range(10):
        response = client.get(reverse(qualified(url_name), args=[uid, f"bad-token-{i}"]))
        assert response.status_code == 200
        assert "no longer valid" in response.content.decode()
    assert SecurityEvent.objects.filter(kind=Kind.TOKEN_INVALID).count() == 10
    # Now even a valid link is refused from this address for a while.
    good = default_token_generator.make_token(caseworker.user)
    response = client.get(reverse(qualified(url_name), args=[uid, good]))
    assert response.status_code == 429
    assert "Too many invalid links" in response.content.decode()
    assert SecurityEvent.objects.filter(kind=Kind.TOKEN_REFUSED).count() == 1
    # From another address the valid link works.
    response = Client(REMOTE_ADDR="10.0.0.7").get(reverse(qualified(url_name), args=[uid, good]))
    assert response.status_code == 302


# --- bad input: tampered session cookies, posts without CSRF ---------------------------------


def test_tampered_session_cookie_is_treated_as_logged_out(client, caseworker):
    client.force_login(caseworker.user)
    key = client.cookies["sessionid"].value
    assert client.get(reverse("home")).status_code == 200
    tampered = key[:-1] + ("a" if key[-1] != "a" else "b")
    client.cookies["sessionid"] = tampered
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.cookies["sessionid"] = "x" * 500 + "'; DROP TABLE"
    response = client.get(reverse("cases:case_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_posts_without_csrf_token_are_refused(caseworker, make_member, org_wb):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "asha", "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_KEY not in strict.session

    strict.force_login(caseworker.user)
    response = strict.post(reverse("logout_everywhere"))
    assert response.status_code == 403
    caseworker.user.refresh_from_db()
    assert caseworker.user.session_generation == 0
    assert not SecurityEvent.objects.filter(kind=Kind.LOGOUT_EVERYWHERE).exists()

    admin = make_member(Role.ORG_ADMIN, org_wb)
    strict.force_login(admin.user)
    response = strict.post(reverse("consortium:member_device_reset", args=[caseworker.pk]))
    assert response.status_code == 403
    assert not SecurityEvent.objects.filter(kind=Kind.DEVICE_RESET).exists()


# --- production settings pass Django's deploy check ------------------------------------------

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k7Qp2xV9mZ4rT8wL1nB6cY3dF5gH0jK9sA2eU7iO4pX8vN1qR6tW3yZ5bM0cD",
    "FIELD_ENCRYPTION_KEY": "Ad1pOnQlVn6CdCTiyFtEtyVhAxkmGYIc4O1-5yGJpz0=",
    "ALLOWED_HOSTS": "nyaya.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://nyaya.example.org",
    "SITE_URL": "https://nyaya.example.org",
    "BEHIND_TLS_PROXY": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
}


def _deploy_check(**overrides):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DEMO_MFA_BYPASS", "SECURE_COOKIES") and not k.startswith("SECURE_")
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings", **PRODUCTION_ENV, **overrides})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_https_redirect():
    result = _deploy_check(SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr
