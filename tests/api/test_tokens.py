"""Personal API tokens: hashed, scoped, expiring, revocable; made only after the second sign-in
step; every use in the access log."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import token_create, token_digest
from cases.models import AccessLogEntry
from consortium.models import Role
from tests.api.helpers import api_client, token_for, url
from tests.cases.helpers import open_survivor_case


@pytest.fixture
def lead(make_member, org_wb):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    member = make_member(Role.CASEWORKER, org_wb)
    TOTPDevice.objects.create(user=member.user, name="phone", confirmed=True)
    return member


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_a_token_is_stored_only_as_its_digest(lead):
    token, raw = token_create(actor=lead.user, user=lead.user, name="report", scope="read")
    assert raw.startswith("nyk_") and len(raw) > 40
    row = ApiToken.objects.get(pk=token.pk)
    assert row.sha256 == token_digest(raw)
    assert raw not in (row.sha256, row.prefix, row.name)
    assert row.prefix == raw[:12]
    assert all(raw not in str(value) for value in ApiToken.objects.values_list().get(pk=token.pk))


def test_a_valid_token_reads_and_records_its_use(lead):
    case = open_survivor_case(lead)
    raw = token_for(lead.user, "read")
    response = bearer(raw).get(url(f"cases/{case.pk}/"))
    assert response.status_code == 200
    assert response.json()["reference"] == case.reference
    token = ApiToken.objects.get(sha256=token_digest(raw))
    assert token.last_used_at is not None
    entry = AccessLogEntry.objects.filter(user=lead.user).latest("pk")
    assert entry.action == AccessLogEntry.Action.VIEW_CASE
    assert entry.case_id == case.pk
    assert entry.reason == f"API token {token.prefix}"


@pytest.mark.parametrize(
    "make_bad, message",
    [
        (lambda raw: raw[:-2] + "xx", "Unknown token."),
        (lambda raw: "nyk_", "Unknown token."),
        (lambda raw: "something-else", "Unknown token."),
    ],
)
def test_an_unknown_token_is_401(lead, make_bad, message):
    raw = token_for(lead.user)
    response = bearer(make_bad(raw)).get(url("cases/"))
    assert response.status_code == 401
    assert response.json() == {"code": "authentication_failed", "detail": message}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_token_is_401(db):
    response = APIClient().get(url("cases/"))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_expired_token_is_401(lead):
    raw = token_for(lead.user)
    ApiToken.objects.filter(sha256=token_digest(raw)).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = bearer(raw).get(url("cases/"))
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired."


def test_a_revoked_token_is_401_from_the_next_request(lead, client):
    raw = token_for(lead.user)
    assert bearer(raw).get(url("cases/")).status_code == 200
    token = ApiToken.objects.get(sha256=token_digest(raw))
    client.force_login(lead.user)
    response = client.post(reverse("api_tokens:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == lead.user
    response = bearer(raw).get(url("cases/"))
    assert response.status_code == 401
    assert response.json()["detail"] == "This token was revoked."


def test_someone_else_cannot_revoke_my_token(lead, make_member, org_wb, client):
    raw = token_for(lead.user)
    token = ApiToken.objects.get(sha256=token_digest(raw))
    other = make_member(Role.CASEWORKER, org_wb)
    client.force_login(other.user)
    assert client.post(reverse("api_tokens:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_deactivated_account_token_is_401(lead):
    raw = token_for(lead.user)
    lead.user.is_active = False
    lead.user.save()
    response = bearer(raw).get(url("cases/"))
    assert response.status_code == 401
    assert response.json()["detail"] == "This account is not active."


def test_a_read_token_cannot_write(lead):
    case = open_survivor_case(lead)
    client = api_client(lead, "read")
    response = client.post(url(f"cases/{case.pk}/notes/"), {"body": "Met her today."}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "read only" in response.json()["detail"]
    assert not case.notes.exists()
    write = api_client(lead, "write")
    assert write.post(url(f"cases/{case.pk}/notes/"), {"body": "Met her today."}, format="json").status_code == 201
    assert case.notes.get().body == "Met her today."


def test_the_page_makes_a_token_shown_once(lead, client):
    client.force_login(lead.user)
    response = client.post(reverse("api_tokens:tokens"), {"name": "monthly report", "scope": "read", "days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=lead.user)
    page = response.content.decode()
    shown = page.split('id="token-value">')[1].split("<")[0]
    assert shown.startswith(token.prefix) and token_digest(shown) == token.sha256
    assert token.scope == "read" and token.name == "monthly report"
    assert (token.expires_at - timezone.now()).days in (29, 30)
    again = client.get(reverse("api_tokens:tokens")).content.decode()
    assert shown not in again and token.prefix in again


def test_no_token_page_form_without_an_authenticator_app(make_member, org_wb, client):
    member = make_member(Role.CASEWORKER, org_wb)  # signed in, but no device of her own
    client.force_login(member.user)
    assert "Set up the two-step sign-in before" in client.get(reverse("api_tokens:tokens")).content.decode()
    response = client.post(reverse("api_tokens:tokens"), {"name": "x", "scope": "read", "days": 30})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "data, field_error",
    [
        ({"name": "", "scope": "read", "days": 30}, "This field is required."),
        ({"name": "x", "scope": "admin", "days": 30}, "Select a valid choice."),
        ({"name": "x", "scope": "read", "days": 0}, "greater than or equal to 1"),
        ({"name": "x", "scope": "read", "days": 100000}, "less than or equal to"),
    ],
)
def test_a_bad_token_form_makes_nothing(lead, client, data, field_error):
    client.force_login(lead.user)
    response = client.post(reverse("api_tokens:tokens"), data)
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.mfa_enforced
def test_no_token_without_the_second_sign_in_step(lead, client):
    client.force_login(lead.user)
    response = client.post(reverse("api_tokens:tokens"), {"name": "x", "scope": "read", "days": 30})
    assert response.status_code == 302
    assert "two-step" in response["Location"]
    assert not ApiToken.objects.exists()


def test_the_command_prints_a_token_once_and_revokes_it(lead):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "create", lead.user.username, "--scope", "read", "--days", "10", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(sha256=token_digest(raw))
    assert token.scope == "read" and token.created_by is None
    assert "Shown once" in err.getvalue()
    listing = io.StringIO()
    call_command("api_token", "list", lead.user.username, stdout=listing)
    assert token.prefix in listing.getvalue() and raw not in listing.getvalue()
    call_command("api_token", "revoke", token.prefix, stdout=io.StringIO())
    assert bearer(raw).get(url("cases/")).status_code == 401


def test_the_command_refuses_bad_input(lead):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No account"):
        call_command("api_token", "create", "nobody-here", stdout=io.StringIO())
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("api_token", "create", lead.user.username, "--days", "0", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_a_token_has_its_own_rate_limit(lead, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings

    from api.throttling import PerTokenThrottle

    cache.clear()
    PerTokenThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "token": "3/minute"}
    try:
        first, second = api_client(lead, "read"), api_client(lead, "read")
        answers = [first.get(url("cases/")).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        assert first.get(url("cases/")).json()["code"] == "throttled"
        assert second.get(url("cases/")).status_code == 200  # another token, its own budget
    finally:
        PerTokenThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()
