"""Walker of the repatriation spec for tests/test_transition_specs.py: for a step, a
repatriation at one of its source stages with everything that stage can hold filled in
(dates, mode, escort, places, note for the receiver), reached through the real services."""

import datetime

from django.utils import timezone

from care import services
from care.models import Repatriation
from care.permissions import care_actor
from cases.factories import give_consent
from consortium.factories import state
from consortium.models import Role
from survivors.models import ConsentPurpose
from tests.cases.helpers import open_survivor_case

Stage = Repatriation.Stage

# The source stage each step is walked from: the fullest one it may leave.
SOURCE = {
    "accept": Stage.REQUESTED,
    "refuse": Stage.REQUESTED,
    "arrange_travel": Stage.ACCEPTED,
    "hand_over": Stage.TRAVEL_ARRANGED,
    "acknowledge_arrival": Stage.HANDED_OVER,
    "cancel": Stage.TRAVEL_ARRANGED,
}
RECEIVING = ("accept", "refuse", "acknowledge_arrival")


def _day(days_ago):
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def _ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def _move(repatriation, actor, transition, **values):
    fresh = Repatriation.objects.get(pk=repatriation.pk)
    return services.repatriation_transition(
        actor=actor,
        case=fresh.case,
        repatriation=fresh,
        transition=transition,
        expected_version=fresh.version,
        values=values,
    )


def build(step, request):
    make_member = request.getfixturevalue("make_member")
    sender = make_member(Role.CASEWORKER, request.getfixturevalue("org_mh"), first_name="Rohini", last_name="Sender")
    org_wb = request.getfixturevalue("org_wb")
    receiver = make_member(Role.CASEWORKER, org_wb, first_name="Bina", last_name="Receiver")
    case = open_survivor_case(sender, source="WB", destination="MH")
    give_consent(case, actor=sender.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_wb)
    repatriation = services.repatriation_request(
        actor=sender.user,
        case=case,
        receiving_organisation=org_wb,
        from_state=state("MH"),
        to_state=state("WB"),
        requested_on=_day(12),
        expected_handover_on=_day(-5),
        note_for_receiver="Needs a female escort and medical follow-up.",
    )
    path = Repatriation.MAIN_STAGES[1 : Repatriation.MAIN_STAGES.index(SOURCE[step.name]) + 1]
    for target in path:
        if target == Stage.ACCEPTED:
            repatriation = _move(repatriation, receiver.user, "accept", accepted_on=_day(10))
        elif target == Stage.TRAVEL_ARRANGED:
            repatriation = _move(
                repatriation, sender.user, "arrange_travel", travel_on=_day(1), travel_mode="train", escort="Const. Y"
            )
        elif target == Stage.HANDED_OVER:
            repatriation = _move(
                repatriation, sender.user, "hand_over", handed_over_at=_ago(3), handover_place="Howrah station"
            )
    actor = receiver.user if step.name in RECEIVING else sender.user
    return repatriation, actor, care_actor(actor, case)


def fill(step, obj):
    return {
        "accept": {"accepted_on": _day(10)},
        "refuse": {"closing_reason": "no_capacity", "closing_note": "No bed this month"},
        "arrange_travel": {"travel_on": _day(1), "travel_mode": "bus", "escort": "Const. Z"},
        "hand_over": {"handed_over_at": _ago(2), "handover_place": "Howrah station"},
        "acknowledge_arrival": {"acknowledged_at": _ago(1)},
        "cancel": {"closing_reason": "survivor_choice", "closing_note": "She chose to stay"},
    }[step.name]
