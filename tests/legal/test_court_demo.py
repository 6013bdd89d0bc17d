"""The demo shows every court feature to the demo logins, and seeding twice changes nothing."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import Deadline
from legal import court_selectors
from legal.models import (
    Appeal,
    BailApplication,
    CourtCase,
    CourtStage,
    Hearing,
    JudgmentOutcome,
    LawyerReview,
    WitnessProtection,
)


def _snapshot():
    return (
        sorted(CourtCase.objects.values_list("pk", "stage", "version")),
        Hearing.objects.count(),
        BailApplication.objects.count(),
        LawyerReview.objects.count(),
    )


def test_demo_court_shows_every_feature_and_seeds_once(client, db):
    from consortium.models import User

    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first

    assert set(CourtCase.objects.values_list("stage", flat=True)) == set(CourtStage.values)
    assert Hearing.objects.filter(status="adjourned").exclude(adjournment_reason="").count() >= 5
    assert Hearing.objects.filter(survivor_deposed=True).exists()
    assert JudgmentOutcome.objects.filter(outcome="convicted").exists()
    acquitted = JudgmentOutcome.objects.filter(outcome="acquitted", court_accused__appeals__isnull=False)
    assert acquitted.exists() or Appeal.objects.filter(court_case__stage="appeal").exists()
    today = timezone.localdate()
    days = court_selectors.bail_decision_days()
    assert any(court_selectors.bail_is_overdue(a, today=today, days=days) for a in BailApplication.objects.all())
    assert WitnessProtection.objects.filter(status="granted").exists()
    assert CourtCase.objects.filter(ecourts_stage__gt="", ecourts_stage_mapped="").exists()  # flagged phrase
    assert Deadline.objects.filter(rule__workflow="court", status="open").exists()
    for username in ("lawyer_wb", "lawyer_mh"):
        lawyer = User.objects.get(username=username)
        statuses = set(LawyerReview.objects.filter(lawyer=lawyer).values_list("status", flat=True))
        assert statuses == {"open", "signed_off"}, username
        assert court_selectors.hearings_coming(lawyer, days=7), username
        client.force_login(lawyer)
        assert "Your hearings this week" in client.get(reverse("home")).content.decode()
    cw_wb = User.objects.get(username="cw_wb")
    must = court_selectors.hearings_coming(cw_wb, days=30, must_attend_only=True)
    next_week = [h for h in must if 7 <= (h.on - today).days <= 14]
    assert next_week and next_week[0].on - today >= datetime.timedelta(days=7)
