"""Every endpoint of the REST API, asked by every persona with a read-and-write token, for the case
she may see and the one she may not (issue 21: "under exactly the same access rules").

The endpoints come from the resolver (namespace `api`): an endpoint without a line in CASE_ENDPOINTS
or OTHER_ENDPOINTS fails test_every_endpoint_has_an_expectation, so none ships unswept. The world is
the web sweep's (tests/sweep/world.py): case A led by `lead` (org_wb) with `lawyer` and `leader` on
its team, case B led by `other_cw` (org_mh); the coordinator sees both, masked.

For every endpoint and persona:
- GET on case A answers the table's status (G 200, N 404, F 403); never a 5xx;
- on case B (not hers; everyone but the coordinator) a 404 whose body is identical to the 404 for a
  case that does not exist, and the same for a record id that does not exist;
- a write (POST/DELETE with an empty or invalid body) answers the table's status (B 400 for someone
  allowed to write there: her input is refused; N 404 for someone who may not) and saves nothing;
- the JSON of every answer names no survivor she may not know of.

Endpoints outside a case whose address names a record (an incoming referral, an export job) take
their ids from OTHER_KWARGS, as the web sweep's OTHER_URLS: someone else's record answers the same
404 as one that does not exist.

Update a line when an endpoint's rules change; each line says who gets what.
"""

import json
import uuid

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api.helpers import api_client
from tests.sweep.harness import built_world, count_changes, row_counts
from tests.sweep.world import NAME_A, NAME_B, PHONE_A, PHONE_B

ANSWERS = {"G": 200, "C": 201, "D": 204, "B": 400, "F": 403, "N": 404, "M": 405, "U": 415}
MISSING = 999999

# Case endpoints: (method, world kwargs key or None, answers on case A for lead, lawyer, coordinator,
# leader, org_admin). The world kwargs key is the web URL whose kwargs name the record on each case
# (tests/sweep/world.py `furnish`), so the API's record ids are the web pages' ones.
CASE_PERSONAS = ["lead", "lawyer", "coordinator", "leader", "org_admin"]
CASE_ENDPOINTS = {
    ("case", "get"): (None, "GGGGG"),
    ("survivor", "get"): (None, "GGGGG"),  # masked for the coordinator (test_api_cases)
    ("team", "get"): (None, "GGGGG"),
    ("team", "post"): (None, "BNNNB"),
    ("team_member", "delete"): ("case_team_remove", "DNNND"),
    ("consents", "get"): (None, "GGGGG"),
    ("consents", "post"): (None, "BNNNB"),
    ("consent_withdraw", "post"): ("case_consent_withdraw", "GNNNG"),
    ("timeline", "get"): (None, "GGGGG"),
    ("notes", "get"): (None, "GGNGG"),
    ("notes", "post"): (None, "BBNBB"),
    ("documents", "get"): (None, "GGNNG"),
    ("documents", "post"): (None, "UUNNU"),  # an upload is multipart: a JSON body is refused (415)
    ("document_download", "get"): ("case_document_download", "GGNNG"),
    # compensation: the tab and a claim to all who see the case; starting, moving and paying a claim
    # to those who manage its compensation (the web's claim_new, claim_transition, claim_payment_new)
    ("claims", "get"): (None, "GGGGG"),
    ("claims", "post"): (None, "BBNNB"),
    ("claim", "get"): ("claim_detail", "GGGGG"),
    ("claim_transitions", "get"): ("claim_detail", "GGNNG"),
    ("claim_transitions", "post"): ("claim_detail", "BBNNB"),
    ("claim_payments", "get"): ("claim_detail", "GGGGG"),
    ("claim_payments", "post"): ("claim_detail", "BBNNB"),
    # deadlines and tasks: as the Deadlines tab (case_deadlines, case_deadline_close, case_task_done);
    # tasks only to those who see who she is (not the coordinator)
    ("case_deadlines", "get"): (None, "GGGGG"),
    ("deadline_close", "post"): ("case_deadline_close", "BBNNB"),
    ("tasks", "get"): (None, "GGNGG"),
    ("tasks", "post"): (None, "BBNBB"),
    ("task_done", "post"): ("case_task_done", "BBNBB"),
    # legal: the investigation (web: investigation GGGGG; fir_new, fir_move, fir_charges, accused_new GGNNG)
    ("firs", "get"): (None, "GGGGG"),
    ("firs", "post"): (None, "BBNNB"),
    ("fir", "get"): ("fir_edit", "GGGGG"),
    ("fir_transitions", "get"): ("fir_edit", "GGNNG"),
    ("fir_transitions", "post"): ("fir_edit", "BBNNB"),
    ("fir_charges", "get"): ("fir_edit", "GGNNG"),
    ("fir_charges", "post"): ("fir_edit", "BBNNB"),
    ("accused", "get"): (None, "GGGGG"),  # by number only for the coordinator and the leader
    ("accused", "post"): (None, "BBNNB"),
    # legal: the court (web: court GGGGG; court_case_move, hearing_new GGNNG)
    ("court_cases", "get"): (None, "GGGGG"),
    ("court_case", "get"): ("court_case_edit", "GGGGG"),
    ("court_case_transitions", "get"): ("court_case_edit", "GGNNG"),
    ("court_case_transitions", "post"): ("court_case_edit", "BBNNB"),
    ("hearings", "get"): ("hearing_new", "GGGGG"),
    ("hearings", "post"): ("hearing_new", "BBNNB"),
    ("bail", "get"): ("bail_new", "GGGGG"),
    ("judgment", "get"): ("appeal_new", "GGGGG"),  # the decided court case: outcomes by number when masked
    # referrals: as the Referrals tab (case_referrals, referral_new, transfer_new, referral_withdraw,
    # referral_acknowledge, referral_close); the world's referral is a legal-aid one to the lawyer's network,
    # accepted by the case's lawyer: a survivor leader sees only referrals to her own collective
    ("referrals", "get"): (None, "GGGGG"),
    ("referrals", "post"): (None, "BNNNB"),
    ("transfer", "post"): (None, "BNNNB"),
    ("referral", "get"): ("referral_close", "GGGNG"),
    ("referral_withdraw", "post"): ("referral_withdraw", "BNNNB"),
    ("referral_acknowledge", "post"): ("referral_acknowledge", "BNNNB"),
    ("referral_close", "post"): ("referral_close", "NBNNN"),
    # the court's remaining writes: to those who record the court (web: court_case_new, bail_new,
    # bail_update, hearing_record, judgment_new GGNNG)
    ("court_cases", "post"): (None, "BBNNB"),
    ("bail", "post"): ("bail_new", "BBNNB"),
    ("bail_decision", "post"): ("bail_update", "BBNNB"),
    ("hearing_record", "post"): ("hearing_record", "BBNNB"),
    ("judgment", "post"): ("judgment_new", "BBNNB"),
}
# Endpoints outside a case: (method, answers for lead, other_cw, lawyer, coordinator, leader, org_admin).
PERSONAS = ["lead", "other_cw", "lawyer", "coordinator", "leader", "org_admin"]
OTHER_ENDPOINTS = {
    ("schema", "get"): "GGGGGG",
    ("docs", "get"): "GGGGGG",
    ("cases", "get"): "GGGGGG",
    ("case_search", "post"): "BBBBBB",
    # her deadlines and notifications (the web's my_work, notifications, notifications_read)
    ("deadlines", "get"): "GGGGGG",
    ("notifications", "get"): "GGGGGG",
    ("notifications_read", "post"): "GGGGGG",  # no ids: all hers marked read, as the web's button
    # the receiving organisation's inbox (the web's referral_inbox, incoming_referral, incoming_answer): the
    # coordinator has none (403); the world's waiting referral is to an NGO no persona belongs to (404)
    ("referral_inbox", "get"): "GGGFGG",
    ("incoming_referral", "get"): "NNNFNN",
    ("incoming_accept", "post"): "NNNFNN",
    ("incoming_decline", "post"): "NNNFNN",
    # the dashboard (the web's dashboard, dashboard_export_cases, dashboard_export_job, ..._download):
    # coordinators and organisation admins; a job only to her who asked; the world's jobs are not built yet
    ("dashboard_figures", "get"): "NNNGNG",
    ("dashboard_exports", "post"): "NNNBNB",
    ("dashboard_export", "get"): "NNNGNG",
    ("dashboard_export_download", "get"): "NNNNNN",
    # bulk import (the web's import_home, import_job, import_commit): organisation admins only (403 for
    # the others, as the page); a JSON body is refused (an upload is multipart); a job only to her who
    # uploaded it; the world's job is a finished dry run that committed nothing
    ("imports", "post"): "FFFFFU",
    ("import", "get"): "NNNNNG",
    ("import_commit", "post"): "NNNNNB",
}


def _incoming_referral(world, persona):
    return {"referral_id": world.kwargs[world.case_a.pk]["_referral_waiting_id"]}, None


def _job(world, persona):
    """Her own export job (the org admin's for everyone but the coordinator, as the web sweep), and
    someone else's: a 404 identical to a job that does not exist."""
    mine, theirs = ("coordinator", "org_admin") if persona == "coordinator" else ("org_admin", "coordinator")
    return {"job_id": world.jobs[mine]}, {"job_id": world.jobs[theirs]}


# Endpoints outside a case whose address names a record: name -> (world, persona) -> (kwargs on the
# record the line is about, kwargs on one she may never see or None), as the web sweep's OTHER_URLS.
def _import_job(world, persona):
    """The org admin's import job (for everyone), and another organisation's admin's."""
    return {"job_id": world.import_jobs["org_admin"]}, {"job_id": world.import_jobs["admin_mh"]}


OTHER_KWARGS = {
    "import": _import_job,
    "import_commit": _import_job,
    "incoming_referral": _incoming_referral,
    "incoming_accept": _incoming_referral,
    "incoming_decline": _incoming_referral,
    "dashboard_export": _job,
    "dashboard_export_download": _job,
}
MISSING_ID = {"referral_id": MISSING, "job_id": uuid.UUID(int=MISSING)}
# Writes whose refusal still changes rows by design (none yet); a successful write on the visible
# case is expected to change rows only where its line says C, D or G for a write.
WRITE_METHODS = {"post", "put", "patch", "delete"}


def api_endpoints() -> dict[str, set[str]]:
    """url name -> the names of its address's parameters, for every endpoint in namespace api."""
    found = {}
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api":
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern) and pattern.name, pattern
                found[pattern.name] = set(pattern.pattern.converters)
    return found


@pytest.fixture(scope="module")
def world(django_db_blocker, tmp_path_factory):
    yield from built_world(django_db_blocker, tmp_path_factory)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    with django_db_blocker.unblock():
        return {who: api_client(member, "write") for who, member in world.people.items() if member is not None}


def record_kwargs(world, case, key):
    kwargs = {"case_id": case.pk}
    if key:
        kwargs |= {k: v for k, v in world.kwargs[case.pk][key].items() if not k.startswith("_")}
    return kwargs


def call(client, method, url):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, {}, format="json")


def hidden_names(world, persona) -> list[str]:
    names = []
    if persona not in ("lead", "lawyer", "leader", "org_admin"):
        names += [NAME_A, PHONE_A]
    if persona != "other_cw":
        names += [NAME_B, PHONE_B]
    return names


def test_every_endpoint_has_an_expectation():
    endpoints = api_endpoints()
    case_names = {name for name, params in endpoints.items() if "case_id" in params}
    other_names = set(endpoints) - case_names
    expected_case = {(name, method) for name in case_names for method in allowed_methods_for(name)}
    assert expected_case == set(CASE_ENDPOINTS), "add a line to CASE_ENDPOINTS for each endpoint and method"
    expected_other = {(name, method) for name in other_names for method in allowed_methods_for(name)}
    assert expected_other == set(OTHER_ENDPOINTS), "add a line to OTHER_ENDPOINTS"


def allowed_methods_for(name: str) -> set[str]:
    from django.urls import get_resolver as resolver

    for entry in resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api":
            for pattern in entry.url_patterns:
                if pattern.name == name:
                    cls = pattern.callback.cls
                    return {m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)}
    return set()


@pytest.mark.parametrize("name, method", sorted(CASE_ENDPOINTS))
def test_case_endpoint(world, clients, db, name, method):
    key, line = CASE_ENDPOINTS[(name, method)]
    expected = dict(zip(CASE_PERSONAS, (ANSWERS[c] for c in line), strict=True))
    problems = []
    for persona in [*CASE_PERSONAS, "other_cw"]:
        with transaction.atomic():  # each persona meets the same world: what one writes is undone
            sweep_persona(world, clients[persona], persona, name, method, key, expected, problems)
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


def sweep_persona(world, client, persona, name, method, key, expected, problems):
    visible = record_kwargs(world, world.case_a, key)
    hidden = record_kwargs(world, world.case_b, key)
    missing_case = {**visible, "case_id": MISSING}
    missing_record = {k: (MISSING if k != "case_id" and isinstance(v, int) else v) for k, v in visible.items()}
    before = row_counts()
    if persona == "other_cw":
        targets = [(visible, 404)]
    else:
        targets = [(visible, expected[persona])]
        if persona != "coordinator":
            targets.append((hidden, 404))
    for kwargs, want in targets:
        response = call(client, method, reverse(f"api:{name}", kwargs=kwargs))
        if response.status_code != want:
            problems.append(f"{persona} {method.upper()} {kwargs}: {response.status_code}, not {want}")
            continue
        body = response.content.decode(errors="replace")
        for secret in hidden_names(world, persona):
            if secret in body:
                problems.append(f"{persona}: the answer names a survivor she may not know of")
        if want == 404:
            for other in (missing_case, missing_record) if key else (missing_case,):
                missing = call(client, method, reverse(f"api:{name}", kwargs=other))
                if (missing.status_code, missing.content) != (404, response.content):
                    problems.append(f"{persona}: a 404 not identical to a missing object's ({other})")
    if method in WRITE_METHODS:
        changes = count_changes(before, row_counts())
        refused = all(want >= 400 for _kwargs, want in targets)
        if refused and changes:
            problems.append(f"{persona}: a refused {method.upper()} wrote rows: {changes}")


@pytest.mark.parametrize("name, method", sorted(OTHER_ENDPOINTS))
def test_other_endpoint(world, clients, db, name, method):
    line = OTHER_ENDPOINTS[(name, method)]
    problems = []
    for persona, code in zip(PERSONAS, line, strict=True):
        client = clients[persona]
        mine, theirs = OTHER_KWARGS[name](world, persona) if name in OTHER_KWARGS else ({}, None)
        before = row_counts()
        response = call(client, method, reverse(f"api:{name}", kwargs=mine))
        if response.status_code != ANSWERS[code]:
            problems.append(f"{persona}: {response.status_code}, not {ANSWERS[code]}")
        if mine and ANSWERS[code] in (200, 404):
            # someone else's record and one that does not exist: the same 404 (a 403 stays a 403)
            missing = call(client, method, reverse(f"api:{name}", kwargs={k: MISSING_ID[k] for k in mine}))
            for other in [theirs] if theirs else []:
                answer = call(client, method, reverse(f"api:{name}", kwargs=other))
                if (answer.status_code, answer.content) != (404, missing.content):
                    problems.append(f"{persona}: someone else's record is not a plain 404 ({other})")
            if missing.status_code != 404 or (ANSWERS[code] == 404 and missing.content != response.content):
                problems.append(f"{persona}: a 404 not identical to a missing record's")
        if response.get("Content-Type", "").startswith("application/json"):
            body = json.dumps(response.json())
            for secret in hidden_names(world, persona):
                if secret in body:
                    problems.append(f"{persona}: the answer names a survivor she may not know of")
        if method in WRITE_METHODS and ANSWERS[code] >= 400 and count_changes(before, row_counts()):
            problems.append(f"{persona}: a refused {method.upper()} wrote rows")
    assert not problems, "\n".join(problems)
