"""Her account: opened only on her self-access consent (a minor's only on her guardian's or a
legal basis), her code then PIN, lockout, suspension at the next request, and a session that
reaches nothing but her own pages. All data synthetic."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cases.models import AccessLogEntry, CaseEvent
from selfaccess import codes, services
from selfaccess.models import LOCKOUTS_TO_RESET, PIN_TRIES, SurvivorAccount

from .conftest import PIN, give_self_access_consent


def test_no_account_without_her_self_access_consent(lead, case):
    with pytest.raises(ValidationError, match="consent to her own access first"):
        services.account_open(actor=lead.user, case=case)
    assert not SurvivorAccount.objects.exists()


def test_only_her_caseworkers_open_it(outsider, case, consent):
    with pytest.raises(Http404):
        services.account_open(actor=outsider.user, case=case)
    assert not SurvivorAccount.objects.exists()


def test_the_code_is_kept_only_as_a_hash_and_opens_her_account(opened, case):
    account, code = opened
    assert len(code) == codes.CODE_LENGTH and set(code) <= set(codes.ALPHABET)
    assert code not in account.code_digest
    assert services.account_for_code(codes.code_groups(code).lower(), ip="10.0.0.1") == account
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SELF_ACCESS).count() == 1


def test_a_wrong_code_is_refused_and_logged(opened):
    assert services.account_for_code("AAAA-BBBB-CCCC", ip="10.0.0.2") is None
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.SELF_REFUSED)
    assert entry.case is None and entry.target == "self-access code"


def test_too_many_wrong_codes_from_one_address_refuse_even_the_right_one(opened):
    _account, code = opened
    for _ in range(services.CODE_TRIES_PER_ADDRESS):
        assert services.account_for_code("ZZZZZZZZZZZZ", ip="10.0.0.3") is None
    assert services.account_for_code(code, ip="10.0.0.3") is None
    assert services.account_for_code(code, ip="10.0.0.4") is not None


def test_a_minor_needs_her_guardians_consent(lead, make_member, org_wb):
    from tests.cases.helpers import open_survivor_case

    child_case = open_survivor_case(lead, survivor={"estimated_age": 15})
    with pytest.raises(ValidationError):
        give_self_access_consent(lead, child_case)  # given by herself: refused for a minor
    give_self_access_consent(lead, child_case, given_by="guardian", guardian_name="Rekha Vormund")
    account, _code = services.account_open(actor=lead.user, case=child_case)
    assert account.consent.given_by == "guardian"


def test_lockout_after_wrong_pins_then_only_her_caseworker_can_reset(lead, case, account):
    for _ in range(PIN_TRIES):
        assert services.pin_check(account=account, pin="9999", ip=None) is False
    account.refresh_from_db()
    assert account.is_locked and not account.needs_reset
    assert services.pin_check(account=account, pin=PIN, ip=None) is False  # the right PIN, but locked
    for _ in range(LOCKOUTS_TO_RESET - 1):
        SurvivorAccount.objects.filter(pk=account.pk).update(locked_until=None)
        for _ in range(PIN_TRIES):
            services.pin_check(account=account, pin="9999", ip=None)
    account.refresh_from_db()
    assert account.needs_reset
    assert AccessLogEntry.objects.filter(case=case, action=AccessLogEntry.Action.SELF_REFUSED).count() >= PIN_TRIES
    services.account_reset_pin(actor=lead.user, case=case, expected_version=account.version)
    account.refresh_from_db()
    assert not account.is_locked and not account.has_pin
    services.pin_choose(account=account, pin="5813", again="5813")
    assert services.pin_check(account=account, pin="5813", ip=None) is True


def test_a_new_code_stops_the_old_one(lead, case, opened):
    account, old = opened
    _account, new = services.account_new_code(actor=lead.user, case=case, expected_version=account.version)
    assert services.account_for_code(old, ip=None) is None
    assert services.account_for_code(new, ip=None).pk == account.pk


@pytest.mark.parametrize("pin,again", [("12", "12"), ("1234", "1234"), ("48a6", "48a6"), ("4826", "4827")])
def test_a_weak_or_mistyped_pin_is_refused(opened, pin, again):
    account, _code = opened
    with pytest.raises(ValidationError):
        services.pin_choose(account=account, pin=pin, again=again)
    account.refresh_from_db()
    assert not account.has_pin


def test_suspension_takes_effect_at_the_next_request(her, lead, case, account):
    assert her.get("/my/exit/").status_code == 302  # reaches her pages (the exit ends the session)
    from .conftest import sign_in_as_her

    sign_in_as_her(her, account)
    services.account_suspend(actor=lead.user, case=case, reason="phone taken")
    her.get("/my/")
    assert "selfaccess.account" not in her.session


def test_a_withdrawn_consent_ends_her_session(her, lead, case, consent):
    from cases.services import consent_withdraw

    consent_withdraw(actor=lead.user, case=case, consent=consent)
    her.get("/my/")
    assert "selfaccess.account" not in her.session


@pytest.mark.parametrize("path", ["/", "/cases/", "/admin/", "/dashboard/", "/api/v1/cases/", "/accounts/login/"])
def test_signed_in_she_reaches_no_staff_page(her, case, path):
    response = her.get(path if path != "/cases/" else f"/cases/{case.pk}/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store, max-age=0"
    assert b"My notes" in response.content


def test_her_pages_are_not_cached(her):
    response = her.get("/my/exit/")
    assert response["Cache-Control"] == "no-store, max-age=0"
    assert response["Referrer-Policy"] == "same-origin"  # no referrer to another site; her forms keep their Origin


def test_her_page_stops_when_her_identity_is_erased(her, case, account):
    from django.db.models import QuerySet
    from django.utils import timezone

    QuerySet(type(case.survivor)).filter(pk=case.survivor_id).update(identity_erased_at=timezone.now())
    her.get("/my/")
    assert "selfaccess.account" not in her.session


def test_the_case_access_log_shows_her_own_reads_as_hers(client, make_member, org_wb, case, account):
    from django.urls import reverse

    from consortium.models import Role

    AccessLogEntry.objects.create(case=case, user=None, action=AccessLogEntry.Action.SELF_VIEW, target="her page")
    admin = make_member(Role.ORG_ADMIN, org_wb)
    client.force_login(admin.user)
    page = client.get(reverse("cases:case_access_log", args=[case.pk])).content.decode()
    assert "She, on her own page" in page and "She viewed her own page" in page


def test_a_path_under_her_page_that_does_not_exist_gets_her_neutral_404(client, her):
    for who in (client, her):
        response = who.get("/my/no-such-page/")
        assert response.status_code == 404
        page = response.content.decode()
        assert "<title>My notes</title>" in page and "Nyaya" not in page
        assert response["Cache-Control"] == "no-store, max-age=0"


def test_an_expired_form_on_her_page_says_so_neutrally(account, code):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/my/", {"code": code})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page was open too long." in page and "<title>My notes</title>" in page and "Nyaya" not in page
    assert "selfaccess.pending" not in browser.session


def test_staff_pages_keep_their_own_error_pages(client):
    from django.test import Client

    assert "Nyaya" in client.get("/no-such-page/").content.decode()
    assert "CSRF" in Client(enforce_csrf_checks=True).post("/accounts/login/", {}).content.decode()


def test_her_page_s_server_error_is_neutral_and_needs_no_database():
    from django.test import RequestFactory

    from config.errors import server_error

    response = server_error(RequestFactory().get("/my/home/"))
    page = response.content.decode()
    assert response.status_code == 500 and "<title>My notes</title>" in page and "Nyaya" not in page
    assert "আবার চেষ্টা করুন" in page and "Something went wrong" in page


def test_erasing_her_identity_blanks_her_words_and_her_phone_on_her_page(lead, case, account):
    from privacy.erasure import erase_identity
    from selfaccess import requests
    from selfaccess.models import SurvivorRequest

    SurvivorAccount.objects.filter(pk=account.pk).update(sms_codes=True, sms_phone="98310 55501")
    requests.request_send(account=account, kind="call_back", message="Call Mitali after six")
    report = erase_identity(survivor=case.survivor)
    account.refresh_from_db()
    assert account.sms_phone == "" and report["selfaccess.SurvivorAccount"] == 1
    assert list(SurvivorRequest.objects.filter(case=case).values_list("message", flat=True)) == [""]
