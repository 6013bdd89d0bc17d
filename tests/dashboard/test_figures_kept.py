"""The dashboard's figures are kept for a short while per scope (dashboard.metrics.
dashboard_metrics_kept): the page says when they were counted, "Count again now" recounts, and no
one is ever shown figures counted for another scope."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.factories import open_case


@pytest.fixture
def kept(settings):
    settings.DASHBOARD_FIGURES_SECONDS = 120
    cache.clear()
    yield
    cache.clear()


def cases_counted(client, query="") -> int:
    response = client.get(reverse("dashboard:dashboard") + query)
    assert response.status_code == 200
    return response.context["metrics"].counts["cases"]


def test_the_figures_are_kept_then_counted_again_on_request(world, people, login, kept):
    client = login(people["coordinator"])
    with CaptureQueriesContext(connection) as first:
        page = client.get(reverse("dashboard:dashboard"))
    body = page.content.decode()
    assert page.context["metrics"].counts["cases"] == 5
    assert "Figures as of" in body and "kept for 2 min" in body and "fresh=1" in body

    open_case(people["lead_a"], rescued_on=None)
    with CaptureQueriesContext(connection) as second:
        assert cases_counted(client) == 5  # kept: the new case is not counted yet
    assert len(second.captured_queries) < len(first.captured_queries) - 10

    assert cases_counted(client, "?fresh=1") == 6  # "Count again now"
    assert cases_counted(client) == 6  # and kept from then on


def test_each_scope_and_filter_has_its_own_figures(world, people, login, kept, client):
    assert cases_counted(login(people["coordinator"])) == 5
    assert cases_counted(login(people["admin_a"])) == 4  # her organisation's cases only
    assert cases_counted(login(people["admin_b"])) == 1
    assert cases_counted(login(people["coordinator"]), "?state=JH") == 1
    assert cases_counted(login(people["coordinator"])) == 5


def test_keeping_figures_opens_the_dashboard_to_no_one_new(world, people, login, kept):
    assert cases_counted(login(people["coordinator"])) == 5
    for who in ("lead_a", "lawyer_a"):
        assert login(people[who]).get(reverse("dashboard:dashboard")).status_code == 404


def test_with_keeping_off_the_page_says_nothing_of_it(world, people, login, settings):
    settings.DASHBOARD_FIGURES_SECONDS = 0
    body = login(people["coordinator"]).get(reverse("dashboard:dashboard")).content.decode()
    assert "Figures as of" not in body
