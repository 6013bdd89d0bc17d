"""Fixtures for survivor care: the case fixtures of tests/cases, a destination-state case,
and builders that go through the real services. All data synthetic."""

import datetime

import pytest
from django.utils import timezone

from care import services
from care.models import ShelterHome
from cases import services as case_services
from cases.factories import give_consent
from cases.models import CaseRole
from consortium.factories import state
from consortium.models import Role
from survivors.models import Consent, ConsentPurpose
from tests.cases.conftest import *  # noqa: F403  (the case fixtures: lead, case, collective, coordinator...)
from tests.cases.conftest import _media_in_tmp  # noqa: F401  (autouse: uploads go to a temporary folder)
from tests.cases.helpers import open_survivor_case


def ago(days=0, hours=0) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days, hours=hours)


def day(days_ago=0) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def record_rescue(case, actor, *, days_ago=20, state_code="MH", **fields):
    from care.models import Rescue

    rescue = Rescue(
        rescued_at=fields.pop("rescued_at", ago(days_ago)),
        state=state(state_code),
        agency=fields.pop("agency", Rescue.Agency.AHTU),
        place=fields.pop("place", "Lane XQ7, Kamathipura"),
        **fields,
    )
    return services.rescue_save(actor=getattr(actor, "user", actor), case=case, rescue=rescue)


def record_order(case, actor, kind, *, days_ago=19, state_code="MH", **fields):
    from care.models import CustodyOrder

    order = CustodyOrder(kind=kind, ordered_on=day(days_ago), state=state(state_code), **fields)
    return services.custody_order_save(actor=getattr(actor, "user", actor), case=case, order=order)


@pytest.fixture
def mh_lead(make_member, org_mh):
    """Caseworker of the destination-state organisation (org_mh), leading `mh_case`."""
    return make_member(Role.CASEWORKER, org_mh, first_name="Rohini", last_name="Sender")


@pytest.fixture
def mh_case(mh_lead):
    """A case led in the destination state (Maharashtra) for a survivor from West Bengal."""
    return open_survivor_case(mh_lead, source="WB", destination="MH")


@pytest.fixture
def wb_receiver(make_member, org_wb):
    """Caseworker of the source-state organisation (org_wb) that receives her."""
    return make_member(Role.CASEWORKER, org_wb, first_name="Bina", last_name="Receiver")


@pytest.fixture
def wb_consent(mh_case, mh_lead, org_wb):
    """Her consent to share her case with org_wb."""
    return give_consent(mh_case, actor=mh_lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_wb)


@pytest.fixture
def shelter(db):
    return ShelterHome.objects.create(
        name="Test Shakti Sadan Navi Mumbai",
        kind=ShelterHome.Kind.SHAKTI_SADAN,
        state=state("MH"),
        created_by=_system_user(),
    )


def _system_user():
    from consortium.factories import UserFactory

    return UserFactory(username="shelter-seeder")


@pytest.fixture
def leader(make_member, collective, case, lead):
    """A survivor leader on `case`, with the survivor's consent to collective support."""
    member = make_member(Role.SURVIVOR_LEADER, collective, first_name="Sona", last_name="Leader")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    case_services.team_add(actor=lead.user, case=case, membership=member, role=CaseRole.SURVIVOR_LEADER)
    return member


def consent_of(case, organisation, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION):
    return Consent.objects.filter(case=case, recipient_organisation=organisation, purpose=purpose).first()
