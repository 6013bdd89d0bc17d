"""The investigation state machine: every transition allowed and refused (role, data, stage),
dates out of order, and two people moving the same FIR at once."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from cases import services as case_services
from cases.models import CaseEvent, CaseRole, StageTransition
from consortium.models import Role
from core.concurrency import ConcurrentEditError
from legal.investigation import services
from legal.investigation.workflow import INVESTIGATION
from legal.models import FIR, Stage
from tests.conftest import need_service

from .helpers import PATHS, add_charge, days, make_fir, record_case_rescue, transition_data

# transition -> the stages it may start from
SOURCES = {
    "record_rescue": {"reported"},
    "register_fir": {"reported", "rescued"},
    "register_zero_fir": {"reported", "rescued"},
    "transfer": {"zero_fir"},
    "start_investigation": {"fir_registered", "transferred"},
    "file_chargesheet": {"under_investigation", "further_investigation"},
    "file_closure_report": {"under_investigation", "further_investigation"},
    "file_protest_petition": {"closure_report_filed", "closure_accepted"},
    "order_further_investigation": {"protest_petition", "chargesheet_filed"},
    "accept_closure": {"closure_report_filed"},
    "file_supplementary_report": {"further_investigation"},
    "take_as_complaint": {"protest_petition"},
}
TARGETS = {
    "record_rescue": "rescued",
    "register_fir": "fir_registered",
    "register_zero_fir": "zero_fir",
    "transfer": "transferred",
    "start_investigation": "under_investigation",
    "file_chargesheet": "chargesheet_filed",
    "file_closure_report": "closure_report_filed",
    "file_protest_petition": "protest_petition",
    "order_further_investigation": "further_investigation",
    "accept_closure": "closure_accepted",
    "file_supplementary_report": "chargesheet_filed",
    "take_as_complaint": "complaint_case",
}
ALLOWED = [(t, s) for t, sources in SOURCES.items() for s in sorted(sources)]
REFUSED_STAGE = [(t, s) for t in SOURCES for s in Stage.values if s not in SOURCES[t]]


def _move(fir, actor, transition, *, rescue=True, **overrides):
    if transition == "record_rescue" and rescue:
        record_case_rescue(fir.case, fir.created_by)  # on the care record, where the rescue is kept
    data = transition_data(transition)
    if fir.stage == "further_investigation" and transition in ("file_chargesheet", "file_closure_report"):
        # The report follows the order for further investigation (BNSS 193(9)).
        date_field = INVESTIGATION.step(transition).date_field
        data[date_field] = fir.further_investigation_on + timedelta(days=1)
    data.update(overrides)
    return services.fir_transition(actor=actor, fir=fir, transition=transition, expected_version=fir.version, data=data)


def _snapshot(fir):
    fir = FIR.objects.get(pk=fir.pk)
    return (fir.stage, fir.version, StageTransition.objects.filter(case=fir.case).count())


@pytest.mark.parametrize(("transition", "stage"), ALLOWED)
def test_transition_allowed(case, lead, transition, stage):
    fir = make_fir(case, lead.user, stage=stage)
    if transition in ("file_chargesheet", "file_supplementary_report") and not fir.charges.exists():
        add_charge(fir, lead.user)
    moved = _move(fir, lead.user, transition)
    assert moved.stage == TARGETS[transition]
    assert moved.version == fir.version + 1
    row = StageTransition.objects.filter(case=case, transition=transition).latest("pk")
    assert (row.from_stage, row.to_stage, row.workflow, row.actor) == (stage, moved.stage, "investigation", lead.user)
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.INVESTIGATION).first()
    assert event.actor == lead.user and str(moved) in event.summary


@pytest.mark.parametrize(("transition", "stage"), REFUSED_STAGE)
def test_transition_refused_at_the_wrong_stage(case, lead, transition, stage):
    fir = make_fir(case, lead.user, stage=stage)
    before = _snapshot(fir)
    with pytest.raises(ValidationError) as error:
        _move(fir, lead.user, transition)
    assert "cannot be done at the stage" in str(error.value)
    assert _snapshot(fir) == before


@pytest.mark.parametrize(
    ("stage", "transition", "missing"),
    [
        ("reported", "register_fir", "fir_number"),
        ("rescued", "register_fir", "fir_date"),
        ("reported", "register_zero_fir", "police_station"),
        ("zero_fir", "transfer", "transferred_to_station"),
        ("under_investigation", "file_chargesheet", "chargesheet_on"),
        ("under_investigation", "file_closure_report", "closure_report_on"),
        ("closure_report_filed", "file_protest_petition", "protest_petition_on"),
        ("protest_petition", "order_further_investigation", "further_investigation_on"),
        ("closure_report_filed", "accept_closure", "closure_accepted_on"),
        ("further_investigation", "file_supplementary_report", "supplementary_report_on"),
        ("protest_petition", "take_as_complaint", "complaint_taken_on"),
    ],
)
def test_transition_refused_without_its_data(case, lead, stage, transition, missing):
    fir = make_fir(case, lead.user, stage=stage)
    add_charge(fir, lead.user, number="144")
    before = _snapshot(fir)
    blank = None if missing.endswith("_on") or missing.endswith("_date") else ""
    with pytest.raises(ValidationError) as error:
        _move(fir, lead.user, transition, **{missing: blank})
    assert missing in error.value.message_dict
    assert _snapshot(fir) == before


def test_the_rescue_step_needs_the_rescue_on_the_care_record(case, lead):
    """The rescue is one fact, kept on the Care tab: the FIR's step reads it and takes no date of its own."""
    fir = make_fir(case, lead.user, stage="reported")
    before = _snapshot(fir)
    with pytest.raises(ValidationError) as error:
        _move(fir, lead.user, "record_rescue", rescue=False)
    assert "Record the rescue on the Care tab first (date, time, place, by whom)." in error.value.messages
    assert _snapshot(fir) == before
    rescue = record_case_rescue(case, lead.user, on=days(-40))
    moved = _move(fir, lead.user, "record_rescue")
    assert moved.stage == "rescued" and moved.rescued_on == rescue.rescued_on == days(-40)
    row = StageTransition.objects.get(case=case, transition="record_rescue")
    assert row.effective_on == days(-40)
    with pytest.raises(ValidationError, match="Unexpected information"):
        services.fir_transition(
            actor=lead.user,
            fir=make_fir(case, lead.user, stage="reported"),
            transition="record_rescue",
            expected_version=1,
            data={"offence_on": days(-41)},
        )


def test_a_rescue_before_the_offence_is_refused(case, lead):
    """FIR.clean compares the care record's rescue with the FIR's offence date."""
    record_case_rescue(case, lead.user, on=days(-40))
    fir = make_fir(case, lead.user, stage="reported")
    with pytest.raises(ValidationError) as error:
        services.fir_update(actor=lead.user, fir=fir, expected_version=fir.version, **{"offence_on": days(-35)})
    assert "The rescue recorded on the Care tab" in error.value.message_dict["offence_on"][0]
    fir.refresh_from_db()
    assert fir.offence_on != days(-35)


def test_chargesheet_needs_sections(case, lead):
    fir = make_fir(case, lead.user, stage="under_investigation")
    before = _snapshot(fir)
    with pytest.raises(ValidationError, match="sections charged"):
        _move(fir, lead.user, "file_chargesheet")
    assert _snapshot(fir) == before


def test_chargesheet_before_the_fir_is_a_field_error(case, lead, fir):
    fir = _move(fir, lead.user, "start_investigation")
    add_charge(fir, lead.user)
    before = _snapshot(fir)
    with pytest.raises(ValidationError) as error:
        _move(fir, lead.user, "file_chargesheet", chargesheet_on=fir.fir_date.replace(year=fir.fir_date.year - 1))
    assert "chargesheet_on" in error.value.message_dict
    assert "before the FIR" in error.value.message_dict["chargesheet_on"][0]
    assert _snapshot(fir) == before


@pytest.mark.parametrize(
    ("stage", "transition", "field"),
    [
        ("reported", "register_fir", "fir_date"),
        ("fir_registered", "start_investigation", "investigation_started_on"),
        ("under_investigation", "file_closure_report", "closure_report_on"),
    ],
)
def test_future_dates_are_field_errors(case, lead, stage, transition, field):
    fir = make_fir(case, lead.user, stage=stage)
    before = _snapshot(fir)
    with pytest.raises(ValidationError) as error:
        _move(fir, lead.user, transition, **{field: days(3)})
    assert field in error.value.message_dict
    assert _snapshot(fir) == before


def test_protest_petition_before_closure_is_a_field_error(case, lead):
    fir = make_fir(case, lead.user, stage="closure_report_filed")
    with pytest.raises(ValidationError) as error:
        _move(fir, lead.user, "file_protest_petition", protest_petition_on=fir.closure_report_on - timedelta(days=1))
    assert "protest_petition_on" in error.value.message_dict


@pytest.mark.parametrize("role", [CaseRole.CASEWORKER, CaseRole.LAWYER])
def test_team_caseworkers_and_lawyers_may_move_a_fir(case, lead, make_member, org_wb, lawyer, role):
    member = lawyer if role == CaseRole.LAWYER else make_member(Role.CASEWORKER, org_wb)
    if role == CaseRole.CASEWORKER:
        case_services.team_add(actor=lead.user, case=case, membership=member, role=role)
    fir = make_fir(case, lead.user, stage="fir_registered")
    assert _move(fir, member.user, "start_investigation").stage == "under_investigation"


def test_lead_org_admin_may_move_a_fir(case, lead, make_member, org_wb):
    admin = make_member(Role.ORG_ADMIN, org_wb)
    fir = make_fir(case, lead.user, stage="fir_registered")
    assert _move(fir, admin.user, "start_investigation").stage == "under_investigation"


def test_masked_coordinator_and_survivor_leader_may_not(case, lead, coordinator, make_member):
    from cases.factories import give_consent
    from consortium.factories import OrganisationFactory, state
    from consortium.models import Organisation
    from survivors.models import ConsentPurpose

    collective = OrganisationFactory(kind=Organisation.Kind.SURVIVOR_COLLECTIVE, home_state=state("WB"))
    leader = make_member(Role.SURVIVOR_LEADER, collective)
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    case_services.team_add(actor=lead.user, case=case, membership=leader, role=CaseRole.SURVIVOR_LEADER)
    fir = make_fir(case, lead.user, stage="fir_registered")
    before = _snapshot(fir)
    for person in (coordinator, leader):
        with pytest.raises(ValidationError, match="role on this case does not allow"):
            _move(fir, person.user, "start_investigation")
    assert _snapshot(fir) == before


def test_outsider_gets_not_found(case, lead, make_member, org_mh):
    from django.http import Http404

    outsider = make_member(Role.CASEWORKER, org_mh)
    fir = make_fir(case, lead.user, stage="fir_registered")
    with pytest.raises(Http404):
        _move(fir, outsider.user, "start_investigation")


def test_unknown_transition_is_refused(case, lead, fir):
    with pytest.raises(ValidationError, match="Unknown action"):
        services.fir_transition(actor=lead.user, fir=fir, transition="delete", expected_version=fir.version)


def test_stage_cannot_be_set_directly(case, lead, fir):
    with pytest.raises(AttributeError):
        fir.stage = "chargesheet_filed"


def test_stale_page_gets_a_conflict_and_nothing_changes(case, lead, fir):
    stale_version = fir.version
    services.fir_transition(
        actor=lead.user,
        fir=fir,
        transition="start_investigation",
        expected_version=stale_version,
        data=transition_data("start_investigation"),
    )
    before = _snapshot(fir)
    with pytest.raises(ConcurrentEditError, match="Changed by Lakshmi Leadworker"):
        services.fir_transition(
            actor=lead.user,
            fir=fir,
            transition="start_investigation",
            expected_version=stale_version,
            data=transition_data("start_investigation"),
        )
    assert _snapshot(fir) == before


@pytest.mark.django_db(transaction=True)
def test_two_people_moving_the_same_fir_at_once(make_member, org_wb):
    """Two transactions from the same page: one wins, the other gets a conflict; one transition row."""
    need_service("PostgreSQL (row locks)", connection.vendor == "postgresql")
    from legal.models import Act, FailurePoint, Section
    from legal.reference.data import load_legal_reference_data
    from tests.cases.helpers import open_survivor_case

    # Transactional tests start from a flushed database: reload the sections.
    load_legal_reference_data(Act, Section, FailurePoint)
    lead = make_member(Role.CASEWORKER, org_wb, first_name="Lakshmi", last_name="Leadworker")
    case = open_survivor_case(lead)
    fir = make_fir(case, lead.user, stage="under_investigation")
    add_charge(fir, lead.user)
    fir.refresh_from_db()
    version = fir.version
    barrier = threading.Barrier(2)
    results = []

    def move(transition, data):
        close_old_connections()
        try:
            barrier.wait()
            services.fir_transition(
                actor=lead.user, fir=fir, transition=transition, expected_version=version, data=data
            )
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=("file_chargesheet", transition_data("file_chargesheet"))),
        threading.Thread(target=move, args=("file_closure_report", transition_data("file_closure_report"))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[-1] == "ok" and results.count("ok") == 1, results
    loser = next(r for r in results if r != "ok")
    assert "Changed by" in loser
    fir.refresh_from_db()
    assert fir.stage in ("chargesheet_filed", "closure_report_filed")
    assert fir.version == version + 1
    assert StageTransition.objects.filter(case=case, to_stage=fir.stage).count() == 1
    assert StageTransition.objects.filter(case=case, from_stage="under_investigation").count() == 1


def test_every_stage_is_reachable(case, lead):
    for stage in PATHS:
        assert make_fir(case, lead.user, stage=stage).stage == stage


FIRST_SOURCE = sorted((t, sorted(s)[0]) for t, s in SOURCES.items())


@pytest.mark.parametrize(("transition", "stage"), FIRST_SOURCE)
def test_every_transition_is_refused_to_a_masked_coordinator(case, lead, coordinator, transition, stage):
    fir = make_fir(case, lead.user, stage=stage)
    if transition in ("file_chargesheet", "file_supplementary_report"):
        add_charge(fir, lead.user)
    before = _snapshot(fir)
    with pytest.raises(ValidationError, match="role on this case does not allow"):
        _move(fir, coordinator.user, transition)
    assert _snapshot(fir) == before


@pytest.mark.parametrize(("transition", "stage"), FIRST_SOURCE)
def test_every_transition_is_allowed_to_the_lawyer_on_the_team(case, lead, lawyer, transition, stage):
    fir = make_fir(case, lead.user, stage=stage)
    if transition in ("file_chargesheet", "file_supplementary_report"):
        add_charge(fir, lead.user)
    assert _move(fir, lawyer.user, transition).stage == TARGETS[transition]


def test_a_report_after_further_investigation_follows_the_order(case, lead):
    """A step's date follows the stage it leaves; a new closure report after further investigation
    (BNSS 193(9)) is not held against the earlier protest petition."""
    fir = make_fir(case, lead.user, stage="further_investigation")
    before = _snapshot(fir)
    with pytest.raises(ValidationError) as error:
        _move(fir, lead.user, "file_closure_report", closure_report_on=fir.further_investigation_on - timedelta(days=1))
    assert "closure_report_on" in error.value.message_dict, error.value.message_dict
    assert "Further investigation ordered" in error.value.message_dict["closure_report_on"][0]
    assert _snapshot(fir) == before
    moved = _move(fir, lead.user, "file_closure_report")
    assert moved.stage == "closure_report_filed"
    assert moved.protest_petition_on < moved.further_investigation_on < moved.closure_report_on
