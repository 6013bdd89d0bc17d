"""The demo shows a deadline entered from paper: cw_wb is asked "was it met?" (cases.demo)."""

import csv
import io
from html import escape

import pytest
from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse

from cases.demo import seed_cases
from cases.models import Deadline
from consortium import demo
from consortium.models import User


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo people and cases (not the workflows: they are tests/test_demo.py's)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            demo.seed(password=settings.DEMO_PASSWORD)
            seed_cases()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(seeded, db):
    """The seeded demo, in a savepoint rolled back after the test."""


def test_demo_case_asks_was_it_met_for_a_deadline_entered_from_paper(client, demo_db):
    paper = Deadline.objects.to_review().get(subject_key="demo:paper-fir")
    assert paper.due_on < paper.created_at.date()
    assert not Deadline.objects.overdue().filter(pk=paper.pk).exists()
    client.force_login(User.objects.get(username="cw_wb"))
    tab = client.get(reverse("cases:case_deadlines", args=[paper.case_id])).content.decode()
    assert "Due before it was entered: was it met?" in tab and escape(paper.title) in tab
    work = client.get(reverse("work:my_work")).content.decode()
    assert "To review: entered from paper" in work and escape(paper.title) in work
    client.force_login(User.objects.get(username="coordinator"))
    assert escape(paper.title) not in client.get(reverse("work:overdue_board")).content.decode()


def test_seeding_again_adds_no_second_paper_deadline(demo_db):
    assert seed_cases() == 0
    assert Deadline.objects.filter(subject_key="demo:paper-fir").count() == 2


def test_demo_paper_deadline_answered_missed_is_counted_on_the_dashboard_not_as_overdue(client, demo_db):
    missed = Deadline.objects.missed().get(subject_key="demo:paper-fir")
    assert missed.met_on is None and missed.close_reason == "The file has no letter from the police to her."
    assert not Deadline.objects.overdue().filter(pk=missed.pk).exists()
    client.force_login(User.objects.get(username="coordinator"))
    export = client.get(reverse("dashboard:dashboard_export_table", args=["overdue", "csv"])).content.decode()
    rows = list(csv.reader(io.StringIO(export.lstrip("\ufeff"))))
    header = next(r for r in rows if r and r[0] == "Workflow")
    assert header[3] == "Recorded missed"
    investigation = next(r for r in rows if r and r[0] == "Investigation")
    # One missed deadline: counted (small numbers are shown as "<5" to coordinators), never 0.
    assert Deadline.objects.missed().filter(rule__workflow="investigation").count() == 1
    assert investigation[3] == "<5"
