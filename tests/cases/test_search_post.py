"""A survivor's name or phone number never travels in a URL (issue 16).

The case search is posted (with its CSRF token) and its results are shown in the answer; a
later page of the results carries an opaque token that stands for the search in the searcher's
own session. An address with ?q=<her name> is not searched and the name is not sent back.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cases import views
from cases.models import AccessLogEntry

from .helpers import FULL_NAME, PHONE, PHONE_DIGITS, case_rows, open_survivor_case, result_count

NAME_PARTS = (FULL_NAME, FULL_NAME.split()[0], FULL_NAME.split()[1], PHONE, PHONE_DIGITS, "Quorvash")


def logged_in(membership, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(membership.user)
    return client


def hrefs(response) -> list[str]:
    return re.findall(r'(?:href|action|hx-get|hx-post|hx-push-url)="([^"]*)"', response.content.decode())


def assert_names_nothing(response) -> None:
    """No address the answer gives (redirect, HTMX history, links, form targets) carries her identity."""
    addresses = [response.get("Location", ""), response.get("HX-Push-Url", ""), response.get("HX-Location", "")]
    if response.get("Content-Type", "").startswith("text/html"):
        addresses += hrefs(response)
    for address in addresses:
        for text in NAME_PARTS:
            for form in (text, text.replace(" ", "+"), text.replace(" ", "%20")):
                assert form.lower() not in address.lower(), (form, address)


@pytest.fixture
def other_case(lead):
    """A second case of hers (a synthetic survivor of another name), so an unsearched list shows two."""
    return open_survivor_case(
        lead, survivor={"full_name": "Other Survivor Xylo", "other_names": [], "phone_numbers": ["70011 22334"]}
    )


def test_the_search_form_is_posted_with_its_csrf_token_and_pushes_no_address(case, lead):
    page = logged_in(lead).get(reverse("cases:case_list"))
    html = page.content.decode()
    form = re.search(r'<form[^>]*role="search"[^>]*>', html).group(0)
    assert 'method="post"' in form
    assert f'hx-post="{reverse("cases:case_list")}"' in form
    assert "hx-get" not in form and "hx-push-url" not in form
    assert 'name="csrfmiddlewaretoken"' in html.split(form, 1)[1].split("</form>", 1)[0]


def test_she_is_found_by_name_and_by_phone_through_a_post(case, other_case, lead):
    client = logged_in(lead)
    for text in (FULL_NAME, FULL_NAME.upper(), PHONE, "+91 " + PHONE_DIGITS):
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(reverse("cases:case_list"), {"q": text}, **headers)
            assert response.status_code == 200
            assert result_count(response) == 1, text
            rows = case_rows(response)
            assert case.reference in rows and other_case.reference not in rows
            assert "HX-Push-Url" not in response
            assert_names_nothing(response)


def test_a_post_without_its_csrf_token_is_refused_and_searches_nothing(case, lead):
    client = logged_in(lead, enforce_csrf_checks=True)
    refused = client.post(reverse("cases:case_list"), {"q": FULL_NAME})
    assert refused.status_code == 403
    assert case.reference not in refused.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.SEARCH).exists()
    page = client.get(reverse("cases:case_list"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    found = client.post(reverse("cases:case_list"), {"q": FULL_NAME, "csrfmiddlewaretoken": token})
    assert found.status_code == 200
    assert result_count(found) == 1


def test_a_name_in_the_address_is_not_searched_and_not_sent_back(case, other_case, lead):
    client = logged_in(lead)
    for text in (FULL_NAME, PHONE):
        response = client.get(reverse("cases:case_list"), {"q": text, "status": "open"})
        assert response.status_code == 302
        assert_names_nothing(response)
        assert "q=" not in response["Location"]
        assert "status=open" in response["Location"]  # the filters that name no one are kept
        followed = client.get(response["Location"])
        assert followed.status_code == 200
        assert result_count(followed) == 2  # not searched: both cases listed
        assert "never searched from the page address" in followed.content.decode()
        assert_names_nothing(followed)
        assert f'value="{text}"' not in followed.content.decode()  # not echoed into the search box either
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.SEARCH).exists()


def test_a_later_page_of_a_search_carries_a_token_never_the_name(case, lead, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    second = open_survivor_case(lead)  # the same (synthetic) name and phone: two cases match
    unrelated = open_survivor_case(
        lead, survivor={"full_name": "Other Survivor Xylo", "other_names": [], "phone_numbers": ["70011 22334"]}
    )
    client = logged_in(lead)
    first_page = client.post(reverse("cases:case_list"), {"q": FULL_NAME, "status": "open"})
    assert result_count(first_page) == 2
    assert_names_nothing(first_page)
    next_link = re.search(r'href="\?([^"]*page=2)"', first_page.content.decode()).group(1)
    assert "status=open" in next_link and "search=" in next_link and "q=" not in next_link

    second_page = client.get(f"{reverse('cases:case_list')}?{next_link.replace('&amp;', '&')}")
    assert second_page.status_code == 200
    assert result_count(second_page) == 2  # still the search: the unrelated case is not counted
    rows = {case.reference, second.reference} & set(re.findall(r"WB-\d{4}-\d{4}", case_rows(second_page)))
    assert len(rows) == 1
    assert unrelated.reference not in case_rows(second_page)
    assert_names_nothing(second_page)
    # The term is in her session, encrypted: not the name in plain text.
    stored = client.session[views.SEARCH_SESSION_KEY]
    assert stored and all(FULL_NAME not in value for value in stored.values())


def test_someone_elses_search_token_searches_nothing(case, other_case, lead, make_member, org_wb):
    client = logged_in(lead)
    client.post(reverse("cases:case_list"), {"q": FULL_NAME})
    token = next(iter(client.session[views.SEARCH_SESSION_KEY]))
    colleague_on_both = logged_in(lead)  # the same person in another browser: another session
    response = colleague_on_both.get(reverse("cases:case_list"), {"search": token})
    assert response.status_code == 200
    assert result_count(response) == 2  # the token means nothing outside the session that made it
    assert "That search has ended" in response.content.decode()


def test_a_search_is_logged_without_the_text_searched(case, lead):
    client = logged_in(lead)
    client.post(reverse("cases:case_list"), {"q": PHONE})
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.SEARCH)
    assert (entry.user, entry.case, entry.target, entry.path) == (lead.user, None, "case search", "/cases/")
    for text in NAME_PARTS:
        assert text not in entry.target + entry.reason + entry.path


def test_posting_only_filters_is_logged_as_a_view_of_the_list(case, lead):
    response = logged_in(lead).post(reverse("cases:case_list"), {"q": "", "status": "open"}, HTTP_HX_REQUEST="true")
    assert result_count(response) == 1
    entries = list(AccessLogEntry.objects.values_list("action", "target", "case"))
    assert entries == [(AccessLogEntry.Action.VIEW_LIST, "case list", None)]


def test_a_reference_is_found_from_its_beginning_in_any_case_of_letters(case, other_case, lead):
    """The reference search matches a prefix, answered from the reference's index (issue 17):
    the whole reference or its beginning finds the case, in capitals or not; a piece from its
    middle does not (a match anywhere read every case in the country)."""
    client = logged_in(lead)
    found = lambda text: result_count(client.post(reverse("cases:case_list"), {"q": text}))  # noqa: E731
    state, year, number = case.reference.split("-")
    assert found(case.reference) == 1
    assert found(case.reference.lower()) == 1
    assert found(f"{state}-{year}") == 2  # both of hers were opened this year in her state
    assert found(f"{state.lower()}-") == 2
    assert found(f"{year}-{number}") == 0
    assert found(f"ZZ-{year}") == 0
