"""Every URL of Nyaya, asked by every persona for an object she may see and one she may not.

The URLs come from the resolver (every include, walked recursively): a URL without a line in
CASE_URLS or OTHER_URLS fails test_every_url_has_an_expectation, so a new page cannot ship
unswept. The world (tests/sweep/world.py) holds two fully furnished cases: A, led by `lead`
(org_wb) with `lawyer` and `leader` on its team, and B, led by `other_cw` (org_mh). The
coordinator sees both, masked.

For every URL and persona the sweep checks:
- the answer on the object she may see is the table's (G 200, N 404, R 302, F 403, B 400,
  X 410, L sent to log in); never a 5xx;
- on the object she may not see (the other case's), a 404 identical to the 404 for an object
  that does not exist, GET and POST alike;
- a refused POST (with the form the lead's page offers, filled as it stands) saves nothing: the
  row counts of every model are unchanged (only the access log and session rows may grow);
- no page she gets names a survivor she may not know of (name or phone); lists, searches
  (by name and by phone), counts and exports included.

Update a line when a page's rules change; each line says who gets what.
"""

import html

import pytest
from django.urls import reverse

from tests.sweep.harness import (
    built_world,
    count_changes,
    form_data,
    missing_pages,
    normalise,
    row_counts,
    url_patterns,
)
from tests.sweep.world import NAME_A, NAME_B, PHONE_A, PHONE_B
from tests.url_names import qualified

MISSING = 999999
ANSWERS = {"G": 200, "N": 404, "R": 302, "F": 403, "B": 400, "X": 410, "M": 405, "L": "login"}

# --- the expectation table -------------------------------------------------------------------
# Each line: (kind, answers). kind: "get" a page, "form" a page whose form posts back to it (the
# fuzzing posts to these), "post" a button (POST only).
# Case URLs: the answer on case A for   lead, lawyer, coordinator, leader, org_admin (in this order).
# The caseworker of the other organisation gets the lead's answer on her own case B and, like
# everyone but the coordinator, a 404 on the case she is not on; anonymous is sent to log in.
CASE_PERSONAS = ["lead", "lawyer", "coordinator", "leader", "org_admin"]
CASE_URLS = {
    # cases
    "case_detail": ("get", "GGGGG"),
    "case_edit": ("form", "GNNNG"),
    "case_close": ("post", "RNNNR"),
    "case_reopen": ("post", "RNNNR"),
    "survivor_detail": ("get", "GGGGG"),
    "survivor_edit": ("form", "GNNNG"),
    "identity_reveal": ("post", "NNGNN"),
    "case_team": ("form", "GGGGG"),
    "case_team_remove": ("post", "RNNNR"),
    "case_consent": ("get", "GGGGG"),
    "case_consent_new": ("form", "GNNNG"),
    "case_consent_new_several": ("form", "GNNNG"),
    "case_consent_withdraw": ("post", "RNNNR"),
    # her own page, her caseworker's side: those who may record her consent (selfaccess/views_staff_account.py)
    "her_page": ("get", "GNNNG"),  # a POST: 405 to those who may see it
    "her_page_open": ("post", "RNNNR"),  # no self-access consent in the world: refused with a message
    "her_page_new_code": ("post", "RNNNR"),  # no account: refused with a message
    "her_page_reset_pin": ("post", "RNNNR"),
    "her_page_suspend": ("post", "RNNNR"),
    "her_page_resume": ("post", "RNNNR"),
    "her_page_sms": ("post", "RNNNR"),
    "case_timeline": ("form", "GGGGG"),
    "case_documents": ("form", "GGNNG"),
    "case_document_download": ("get", "GGNNG"),
    "case_access_log": ("get", "NNGNG"),
    "case_deadlines": ("form", "GGGGG"),
    "case_deadline_close": ("post", "RRNNR"),
    "case_deadline_answer": ("post", "RRNNR"),
    "case_task_done": ("post", "RRNRR"),
    "case_survivor_updates": ("form", "GGNGG"),
    "generated_list": ("get", "GGGGG"),
    "generated_request": ("post", "BBBBB"),  # an empty request: 400 to whoever may ask
    "generated_document": ("get", "GGGGG"),
    "generated_retry": ("post", "RNNNN"),  # only the person who asked retries...
    "generated_download": ("get", "GNNNN"),  # ...or downloads (410 for her without the PDF fonts: see test)
    # investigation
    "investigation": ("get", "GGGGG"),
    "fir_new": ("form", "GGNNG"),
    "fir_edit": ("form", "GGNNG"),
    "fir_move": ("form", "GGNNG"),
    "fir_charges": ("form", "GGNNG"),
    "fir_charge_drop": ("post", "RRNNR"),
    "fir_ahtu": ("form", "GGNNG"),
    "fir_survivor_informed": ("form", "GGNNG"),
    "fir_chain": ("form", "GGNNG"),
    "fir_chain_unlink": ("post", "RRNNR"),
    "fir_tags": ("form", "GGNNG"),
    "fir_tag_remove": ("post", "RRNNR"),
    "fir_accused_add": ("form", "GGNNG"),
    "fir_accused_edit": ("form", "GGNNG"),
    "fir_accused_share": ("post", "NRNNN"),  # her lawyer only: what her own page shows of an accused
    "statement_new": ("form", "GGNNG"),
    "accused_new": ("form", "GGNNG"),
    "accused_edit": ("form", "GGNNG"),
    "medical_new": ("form", "GGNNG"),
    "medical_report": ("form", "GGNNG"),
    "request_new": ("form", "GGNNG"),
    "request_update": ("form", "GGNNG"),
    "advocacy_new": ("form", "GGNNG"),
    "advocacy_outcome": ("form", "GGNNG"),
    # court
    "court": ("get", "GGGGG"),
    "court_case_new": ("form", "GGNNG"),
    "court_case_edit": ("form", "GGNNG"),
    "court_case_move": ("form", "GGNNG"),
    "court_case_ecourts": ("form", "GGNNG"),
    "court_charges": ("form", "GGNNG"),
    "court_charge_drop": ("post", "RRNNR"),
    "hearing_new": ("form", "GGNNG"),
    "hearing_add": ("form", "GGNNG"),
    "hearing_record": ("form", "GGNNG"),
    "bail_new": ("form", "GGNNG"),
    "bail_update": ("form", "GGNNG"),
    "judgment_new": ("form", "GGNNG"),
    "sentence_record": ("form", "GGNNG"),
    "appeal_new": ("form", "GGNNG"),
    "appeal_update": ("form", "GGNNG"),
    "protection_new": ("form", "GGNNG"),
    "protection_update": ("form", "GGNNG"),
    "review_new": ("form", "GNNNG"),
    "review_detail": ("get", "GGNNG"),
    "case_file": ("get", "GGNNG"),
    # compensation
    "compensation_tab": ("get", "GGGGG"),
    "claim_new": ("form", "GGNNG"),
    "claim_detail": ("get", "GGGGG"),
    "claim_edit": ("form", "GGNNG"),
    "claim_document_link": ("post", "RRNNR"),
    "claim_transition": ("form", "GGNNG"),
    "claim_payment_new": ("form", "GGNNG"),
    # care
    "case_care": ("get", "GGGGG"),
    "care_rescue": ("form", "GNNNG"),
    "care_order_new": ("form", "GNNNG"),
    "care_order_edit": ("form", "GNNNG"),
    "care_tracing_new": ("form", "GNNNG"),
    "care_stay_new": ("form", "GNNNG"),
    "care_stay_end": ("post", "RNNNR"),
    "care_repatriation_new": ("form", "GNNNG"),
    "care_repatriation_move": ("form", "GNNNG"),
    "care_priorities": ("form", "GNNNG"),
    "care_goal_new": ("form", "GNNNG"),
    "care_goal_edit": ("form", "GNNNG"),
    "care_service_new": ("form", "GNNNG"),
    "care_support_new": ("form", "NNNGN"),
    # referrals: the case's tab (everyone who sees the case), sending (editors), a transfer of lead (the
    # lead caseworker or the lead organisation's admin), closing with the outcome (the receiver on the team)
    "case_referrals": ("get", "GGGGG"),
    "referral_new": ("form", "GNNNG"),
    "transfer_new": ("form", "GNNNG"),
    "referral_withdraw": ("post", "RNNNR"),
    "referral_acknowledge": ("post", "RNNNR"),  # not a transfer: refused with a message, back to the tab
    "referral_close": ("form", "NGNNN"),
    # privacy: erasure requests and legal holds (the lead organisation's admin decides)
    "case_privacy": ("get", "GNNNG"),
    "privacy_erasure_record": ("post", "GNNNG"),  # an empty request: the page again, with its errors
    "privacy_erasure_approve": ("post", "NNNNR"),
    "privacy_erasure_decline": ("post", "NNNNG"),  # no reason given: the page again, with its errors
    "privacy_hold_place": ("post", "GNNNG"),
    "privacy_hold_lift": ("post", "NNNNR"),
    "privacy_access_report": ("get", "NNNNG"),
    # her requests from her own page (selfaccess): those who may record her consent answer them
    "her_requests": ("get", "GNNNG"),
    "her_request_answer": ("form", "GNNNG"),
}

# Other URLs: the answer for   lead, other_cw, lawyer, coordinator, leader, org_admin, anonymous,
# and how to name its object: kwargs(world, persona) -> (one she may see, one she may not or None).
PERSONAS = ["lead", "other_cw", "lawyer", "coordinator", "leader", "org_admin", "anonymous"]


def _none(world, persona):
    return {}, None


def _rule(world, persona):
    from cases.models import DeadlineRule

    return {"code": DeadlineRule.objects.order_by("code").first().code}, None


def _calendar(world, persona):
    from cases.models import HolidayCalendar

    return {"code": HolidayCalendar.objects.order_by("code").first().code}, None


def _section(world, persona):
    return {"section_id": world.kwargs[world.case_a.pk]["_section_id"]}, None


def _scheme(world, persona):
    return {"scheme_id": world.kwargs[world.case_a.pk]["_scheme_id"]}, None


def _alert(world, persona):
    from legal.models import AccusedMatchAlert

    return {"alert_id": AccusedMatchAlert.objects.order_by("pk").first().pk}, None


def _survivor_match(world, persona):
    from cases.models import SurvivorMatch

    return {"match_id": SurvivorMatch.objects.order_by("pk").first().pk}, None


def _incoming(world, persona):
    # Handovers to the receiving organisation, of which no persona is a member: 404 to all.
    return {"repatriation_id": world.kwargs[world.case_a.pk]["_repatriation_id"], "transition": "accept"}, None


def _incoming_referral(world, persona):
    # A referral to the receiving organisation, of which no persona is a member: 404 to all.
    return {"referral_id": world.kwargs[world.case_a.pk]["_referral_waiting_id"]}, None


def _incoming_answer(world, persona):
    return {"referral_id": world.kwargs[world.case_a.pk]["_referral_waiting_id"], "answer": "accept"}, None


def _her_request(world, persona):
    return {"request_id": world.kwargs[world.case_a.pk]["_her_request_id"]}, None


def _shelter(world, persona):
    return {"shelter_id": world.shelter.pk}, None


def _member(world, persona):
    # A member of the organisation admin's own organisation, and one of another organisation.
    return {"membership_id": world.extra_wb.pk}, {"membership_id": world.extra_mh.pk}


def _job(world, persona):
    mine, theirs = ("coordinator", "org_admin") if persona == "coordinator" else ("org_admin", "coordinator")
    return {"job_id": world.jobs[mine]}, {"job_id": world.jobs[theirs]}


def _api_token(world, persona):
    mine = world.tokens["lead" if persona == "anonymous" else persona]
    theirs = world.tokens["other_cw" if persona != "other_cw" else "lead"]
    return {"token_id": mine}, {"token_id": theirs}


def _import_job(world, persona):
    # The org admin's own import, and one of another organisation's admin.
    return {"job_id": world.import_jobs["org_admin"]}, {"job_id": world.import_jobs["admin_mh"]}


def _import_kind(world, persona):
    return {"kind": "cases"}, None


def _reset_token(world, persona):
    return {"uidb64": "MQ", "token": "set-password"}, None


def _table(world, persona):
    return {"key": "funnel", "fmt": "csv"}, None


def _export_kind(world, persona):
    return {"kind": "anonymised"}, None


def _export(world, persona):
    return {"kind": "anonymised", "fmt": "csv"}, None


OTHER_URLS = {
    # accounts (Django's own views)
    "login": ("form", _none, "GGGGGGG"),
    "logout": ("post", _none, "LLLLLLL"),
    "password_change": ("form", _none, "GGGGGGL"),
    "password_change_done": ("get", _none, "GGGGGGL"),
    "password_reset": ("form", _none, "GGGGGGG"),
    "password_reset_done": ("get", _none, "GGGGGGG"),
    "password_reset_confirm": ("get", _reset_token, "GGGGGGG"),
    "password_reset_complete": ("get", _none, "GGGGGGG"),
    "mfa_enrol": ("form", _none, "GGGGGGL"),
    "mfa_verify": ("get", _none, "RRRRRRL"),  # she has passed the second step already
    "mfa_backup_codes": ("get", _none, "GGGGGGL"),
    "mfa_backup_codes_new": ("post", _none, "RRRRRRL"),
    "account_security": ("get", _none, "GGGGGGL"),
    # her personal API tokens (the API itself is swept by tests/api/test_api_sweep.py)
    "tokens": ("get", _none, "GGGGGGL"),  # no persona has an authenticator app: no form (tests/api/test_tokens.py)
    "token_revoke": ("post", _api_token, "RRRRRRL"),
    "logout_everywhere": ("post", _none, "LLLLLLL"),  # signed out everywhere, this browser too
    "set_language": ("post", _none, "RRRRRRR"),
    "invitation_accept": ("get", _reset_token, "GGGGGGG"),
    "invitation_done": ("get", _none, "GGGGGGG"),
    # her own page (selfaccess): staff are not signed in to it; her own sweep is tests/selfaccess
    "her_exit": ("get", _none, "RRRRRRR"),  # to the neutral page; a staff session is left alone
    "her_ask_call": ("form", _none, "RRRRRRR"),  # her pages: anyone not signed in as her goes to /my/
    "her_ask_date": ("form", _none, "RRRRRRR"),
    "her_ask_consent": ("form", _none, "RRRRRRR"),
    "her_ask_sent": ("get", _her_request, "RRRRRRR"),
    "her_start": ("form", _none, "GGGGGGG"),  # her sign-in: anyone may try a code (a wrong one: the generic refusal)
    "her_language": ("post", _none, "RRRRRRR"),  # the bn/hi/en switch: in the session, on her account once signed in
    "her_pin": ("get", _none, "RRRRRRR"),  # without a right code first: back to the start
    "her_sms_code": ("get", _none, "RRRRRRR"),
    "her_sms_code_again": ("post", _none, "RRRRRRR"),
    "her_home": ("get", _none, "RRRRRRR"),  # not signed in as her: to the start, shown nothing
    # lists and searches of cases
    "home": ("get", _none, "GGGGGGL"),
    "case_list": ("form", _none, "GGGGGGL"),
    "case_open": ("form", _none, "GGFFFGL"),
    "my_work": ("get", _none, "GGGGGGL"),
    "overdue_board": ("get", _none, "FFFGFGL"),
    "notifications": ("get", _none, "GGGGGGL"),
    "notifications_read": ("post", _none, "RRRRRRL"),
    "notification_preferences": ("form", _none, "GGGGGGL"),
    "chain_list": ("get", _none, "GGGGGGL"),
    "match_alerts": ("get", _none, "NNNGNNL"),
    "survivor_matches": ("get", _none, "NNNGNNL"),  # possible duplicate survivors: coordinators only
    "survivor_match_review": ("post", _survivor_match, "NNNRNNL"),
    "match_alert_review": ("post", _alert, "NNNRNNL"),
    "failure_points": ("form", _none, "NNNGNNL"),
    "review_queue": ("get", _none, "GGGGGGL"),
    "hearing_calendar": ("get", _none, "GGGGGGL"),
    "claim_list": ("get", _none, "GGGGFGL"),
    "care_inbox": ("get", _none, "GGFFFGL"),
    "care_incoming_move": ("get", _incoming, "NNFFFNL"),
    "referral_inbox": ("get", _none, "GGGFGGL"),
    "incoming_referral": ("get", _incoming_referral, "NNNFNNL"),
    "incoming_answer": ("form", _incoming_answer, "NNNFNNL"),
    # reference pages
    "deadline_rules": ("get", _none, "GGGGGGL"),
    "deadline_rule_detail": ("get", _rule, "GGGGGGL"),
    "holiday_calendars": ("get", _none, "FFFGFFL"),
    "holiday_calendar_detail": ("get", _calendar, "FFFGFFL"),
    "law_reference": ("get", _none, "GGGGGGL"),
    "law_section_new": ("form", _none, "NNNGNNL"),
    "law_section_detail": ("get", _section, "GGGGGGL"),
    "law_section_edit": ("form", _section, "NNNGNNL"),
    "scheme_list": ("get", _none, "GGGGGGL"),
    "scheme_new": ("form", _none, "FFFGFFL"),
    "scheme_version_new": ("form", _scheme, "FFFGFFL"),
    "shelter_list": ("get", _none, "FFFGFGL"),
    "shelter_new": ("form", _none, "FFFGFGL"),
    "shelter_edit": ("form", _shelter, "FFFGFGL"),
    "district_options": ("get", _none, "GGGGGGL"),
    # organisation
    "organisation_switch": ("post", _none, "RRRRRRL"),
    "member_list": ("get", _none, "FFFFFGL"),
    "member_invite": ("form", _none, "FFFFFGL"),
    "member_edit": ("form", _member, "FFFFFGL"),
    "member_deactivate": ("post", _member, "FFFFFRL"),
    "member_reactivate": ("post", _member, "FFFFFRL"),
    "member_device_reset": ("post", _member, "FFFFFRL"),
    # privacy
    "retention_rules": ("get", _none, "GGGGGGL"),
    # dashboard and exports
    "dashboard": ("get", _none, "NNNGNGL"),
    "dashboard_cases": ("get", _none, "NNNGNGL"),
    "dashboard_export_table": ("get", _table, "NNNGNGL"),
    "dashboard_export_definitions": ("get", _export_kind, "NNNGNGL"),
    "dashboard_export_cases": ("post", _export, "NNNGNGL"),
    "dashboard_export_job": ("get", _job, "NNNGNGL"),
    "dashboard_export_download": ("get", _job, "NNNNNNL"),
    "dashboard_audit": ("get", _none, "NNNGNGL"),
    # imports: the organisation admin's (403 to anyone else, as the members pages); a job is its uploader's
    "import_home": ("form", _none, "FFFFFGL"),
    "import_template_xlsx": ("get", _none, "FFFFFGL"),
    "import_template_csv": ("get", _import_kind, "FFFFFGL"),
    "import_guide_csv": ("get", _none, "FFFFFGL"),
    "import_example": ("get", _none, "FFFFFGL"),
    "import_job": ("get", _import_job, "FFFFFGL"),
    "import_commit": ("post", _import_job, "FFFFFRL"),  # its file is gone: refused with a message, back to it
    "import_errors_csv": ("get", _import_job, "FFFFFGL"),
}


def answers(line: str, personas: list[str]) -> dict:
    assert len(line) == len(personas), line
    return {persona: ANSWERS[c] for persona, c in zip(personas, line, strict=True)}


# --- what a persona may not read ---------------------------------------------------------------


def secrets_hidden_from(world, persona) -> list[str]:
    """The survivor identifiers this persona may not see: the other case's (both, masked, for the coordinator)."""
    a = [NAME_A, PHONE_A, PHONE_A.replace(" ", "")]
    b = [NAME_B, PHONE_B, PHONE_B.replace(" ", ""), "Kellu Qx"]
    return {"other_cw": a, "coordinator": a + b, "anonymous": a + b}.get(persona, b)


def leaks(response, secrets, *, echoed=()) -> list[str]:
    """The secrets in the response (a search's own query echoed in its form field aside)."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content).decode(errors="replace")
    else:
        body = response.content.decode(errors="replace")
    for text in echoed:
        body = body.replace(f'value="{html.escape(text)}"', 'value=""')
    return [s for s in secrets if s in body or html.escape(s) in body]


# --- requests ------------------------------------------------------------------------------------


def login(client, world, persona):
    world.sessions.use(client, persona)  # her module-long session (tests/sweep/harness.py PersonaSessions)


def call(client, method, url, data=None):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def status_of(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    return response.status_code


def case_url(world, name, case, case_id=None):
    kwargs = {k: v for k, v in world.kwargs[case.pk].get(name, {}).items() if not k.startswith("_")}
    return reverse(qualified(name), kwargs={"case_id": case_id or case.pk, **kwargs})


def with_missing_ids(kwargs: dict) -> dict:
    """The same URL for an object that does not exist."""
    out = {}
    for key, value in kwargs.items():
        if key == "job_id":
            out[key] = "00000000-0000-4000-8000-000000000000"
        elif isinstance(value, int):
            out[key] = MISSING
        else:
            out[key] = value
    return out


def same_as_missing(client, method, url, missing_url, response, data=None) -> str | None:
    """Why the 404 at `url` differs from the 404 at `missing_url` (None when identical).

    A 404 already seen for a missing object, by the same person and method, answers without
    asking again when the page is the same (tests/sweep/harness.py `missing_pages`)."""
    page = normalise(response.content, url)
    if missing_pages.seen(client, method, page):
        return None
    missing = call(client, method, missing_url, data)
    if missing.status_code != 404:
        return f"the missing object answered {missing.status_code}, not 404"
    if page != normalise(missing.content, missing_url):
        return "its 404 differs from the 404 for an object that does not exist"
    missing_pages.keep(client, method, page)
    return None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from built_world(django_db_blocker, tmp_path_factory)


# --- the tests ---------------------------------------------------------------------------------


def test_every_url_has_an_expectation():
    names = set(url_patterns())
    missing = sorted(names - set(CASE_URLS) - set(OTHER_URLS))
    stale = sorted((set(CASE_URLS) | set(OTHER_URLS)) - names)
    assert not missing, f"URLs without a line in the sweep's table (tests/test_url_sweep.py): {missing}"
    assert not stale, f"lines for URLs that no longer exist: {stale}"
    assert not set(CASE_URLS) & set(OTHER_URLS)
    for name, route in url_patterns().items():
        assert ("<int:case_id>" in route) == (name in CASE_URLS), f"{name}: a case URL belongs in CASE_URLS"


def _form_for_post(client, world, name, method, url):
    """What a denied user posts: the form the lead's page offers, as it stands (or nothing for a button)."""
    if method == "post":
        return {}
    login(client, world, "lead")
    page = client.get(url)
    return form_data(page.content.decode(errors="replace"), url) if page.status_code == 200 else {}


@pytest.mark.parametrize("name", sorted(CASE_URLS))
def test_case_url(client, world, db, name):
    method, line = CASE_URLS[name]
    expected = answers(line, CASE_PERSONAS)
    if name == "generated_download" and not world.dossier_built:
        expected["lead"] = 410  # the PDF fonts are missing on this machine (CI installs them): her file failed
    expected["other_cw"] = expected["lead"]
    a, b = world.case_a, world.case_b
    own = dict.fromkeys(CASE_PERSONAS, a) | {"other_cw": b}
    hidden = dict.fromkeys(("lead", "lawyer", "leader", "org_admin"), b) | {"other_cw": a}
    problems = []

    # Refused POSTs first (a valid form as the lead's page offers it): 404, identical, nothing saved.
    form = _form_for_post(client, world, name, method, case_url(world, name, a))
    before = row_counts()
    for persona in ["lead", "other_cw", "lawyer", "coordinator", "leader", "org_admin"]:
        login(client, world, persona)
        targets = [hidden[persona]] if persona in hidden else []
        if expected[persona] == 404:
            targets.append(own[persona])
        for case in targets:
            url = case_url(world, name, case)
            response = client.post(url, form)
            if response.status_code != 404:
                problems.append(f"{persona}: POST to a case she may not change answered {response.status_code}")
                continue
            why = same_as_missing(client, "post", url, case_url(world, name, case, MISSING), response, form)
            if why:
                problems.append(f"{persona}: POST {why}")
    changes = count_changes(before, row_counts())
    if changes:
        problems.append(f"refused POSTs wrote rows: {changes}")

    # The object she may not see first (a success message of her own request would show on the next page).
    for persona in ["lead", "other_cw", "lawyer", "coordinator", "leader", "org_admin", "anonymous"]:
        login(client, world, persona)
        secrets = secrets_hidden_from(world, persona)
        responses = []
        if persona in hidden:
            url = case_url(world, name, hidden[persona])
            response = call(client, method, url)
            responses.append(response)
            if response.status_code != 404:
                problems.append(f"{persona}: the case she may not see answered {response.status_code}")
            else:
                why = same_as_missing(client, method, url, case_url(world, name, hidden[persona], MISSING), response)
                if why:
                    problems.append(f"{persona} (the case she may not see): {why}")
        case = own.get(persona, a)
        url = case_url(world, name, case)
        response = call(client, method, url)
        responses.append(response)
        got, want = status_of(response), "login" if persona == "anonymous" else expected[persona]
        if got != want:
            problems.append(f"{persona}: expected {want}, got {got}")
        elif got == 404:
            why = same_as_missing(client, method, url, case_url(world, name, case, MISSING), response)
            if why:
                problems.append(f"{persona}: {why}")
        for response in responses:
            found = leaks(response, secrets)
            if found:
                problems.append(f"{persona}: the page names a survivor she may not know of: {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(OTHER_URLS))
def test_other_url(client, world, db, name):
    method, kwargs_of, line = OTHER_URLS[name]
    expected = answers(line, PERSONAS)
    problems = []

    # Refused POSTs first: with the form an allowed persona's page offers; nothing saved.
    allowed = next((p for p in PERSONAS if expected[p] == 200), None)
    visible_kwargs, _ = kwargs_of(world, allowed or "lead")
    form = {}
    if method == "form" and allowed and allowed != "anonymous":
        login(client, world, allowed)
        url = reverse(qualified(name), kwargs=visible_kwargs)
        form = form_data(client.get(url).content.decode(errors="replace"), url)
    before = row_counts()
    for persona in PERSONAS[:-1]:
        visible, hidden = kwargs_of(world, persona)
        targets = [hidden] if hidden is not None else []
        if expected[persona] in (403, 404):
            targets.append(visible)
        login(client, world, persona)
        for kwargs in targets:
            url = reverse(qualified(name), kwargs=kwargs)
            response = client.post(url, form)
            # A role refused the page is refused (403) whatever the object; otherwise 404.
            want = expected[persona] if kwargs is visible or expected[persona] == 403 else 404
            if response.status_code != want:
                problems.append(f"{persona}: refused POST answered {response.status_code}, not {want}")
            elif want == 404 and kwargs:
                why = same_as_missing(
                    client, "post", url, reverse(qualified(name), kwargs=with_missing_ids(kwargs)), response, form
                )
                if why:
                    problems.append(f"{persona}: POST {why}")
    changes = count_changes(before, row_counts())
    if changes:
        problems.append(f"refused POSTs wrote rows: {changes}")

    for persona in PERSONAS:
        login(client, world, persona)
        secrets = secrets_hidden_from(world, persona)
        visible, hidden = kwargs_of(world, persona)
        want = expected[persona]
        responses = []
        if hidden is not None and persona != "anonymous":  # first: see test_case_url
            url = reverse(qualified(name), kwargs=hidden)
            response = call(client, method, url)
            responses.append(response)
            if status_of(response) != (want if want == 403 else 404):
                problems.append(f"{persona}: the object she may not see answered {response.status_code}")
            elif response.status_code == 404:
                why = same_as_missing(
                    client, method, url, reverse(qualified(name), kwargs=with_missing_ids(hidden)), response
                )
                if why:
                    problems.append(f"{persona} (the object she may not see): {why}")
        url = reverse(qualified(name), kwargs=visible)
        response = call(client, method, url)
        responses.append(response)
        got = status_of(response)
        if got != want:
            problems.append(f"{persona}: expected {want}, got {got}")
        elif got == 404 and visible:
            why = same_as_missing(
                client, method, url, reverse(qualified(name), kwargs=with_missing_ids(visible)), response
            )
            if why:
                problems.append(f"{persona}: {why}")
        for response in responses:
            found = leaks(response, secrets)
            if found:
                problems.append(f"{persona}: the page names a survivor she may not know of: {found}")
    assert not problems, "\n".join(problems)


def _searches(name: str, phone: str) -> list[str]:
    digits = phone.replace(" ", "")
    return [name, name.upper(), name.split()[1], phone, digits, "+91 " + phone, "+91" + digits]


@pytest.mark.parametrize("persona", PERSONAS[:-1])
def test_searches_never_find_a_survivor_she_may_not_see(client, world, db, persona):
    """The case search, by name and by phone (posted, and in a query string as an old link would),
    finds nobody she may not know of: no name, phone or case reference in the answer."""
    login(client, world, persona)
    secrets = secrets_hidden_from(world, persona)
    hidden = world.case_a if persona == "other_cw" else world.case_b
    if persona != "coordinator":  # the coordinator lists every case by its reference, masked
        secrets = [*secrets, hidden.reference]
    names = {"coordinator": [(NAME_A, PHONE_A), (NAME_B, PHONE_B)], "other_cw": [(NAME_A, PHONE_A)]}.get(
        persona, [(NAME_B, PHONE_B)]
    )
    problems = []
    url = reverse("cases:case_list")
    for name, phone in names:
        for term in _searches(name, phone):
            for label, response in (
                ("POST", client.post(url, {"q": term})),
                ("POST htmx", client.post(url, {"q": term}, HTTP_HX_REQUEST="true")),
                ("GET", client.get(url, {"q": term})),
            ):
                if response.status_code >= 500:
                    problems.append(f"{label} {term!r}: {response.status_code}")
                found = leaks(response, secrets, echoed=[term])
                if found:
                    problems.append(f"{label} {term!r}: the answer names {found}")
    assert not problems, "\n".join(problems)


def test_posts_without_a_csrf_token_are_refused_and_save_nothing(world, db):
    """A POST without the CSRF token (a forged request from another site) is refused with 403
    before any view runs, on her case and on one she may not see alike; nothing is saved."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login(client, world, "lead")
    before = row_counts()
    problems = []
    for name, (kind, _line) in sorted(CASE_URLS.items()):
        if kind == "get":
            continue
        for case in (world.case_a, world.case_b):
            response = client.post(case_url(world, name, case), {})
            if response.status_code != 403:
                problems.append(f"{name} on {case.reference}: {response.status_code}")
    changes = count_changes(before, row_counts())
    assert not changes, f"POSTs without a CSRF token wrote rows: {changes}"
    assert not problems, "\n".join(problems)
