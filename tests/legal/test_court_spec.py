"""The court workflow on the one transition spec (legal.court.workflow): a step's form is
prefilled with what is recorded, submitting it keeps what is recorded, emptying a recorded value
needs "clear recorded values" and a reason; the own forms (sentence, appeal) keep that rule too;
people outside the case get 404; a trial entered from paper years later takes its real dates."""

import pytest
from django.urls import reverse

from cases.models import CaseEvent, StageTransition
from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation, Role
from legal.court import services as court_services
from legal.court.workflow import COURT
from legal.models import Appeal, CourtCase, Hearing, JudgmentOutcome

from .court_helpers import charge, file_appeal, make_court_case, move, outcome_rows, record_judgment, sentence
from .helpers import days

pytestmark = pytest.mark.django_db

REASON = "SIDE-REASON-Qz: the High Court called for the record"


def _url(court_case, transition):
    return reverse(
        "legal:court_case_move",
        kwargs={"case_id": court_case.case_id, "court_case_id": court_case.pk, "transition": transition},
    )


@pytest.fixture
def resumed(case, lawyer):
    """A trial stayed once by the High Court (with its reason), then resumed: a second stay's form
    holds the court and the reason recorded."""
    court_case = make_court_case(case, lawyer.user, stage="charges_framed")
    court_case = move(court_case, lawyer.user, "stay", -40, stayed_by="High Court at Calcutta", side_reason=REASON)
    return move(court_case, lawyer.user, "resume", -30)


def test_every_court_transition_is_a_step_with_a_label_and_a_source():
    transitions = {t.name for t in CourtCase._meta.get_field("stage").get_all_transitions(CourtCase)}
    assert transitions == set(COURT.by_name)
    for step in COURT.steps:
        assert str(step.label).strip() and step.source, step.name
    assert {s.name for s in COURT.steps if s.own_form} == {"pronounce_judgment", "pass_sentence", "file_appeal"}


@pytest.mark.parametrize("who", ["lawyer", "lead"])
def test_a_step_form_is_prefilled_and_submitting_it_keeps_what_is_recorded(client, resumed, who, request):
    person = request.getfixturevalue(who)
    client.force_login(person.user)
    page = client.get(_url(resumed, "stay"))
    form = page.context["form"]
    assert form.initial["stayed_by"] == "High Court at Calcutta"
    assert form.initial["side_reason"] == REASON
    # The date of the earlier stay (since resumed from) is not offered as this one's.
    assert "stayed_on" not in form.initial
    body = page.content.decode()
    assert 'value="High Court at Calcutta"' in body and "Clear a recorded value" in body
    response = client.post(
        _url(resumed, "stay"),
        {
            "version": resumed.version,
            "stayed_on": days(-5).isoformat(),
            "stayed_by": "High Court at Calcutta",
            "side_reason": REASON,
        },
    )
    assert response.status_code == 302
    stayed = CourtCase.objects.get(pk=resumed.pk)
    assert (stayed.stage, stayed.stayed_on, stayed.stayed_by, stayed.side_reason) == (
        "stayed",
        days(-5),
        "High Court at Calcutta",
        REASON,
    )
    row = StageTransition.objects.filter(subject_key=f"legal.courtcase:{resumed.pk}", transition="stay").latest("pk")
    assert row.effective_on == days(-5) and "side_reason" not in row.data


def test_emptying_a_recorded_value_is_refused_unless_confirmed_with_a_reason(client, resumed, lawyer):
    client.force_login(lawyer.user)
    post = {
        "version": resumed.version,
        "stayed_on": days(-5).isoformat(),
        "stayed_by": "High Court at Calcutta",
        "side_reason": "",
    }
    refused = client.post(_url(resumed, "stay"), post)
    assert refused.status_code == 200
    assert "is recorded here" in " ".join(refused.context["form"].errors["side_reason"])
    assert refused.context["form"].show_clear and '<details class="clear-recorded" open>' in refused.content.decode()
    unchanged = CourtCase.objects.get(pk=resumed.pk)
    assert (unchanged.stage, unchanged.side_reason, unchanged.version) == ("charges_framed", REASON, resumed.version)
    no_reason = client.post(_url(resumed, "stay"), {**post, "confirm_clear": "on"})
    assert no_reason.status_code == 200 and CourtCase.objects.get(pk=resumed.pk).side_reason == REASON
    done = client.post(
        _url(resumed, "stay"), {**post, "confirm_clear": "on", "clear_reason": "Entered on the wrong trial"}
    )
    assert done.status_code == 302
    cleared = CourtCase.objects.get(pk=resumed.pk)
    assert (cleared.stage, cleared.side_reason, cleared.stayed_by) == ("stayed", "", "High Court at Calcutta")
    row = StageTransition.objects.filter(subject_key=f"legal.courtcase:{resumed.pk}", transition="stay").latest("pk")
    assert row.data["cleared"] == ["side_reason"] and "Entered on the wrong trial" in row.note


def test_a_new_stay_needs_its_own_date(resumed, lawyer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        court_services.court_case_transition(
            actor=lawyer.user,
            court_case=resumed,
            transition="stay",
            expected_version=resumed.version,
            data={"stayed_on": days(-40)},
        )
    assert "last resumed on" in " ".join(refused.value.message_dict["stayed_on"])
    assert CourtCase.objects.get(pk=resumed.pk).stage == "charges_framed"


def test_outsiders_get_404_on_a_step_and_nothing_moves(client, resumed, make_member):
    network = OrganisationFactory(kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB"))
    outsider = make_member(Role.LAWYER, network)
    client.force_login(outsider.user)
    assert client.get(_url(resumed, "stay")).status_code == 404
    post = {"version": resumed.version, "stayed_on": days(-5).isoformat(), "stayed_by": "Qz Court"}
    assert client.post(_url(resumed, "stay"), post).status_code == 404
    assert CourtCase.objects.get(pk=resumed.pk).stage == "charges_framed"


def test_own_form_and_unknown_steps_have_no_step_page(client, resumed, lawyer):
    client.force_login(lawyer.user)
    for name in ("pronounce_judgment", "pass_sentence", "file_appeal", "no_such_step"):
        assert client.get(_url(resumed, name)).status_code == 404, name


def test_the_committal_names_the_sessions_court_on_the_step_form(client, case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="copies_supplied", firs=None)
    client.force_login(lawyer.user)
    form = client.get(_url(court_case, "commit_to_sessions")).context["form"]
    assert form.initial["sessions_court_kind"] == "sessions" and "sessions_case_number" in form.fields


# --- the own forms: sentence and appeal ---------------------------------------------------------


@pytest.fixture
def sentenced(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="sentenced")
    outcome = JudgmentOutcome.objects.get(judgment__court_case=court_case)
    return court_case, sentence(outcome, lawyer.user, sentenced_on=court_case.sentenced_on, fine="5000")


def test_the_sentence_form_keeps_what_it_leaves_out_and_refuses_an_emptied_fine(sentenced, lawyer, client):
    court_case, outcome = sentenced
    outcome.refresh_from_db()
    page = reverse(
        "legal:sentence_record",
        kwargs={"case_id": court_case.case_id, "court_case_id": court_case.pk, "outcome_id": outcome.pk},
    )
    client.force_login(lawyer.user)
    form = client.get(page).context["form"]
    assert form.initial["fine"] == outcome.fine and form.initial["imprisonment_months"] == 120
    refused = client.post(
        page,
        {"version": outcome.version, "imprisonment_months": "120", "sentenced_on": outcome.sentenced_on.isoformat()},
    )
    assert refused.status_code == 200 and "is recorded here" in " ".join(refused.context["form"].errors["fine"])
    assert JudgmentOutcome.objects.get(pk=outcome.pk).fine == outcome.fine
    # A service caller that leaves the fine out keeps it.
    court_services.judgment_outcome_sentence(
        actor=lawyer.user, outcome=outcome, expected_version=outcome.version, **{"imprisonment_months": 100}
    )
    kept = JudgmentOutcome.objects.get(pk=outcome.pk)
    assert (kept.imprisonment_months, kept.fine) == (100, outcome.fine)
    done = client.post(
        page,
        {
            "version": kept.version,
            "imprisonment_months": "100",
            "sentenced_on": kept.sentenced_on.isoformat(),
            "confirm_clear": "on",
            "clear_reason": "The fine was set aside on review",
        },
    )
    assert done.status_code == 302 and JudgmentOutcome.objects.get(pk=outcome.pk).fine is None
    row = StageTransition.objects.get(transition="sentence_corrected")
    assert row.data["cleared"] == ["fine"] and "set aside on review" in row.note
    assert CourtCase.objects.get(pk=court_case.pk).stage == "sentenced"


def test_the_court_case_sentence_date_follows_a_corrected_sentence(sentenced, lawyer):
    court_case, outcome = sentenced
    outcome.refresh_from_db()
    later = court_case.sentenced_on + (days(-1) - court_case.sentenced_on) // 2
    court_services.judgment_outcome_sentence(
        actor=lawyer.user, outcome=outcome, expected_version=outcome.version, **{"sentenced_on": later}
    )
    assert CourtCase.objects.get(pk=court_case.pk).sentenced_on == later


def test_an_appeal_number_is_not_emptied_silently(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="appeal")
    appeal = Appeal.objects.get(court_case=court_case)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        court_services.appeal_update(
            actor=lawyer.user, appeal=appeal, expected_version=appeal.version, **{"number": ""}
        )
    assert "number" in refused.value.message_dict
    assert Appeal.objects.get(pk=appeal.pk).number == "CRA 7/2026"
    court_services.appeal_update(
        actor=lawyer.user,
        appeal=appeal,
        expected_version=appeal.version,
        **{"number": "", "confirm_clear": True, "clear_reason": "Number was of another appeal"},
    )
    cleared = Appeal.objects.get(pk=appeal.pk)
    assert cleared.number == "" and "Number was of another appeal" in cleared.note


def test_the_judgment_and_its_sentence_are_written_through_the_spec(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="judgment_reserved")
    record_judgment(court_case, lawyer.user, on=days(-20), outcomes=outcome_rows(court_case, sentenced=True))
    rows = list(StageTransition.objects.filter(subject_key=f"legal.courtcase:{court_case.pk}").order_by("pk"))
    assert rows[0].transition == "create"
    assert [(r.transition, r.effective_on) for r in rows[-3:]] == [
        ("pronounce_judgment", days(-20)),
        ("hear_on_sentence", days(-20)),
        ("pass_sentence", days(-20)),
    ]
    summary = CaseEvent.objects.filter(case=case, summary__startswith="Judgment in").latest("pk").summary
    assert "1 convicted" in summary


# --- entered from paper -----------------------------------------------------------------------


def test_a_trial_entered_years_later_takes_its_real_dates(case, lawyer):
    """Cognizance three years ago, charges framed two years ago, a hearing last year with its next
    date (also past): all recorded today, each checked against the others, not against today."""
    court_case = make_court_case(case, lawyer.user, stage="discharge_hearing", start=-3 * 365)
    creation = StageTransition.objects.get(subject_key=f"legal.courtcase:{court_case.pk}", transition="create")
    assert (creation.to_stage, creation.effective_on) == ("cognizance", days(-3 * 365))
    charge(court_case, lawyer.user, framed_on=days(-2 * 365))
    court_case = move(court_case, lawyer.user, "frame_charges", -2 * 365)
    assert (court_case.stage, court_case.charges_framed_on) == ("charges_framed", days(-2 * 365))
    row = StageTransition.objects.get(subject_key=f"legal.courtcase:{court_case.pk}", transition="frame_charges")
    assert row.effective_on == days(-2 * 365)
    hearing = court_services.hearing_record(
        actor=lawyer.user,
        court_case=court_case,
        **{
            "on": days(-365),
            "purpose": "prosecution_evidence",
            "status": "adjourned",
            "adjournment_reason": "witness_absent",
            "next_date": days(-330),
        },
    )
    assert hearing.on == days(-365)
    waiting = Hearing.objects.get(court_case=court_case, on=days(-330))
    assert waiting.to_record
    # Still in order: a stage cannot come before the stage before it.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        move(court_case, lawyer.user, "start_prosecution_evidence", -2 * 365 - 10)
    assert "evidence_started_on" in refused.value.message_dict
    assert CourtCase.objects.get(pk=court_case.pk).stage == "charges_framed"


def test_an_appeal_moves_the_judged_trial_on_the_day_it_was_filed(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="judgment")
    file_appeal(court_case, lawyer.user, filed_on=days(-2))
    assert CourtCase.objects.get(pk=court_case.pk).stage == "appeal"
    row = StageTransition.objects.get(subject_key=f"legal.courtcase:{court_case.pk}", transition="file_appeal")
    assert row.effective_on == days(-2)


def test_editing_the_court_case_does_not_empty_its_judge_silently(client, case, lawyer):
    court_case = make_court_case(case, lawyer.user)
    page = reverse("legal:court_case_edit", kwargs={"case_id": case.pk, "court_case_id": court_case.pk})
    client.force_login(lawyer.user)
    form = client.get(page).context["form"]
    post = {name: form.initial.get(name) for name in ("court_kind", "court_name", "case_number", "cnr", "judge")}
    post.update(
        version=court_case.version,
        court_state=court_case.court.state_id,
        cognizance_on=court_case.cognizance_on.isoformat(),
        public_prosecutor="",
    )
    refused = client.post(page, post)
    assert refused.status_code == 200
    assert "is recorded here" in " ".join(refused.context["form"].errors["public_prosecutor"])
    assert CourtCase.objects.get(pk=court_case.pk).public_prosecutor == "PP Demo"
    done = client.post(page, {**post, "confirm_clear": "on", "clear_reason": "The prosecutor was replaced"})
    assert done.status_code == 302
    edited = CourtCase.objects.get(pk=court_case.pk)
    assert (edited.public_prosecutor, edited.judge, edited.cnr) == ("", "Judge Demo", court_case.cnr)
    row = StageTransition.objects.get(transition="details_corrected")
    assert row.data["cleared"] == ["public_prosecutor"] and "prosecutor was replaced" in row.note


def test_the_reason_of_a_stay_is_neither_shown_nor_asked_without_the_court_details(resumed):
    from types import SimpleNamespace

    from core.workflow import StepForm

    without = StepForm(
        spec=COURT, step=COURT.step("stay"), obj=resumed, access=SimpleNamespace(can_see_court_details=False)
    )
    assert "side_reason" not in without.fields and "stayed_by" in without.fields
    with_details = StepForm(
        spec=COURT, step=COURT.step("stay"), obj=resumed, access=SimpleNamespace(can_see_court_details=True)
    )
    assert with_details.initial["side_reason"] == REASON
