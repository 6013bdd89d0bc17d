"""The case list counts at most COUNT_CAP cases (issue 17): up to the cap she reads the exact
number and "Page n of m"; above it "More than N cases" and Previous / Next page by page, without
the database counting every case of a national list on every page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import views
from cases.factories import open_case
from config.paging import CappedPaginator

from .helpers import case_rows, result_count


@pytest.fixture
def five_cases(lead):
    return [open_case(lead) for _ in range(5)]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)


def references(response) -> list[str]:
    return re.findall(r"WB-\d{4}-\d{4}", case_rows(response))


def listed(client, **params):
    response = client.get(reverse("case_list"), params)
    assert response.status_code == 200
    return response


def test_up_to_the_cap_the_count_and_pages_are_exact(client, lead, five_cases, small_pages, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 5)
    client.force_login(lead.user)
    first = listed(client)
    assert result_count(first) == 5
    assert "Page 1 of 3" in first.content.decode()


def test_above_the_cap_she_reads_more_than_and_pages_on(client, lead, five_cases, small_pages, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    client.force_login(lead.user)
    newest_first = [c.reference for c in reversed(five_cases)]

    first = listed(client)
    body = first.content.decode()
    assert "More than 3 cases" in body
    assert '<p class="result-count">' in body and "5 cases" not in body
    assert "Page 1" in body and "Page 1 of" not in body
    assert 'href="?page=2">Next</a>' in body and "Previous" not in body
    assert references(first) == newest_first[:2]

    second = listed(client, page=2)
    assert references(second) == newest_first[2:4]
    assert 'href="?page=1">Previous</a>' in second.content.decode()
    assert 'href="?page=3">Next</a>' in second.content.decode()

    last = listed(client, page=3)
    assert references(last) == newest_first[4:]
    assert "Next" not in case_rows(last)


@pytest.mark.parametrize("page", ["9", "abc", "0", "-1", str(10**30)])
def test_a_page_past_the_end_or_not_a_page_shows_the_first(client, lead, five_cases, small_pages, monkeypatch, page):
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    client.force_login(lead.user)
    response = listed(client, page=page)
    assert references(response) == [c.reference for c in reversed(five_cases)][:2]


def test_the_capped_list_costs_the_same_queries(client, lead, five_cases, small_pages, monkeypatch):
    client.force_login(lead.user)
    listed(client)  # warm-up: session, content types
    with CaptureQueriesContext(connection) as exact:
        listed(client)
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    with CaptureQueriesContext(connection) as capped:
        listed(client, page=2)
    assert len(capped.captured_queries) == len(exact.captured_queries)
    # The count stops at the cap + 1 and reads neither the order nor the page's columns.
    counts = [
        q["sql"] for q in capped.captured_queries if q["sql"].startswith('SELECT COUNT(*) FROM (SELECT "cases_case"')
    ]
    assert len(counts) == 1
    assert "LIMIT 4" in counts[0] and "ORDER BY" not in counts[0] and "narrative" not in counts[0]


def test_the_paginator_alone(lead, five_cases):
    from cases.models import Case

    cases = Case.objects.order_by("-opened_at", "-pk")
    exact = CappedPaginator(cases, 2, cap=5)
    assert (exact.count, exact.is_capped, exact.num_pages) == (5, False, 3)
    capped = CappedPaginator(cases, 2, cap=4)
    assert (capped.count, capped.is_capped) == (5, True)
    page = capped.get_page(3)
    assert (page.start_index(), page.end_index(), page.has_next(), page.has_previous()) == (5, 5, False, True)
    page = capped.get_page(2)
    assert (page.start_index(), page.end_index(), page.has_next(), page.next_page_number()) == (3, 4, True, 3)
