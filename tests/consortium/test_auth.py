import pytest
from django.conf import settings
from django.urls import reverse

from consortium.models import Role

PASSWORD = "correct-horse-battery"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def caseworker(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, username="asha", password=PASSWORD)


def test_anonymous_is_sent_to_login(client):
    for url in [reverse("home"), reverse("consortium:member_list"), reverse("password_change")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_renders(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'autocomplete="current-password"' in response.content


def test_login_with_right_password_lands_home(client, caseworker):
    response = login(client, "asha", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_password_and_unknown_user_get_the_same_message(client, caseworker):
    wrong = login(client, "asha", "nope-nope-nope")
    unknown = login(client, "nobody-here", "nope-nope-nope")
    assert wrong.status_code == unknown.status_code == 200
    text = "Please enter a correct username and password"
    assert text in wrong.content.decode()
    assert text in unknown.content.decode()
    # No hint about which part was wrong.
    assert "inactive" not in wrong.content.decode().lower()


def test_a_username_longer_than_any_account_is_a_message_and_no_attempt_row(client, caseworker):
    """Found by form fuzzing on PostgreSQL: a 5,000-character username was a 500 (django-axes
    stores failed attempts in a 255-character column)."""
    from axes.models import AccessAttempt

    response = login(client, "x" * 5000, "0")
    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_sixth_attempt_is_locked_out_even_with_right_password(client, caseworker):
    for _ in range(4):
        assert login(client, "asha", "wrong-password-x").status_code == 200
    fifth = login(client, "asha", "wrong-password-x")
    assert fifth.status_code == 429
    sixth = login(client, "asha", PASSWORD)
    assert sixth.status_code == 429
    assert "locked for 30 minutes" in sixth.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_expires_after_thirty_minutes(client, caseworker):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(5):
        login(client, "asha", "wrong-password-x")
    assert login(client, "asha", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert login(client, "asha", PASSWORD).status_code == 302


def test_lockout_of_one_user_does_not_lock_another(client, caseworker, make_member, org_wb):
    make_member(Role.CASEWORKER, org_wb, username="bina", password=PASSWORD)
    for _ in range(5):
        login(client, "asha", "wrong-password-x")
    assert login(client, "bina", PASSWORD).status_code == 302


def test_deactivated_member_cannot_log_in(client, caseworker):
    caseworker.is_active = False
    caseworker.save()
    response = login(client, "asha", PASSWORD)
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_deactivation_ends_an_open_session(client, caseworker):
    client.force_login(caseworker.user)
    assert client.get(reverse("home")).status_code == 200
    caseworker.is_active = False
    caseworker.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_person_without_any_membership_cannot_log_in(client, caseworker):
    caseworker.delete()
    assert login(client, "asha", PASSWORD).status_code == 200


def test_member_of_deactivated_organisation_cannot_log_in(client, caseworker):
    caseworker.organisation.is_active = False
    caseworker.organisation.save()
    assert login(client, "asha", PASSWORD).status_code == 200


def test_logout_needs_post_and_ends_session(client, caseworker):
    client.force_login(caseworker.user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_validates_and_saves(client, caseworker):
    client.force_login(caseworker.user)
    url = reverse("password_change")
    bad = client.post(url, {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"})
    assert bad.status_code == 200
    assert "too short" in bad.content.decode()
    caseworker.user.refresh_from_db()
    assert caseworker.user.check_password(PASSWORD)
    good = client.post(
        url, {"old_password": PASSWORD, "new_password1": "a-much-better-pass", "new_password2": "a-much-better-pass"}
    )
    assert good.status_code == 302
    caseworker.user.refresh_from_db()
    assert caseworker.user.check_password("a-much-better-pass")


def test_session_expires_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Activity renews the session at most once a minute (consortium/sessions.py), not on every request.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_ACTIVITY_WRITE_SECONDS == 60


def test_django_admin_is_for_superusers_only(client, make_member, org_wb):
    staff = make_member(Role.ORG_ADMIN, org_wb, username="staffy")
    staff.user.is_staff = True
    staff.user.save()
    client.force_login(staff.user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_superuser_opens_admin(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_security_headers(client, db):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_unknown_url_is_a_plain_404(client, caseworker):
    client.force_login(caseworker.user)
    response = client.get("/no/such/page/?name=secret")
    assert response.status_code == 404
    assert b"secret" not in response.content
