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
from core.paging import CappedPaginator

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
    response = client.get(reverse("cases:case_list"), params)
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
    # Next carries the page's last case: the next page starts after it (keyset, below).
    ids = {c.reference: c.pk for c in five_cases}
    assert f'href="?page=2&amp;after={ids[newest_first[1]]}">Next</a>' in body and "Previous" not in body
    assert references(first) == newest_first[:2]

    second = listed(client, page=2)
    assert references(second) == newest_first[2:4]
    assert 'href="?page=1">Previous</a>' in second.content.decode()
    assert f'href="?page=3&amp;after={ids[newest_first[3]]}">Next</a>' in second.content.decode()

    last = listed(client, page=3)
    assert references(last) == newest_first[4:]
    assert ">Next</a>" not in case_rows(last)


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


# -- past the cap, pages are read by keyset: Next carries the page's last case, Previous its first --

NEXT = re.compile(r'href="\?([^"]*)">Next</a>')
PREVIOUS = re.compile(r'href="\?([^"]*)">Previous</a>')


def follow(client, link: str):
    return client.get(f"{reverse('cases:case_list')}?{link.replace('&amp;', '&')}")


@pytest.fixture
def eleven_cases(lead):
    """Eleven cases with ties in every sort: three opened at the same instant, two risk levels,
    rescue dates repeated and missing."""
    import datetime

    from django.utils import timezone

    from cases.models import Case

    today = timezone.localdate()
    rescues = [None, today, today, None, today - datetime.timedelta(days=3), None, today, None, None, today, None]
    cases = [
        open_case(lead, rescued_on=rescued, risk_level="high" if i % 3 == 0 else "medium")
        for i, rescued in enumerate(rescues)
    ]
    same = timezone.now() - datetime.timedelta(days=1)
    Case.objects.filter(pk__in=[cases[2].pk, cases[5].pk, cases[7].pk]).update(opened_at=same)
    return cases


def walk(client, params: dict, pattern) -> tuple[list[str], list[str]]:
    """Every reference read by following one link (Next or Previous) from a first page until it
    ends, and the links followed."""
    page = client.get(reverse("cases:case_list"), params)
    seen, links = references(page), []
    while match := pattern.search(case_rows(page)):
        links.append(match.group(1))
        page = follow(client, match.group(1))
        assert page.status_code == 200
        seen += references(page)
    return seen, links


@pytest.mark.parametrize("sort", ["", "opened_at", "reference", "-rescued_on", "-risk_level"])
def test_next_and_previous_walk_every_case_once_in_every_sort(client, lead, eleven_cases, monkeypatch, sort):
    from cases.models import Case
    from cases.selectors import case_list_for_page

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    monkeypatch.setattr(views, "COUNT_CAP", 4)
    client.force_login(lead.user)
    expected = [c.reference for c in case_list_for_page(lead.user, ordering=sort or "-opened_at")]
    assert len(expected) == Case.objects.count() == 11

    forwards, links = walk(client, {"sort": sort} if sort else {}, NEXT)
    assert forwards == expected
    # Page 3 onwards is read from the previous page's last case, not by an offset.
    assert [("after=" in link) for link in links] == [True, True, True]
    assert links[-1].endswith(f"page=4&amp;after={Case.objects.get(reference=expected[8]).pk}")

    # From the last page back to the first by Previous, each page the same as on the way forward.
    last = follow(client, links[-1])
    seen, backs = [references(last)], []
    while match := PREVIOUS.search(case_rows(last)):
        backs.append(match.group(1))
        last = follow(client, match.group(1))
        seen.insert(0, references(last))
    assert [ref for page in seen for ref in page] == expected
    assert [("before=" in link) for link in backs] == [True, True, False]  # page 1 needs no cursor


def test_a_deep_page_is_read_without_an_offset(client, lead, eleven_cases, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    monkeypatch.setattr(views, "COUNT_CAP", 4)
    client.force_login(lead.user)
    second = listed(client, page=2)
    link = NEXT.search(case_rows(second)).group(1)
    with CaptureQueriesContext(connection) as by_cursor:
        third = follow(client, link)
    with CaptureQueriesContext(connection) as by_offset:
        offset_third = listed(client, page=3)
    assert references(third) == references(offset_third)
    page_sql = [q["sql"] for q in by_cursor.captured_queries if "ORDER BY" in q["sql"] and "cases_case" in q["sql"]]
    assert page_sql and not any("OFFSET" in sql for sql in page_sql)
    assert any("OFFSET" in q["sql"] for q in by_offset.captured_queries)
    # The cursor costs one statement more than an offset (the cursor case's place in the order).
    assert len(by_cursor.captured_queries) == len(by_offset.captured_queries) + 1


@pytest.mark.parametrize("cursor", ["other", "missing", "abc", "-5", str(10**30), "²"])
def test_a_cursor_not_in_her_list_reads_the_page_by_its_number(
    client, lead, eleven_cases, make_member, org_mh, monkeypatch, cursor
):
    """Another organisation's case, a case that does not exist or a cursor that is not an id: the
    page is read by its number, the same as without a cursor, and tells nothing of that case."""
    from cases.models import Case

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    monkeypatch.setattr(views, "COUNT_CAP", 4)
    theirs = open_case(make_member(organisation=org_mh))
    value = {"other": str(theirs.pk), "missing": str(Case.objects.order_by("pk").last().pk + 100)}.get(cursor, cursor)
    client.force_login(lead.user)
    plain = listed(client, page=3)
    for key in ("after", "before"):
        response = listed(client, page=3, **{key: value})
        assert references(response) == references(plain)
        assert theirs.reference not in response.content.decode()


def test_most_recently_rescued_lists_cases_without_a_rescue_date_last(client, lead, eleven_cases):
    client.force_login(lead.user)
    response = listed(client, sort="-rescued_on")
    by_reference = {c.reference: c for c in eleven_cases}
    from cases.models import Case

    rescued = [Case.objects.get(pk=by_reference[ref].pk).rescued_on for ref in references(response)]
    dated = [d for d in rescued if d is not None]
    assert rescued == dated + [None] * (len(rescued) - len(dated))
    assert len(dated) == 5 and dated == sorted(dated, reverse=True)
