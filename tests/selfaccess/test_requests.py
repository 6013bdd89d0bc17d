"""Her requests from her page (call back, cannot attend a date, change or stop a consent): a task for
her lead caseworker with its due date, her caseworker's answer, and the consent staying in force until
it is confirmed on the record. All data synthetic."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLogEntry, CaseEvent, Notification, Task
from legal.court import services as court_services
from selfaccess import requests, services
from selfaccess.models import SurvivorRequest
from survivors.models import Consent, ConsentPurpose
from tests.cases.helpers import days, open_survivor_case
from tests.legal.court_helpers import make_court_case

from .conftest import PIN, give_self_access_consent, sign_in_as_her

CALL = reverse("selfaccess:her_ask_call")
DATE = reverse("selfaccess:her_ask_date")
CONSENT = reverse("selfaccess:her_ask_consent")


@pytest.fixture
def her(client, account):
    """Signed in as her, her page in English (her choice): these tests read the English words; her
    page in Bengali and Hindi is tests/selfaccess/test_her_view.py's."""
    services.account_language_set(account=account, language="en")
    return sign_in_as_her(client, account)


def hearing_on(case, actor, in_days: int):
    from legal.models import CourtCase

    court_case = CourtCase.objects.filter(case=case).first() or make_court_case(case, actor, stage="appearance")
    return court_services.hearing_schedule(actor=actor, court_case=court_case, on=days(in_days), purpose="copies")


def statistics_consent(lead, case):
    from cases.services import consent_record

    return consent_record(
        actor=lead.user,
        case=case,
        purpose=ConsentPurpose.STATISTICS,
        method=Consent.Method.WRITTEN,
        given_on=days(-10),
    )


@pytest.fixture
def other_case(lead):
    """Another survivor's case, led by the same caseworker, with her own account."""
    case = open_survivor_case(lead)
    give_self_access_consent(lead, case)
    account, _code = services.account_open(actor=lead.user, case=case)
    services.pin_choose(account=account, pin=PIN, again=PIN)
    return case


def staff_requests_url(case):
    return reverse("selfaccess_staff:her_requests", kwargs={"case_id": case.pk})


def answer_url(case, survivor_request):
    return reverse(
        "selfaccess_staff:her_request_answer", kwargs={"case_id": case.pk, "request_id": survivor_request.pk}
    )


# --- her side ----------------------------------------------------------------------------------------


def test_a_call_back_becomes_a_task_for_her_lead_caseworker_due_in_two_days(her, lead, case, account):
    response = her.post(CALL, {"message": "After six, please."})
    sent = SurvivorRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "selfaccess:her_ask_sent", kwargs={"request_id": sent.pk}
    )
    assert sent.kind == "call_back" and sent.status == "open" and sent.account == account
    task = sent.task
    due = timezone.localdate() + datetime.timedelta(days=2)
    assert task.assignee == lead.user and task.due_on == due and task.title == "Her page: call her back"
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.SELF_ACCESS, data__request=sent.pk)
    assert event.actor is None and "called back" in event.summary
    notification = Notification.objects.get(user=lead.user)
    assert notification.case == case and notification.url == reverse(
        "selfaccess_staff:her_requests", kwargs={"case_id": case.pk}
    )
    # Her words are encrypted in the table, and nowhere in the notification.
    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM selfaccess_survivorrequest WHERE id = %s", [sent.pk])
        assert "After six" not in cursor.fetchone()[0]
    assert "After six" not in notification.title + notification.body
    page = her.get(response["Location"])
    text = page.content.decode()
    assert f"Your caseworker will call you by {due.day}" in text
    assert "Call me back" in text and "Waiting for your caseworker" in text


def test_her_pages_are_in_her_language(her, account):
    account.language = "hi"
    account.save(update_fields=["language"])
    page = her.get(CALL)
    assert page.status_code == 200
    assert '<html lang="hi">' in page.content.decode()


def test_her_form_pages_are_logged_as_her_reads(her, case):
    assert her.get(CALL).status_code == 200
    entry = AccessLogEntry.objects.get(case=case, action=AccessLogEntry.Action.SELF_VIEW)
    assert entry.user is None and entry.target == "her page: ask call back"


def test_cannot_attend_is_due_the_day_before_the_hearing_when_that_is_sooner(her, lead, case):
    soon = hearing_on(case, lead.user, 1)
    later = hearing_on(case, lead.user, 10)
    page = her.get(DATE)
    assert soon.court_case.court.name in page.content.decode()
    her.post(DATE, {"hearing": soon.pk})
    her.post(DATE, {"hearing": later.pk})
    by_hearing = {r.hearing_id: r.task.due_on for r in SurvivorRequest.objects.all()}
    assert by_hearing == {soon.pk: timezone.localdate(), later.pk: timezone.localdate() + datetime.timedelta(days=2)}


def test_no_dates_coming_no_button(her, lead, case, other_case):
    hearing_on(other_case, lead.user, 5)  # another case's date is not hers to choose
    page = her.get(DATE).content.decode()
    assert "You have no dates coming up." in page and "<button" not in page


def test_a_hearing_of_another_case_is_refused_and_nothing_saved(her, lead, case, other_case):
    hearing_on(case, lead.user, 5)
    theirs = hearing_on(other_case, lead.user, 5)
    tasks = Task.objects.count()
    response = her.post(DATE, {"hearing": theirs.pk, "message": "x"})
    assert response.status_code == 200
    assert "Choose one of your dates." in response.content.decode()
    assert not SurvivorRequest.objects.exists() and Task.objects.count() == tasks


def test_a_consent_of_another_case_is_refused_and_nothing_saved(her, lead, case, other_case):
    theirs = statistics_consent(lead, other_case)
    response = her.post(CONSENT, {"consent": theirs.pk, "wants": "stop"})
    assert "Choose one of your consents." in response.content.decode()
    assert not SurvivorRequest.objects.exists()
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None


def test_a_message_too_long_is_refused(her):
    response = her.post(CALL, {"message": "a" * 301})
    assert "at most 300 letters" in response.content.decode()
    assert not SurvivorRequest.objects.exists()


def test_too_many_open_requests_of_one_kind_are_refused_with_a_message(her, lead):
    for _ in range(requests.MAX_OPEN_PER_KIND):
        assert her.post(CALL, {}).status_code == 302
    tasks = Task.objects.count()
    response = her.post(CALL, {})
    assert response.status_code == 200
    assert "You have 3 requests like this waiting already" in response.content.decode()
    assert SurvivorRequest.objects.count() == requests.MAX_OPEN_PER_KIND and Task.objects.count() == tasks


def test_the_consent_stays_in_force_until_her_caseworker_stops_it(her, client, lead, case):
    stats = statistics_consent(lead, case)
    page = her.get(CONSENT).content.decode()
    assert "Counting your case in numbers, without your name" in page
    her.post(CONSENT, {"consent": stats.pk, "wants": "stop", "message": "No counting."})
    sent = SurvivorRequest.objects.get()
    assert sent.task.due_on == timezone.localdate() + datetime.timedelta(days=3)
    assert "stop a consent" in sent.task.title
    stats.refresh_from_db()
    assert stats.withdrawn_at is None  # asked, not yet confirmed: still in force

    staff = Client()
    staff.force_login(lead.user)
    listing = staff.get(staff_requests_url(case)).content.decode()
    assert "Stop a consent:" in listing and "No counting." in listing
    response = staff.post(
        answer_url(case, sent), {"outcome": "stop_now", "answer": "Stopped as you asked.", "version": sent.version}
    )
    assert response.status_code == 302
    stats.refresh_from_db()
    sent.refresh_from_db()
    assert stats.withdrawn_at is not None and "her page" in stats.withdrawal_note
    assert sent.status == "confirmed" and sent.answered_by == lead.user and sent.task.is_done

    sign_in_as_her(her, sent.account)
    page = her.get(reverse("selfaccess:her_ask_sent", kwargs={"request_id": sent.pk})).content.decode()
    today = timezone.localdate()
    assert f"Confirmed on {today.day}" in page and "this has stopped" in page
    assert "Stopped as you asked." in page


def test_sharing_stopped_names_the_organisation(lead, case, account):
    from cases.factories import give_consent
    from consortium.factories import OrganisationFactory, state

    partner = OrganisationFactory(name="Partner Trust", short_name="PTR", home_state=state("WB"))
    sharing = give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=partner)
    sent = requests.request_send(account=account, kind="consent_change", consent=sharing, wants="stop")
    requests.request_answer(actor=lead.user, case=case, request=sent, outcome="stop_now", expected_version=1)
    [line] = requests.her_requests(account)
    assert line.confirmation.endswith("sharing with PTR has stopped.")
    assert line.what == "Stop: Sharing your file with another organisation (PTR)"


def test_already_recorded_needs_a_consent_recorded_after_she_asked(lead, case, account):
    stats = statistics_consent(lead, case)
    sent = requests.request_send(account=account, kind="consent_change", consent=stats, wants="change")
    with pytest.raises(Exception, match="No consent was recorded or withdrawn"):
        requests.request_answer(
            actor=lead.user, case=case, request=sent, outcome="already_recorded", expected_version=1
        )
    sent.refresh_from_db()
    assert sent.status == "open"
    from cases.services import consent_record

    consent_record(
        actor=lead.user, case=case, purpose=ConsentPurpose.STATISTICS, method=Consent.Method.WRITTEN, given_on=days(0)
    )
    requests.request_answer(actor=lead.user, case=case, request=sent, outcome="already_recorded", expected_version=1)
    sent.refresh_from_db()
    assert sent.status == "confirmed"
    [line] = requests.her_requests(account)
    assert "your consent was changed as you asked" in line.confirmation


def test_declining_needs_a_reason_she_then_reads(client, lead, case, account):
    sent = requests.request_send(account=account, kind="call_back")
    client.force_login(lead.user)
    response = client.post(answer_url(case, sent), {"outcome": "declined", "answer": "", "version": 1})
    assert response.status_code == 200 and "Say why in the answer" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "open" and not sent.task.is_done
    client.post(
        answer_url(case, sent), {"outcome": "declined", "answer": "I called twice; please call me.", "version": 1}
    )
    sent.refresh_from_db()
    assert sent.status == "declined" and sent.task.is_done
    page = Client()
    services.account_language_set(account=account, language="en")
    sign_in_as_her(page, account)
    text = page.get(reverse("selfaccess:her_ask_sent", kwargs={"request_id": sent.pk})).content.decode()
    assert "Not done" in text and "I called twice; please call me." in text


def test_two_caseworkers_answering_at_once_the_second_gets_the_conflict(client, lead, case, account):
    sent = requests.request_send(account=account, kind="call_back")
    client.force_login(lead.user)
    form = {"outcome": "done", "answer": "", "version": sent.version}
    assert client.post(answer_url(case, sent), form).status_code == 302
    second = client.post(answer_url(case, sent), {**form, "answer": "Called you."})
    assert second.status_code == 200 and "while you were editing" in second.content.decode()
    sent.refresh_from_db()
    assert sent.answer == "" and sent.status == "done"


def test_nobody_to_send_to_saves_nothing(lead, case, account):
    from cases.models import CaseAssignment

    CaseAssignment.objects.filter(case=case).update(ended_at=timezone.now())
    with pytest.raises(Exception, match="could not be sent now"):
        requests.request_send(account=account, kind="call_back")
    assert not SurvivorRequest.objects.exists()


# --- who reaches what -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [CALL, DATE, CONSENT])
def test_her_pages_send_anyone_else_to_sign_in(client, lead, url):
    assert client.get(url)["Location"] == "/my/"
    client.force_login(lead.user)
    response = client.post(url, {})
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert not SurvivorRequest.objects.exists()


def test_another_survivor_cannot_read_her_request(her, account, other_case):
    sent = requests.request_send(account=account, kind="call_back", message="Mine only")
    other = Client()
    sign_in_as_her(other, other_case.self_access)
    response = other.get(reverse("selfaccess:her_ask_sent", kwargs={"request_id": sent.pk}))
    assert response.status_code == 404 and "Mine only" not in response.content.decode()
    assert her.get(reverse("selfaccess:her_ask_sent", kwargs={"request_id": sent.pk})).status_code == 200


def test_her_list_shows_only_her_own_requests(her, account, other_case):
    requests.request_send(account=other_case.self_access, kind="call_back")
    assert requests.her_requests(account) == []
    assert len(requests.her_requests(other_case.self_access)) == 1


def test_staff_pages_for_her_caseworker_only(client, lead, outsider, case, account, other_case):
    sent = requests.request_send(account=account, kind="call_back")
    client.force_login(outsider.user)
    assert client.get(staff_requests_url(case)).status_code == 404
    assert client.get(answer_url(case, sent)).status_code == 404
    assert client.post(answer_url(case, sent), {"outcome": "done", "version": 1}).status_code == 404
    client.force_login(lead.user)
    assert client.get(staff_requests_url(case)).status_code == 200
    assert client.get(answer_url(case, sent)).status_code == 200
    # Her request named under another case: 404, like a missing one.
    assert client.get(answer_url(other_case, sent)).status_code == 404
    sent.refresh_from_db()
    assert sent.status == "open"


def test_her_session_never_reaches_the_staff_pages(her, case, account):
    sent = requests.request_send(account=account, kind="call_back")
    assert her.get(staff_requests_url(case)).status_code == 404
    assert her.post(answer_url(case, sent), {"outcome": "done", "version": 1}).status_code == 404
    sent.refresh_from_db()
    assert sent.status == "open"


def test_the_consent_page_links_to_her_requests_with_the_open_count(client, lead, case, account):
    requests.request_send(account=account, kind="call_back")
    requests.request_send(account=account, kind="call_back")
    client.force_login(lead.user)
    page = client.get(reverse("cases:case_consent", kwargs={"case_id": case.pk})).content.decode()
    assert staff_requests_url(case) in page and "2 open" in page
    her_page = client.get(reverse("selfaccess_staff:her_page", kwargs={"case_id": case.pk})).content.decode()
    assert staff_requests_url(case) in her_page and "2 open" in her_page


def test_the_demo_seeds_an_open_call_back_and_a_confirmed_change(lead, case, account):
    from selfaccess.demo_requests import seed_requests

    call, change = seed_requests(account, lead.user)
    assert call.status == "open" and change.status == "confirmed"
    assert change.consent.withdrawn_at is not None


def test_a_suspended_account_sends_nothing(lead, case, account):
    services.account_suspend(actor=lead.user, case=case, reason="Phone taken")
    with pytest.raises(Exception, match="could not be sent now"):
        requests.request_send(account=account, kind="call_back")
    assert not SurvivorRequest.objects.exists() and not Task.objects.exists()


def test_her_caseworker_sees_open_requests_first(lead, case, account):
    first = requests.request_send(account=account, kind="call_back")
    second = requests.request_send(account=account, kind="call_back")
    requests.request_answer(actor=lead.user, case=case, request=second, outcome="done", expected_version=1)
    third = requests.request_send(account=account, kind="call_back")
    # Open ones first (same due day: the newest first), then the answered one.
    assert [r.pk for r in requests.requests_on_case(case)] == [third.pk, first.pk, second.pk]
    assert [line.is_open for line in requests.her_requests(account)] == [True, True, False]
