"""Pages that show identity are never stored by a browser or proxy (shared office computers)."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from cases.models import CaseDocument
from config.middleware_security import NoStoreMiddleware
from consortium.models import Role
from tests.cases.helpers import FULL_NAME, open_survivor_case, upload_document
from tests.url_names import qualified


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lead(make_member, org_wb):
    return make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")


@pytest.fixture
def case(lead):
    return open_survivor_case(lead)


def logged_in(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def assert_not_stored(response):
    """no-store (and Pragma for old proxies); a page the middleware marked is also private."""
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "no-store" in cache_control
    assert response["Pragma"] == "no-cache"
    return cache_control


def test_case_and_survivor_pages_are_not_stored(lead, case):
    client = logged_in(lead)
    for name in ("case_detail", "survivor_detail"):
        response = client.get(reverse(qualified(name), args=[case.pk]))
        assert response.status_code == 200
        assert assert_not_stored(response) == {"no-store", "private"}
    assert FULL_NAME in response.content.decode()


def test_case_list_and_home_are_not_stored(lead, case):
    client = logged_in(lead)
    for url in (reverse("cases:case_list"), reverse("home")):
        response = client.get(url)
        assert response.status_code == 200
        assert_not_stored(response)


def test_document_download_is_not_stored(lead, case):
    upload_document(case, lead.user)
    document = CaseDocument.objects.get()
    response = logged_in(lead).get(
        reverse("cases:case_document_download", kwargs={"case_id": case.pk, "document_id": document.pk})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert_not_stored(response)


def test_dashboard_export_is_not_stored(make_member, secretariat, case):
    coordinator = make_member(Role.COORDINATOR, secretariat)
    response = logged_in(coordinator).get(reverse("dashboard:dashboard_export_table", args=["stages", "csv"]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    assert_not_stored(response)


def test_login_page_is_not_stored(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_refused_case_page_is_not_stored_either(make_member, org_mh, case):
    response = logged_in(make_member(Role.CASEWORKER, org_mh)).get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 404
    assert_not_stored(response)


def test_a_view_that_chose_its_cache_control_keeps_it(lead):
    request = RequestFactory().get("/anything/")
    request.user = lead.user

    def view(_request):
        response = HttpResponse("x")
        response["Cache-Control"] = "max-age=60"
        return response

    response = NoStoreMiddleware(view)(request)
    assert response["Cache-Control"] == "max-age=60"
    assert not response.has_header("Pragma")


def test_anonymous_pages_without_attachment_are_left_alone(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/anything/")
    request.user = AnonymousUser()
    response = NoStoreMiddleware(lambda _r: HttpResponse("x"))(request)
    assert not response.has_header("Cache-Control")
