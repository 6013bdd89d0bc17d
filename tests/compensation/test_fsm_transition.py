"""cases.workflow.fsm_transition: the fixes and extensions made for compensation claims."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.models import CaseEvent, StageTransition
from cases.permissions import case_access
from cases.selectors import case_get_visible
from cases.workflow import fsm_transition

from .helpers import today
from .steps import claim_at


def access_of(member, case):
    return case_access(member.user, case_get_visible(member.user, case.pk))


def test_data_passed_to_the_transition_satisfies_its_conditions(case, lead):
    """django-fsm's has_transition_perm() also checks conditions; the permission check must not,
    or a step whose data comes with the call would be refused as "not allowed"."""
    claim = claim_at(case, lead, "under_inquiry")
    moved = fsm_transition(
        obj=claim,
        transition="award",
        access=access_of(lead, case),
        actor=lead.user,
        workflow="compensation",
        data={"awarded_amount": Decimal("400000"), "awarded_on": today()},
    )
    assert moved.stage == "awarded"


def test_unmet_conditions_are_reported_with_their_reason_not_as_a_refusal(case, lead):
    claim = claim_at(case, lead, "under_inquiry")
    with pytest.raises(ValidationError) as error:
        fsm_transition(
            obj=claim, transition="award", access=access_of(lead, case), actor=lead.user, workflow="compensation"
        )
    assert getattr(error.value, "code", None) != "not_allowed"
    assert "Give the amount awarded" in " ".join(error.value.messages)


def test_permission_is_still_checked(case, lead, coordinator):
    claim = claim_at(case, lead, "under_inquiry")
    with pytest.raises(ValidationError) as error:
        fsm_transition(
            obj=claim,
            transition="award",
            access=access_of(coordinator, case),
            actor=coordinator.user,
            workflow="compensation",
            data={"awarded_amount": Decimal("400000"), "awarded_on": today()},
        )
    assert error.value.code == "not_allowed"


def test_callable_summary_and_recorded_keys(case, lead):
    claim = claim_at(case, lead, "under_inquiry")
    moved = fsm_transition(
        obj=claim,
        transition="reject",
        access=access_of(lead, case),
        actor=lead.user,
        workflow="compensation",
        data={"rejected_on": today(), "rejection_reason": "PRIVATE REASON", "claim_number": "C-1"},
        summary=lambda obj, from_stage: f"{from_stage} to {obj.stage}",
        recorded_keys={"claim_number"},
    )
    row = StageTransition.objects.filter(subject_key=moved.subject_key).order_by("pk").last()
    assert row.data == {"claim_number": "C-1"}
    event = CaseEvent.objects.filter(case=case).order_by("pk").last()
    assert event.summary == "under_inquiry to rejected"
