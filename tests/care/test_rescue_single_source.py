"""The rescue is one fact in one place (the care record), and records entered from paper take real
past dates, checked against each other in the law's order, never against the day they are typed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from care import services
from care.models import CustodyOrder, Repatriation, ShelterHome
from cases.factories import give_consent
from cases.models import Deadline, StageTransition
from consortium.factories import state
from survivors.models import ConsentPurpose

from .conftest import day, record_order, record_rescue

Kind = CustodyOrder.Kind


# --- records entered from paper: real past dates, in the law's order ------------------------------


def _ago(days, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day(days), datetime.time(hour, 0)))


@pytest.fixture
def paper_case(mh_lead):
    """A case from a paper file: trafficked about a year and a half ago."""
    from tests.cases.helpers import open_survivor_case

    return open_survivor_case(mh_lead, source="WB", destination="MH", trafficked_on=day(500))


def test_a_year_old_file_is_entered_in_order(paper_case, mh_lead, wb_receiver, org_wb):
    """Rescue, custody, shelter and the whole repatriation, all a year ago, entered today."""
    mh_case = paper_case
    give_consent(mh_case, actor=mh_lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_wb)
    rescue = record_rescue(mh_case, mh_lead, rescued_at=_ago(380))
    assert rescue.rescued_on == day(380)
    record_order(mh_case, mh_lead, Kind.MAGISTRATE_INTERMEDIATE, days_ago=379)
    stay_shelter = ShelterHome.objects.create(
        name="Paper Home QZ", kind="protective_home", state=state("MH"), created_by=mh_lead.user
    )
    stay = services.shelter_stay_record(actor=mh_lead.user, case=mh_case, shelter=stay_shelter, admitted_on=day(379))
    repatriation = services.repatriation_request(
        actor=mh_lead.user,
        case=mh_case,
        receiving_organisation=org_wb,
        from_state=state("MH"),
        to_state=state("WB"),
        requested_on=day(330),
    )
    steps = [
        (wb_receiver.user, "accept", {"accepted_on": day(328)}),
        (mh_lead.user, "arrange_travel", {"travel_on": day(320), "travel_mode": "train"}),
        (mh_lead.user, "hand_over", {"handed_over_at": _ago(320, 9)}),
        (wb_receiver.user, "acknowledge_arrival", {"acknowledged_at": _ago(319, 18)}),
    ]
    for actor, name, values in steps:
        repatriation = Repatriation.objects.get(pk=repatriation.pk)
        repatriation = services.repatriation_transition(
            actor=actor,
            case=mh_case,
            repatriation=repatriation,
            transition=name,
            expected_version=repatriation.version,
            values=values,
        )
    assert repatriation.stage == Repatriation.Stage.ARRIVAL_ACKNOWLEDGED
    stay.refresh_from_db()
    assert stay.left_on == day(320)  # the handover's real day, not the day of entry
    deadline = Deadline.objects.get(case=mh_case, rule_code="repatriation_acknowledgement")
    assert deadline.status == Deadline.Status.MET
    effective = dict(
        StageTransition.objects.filter(case=mh_case, workflow="repatriation").values_list("transition", "effective_on")
    )
    assert effective == {
        "create": day(330),
        "accept": day(328),
        "arrange_travel": timezone.localdate(),
        "hand_over": day(320),
        "acknowledge_arrival": day(319),
    }


def test_past_dates_out_of_the_laws_order_are_refused(paper_case, mh_lead):
    mh_case = paper_case
    record_rescue(mh_case, mh_lead, rescued_at=_ago(380))
    with pytest.raises(ValidationError) as refused:
        record_order(mh_case, mh_lead, Kind.MAGISTRATE_INTERMEDIATE, days_ago=385)
    assert "before the rescue" in str(refused.value.message_dict["ordered_on"])
    shelter = ShelterHome.objects.create(
        name="Paper Home QY", kind="protective_home", state=state("MH"), created_by=mh_lead.user
    )
    with pytest.raises(ValidationError) as refused:
        services.shelter_stay_record(actor=mh_lead.user, case=mh_case, shelter=shelter, admitted_on=day(381))
    assert "before the rescue" in str(refused.value.message_dict["admitted_on"])
    assert not CustodyOrder.objects.exists()
