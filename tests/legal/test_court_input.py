"""Rich input never breaks the court pages: CNR numbers, eCourts phrases, amounts and hearing
dates of every shape give a field error or a valid record, never a 500 and never a bad record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legal.court import ecourts
from legal.models import CourtStage, Hearing
from legal.models.court import cnr_problem, normalise_cnr

from .court_helpers import make_court_case

LETTERS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4)


@given(text=st.text(max_size=40))
def test_any_cnr_text_is_valid_or_explained(text):
    problem = cnr_problem(normalise_cnr(text))
    assert problem is None or isinstance(problem, str)


@given(
    letters=LETTERS,
    establishment=st.integers(min_value=0, max_value=99),
    serial=st.integers(min_value=1, max_value=999999),
    year=st.integers(min_value=1950, max_value=timezone.localdate().year),
)
def test_every_well_formed_cnr_is_accepted(letters, establishment, serial, year):
    cnr = f"{letters}{establishment:02d}{serial:06d}{year}"
    assert cnr_problem(cnr) is None
    assert cnr_problem(normalise_cnr(f" {cnr[:4].lower()}-{cnr[4:10]} {cnr[10:]} ")) is None


@given(year=st.integers(min_value=timezone.localdate().year + 1, max_value=9999))
def test_a_cnr_from_a_future_year_is_refused(year):
    assert cnr_problem(f"WBHW01001234{year}")


@given(text=st.text(max_size=120))
def test_any_ecourts_text_maps_to_a_stage_or_is_flagged(text):
    assert ecourts.map_stage(text, ecourts.PHRASES) in (*CourtStage.values, None)


@given(
    phrase=st.sampled_from(sorted(ecourts.PHRASES)),
    upper=st.booleans(),
    decoration=st.sampled_from(["", ".", " -", ":", "  "]),
)
def test_known_phrases_map_however_they_are_typed(phrase, upper, decoration):
    typed = (phrase.upper() if upper else phrase.title()) + decoration
    assert (
        ecourts.map_stage(typed, {ecourts.normalise(k): v for k, v in ecourts.PHRASES.items()})
        == ecourts.PHRASES[phrase]
    )


DAY = st.integers(min_value=-400, max_value=400).map(lambda n: timezone.localdate() + datetime.timedelta(days=n))
DATE_TEXT = st.one_of(DAY.map(datetime.date.isoformat), st.text(max_size=12), st.just(""))


@pytest.fixture
def trial(case, lead):
    return make_court_case(case, lead.user, stage="prosecution_evidence", start=-200)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    on=DATE_TEXT,
    next_date=DATE_TEXT,
    status=st.sampled_from(["held", "adjourned", "not_taken_up", "scheduled", "nonsense", ""]),
    reason=st.sampled_from(["", "judge_on_leave", "other", "bribe"]),
    deposed=st.booleans(),
    mode=st.sampled_from(["", "video_link", "teleport"]),
    attended=st.sampled_from(["", "true", "false", "perhaps"]),
    must_attend=st.booleans(),
)
def test_hearing_input_never_fails_and_never_saves_a_bad_hearing(
    client, lead, trial, on, next_date, status, reason, deposed, mode, attended, must_attend
):
    client.force_login(lead.user)
    post = {
        "on": on,
        "purpose": "prosecution_evidence",
        "status": status,
        "adjournment_reason": reason,
        "next_date": next_date,
        "survivor_attended": attended,
        "deposition_mode": mode,
    }
    if deposed:
        post["survivor_deposed"] = "on"
    if must_attend:
        post["survivor_must_attend"] = "on"
    before = set(Hearing.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("legal:hearing_add", kwargs={"case_id": trial.case_id, "court_case_id": trial.pk}), post
    )
    assert response.status_code in (200, 302)
    created = Hearing.objects.exclude(pk__in=before)
    if response.status_code == 200:
        assert not created.exists()
        return
    today = timezone.localdate()
    for hearing in created:
        if hearing.is_scheduled:  # the next date it made
            assert hearing.on >= today
            continue
        assert trial.earliest_date <= hearing.on <= today
        assert hearing.next_date is None or (hearing.next_date >= today and hearing.next_date > hearing.on)
        assert hearing.status != "adjourned" or hearing.adjournment_reason in ("judge_on_leave", "other")
        assert not hearing.survivor_deposed or hearing.deposition_mode == "video_link"
