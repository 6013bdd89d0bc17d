"""The trial state machine: every transition allowed and refused (role, data, stage), side states
returning where they left, the judgment only with an outcome per accused, dates out of order,
and two people moving the same court case at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.http import Http404

from cases import services as case_services
from cases.models import CaseEvent, CaseRole, Deadline, StageTransition
from consortium.models import Role
from core.concurrency import ConcurrentEditError
from legal.court import services as court_services
from legal.models import COURT_SIDE_STAGES, CourtCase, CourtStage, Judgment, JudgmentOutcome
from tests.conftest import need_service

from .court_helpers import (
    charge,
    court_data,
    file_appeal,
    make_court_case,
    move,
    outcome_rows,
    record_judgment,
    sessions_fir,
    transition_data,
)
from .helpers import days

DECIDED = {"judgment", "sentence_hearing", "sentenced", "appeal"}
# transition -> the stages it may start from
SOURCES = {
    "record_appearance": {"cognizance"},
    "supply_copies": {"appearance"},
    "commit_to_sessions": {"copies_supplied"},
    "hear_on_charge": {"copies_supplied", "committed"},
    "frame_charges": {"discharge_hearing"},
    "start_prosecution_evidence": {"charges_framed"},
    "examine_accused": {"prosecution_evidence"},
    "start_defence_evidence": {"accused_statement"},
    "start_final_arguments": {"accused_statement", "defence_evidence"},
    "reserve_judgment": {"final_arguments"},
    "hear_on_sentence": {"judgment"},
    "stay": set(CourtStage.values) - {*DECIDED, *COURT_SIDE_STAGES},
    "transfer": set(CourtStage.values) - {*DECIDED, *COURT_SIDE_STAGES},
    "withdraw": set(CourtStage.values) - {*DECIDED, *COURT_SIDE_STAGES},
    "resume": set(COURT_SIDE_STAGES),
}
TARGETS = {
    "record_appearance": "appearance",
    "supply_copies": "copies_supplied",
    "commit_to_sessions": "committed",
    "hear_on_charge": "discharge_hearing",
    "frame_charges": "charges_framed",
    "start_prosecution_evidence": "prosecution_evidence",
    "examine_accused": "accused_statement",
    "start_defence_evidence": "defence_evidence",
    "start_final_arguments": "final_arguments",
    "reserve_judgment": "judgment_reserved",
    "hear_on_sentence": "sentence_hearing",
    "stay": "stayed",
    "transfer": "transferred",
    "withdraw": "withdrawn",
}
MAIN_ALLOWED = [
    (t, s)
    for t, sources in SOURCES.items()
    if t not in ("stay", "transfer", "withdraw", "resume")
    for s in sorted(sources)
]


def _snapshot(court_case):
    court_case = CourtCase.objects.get(pk=court_case.pk)
    return (court_case.stage, court_case.version, StageTransition.objects.filter(case=court_case.case).count())


def _ready(court_case, actor, transition):
    if transition == "frame_charges" and not court_case.charges.filter(dropped_at__isnull=True).exists():
        charge(court_case, actor)
    if transition == "commit_to_sessions":
        court_case.firs.add(sessions_fir(court_case.case, actor))


@pytest.mark.parametrize(("transition", "stage"), MAIN_ALLOWED)
def test_transition_allowed(case, lead, lawyer, transition, stage):
    court_case = make_court_case(case, lawyer.user, stage=stage)
    _ready(court_case, lawyer.user, transition)
    moved = move(court_case, lawyer.user, transition)
    assert moved.stage == TARGETS[transition]
    assert moved.version == court_case.version + 1
    row = StageTransition.objects.filter(case=case, transition=transition).latest("pk")
    assert (row.from_stage, row.to_stage, row.workflow, row.actor) == (stage, moved.stage, "court", lawyer.user)
    assert row.effective_on == days(-1)
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.COURT).first()
    assert event.actor == lawyer.user and str(moved) in event.summary


@pytest.mark.parametrize("stage", sorted(set(CourtStage.values)))
def test_every_transition_not_allowed_from_a_stage_is_refused(case, lawyer, stage):
    court_case = make_court_case(case, lawyer.user, stage=stage)
    refused = [t for t, sources in SOURCES.items() if stage not in sources]
    assert refused
    for transition in refused:
        before = _snapshot(court_case)
        with pytest.raises(ValidationError) as error:
            move(court_case, lawyer.user, transition)
        assert "cannot be done at the stage" in str(error.value), transition
        assert _snapshot(court_case) == before


@pytest.mark.parametrize("side", ["stayed", "transferred", "withdrawn"])
@pytest.mark.parametrize("left", ["cognizance", "discharge_hearing", "final_arguments"])
def test_side_states_return_to_the_stage_they_left(case, lawyer, side, left):
    court_case = make_court_case(case, lawyer.user, stage=left)
    halted = move(court_case, lawyer.user, {"stayed": "stay", "transferred": "transfer", "withdrawn": "withdraw"}[side])
    assert (halted.stage, halted.stage_before_side) == (side, left)
    resumed = move(halted, lawyer.user, "resume")
    assert (resumed.stage, resumed.stage_before_side) == (left, "")
    row = StageTransition.objects.filter(case=case, transition="resume").latest("pk")
    assert (row.from_stage, row.to_stage) == (side, left)


def test_side_states_are_not_reachable_after_judgment(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="judgment")
    for transition in ("stay", "transfer", "withdraw"):
        with pytest.raises(ValidationError, match="cannot be done at the stage"):
            move(court_case, lawyer.user, transition)


def test_resume_cannot_come_before_the_halt(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="appearance")
    halted = move(court_case, lawyer.user, "stay", day=-3)
    with pytest.raises(ValidationError) as error:
        move(halted, lawyer.user, "resume", day=-5)
    assert "resumed_on" in error.value.message_dict
    assert CourtCase.objects.get(pk=court_case.pk).stage == "stayed"


@pytest.mark.parametrize(
    ("stage", "transition", "field", "message"),
    [
        ("cognizance", "record_appearance", "appearance_on", "Enter the date"),
        ("committed", "hear_on_charge", "charge_hearing_on", "Enter the date"),
        ("final_arguments", "reserve_judgment", "arguments_concluded_on", "Enter the date"),
        ("cognizance", "stay", "stayed_by", "needed for this step"),
        ("cognizance", "transfer", "transferred_to", "needed for this step"),
    ],
)
def test_transition_refused_without_its_data(case, lawyer, stage, transition, field, message):
    court_case = make_court_case(case, lawyer.user, stage=stage)
    before = _snapshot(court_case)
    data = transition_data(transition, -1)
    if transition in ("stay", "transfer"):
        data = {k: ("" if isinstance(v, str) else v) for k, v in data.items()}
    else:
        data = dict.fromkeys(data)
    with pytest.raises(ValidationError) as error:
        court_services.court_case_transition(
            actor=lawyer.user,
            court_case=court_case,
            transition=transition,
            expected_version=court_case.version,
            data=data,
        )
    assert message.lower() in " ".join(error.value.message_dict[field]).lower()
    assert _snapshot(court_case) == before


def test_charges_are_framed_only_once_recorded(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="discharge_hearing")
    before = _snapshot(court_case)
    with pytest.raises(ValidationError, match="Record the charges framed"):
        move(court_case, lawyer.user, "frame_charges")
    assert _snapshot(court_case) == before


def test_only_a_magistrates_court_commits(case, lawyer):
    fir = sessions_fir(case, lawyer.user)
    court_case = make_court_case(case, lawyer.user, stage="copies_supplied", court_kind="special_pocso", firs=[fir])
    with pytest.raises(ValidationError, match="Only a magistrate's court commits"):
        move(court_case, lawyer.user, "commit_to_sessions")
    # A special court hears the charge itself.
    assert move(court_case, lawyer.user, "hear_on_charge").stage == "discharge_hearing"


def test_committal_moves_the_case_to_the_sessions_court(case, lawyer):
    from consortium.factories import state

    court_case = make_court_case(case, lawyer.user, stage="copies_supplied", firs=[sessions_fir(case, lawyer.user)])
    magistrate = court_case.court
    moved = move(
        court_case,
        lawyer.user,
        "commit_to_sessions",
        sessions_court_kind="sessions",
        sessions_court_state=state("WB"),
        sessions_court_name="Additional Sessions Judge-II, Qzbad",
        sessions_case_number="SC 9/2026",
    )
    assert moved.court.kind == "sessions" and moved.committing_court == magistrate
    assert moved.case_number == "SC 9/2026"


@pytest.mark.parametrize(("field", "day"), [("appearance_on", 3), ("appearance_on", -400)])
def test_dates_in_the_future_or_before_the_last_stage_are_field_errors(case, lawyer, field, day):
    court_case = make_court_case(case, lawyer.user, stage="cognizance", start=-200)
    before = _snapshot(court_case)
    with pytest.raises(ValidationError) as error:
        move(court_case, lawyer.user, "record_appearance", **{field: days(day)})
    assert field in error.value.message_dict
    assert _snapshot(court_case) == before


# --- the judgment ----------------------------------------------------------------------------


def test_judgment_needs_an_outcome_for_every_accused(case, lawyer):
    from .court_helpers import accused_on

    second = accused_on(case, lawyer.user, names=["Second Accused Qzy"], aliases=[], phones=["99000 33344"])
    court_case = make_court_case(case, lawyer.user, stage="judgment_reserved")
    court_services.court_case_update(
        actor=lawyer.user,
        court_case=court_case,
        expected_version=court_case.version,
        **{"accused": [link.accused for link in court_case.accused_links.all()] + [second]},
    )
    court_case.refresh_from_db()
    rows = outcome_rows(court_case)[:1]
    before = _snapshot(court_case)
    with pytest.raises(ValidationError) as error:
        record_judgment(court_case, lawyer.user, outcomes=rows)
    missing = [k for k in error.value.message_dict if k.startswith("outcome-")]
    assert missing and all(k.endswith("-outcome") for k in missing)
    assert _snapshot(court_case) == before
    assert not Judgment.objects.exists() and not JudgmentOutcome.objects.exists()
    record_judgment(court_case, lawyer.user, outcomes=outcome_rows(court_case))
    assert CourtCase.objects.get(pk=court_case.pk).stage == "judgment"


@pytest.mark.parametrize("stage", ["cognizance", "charges_framed", "prosecution_evidence", "judgment"])
def test_judgment_is_refused_at_the_wrong_stage(case, lawyer, stage):
    court_case = make_court_case(case, lawyer.user, stage=stage)
    with pytest.raises(ValidationError, match="cannot be done at the stage"):
        record_judgment(court_case, lawyer.user)
    assert Judgment.objects.filter(court_case=court_case).count() == (1 if stage == "judgment" else 0)


def test_before_charges_the_court_can_only_discharge(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="discharge_hearing")
    with pytest.raises(ValidationError, match="only discharge"):
        record_judgment(court_case, lawyer.user)
    assert not Judgment.objects.exists()
    record_judgment(court_case, lawyer.user, outcomes=outcome_rows(court_case, outcome="discharged"))
    assert CourtCase.objects.get(pk=court_case.pk).stage == "judgment"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"sections": []}, "sections"),
        ({"fine": "-5"}, "fine"),
        ({"compensation_ordered": "abc"}, "compensation_ordered"),
        ({"imprisonment_months": 5000}, "imprisonment_months"),
    ],
)
def test_bad_outcome_values_are_field_errors(case, lawyer, extra, field):
    court_case = make_court_case(case, lawyer.user, stage="judgment_reserved")
    with pytest.raises(ValidationError) as error:
        record_judgment(court_case, lawyer.user, outcomes=outcome_rows(court_case, **extra))
    assert any(k.endswith(field) for k in error.value.message_dict), error.value.message_dict
    assert not Judgment.objects.exists()


def test_an_acquittal_carries_no_sentence(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="judgment_reserved")
    with pytest.raises(ValidationError):
        record_judgment(court_case, lawyer.user, outcomes=outcome_rows(court_case, outcome="acquitted", fine="100"))
    assert not Judgment.objects.exists()


def test_appeal_moves_the_case_and_needs_a_judgment(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="final_arguments")
    with pytest.raises(ValidationError, match="after the judgment"):
        file_appeal(court_case, lawyer.user)
    court_case = make_court_case(case, lawyer.user, stage="judgment", cnr="")
    with pytest.raises(ValidationError) as error:
        file_appeal(
            court_case, lawyer.user, filed_on=court_case.judgment_on.replace(year=court_case.judgment_on.year - 1)
        )
    assert "filed_on" in error.value.message_dict
    file_appeal(court_case, lawyer.user)
    court_case.refresh_from_db()
    assert court_case.stage == "appeal"
    file_appeal(court_case, lawyer.user, filed_by="accused")
    assert court_case.appeals.count() == 2


# --- who may move a court case ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["caseworker", "lawyer", "org_admin", "lead"])
def test_team_and_lead_org_admin_may_move(case, lead, lawyer, make_member, org_wb, who):
    member = {"lead": lead, "lawyer": lawyer}.get(who)
    if who == "caseworker":
        member = make_member(Role.CASEWORKER, org_wb)
        case_services.team_add(actor=lead.user, case=case, membership=member, role=CaseRole.CASEWORKER)
    elif who == "org_admin":
        member = make_member(Role.ORG_ADMIN, org_wb)
    court_case = make_court_case(case, lead.user, stage="cognizance")
    assert move(court_case, member.user, "record_appearance").stage == "appearance"


def test_masked_coordinator_and_survivor_leader_may_not_move(case, lead, coordinator, make_member):
    from cases.factories import give_consent
    from consortium.factories import OrganisationFactory, state
    from consortium.models import Organisation
    from survivors.models import ConsentPurpose

    collective = OrganisationFactory(kind=Organisation.Kind.SURVIVOR_COLLECTIVE, home_state=state("WB"))
    leader = make_member(Role.SURVIVOR_LEADER, collective)
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    case_services.team_add(actor=lead.user, case=case, membership=leader, role=CaseRole.SURVIVOR_LEADER)
    court_case = make_court_case(case, lead.user, stage="cognizance")
    before = _snapshot(court_case)
    for person in (coordinator, leader):
        with pytest.raises(ValidationError, match="role on this case does not allow"):
            move(court_case, person.user, "record_appearance")
        with pytest.raises(Http404):
            court_services.hearing_schedule(actor=person.user, court_case=court_case, on=days(3), purpose="appearance")
    assert _snapshot(court_case) == before


def test_people_outside_the_case_get_not_found(case, lead, make_member, org_mh):
    from consortium.factories import OrganisationFactory, state
    from consortium.models import Organisation

    network = OrganisationFactory(kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("MH"))
    outsiders = [make_member(Role.CASEWORKER, org_mh), make_member(Role.LAWYER, network)]
    court_case = make_court_case(case, lead.user, stage="cognizance")
    for outsider in outsiders:
        with pytest.raises(Http404):
            move(court_case, outsider.user, "record_appearance")
        with pytest.raises(Http404):
            court_services.court_case_create(actor=outsider.user, case=case, **court_data())


def test_unknown_transition_and_own_form_steps_are_refused(case, lead):
    court_case = make_court_case(case, lead.user, stage="judgment_reserved")
    for name, message in (
        ("delete", "Unknown action"),
        ("pronounce_judgment", "its own form"),
        ("file_appeal", "its own form"),
        ("pass_sentence", "its own form"),
    ):
        with pytest.raises(ValidationError, match=message):
            court_services.court_case_transition(
                actor=lead.user, court_case=court_case, transition=name, expected_version=court_case.version, data={}
            )
    assert CourtCase.objects.get(pk=court_case.pk).stage == "judgment_reserved"


def test_stage_cannot_be_set_directly(case, lead):
    court_case = make_court_case(case, lead.user)
    with pytest.raises(AttributeError):
        court_case.stage = "judgment"


def test_stale_page_gets_a_conflict_and_nothing_changes(case, lead):
    court_case = make_court_case(case, lead.user)
    stale = court_case.version
    move(court_case, lead.user, "record_appearance")
    before = _snapshot(court_case)
    with pytest.raises(ConcurrentEditError, match="Changed by Lakshmi Leadworker"):
        court_services.court_case_transition(
            actor=lead.user,
            court_case=court_case,
            transition="stay",
            expected_version=stale,
            data=transition_data("stay", -1),
        )
    assert _snapshot(court_case) == before


def test_charges_framed_and_judgment_make_an_update_to_her_due(case, lawyer):
    court_case = make_court_case(case, lawyer.user, stage="discharge_hearing")
    # The FIR the case was committed on told her of its registration: that update is done.
    Deadline.objects.filter(case=case, rule_code="survivor_update_after_event").delete()
    charge(court_case, lawyer.user)
    move(court_case, lawyer.user, "frame_charges")
    due = Deadline.objects.open().get(case=case, rule_code="survivor_update_after_event")
    assert "Charges framed" in due.title


def test_every_stage_is_reachable(case, lawyer):
    for stage in CourtStage.values:
        assert make_court_case(case, lawyer.user, stage=stage, cnr="").stage == stage


@pytest.mark.django_db(transaction=True)
def test_two_people_moving_the_same_court_case_at_once(make_member, org_wb):
    """Two transactions from the same page: one wins, the other gets a conflict; one transition row."""
    need_service("PostgreSQL (row locks)", connection.vendor == "postgresql")
    from legal.models import Act, FailurePoint, Section
    from legal.reference.data import load_legal_reference_data
    from tests.cases.helpers import open_survivor_case

    load_legal_reference_data(Act, Section, FailurePoint)
    lead = make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")
    case = open_survivor_case(lead)
    court_case = make_court_case(case, lead.user, stage="final_arguments")
    version = court_case.version
    barrier = threading.Barrier(2)
    results = []

    def act(transition):
        close_old_connections()
        try:
            barrier.wait()
            court_services.court_case_transition(
                actor=lead.user,
                court_case=court_case,
                transition=transition,
                expected_version=version,
                data=transition_data(transition, -1),
            )
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(name,)) for name in ("reserve_judgment", "stay")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 1, results
    assert "Changed by" in next(r for r in results if r != "ok")
    court_case.refresh_from_db()
    assert court_case.stage in ("judgment_reserved", "stayed") and court_case.version == version + 1
    assert StageTransition.objects.filter(case=case, from_stage="final_arguments").count() == 1


def test_compensation_the_accused_must_pay_is_not_her_scheme_claim(case, lead):
    """BNSS 395 / CrPC 357: paid by the convicted accused; only a BNSS 396 recommendation is a
    claim under the victim compensation scheme."""
    from decimal import Decimal

    from compensation.models import Claim

    court_case = make_court_case(case, lead.user, stage="judgment_reserved")
    record_judgment(court_case, lead.user, outcomes=outcome_rows(court_case, compensation_ordered=Decimal("75000")))
    assert JudgmentOutcome.objects.get().compensation_ordered == Decimal("75000.00")
    assert not Claim.objects.filter(case=case).exists()


def test_a_recommendation_on_acquittal_files_her_claim_by_that_route(case, lead):
    from decimal import Decimal

    from compensation.models import Claim

    court_case = make_court_case(case, lead.user, stage="judgment_reserved")
    record_judgment(
        court_case,
        lead.user,
        outcomes=outcome_rows(court_case, outcome="acquitted"),
        compensation_recommended=Decimal("150000"),
    )
    claim = Claim.objects.get(case=case)
    assert claim.court_ordered_amount == Decimal("150000.00")
    assert StageTransition.objects.filter(subject_key=claim.subject_key, transition="recommend_on_acquittal").exists()
