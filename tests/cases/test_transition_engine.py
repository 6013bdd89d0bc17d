"""The one transition engine (core.workflow): prefilled forms, nothing blanked silently,
nothing changed that was not asked, stale pages refused. Exercised on a FIR with a spec
declared here, so the engine is tested apart from any workflow's own spec."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import CaseEvent, StageTransition
from cases.permissions import case_access
from cases.selectors import case_get_visible
from cases.transitions import record_creation
from core.concurrency import ConcurrentEditError
from core.workflow import Step, StepForm, WorkflowSpec, apply_step
from legal.models import FIR
from tests.legal.helpers import days, make_fir

pytestmark = pytest.mark.django_db

SPEC = WorkflowSpec(
    name="investigation",
    model=FIR,
    event_kind=CaseEvent.Kind.INVESTIGATION,
    steps=(
        Step(
            name="start_investigation",
            label="Investigation started",
            date_field="investigation_started_on",
            date_default_today=True,
            inputs=("io_name", "io_rank", "io_phone"),
            optional=("io_name", "io_rank", "io_phone"),
            timeline="%(what)s: %(from)s → %(to)s (IO %(io_rank)s)",
        ),
    ),
)


@pytest.fixture
def fir_with_officer(case, lead):
    fir = make_fir(case, lead.user, stage="fir_registered")
    FIR.objects.filter(pk=fir.pk).update(io_name="Insp. Test Qzx", io_rank="Inspector", io_phone="94330 77788")
    return FIR.objects.get(pk=fir.pk)


def _access(lead, fir):
    return case_access(lead.user, case_get_visible(lead.user, fir.case_id))


def test_the_form_is_prefilled_with_what_is_recorded(fir_with_officer, lead):
    form = StepForm(spec=SPEC, step=SPEC.step("start_investigation"), obj=fir_with_officer)
    assert form.initial["io_name"] == "Insp. Test Qzx"
    assert form.initial["io_rank"] == "Inspector"
    assert form.initial["version"] == fir_with_officer.version


def test_submitting_the_prefilled_form_keeps_the_officer(fir_with_officer, lead):
    fir = fir_with_officer
    form = StepForm(
        data={"version": fir.version, "io_name": "Insp. Test Qzx", "io_rank": "Inspector", "io_phone": "94330 77788"},
        spec=SPEC,
        step=SPEC.step("start_investigation"),
        obj=fir,
    )
    assert form.is_valid(), form.errors
    moved = form.apply(actor=lead.user, access=_access(lead, fir))
    assert moved.stage == "under_investigation"
    assert (moved.io_name, moved.io_rank, moved.io_phone) == ("Insp. Test Qzx", "Inspector", "94330 77788")
    row = StageTransition.objects.get(subject_key=f"legal.fir:{fir.pk}", transition="start_investigation")
    assert row.effective_on == moved.investigation_started_on
    assert "(IO Inspector)" in CaseEvent.objects.filter(case=fir.case).latest("pk").summary


def test_a_value_left_out_is_not_touched(fir_with_officer, lead):
    fir = fir_with_officer
    moved = apply_step(
        spec=SPEC,
        obj=fir,
        step="start_investigation",
        actor=lead.user,
        access=_access(lead, fir),
        values={"io_rank": "Sub-Inspector"},
        expected_version=fir.version,
    )
    assert (moved.io_name, moved.io_rank) == ("Insp. Test Qzx", "Sub-Inspector")
    assert moved.fir_number == fir.fir_number and moved.police_station == fir.police_station


def test_blanking_a_recorded_value_needs_confirmation_and_a_reason(fir_with_officer, lead):
    fir = fir_with_officer
    with pytest.raises(ValidationError) as refused:
        apply_step(
            spec=SPEC,
            obj=fir,
            step="start_investigation",
            actor=lead.user,
            access=_access(lead, fir),
            values={"io_name": ""},
            expected_version=fir.version,
        )
    assert "io_name" in refused.value.message_dict
    assert FIR.objects.get(pk=fir.pk).stage == "fir_registered"
    moved = apply_step(
        spec=SPEC,
        obj=fir,
        step="start_investigation",
        actor=lead.user,
        access=_access(lead, fir),
        values={"io_name": ""},
        expected_version=fir.version,
        clear=["io_name"],
        clear_reason="The officer was moved off the case",
    )
    assert moved.io_name == "" and moved.io_rank == "Inspector"
    row = StageTransition.objects.get(subject_key=f"legal.fir:{fir.pk}", transition="start_investigation")
    assert row.data["cleared"] == ["io_name"]
    assert "The officer was moved off the case" in row.note


def test_the_form_refuses_an_emptied_value_without_confirmation(fir_with_officer):
    fir = fir_with_officer
    form = StepForm(
        data={"version": fir.version, "io_name": "", "io_rank": "Inspector", "io_phone": "94330 77788"},
        spec=SPEC,
        step=SPEC.step("start_investigation"),
        obj=fir,
    )
    assert not form.is_valid()
    assert "Insp. Test Qzx" in str(form.errors["io_name"])
    assert form.show_clear


def test_a_stale_page_is_refused_with_who_changed_it(fir_with_officer, lead):
    fir = fir_with_officer
    with pytest.raises(ConcurrentEditError) as refused:
        apply_step(
            spec=SPEC,
            obj=fir,
            step="start_investigation",
            actor=lead.user,
            access=_access(lead, fir),
            values={},
            expected_version=fir.version - 1,
        )
    assert "Changed by" in refused.value.messages[0]
    assert FIR.objects.get(pk=fir.pk).stage == "fir_registered"


def test_unknown_values_and_future_dates_are_refused(fir_with_officer, lead):
    fir = fir_with_officer
    for values in ({"fir_number": "9/2026"}, {"investigation_started_on": days(3)}):
        with pytest.raises(ValidationError):
            apply_step(
                spec=SPEC,
                obj=fir,
                step="start_investigation",
                actor=lead.user,
                access=_access(lead, fir),
                values=values,
                expected_version=fir.version,
            )
    assert FIR.objects.get(pk=fir.pk).fir_number == fir.fir_number
    assert FIR.objects.get(pk=fir.pk).stage == "fir_registered"


def test_creation_writes_the_first_stage_row(case, lead):
    fir = make_fir(case, lead.user)
    row = record_creation(obj=fir, workflow="investigation", actor=lead.user, effective_on=days(-3))
    assert (row.from_stage, row.to_stage, row.transition, row.effective_on) == ("", "reported", "create", days(-3))


def sexual_offence_deadline(fir, lead, trigger_day):
    import datetime

    from django.utils import timezone

    from cases.deadlines import deadline_start

    return deadline_start(
        case=fir.case,
        rule_code="chargesheet_sexual_offence",
        trigger_at=timezone.make_aware(datetime.datetime.combine(trigger_day, datetime.time(10))),
        subject=fir,
        actor=lead.user,
    )


def test_a_step_entered_from_paper_meets_its_deadlines_on_its_own_date(case, lead):
    from legal.investigation.workflow import INVESTIGATION
    from tests.legal.helpers import add_charge, days

    fir = make_fir(case, lead.user, stage="under_investigation", fir_day=-60)
    add_charge(fir, lead.user)
    deadline = sexual_offence_deadline(fir, lead, days(-50))
    fir = FIR.objects.get(pk=fir.pk)
    apply_step(
        spec=INVESTIGATION,
        obj=fir,
        step="file_chargesheet",
        values={"chargesheet_on": days(-20)},
        actor=lead.user,
        access=_access(lead, fir),
        expected_version=fir.version,
    )
    deadline.refresh_from_db()
    assert deadline.status == "met"
    assert deadline.met_on == days(-20)  # the chargesheet's day, not the day it was typed in


def test_an_act_before_a_deadlines_trigger_meets_it_on_the_trigger_day(case, lead):
    from legal.investigation.workflow import INVESTIGATION
    from tests.legal.helpers import add_charge, days

    fir = make_fir(case, lead.user, stage="under_investigation", fir_day=-60)
    add_charge(fir, lead.user)
    deadline = sexual_offence_deadline(fir, lead, days(-10))
    fir = FIR.objects.get(pk=fir.pk)
    apply_step(
        spec=INVESTIGATION,
        obj=fir,
        step="file_chargesheet",
        values={"chargesheet_on": days(-20)},
        actor=lead.user,
        access=_access(lead, fir),
        expected_version=fir.version,
    )
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == ("met", days(-10))
