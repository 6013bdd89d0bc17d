"""Who may open which page of a survivor's case.

One synthetic case led by org_wb, a cast of people around it, and every case
URL. A person outside the case gets a 404 that is indistinguishable from the
404 for a case that does not exist: the page must not tell her the case exists.
"""

from types import SimpleNamespace

import pytest
from django.urls import get_resolver, reverse

from cases import services
from cases.factories import give_consent
from cases.models import CaseRole, Deadline
from consortium.models import Role
from survivors.models import Consent, ConsentPurpose
from tests.access_matrix import MISSING_CASE, G, L, N, R, call, cast_around, login_as, persona_problems
from tests.url_names import qualified

from .helpers import (
    FULL_NAME,
    NARRATIVE,
    PHONE,
    VILLAGE,
    case_rows,
    result_count,
    upload_document,
)

PERSONAS = [
    "lead",
    "teammate",
    "colleague",
    "org_admin",
    "other_org_caseworker",
    "other_org_admin",
    "coordinator",
    "leader_without_consent",
    "leader_on_team",
    "anonymous",
]

# url name -> (method, expected answer per persona, in PERSONAS order)
#                                   lead  team  coll  admin mhcw  mhadm coord  sl0   slT   anon
MATRIX = {
    "case_detail": ("get", [G, G, N, G, N, N, G, N, G, L]),
    "case_edit": ("get", [G, G, N, G, N, N, N, N, N, L]),
    "case_close": ("post", [R, R, N, R, N, N, N, N, N, L]),
    "case_reopen": ("post", [R, R, N, R, N, N, N, N, N, L]),
    "survivor_detail": ("get", [G, G, N, G, N, N, G, N, G, L]),
    "survivor_edit": ("get", [G, G, N, G, N, N, N, N, N, L]),
    "identity_reveal": ("post", [N, N, N, N, N, N, G, N, N, L]),
    "case_team": ("get", [G, G, N, G, N, N, G, N, G, L]),
    "case_team_remove": ("post", [R, N, N, R, N, N, N, N, N, L]),
    "case_consent": ("get", [G, G, N, G, N, N, G, N, G, L]),
    "case_consent_new": ("get", [G, G, N, G, N, N, N, N, N, L]),
    "case_consent_new_several": ("get", [G, G, N, G, N, N, N, N, N, L]),
    "case_consent_withdraw": ("post", [R, R, N, R, N, N, N, N, N, L]),
    "case_timeline": ("get", [G, G, N, G, N, N, G, N, G, L]),
    "case_documents": ("get", [G, G, N, G, N, N, N, N, N, L]),
    "case_document_download": ("get", [G, G, N, G, N, N, N, N, N, L]),
    "case_access_log": ("get", [N, N, N, G, N, N, G, N, N, L]),
    "case_deadlines": ("get", [G, G, N, G, N, N, G, N, G, L]),
    "case_deadline_close": ("post", [R, R, N, R, N, N, N, N, N, L]),
    "case_deadline_answer": ("post", [R, R, N, R, N, N, N, N, N, L]),
    "case_task_done": ("post", [R, R, N, R, N, N, N, N, R, L]),
    "case_survivor_updates": ("get", [G, G, N, G, N, N, N, N, G, L]),
    # Generated PDFs (pdfs/): an empty request is 400 to those who may see the case; only
    # the person who asked for a file (the lead here) retries or downloads it.
    "generated_list": ("get", [G, G, N, G, N, N, G, N, G, L]),
    "generated_request": ("post", [400, 400, N, 400, N, N, 400, N, 400, L]),
    "generated_document": ("get", [G, G, N, G, N, N, G, N, G, L]),
    "generated_retry": ("post", [R, N, N, N, N, N, N, N, N, L]),
    "generated_download": ("get", [G, N, N, N, N, N, N, N, N, L]),
}

# Not pages of one case: the list, opening a case, the coordinators' review of possible duplicate survivors
# (tests/cases/test_survivor_duplicates.py, tests/test_url_sweep.py).
NOT_CASE_URLS = {"case_list", "case_open", "survivor_matches", "survivor_match_review"}


@pytest.fixture
def world(make_member, org_wb, org_mh, secretariat, lead, case, collective):
    """The case, a document on it, and everyone around it."""
    people = cast_around(
        case, lead, make_member, org_wb=org_wb, org_mh=org_mh, secretariat=secretariat, collective=collective
    )
    # Targets of the POST-only sub-object URLs. Acting on them changes nobody's access
    # to the case, so every persona meets the same case whatever the order.
    extra = make_member(Role.CASEWORKER, org_wb, first_name="Esha", last_name="Extra")
    removable = services.team_add(actor=lead.user, case=case, membership=extra, role=CaseRole.CASEWORKER)
    statistics_consent = give_consent(case, actor=lead.user, purpose=ConsentPurpose.STATISTICS)
    document = upload_document(case, lead.user)
    deadline = Deadline.objects.filter(case=case).open().get()  # her first update, due 90 days after opening
    task = services.task_add(actor=lead.user, case=case, title="Call the IO", assignee=people["teammate"].user)
    generated = _generated_dossier(lead, case)
    kwargs = {
        "case_team_remove": {"assignment_id": removable.pk},
        "case_consent_withdraw": {"consent_id": statistics_consent.pk},
        "case_document_download": {"document_id": document.pk},
        "case_deadline_close": {"deadline_id": deadline.pk},
        "case_deadline_answer": {"deadline_id": deadline.pk},
        "case_task_done": {"task_id": task.pk},
        **{name: {"token": generated.token} for name in GENERATED_DOCUMENT_URLS},
    }
    return SimpleNamespace(case=case, document=document, people=people, kwargs=kwargs)


GENERATED_DOCUMENT_URLS = ("generated_document", "generated_retry", "generated_download")


def _generated_dossier(lead, case):
    """A dossier the lead asked for, built (the queued task does not run inside a test's transaction)."""
    from cases.selectors import case_get_visible
    from pdfs import services as pdf_services

    visible = case_get_visible(lead.user, case.pk)
    document = pdf_services.generated_document_request(actor=lead.user, case=visible, kind="dossier")
    pdf_services.generated_document_build(document_id=document.pk)
    document.refresh_from_db()
    return document


def url_for(world, name, case_id=None):
    return reverse(qualified(name), kwargs={"case_id": case_id or world.case.pk, **world.kwargs.get(name, {})})


def test_matrix_covers_every_case_url():
    # The case's pages, and its generated PDFs' (pdfs/urls.py, under the same cases/<id>/ prefix).
    names = {p.name for module in ("cases.urls", "pdfs.urls") for p in get_resolver(module).url_patterns}
    assert names - NOT_CASE_URLS == set(MATRIX), "a case URL was added or removed: update MATRIX"
    assert all(len(expected) == len(PERSONAS) for _, expected in MATRIX.values())


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_case_url_answers_each_persona(client, world, name):
    method, expected = MATRIX[name]
    secrets = (world.case.reference, world.case.survivor.pseudonym, FULL_NAME)
    problems = persona_problems(
        client,
        world.people,
        PERSONAS,
        expected,
        method,
        url_for(world, name),
        missing_url=url_for(world, name, case_id=MISSING_CASE),
        secrets=secrets,
    )
    assert not problems, "\n".join(problems)


def test_anonymous_missing_case_also_redirects_to_login(client, world):
    for name, (method, _) in MATRIX.items():
        response = call(client, method, url_for(world, name, case_id=MISSING_CASE))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login"))


MASKED_PAGES = [
    "case_detail",
    "survivor_detail",
    "case_team",
    "case_consent",
    "case_timeline",
    "case_access_log",
    "case_deadlines",
]


def test_coordinator_sees_the_case_masked(client, world):
    login_as(client, world.people["coordinator"])
    survivor = world.case.survivor
    for name in MASKED_PAGES:
        body = client.get(url_for(world, name)).content.decode()
        assert survivor.pseudonym in body, name
        for secret in (FULL_NAME, PHONE, VILLAGE, NARRATIVE):
            assert secret not in body, (name, secret)
    survivor_page = client.get(url_for(world, "survivor_detail")).content.decode()
    assert "Identity masked" in survivor_page
    assert "Reveal identity" in survivor_page


@pytest.mark.parametrize("persona", ["lead", "teammate", "org_admin", "leader_on_team"])
def test_people_who_may_know_her_see_her_name(client, world, persona):
    login_as(client, world.people[persona])
    body = client.get(url_for(world, "survivor_detail")).content.decode()
    assert FULL_NAME in body
    assert PHONE in body


def test_survivor_leader_on_team_sees_overview_but_no_documents(client, world):
    login_as(client, world.people["leader_on_team"])
    overview = client.get(url_for(world, "case_detail"))
    assert overview.status_code == 200
    assert url_for(world, "case_documents") not in overview.content.decode()  # no Documents tab
    assert client.get(url_for(world, "case_documents")).status_code == 404
    assert client.get(url_for(world, "case_document_download")).status_code == 404
    timeline = client.get(url_for(world, "case_timeline")).content.decode()
    assert url_for(world, "case_document_download") not in timeline


def test_lead_caseworker_cannot_break_glass_or_read_access_log(client, world):
    login_as(client, world.people["lead"])
    assert client.post(url_for(world, "identity_reveal"), {"reason": "x" * 40}).status_code == 404
    assert client.get(url_for(world, "case_access_log")).status_code == 404


# --- the case list and search -----------------------------------------------

OUTSIDERS = ["colleague", "other_org_caseworker", "other_org_admin", "leader_without_consent"]
INSIDERS = ["lead", "teammate", "org_admin", "leader_on_team"]


def searches(world):
    survivor = world.case.survivor
    return {
        "": None,
        "reference": world.case.reference,
        "partial reference": world.case.reference[:-2],
        "name": FULL_NAME,
        "name in capitals": FULL_NAME.upper(),
        "surname": FULL_NAME.split()[1],
        "other name": survivor.other_names[0],
        "phone": PHONE,
        "phone +91": "+91 " + PHONE,
        "pseudonym": survivor.pseudonym,
    }


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_case_list_and_search_never_reveal_the_case_to_outsiders(client, world, persona):
    login_as(client, world.people[persona])
    for label, text in searches(world).items():
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(reverse("cases:case_list"), {"q": text} if text is not None else {}, **headers)
            assert response.status_code == 200
            body = case_rows(response)
            assert result_count(response) == 0, (label, headers)
            for secret in (world.case.reference, world.case.survivor.pseudonym, FULL_NAME):
                assert secret not in body, (label, secret)


@pytest.mark.parametrize("persona", INSIDERS)
def test_insiders_find_the_case_by_reference_name_and_phone(client, world, persona):
    login_as(client, world.people[persona])
    for label, text in searches(world).items():
        if label == "pseudonym":
            continue  # the pseudonym is not a search key
        response = client.post(reverse("cases:case_list"), {"q": text} if text is not None else {})
        assert result_count(response) == 1, label
        body = response.content.decode()
        assert world.case.reference in body
        assert FULL_NAME in body


def test_anonymous_case_list_redirects_to_login(client, world):
    response = client.post(reverse("cases:case_list"), {"q": FULL_NAME})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_masked_coordinator_finds_by_reference_only(client, world):
    login_as(client, world.people["coordinator"])
    listing = client.get(reverse("cases:case_list"))
    assert result_count(listing) == 1
    body = listing.content.decode()
    assert world.case.survivor.pseudonym in body
    assert FULL_NAME not in body

    by_reference = client.post(reverse("cases:case_list"), {"q": world.case.reference})
    assert result_count(by_reference) == 1
    for text in (FULL_NAME, FULL_NAME.lower(), FULL_NAME.split()[1], PHONE, "+91" + PHONE.replace(" ", "")):
        response = client.post(reverse("cases:case_list"), {"q": text})
        assert result_count(response) == 0, text
        assert world.case.reference not in case_rows(response)
        assert "No case matches" in case_rows(response)


def test_access_ends_with_membership(client, world, make_member, org_mh):
    """Her assignment rests on her org_wb membership: deactivating it ends access at once,
    even though she stays logged in through another organisation."""
    teammate = world.people["teammate"]
    make_member(Role.CASEWORKER, org_mh, username=teammate.user.username)
    login_as(client, teammate)
    assert client.get(url_for(world, "case_detail")).status_code == 200
    teammate.is_active = False
    teammate.deactivated_at = teammate.created_at
    teammate.save()
    assert client.get(url_for(world, "case_detail")).status_code == 404
    assert result_count(client.get(reverse("cases:case_list"))) == 0


def test_last_membership_deactivated_logs_her_out(client, world):
    teammate = world.people["teammate"]
    login_as(client, teammate)
    teammate.is_active = False
    teammate.deactivated_at = teammate.created_at
    teammate.save()
    response = client.get(url_for(world, "case_detail"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_consent_for_a_different_purpose_does_not_open_the_case(client, world, org_mh):
    """Consent to org_mh for statistics names no recipient and lets nobody in."""
    give_consent(world.case, actor=world.people["lead"].user, purpose=ConsentPurpose.STATISTICS, recipient=org_mh)
    assert Consent.objects.filter(case=world.case, recipient_organisation=org_mh).count() == 0
    login_as(client, world.people["other_org_caseworker"])
    assert client.get(url_for(world, "case_detail")).status_code == 404
