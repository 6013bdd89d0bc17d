"""The case hub through the API: the same visibility, masking, rules and logging as the web pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import AccessLogEntry, Case, CaseNote
from consortium.models import Role
from survivors.models import Consent
from tests.api.helpers import api_client, url
from tests.cases.helpers import FULL_NAME, PHONE, make_pdf, open_survivor_case

A = AccessLogEntry.Action


@pytest.fixture
def people(make_member, org_wb, org_mh, secretariat):
    lead = make_member(Role.CASEWORKER, org_wb)
    return {
        "lead": lead,
        "outsider": make_member(Role.CASEWORKER, org_mh),
        "coordinator": make_member(Role.COORDINATOR, secretariat),
        "case": open_survivor_case(lead),
    }


def test_the_list_holds_exactly_the_cases_she_may_see(people, make_member, org_mh):
    other_case = open_survivor_case(people["outsider"], survivor={"full_name": "Other Person"})
    mine = api_client(people["lead"], "read").get(url("cases/")).json()
    assert [row["reference"] for row in mine["results"]] == [people["case"].reference]
    assert mine["results"][0]["survivor_name"] == FULL_NAME
    coordinator = api_client(people["coordinator"], "read").get(url("cases/")).json()
    rows = {row["reference"]: row for row in coordinator["results"]}
    assert set(rows) == {people["case"].reference, other_case.reference}
    assert all(row["survivor_name"] is None and row["identity_visible"] is False for row in rows.values())
    assert FULL_NAME not in str(coordinator)


def test_a_case_she_may_not_see_is_the_same_404_as_none(people):
    client = api_client(people["outsider"], "read")
    hidden = client.get(url(f"cases/{people['case'].pk}/"))
    missing = client.get(url("cases/999999/"))
    huge = client.get(url(f"cases/{2**70}/"))
    assert hidden.status_code == missing.status_code == huge.status_code == 404
    assert hidden.json() == missing.json() == huge.json() == {"code": "not_found", "detail": "Not found."}
    # an address no endpoint answers: the same JSON, not an HTML page
    nowhere = client.get(url(f"cases/{people['case'].pk}/team/not-a-number/"))
    assert nowhere.status_code == 404 and nowhere.json() == hidden.json()
    denied = AccessLogEntry.objects.filter(user=people["outsider"].user, action=A.DENIED)
    assert denied.filter(case=people["case"]).count() == 1


def test_her_identity_is_masked_exactly_as_on_the_web(people):
    case = people["case"]
    full = api_client(people["lead"], "read").get(url(f"cases/{case.pk}/survivor/")).json()
    assert full["masked"] is False and full["full_name"] == FULL_NAME and PHONE in full["phone_numbers"]
    masked = api_client(people["coordinator"], "read").get(url(f"cases/{case.pk}/survivor/")).json()
    assert masked == {
        "masked": True,
        "pseudonym": case.survivor.pseudonym,
        "sex": case.survivor.sex,
        "minor_at_offence": case.survivor.minor_at_offence,
        "origin_state": case.survivor.origin_state.code if case.survivor.origin_state else None,
    }
    actions = list(
        AccessLogEntry.objects.filter(case=case, target="api: survivor").order_by("pk").values_list("action", "user")
    )
    assert actions == [(A.VIEW_IDENTITY, people["lead"].user.pk), (A.VIEW_CASE, people["coordinator"].user.pk)]


def test_list_filters_and_bad_filters(people):
    client = api_client(people["lead"], "read")
    ref = people["case"].reference
    assert [r["reference"] for r in client.get(url("cases/"), {"reference": ref[:7].lower()}).json()["results"]] == [
        ref
    ]
    assert client.get(url("cases/"), {"status": "closed"}).json()["results"] == []
    bad = client.get(url("cases/"), {"status": "sideways", "state": "XX", "opened_after": "yesterday"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"status", "state", "opened_after"}
    assert client.get(url("cases/"), {"ordering": "survivor__full_name"}).status_code == 200  # ignored, not a leak


def test_cursor_pages_walk_every_case_once(people):
    lead = people["lead"]
    for _ in range(4):
        open_survivor_case(lead)
    client = api_client(lead, "read")
    seen, page = [], client.get(url("cases/"), {"page_size": 2}).json()
    while True:
        seen += [row["id"] for row in page["results"]]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    assert len(seen) == len(set(seen)) == Case.objects.count() == 5


def test_search_by_name_is_posted_and_finds_only_cases_whose_identity_she_sees(people):
    lead = api_client(people["lead"], "read")
    found = lead.post(url("cases/search/"), {"text": FULL_NAME}, format="json")
    assert found.status_code == 200 and [r["reference"] for r in found.json()] == [people["case"].reference]
    coordinator = api_client(people["coordinator"], "read")
    assert coordinator.post(url("cases/search/"), {"text": FULL_NAME}, format="json").json() == []
    assert AccessLogEntry.objects.filter(action=A.SEARCH, user=people["lead"].user).count() == 1
    entries = AccessLogEntry.objects.values_list("target", "reason", "path")
    assert all(FULL_NAME not in " ".join(entry) for entry in entries)


@pytest.mark.parametrize(
    "body, content_type, status, code",
    [
        ("{not json", "application/json", 400, "parse_error"),
        ('{"body": 42, "visibility": "team"}', "application/json", 400, "invalid"),  # a number is not text
        ('{"body": "hi", "colour": "red"}', "application/json", 400, "invalid"),
        ('["a list"]', "application/json", 400, "invalid"),
        ('{"body": "hi", "visibility": "everyone"}', "application/json", 400, "invalid"),
        ('{"body": "   "}', "application/json", 400, "invalid"),
        ("body=hi", "text/plain", 415, "unsupported_media_type"),
        ("body=hi", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_bad_input_to_a_write_is_a_clear_4xx_and_saves_nothing(people, body, content_type, status, code):
    client = api_client(people["lead"], "write")
    response = client.generic("POST", url(f"cases/{people['case'].pk}/notes/"), body, content_type=content_type)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert not CaseNote.objects.exists()


def test_a_service_refusal_names_the_field(people):
    client = api_client(people["lead"], "write")
    response = client.post(
        url(f"cases/{people['case'].pk}/notes/"), {"body": "x", "visibility": "lawyers"}, format="json"
    )
    assert response.json() == {
        "code": "invalid",
        "detail": "The request was not accepted: see errors.",
        "errors": {"visibility": ["Only lawyers on the case write lawyers-only notes."]},
    }
    assert not CaseNote.objects.exists()


def test_an_oversized_body_is_413(people, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = api_client(people["lead"], "write")
    response = client.post(url(f"cases/{people['case'].pk}/notes/"), {"body": "x" * 5000}, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not CaseNote.objects.exists()


def test_consent_recorded_and_withdrawn_through_the_service(people):
    case = people["case"]
    client = api_client(people["lead"], "write")
    bad = client.post(url(f"cases/{case.pk}/consents/"), {"purpose": "statistics", "method": "written"}, format="json")
    assert bad.status_code == 400 and "given_on" in bad.json()["errors"]
    before = Consent.objects.count()
    made = client.post(
        url(f"cases/{case.pk}/consents/"),
        {"purpose": "statistics", "method": "written", "given_on": "2026-11-01"},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "in_force" and Consent.objects.count() == before + 1
    consent_id = made.json()["id"]
    withdrawn = client.post(
        url(f"cases/{case.pk}/consents/{consent_id}/withdraw/"), {"note": "her wish"}, format="json"
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert Consent.objects.get(pk=consent_id).withdrawal_note == "her wish"
    # not on the team: 404, nothing recorded
    outsider = api_client(people["outsider"], "write")
    assert (
        outsider.post(
            url(f"cases/{case.pk}/consents/"),
            {"purpose": "statistics", "method": "written", "given_on": "2026-11-01"},
            format="json",
        ).status_code
        == 404
    )
    assert Consent.objects.count() == before + 1


def test_a_document_uploaded_and_downloaded_as_on_the_web(people):
    case = people["case"]
    client = api_client(people["lead"], "write")
    pdf = make_pdf()
    response = client.post(
        url(f"cases/{case.pk}/documents/"),
        {
            "doc_type": "statement",
            "title": "Her statement",
            "file": SimpleUploadedFile("s.pdf", pdf, "application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    document_id = response.json()["id"]
    download = client.get(url(f"cases/{case.pk}/documents/{document_id}/download/"))
    assert download.status_code == 200 and download.content == pdf
    entry = AccessLogEntry.objects.filter(action=A.DOWNLOAD_DOCUMENT).latest("pk")
    assert entry.target == f"api: document {document_id}" and entry.case_id == case.pk
    fake = client.post(
        url(f"cases/{case.pk}/documents/"),
        {
            "doc_type": "statement",
            "title": "x",
            "file": SimpleUploadedFile("s.pdf", b"MZ not a pdf", "application/pdf"),
        },
        format="multipart",
    )
    assert fake.status_code == 400
    assert fake.json()["errors"] == {
        "non_field_errors": [
            "Only PDF, JPEG, PNG or DOCX files can be uploaded; this file's content is not one of them."
        ]
    }
    assert case.documents.count() == 1


def test_a_write_is_logged_as_an_api_call_with_its_token(people):
    client = api_client(people["lead"], "write")
    client.post(url(f"cases/{people['case'].pk}/notes/"), {"body": "Visited."}, format="json")
    entry = AccessLogEntry.objects.filter(action=A.API_CALL).latest("pk")
    assert entry.target == "api: notes POST 201"
    assert entry.reason.startswith("API token nyk_")


def test_the_schema_and_docs_are_served(people):
    client = api_client(people["lead"], "read")
    schema = client.get(url("schema/"), HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.") and "/api/v1/cases/" in document["paths"]
    assert document["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"
    docs = client.get(url("docs/"))
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()
    # No inline style for the Content-Security-Policy to block: the page's rules are in a file.
    assert b"<style" not in docs.content and b"api/swagger.css" in docs.content


def test_the_list_costs_the_same_queries_for_more_cases(people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client(people["lead"], "read")
    client.get(url("cases/"))  # the token's last use is written once a minute: not in the count
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("cases/")).status_code == 200
    for _ in range(5):
        open_survivor_case(people["lead"])
    with CaptureQueriesContext(connection) as more:
        assert len(client.get(url("cases/")).json()["results"]) == 6
    assert len(more) == len(few)
