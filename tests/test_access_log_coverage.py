"""Every read of a case page or of a list of cases is in the access log, once, and so is every
refusal, in a case or not (issue 16). On PostgreSQL the database refuses to change the log.

The pages are taken from the URL resolver: a new case page or list without an expectation
here fails the test, so nobody can add a page that shows her data and forget its logging.
"""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.audit import LIST_PAGES
from cases.models import AccessLogEntry
from consortium.models import Role
from tests.cases.helpers import FULL_NAME, PHONE, PHONE_DIGITS, open_survivor_case
from tests.conftest import need_service
from tests.url_names import qualified

A = AccessLogEntry.Action
POST_ONLY = None  # a page that answers only a POST: a GET of it (405) is no read and logs nothing
REDIRECTED = "redirected"  # a GET sent elsewhere first (e.g. "record the rescue first"): shows nothing, logs nothing

# Every page of a case with no other id in its address -> what the lead caseworker's GET is logged as.
CASE_PAGES = {
    "case_detail": A.VIEW_CASE,
    "case_edit": A.VIEW_CASE,
    "case_close": POST_ONLY,
    "case_reopen": POST_ONLY,
    "survivor_detail": A.VIEW_IDENTITY,
    "survivor_edit": A.VIEW_IDENTITY,
    "identity_reveal": POST_ONLY,
    "case_team": A.VIEW_CASE,
    "case_consent": A.VIEW_CASE,
    "case_consent_new": A.VIEW_CASE,
    "case_consent_new_several": A.VIEW_CASE,
    "case_timeline": A.VIEW_CASE,
    "case_documents": A.VIEW_CASE,
    "case_access_log": A.DENIED,  # the lead caseworker does not read the access log (admins do)
    "case_deadlines": A.VIEW_CASE,
    "case_survivor_updates": A.VIEW_CASE,
    "generated_list": A.VIEW_CASE,
    "generated_request": POST_ONLY,
    "investigation": A.VIEW_CASE,
    "fir_new": A.VIEW_CASE,
    "accused_new": A.VIEW_CASE,
    "medical_new": A.VIEW_CASE,
    "request_new": A.VIEW_CASE,
    "advocacy_new": A.VIEW_CASE,
    "court": A.VIEW_CASE,
    "court_case_new": A.VIEW_CASE,
    "protection_new": A.VIEW_CASE,
    "review_new": A.VIEW_CASE,
    "case_file": A.EXPORT,
    "compensation_tab": A.VIEW_CASE,
    "claim_new": A.VIEW_CASE,
    "case_care": A.VIEW_CASE,
    "care_rescue": A.VIEW_CASE,
    "care_order_new": REDIRECTED,
    "care_tracing_new": REDIRECTED,  # no rescue recorded: "record the rescue first"
    "care_stay_new": A.VIEW_CASE,
    "care_repatriation_new": A.VIEW_CASE,
    "care_priorities": A.VIEW_CASE,
    "care_goal_new": A.VIEW_CASE,
    "care_service_new": A.VIEW_CASE,
    "care_support_new": A.DENIED,  # survivor leaders' page
    "case_referrals": A.VIEW_CASE,
    "referral_new": A.VIEW_CASE,
    "transfer_new": A.VIEW_CASE,
    "case_privacy": A.VIEW_CASE,
    "privacy_erasure_record": POST_ONLY,
    "privacy_hold_place": POST_ONLY,
    "privacy_access_report": A.DENIED,  # the lead organisation's admins'
}

# Every list of cases (or of names, deadlines, hearings across cases) -> who opens it.
LISTS = {
    "home": "lead",
    "case_list": "lead",
    "my_work": "lead",
    "notifications": "lead",
    "claim_list": "lead",
    "chain_list": "lead",
    "hearing_calendar": "lead",
    "care_inbox": "lead",
    "referral_inbox": "lead",
    "review_queue": "lead",
    "overdue_board": "coordinator",
    "match_alerts": "coordinator",
    "survivor_matches": "coordinator",
    "dashboard_cases": "coordinator",
    "dashboard_audit": "coordinator",
}

IDENTIFIERS = (FULL_NAME, *FULL_NAME.split(), PHONE, PHONE_DIGITS)


def url_patterns(resolver=None, prefix=""):
    """(url name, names of the address's parameters) of every URL the project answers."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the Django admin shows no case data (reference tables and people only)
            if entry.namespace == "api":
                continue  # the REST API logs every call itself (api/base.py, tests/api/test_api_sweep.py)
            yield from url_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            yield entry.name, frozenset(converters)


@pytest.fixture
def world(make_member, org_wb, org_mh, secretariat):
    lead = make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")
    return {
        "case": open_survivor_case(lead),
        "lead": lead,
        "outsider": make_member(Role.CASEWORKER, org_mh, first_name="Mona", last_name="Mumbai"),
        "coordinator": make_member(Role.COORDINATOR, secretariat, first_name="Chitra", last_name="Coord"),
    }


def logged_in(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def new_entries(since: int):
    return list(AccessLogEntry.objects.filter(pk__gt=since).order_by("pk"))


def last_pk() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def assert_names_no_one(entry) -> None:
    for text in IDENTIFIERS:
        assert text.lower() not in f"{entry.target} {entry.reason} {entry.path}".lower(), (text, entry.target)


def test_every_case_page_and_list_has_an_expectation():
    """A page added without a line here fails: its logging must be decided, not forgotten."""
    names = dict(url_patterns())
    case_pages = {name for name, params in names.items() if params == {"case_id"}}
    assert case_pages == set(CASE_PAGES)
    assert set(LISTS) == set(LIST_PAGES)
    assert set(LISTS) <= set(names)


def test_each_case_page_read_writes_one_entry_and_each_refusal_one_denial(world):
    case, lead, outsider = world["case"], world["lead"], world["outsider"]
    insider, stranger = logged_in(lead), logged_in(outsider)
    problems = []
    for name, action in CASE_PAGES.items():
        url = reverse(qualified(name), kwargs={"case_id": case.pk})
        since = last_pk()
        response = insider.get(url)
        got = [(e.action, e.case_id, e.user_id) for e in new_entries(since)]
        if action is POST_ONLY:
            expected_status, expected = 405, []
        elif action == REDIRECTED:
            expected_status, expected = 302, []
        else:
            expected_status, expected = (404 if action == A.DENIED else 200), [(action, case.pk, lead.user.pk)]
        if (response.status_code, got) != (expected_status, expected):
            problems.append(f"{name}: {response.status_code} {got}, expected {expected_status} {expected}")
        for entry in new_entries(since):
            assert entry.path == url
            assert_names_no_one(entry)
        if action is POST_ONLY:
            continue
        since = last_pk()
        status = stranger.get(url).status_code
        denied = [(e.action, e.case_id, e.user_id) for e in new_entries(since)]
        if (status, denied) != (404, [(A.DENIED, case.pk, outsider.user.pk)]):
            problems.append(f"{name} (outsider): {status} {denied}")
    assert not problems, "\n".join(problems)


def test_a_case_that_does_not_exist_is_one_denial_without_a_case(world):
    since = last_pk()
    response = logged_in(world["lead"]).get(reverse("cases:case_team", kwargs={"case_id": world["case"].pk + 1000}))
    assert response.status_code == 404
    assert [(e.action, e.case_id) for e in new_entries(since)] == [(A.DENIED, None)]


def test_a_masked_coordinator_on_the_survivor_page_is_logged_as_a_case_view_not_identity(world):
    since = last_pk()
    response = logged_in(world["coordinator"]).get(
        reverse("cases:survivor_detail", kwargs={"case_id": world["case"].pk})
    )
    assert response.status_code == 200
    assert FULL_NAME not in response.content.decode()
    assert [(e.action, e.target) for e in new_entries(since)] == [(A.VIEW_CASE, "survivor")]


def test_each_list_read_writes_one_entry(world):
    clients = {who: logged_in(world[who]) for who in ("lead", "coordinator")}
    for name, who in LISTS.items():
        since = last_pk()
        response = clients[who].get(reverse(qualified(name)))
        assert response.status_code == 200, name
        entries = new_entries(since)
        assert [(e.action, e.case_id, e.target) for e in entries] == [(A.VIEW_LIST, None, LIST_PAGES[name])], name
        assert entries[0].user == world[who].user


def test_refusals_outside_case_pages_are_logged(world):
    lead, coordinator = logged_in(world["lead"]), logged_in(world["coordinator"])
    refusals = [
        (lead, reverse("work:overdue_board"), 403),  # coordinators' and admins' page
        (lead, reverse("legal:match_alerts"), 404),  # coordinators' page
        (
            coordinator,
            reverse("dashboard:dashboard_export_job", kwargs={"job_id": uuid.uuid4()}),
            404,
        ),  # no such export
    ]
    for client, url, status in refusals:
        since = last_pk()
        assert client.get(url).status_code == status, url
        entries = new_entries(since)
        assert [(e.action, e.case_id) for e in entries] == [(A.DENIED, None)], url
        assert entries[0].target.startswith("refused: ")


def test_someone_not_logged_in_writes_nothing(world):
    since = last_pk()
    assert Client().get(reverse("cases:case_detail", kwargs={"case_id": world["case"].pk})).status_code == 302
    assert Client().get("/no-such-page/").status_code == 404
    assert new_entries(since) == []


@pytest.mark.django_db
def test_postgresql_refuses_to_change_or_delete_the_access_log(world):
    """The database, not only the ORM, keeps the log append-only (cases/migrations/0002_squashed_0019)."""
    need_service("PostgreSQL (the access log's trigger)", connection.vendor == "postgresql")
    logged_in(world["lead"]).get(reverse("cases:case_detail", kwargs={"case_id": world["case"].pk}))
    entry = AccessLogEntry.objects.latest("pk")
    table = AccessLogEntry._meta.db_table
    for sql in (f"UPDATE {table} SET target = 'rewritten' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.target == "overview"
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
