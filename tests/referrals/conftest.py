"""Fixtures for referrals: the case fixtures of tests/cases (a case led by org_wb), a receiving NGO
(org_mh) with a caseworker and an admin, a lawyers' network with a lawyer, and builders that go
through the real services. All data synthetic."""

import datetime

import pytest
from django.utils import timezone

from cases.factories import give_consent
from consortium.models import Role
from referrals import services
from referrals.models import Referral, Service
from survivors.models import ConsentPurpose
from tests.cases.conftest import *  # noqa: F403  (the case fixtures: lead, case, collective, coordinator...)
from tests.cases.conftest import _media_in_tmp  # noqa: F401  (autouse: uploads go to a temporary folder)

MESSAGE = "She needs a counsellor who speaks Bengali; trauma after the raid."


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def receiver(make_member, org_mh):
    """A caseworker of the receiving NGO (org_mh)."""
    return make_member(Role.CASEWORKER, org_mh, first_name="Rohini", last_name="Receiver")


@pytest.fixture
def receiver_admin(make_member, org_mh):
    return make_member(Role.ORG_ADMIN, org_mh, first_name="Anu", last_name="Mhadmin")


@pytest.fixture
def lawyer(make_member, lawyers_network):
    return make_member(Role.LAWYER, lawyers_network, first_name="Lata", last_name="Vakil")


@pytest.fixture
def share_consent(case, lead, org_mh):
    """Her consent to share her case with org_mh."""
    return give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=org_mh)


@pytest.fixture
def legal_consent(case, lead, lawyers_network):
    return give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=lawyers_network)


def send(case, lead, to, *, service=Service.PSYCHOSOCIAL, kind=Referral.Kind.REFERRAL, **kwargs):
    kwargs.setdefault("respond_by", days(7))
    kwargs.setdefault("message", MESSAGE)
    return services.referral_send(
        actor=getattr(lead, "user", lead), case=case, kind=kind, service=service, receiving_organisation=to, **kwargs
    )


def accept(referral, who, **kwargs):
    referral.refresh_from_db()
    return services.referral_accept(
        actor=getattr(who, "user", who), referral=referral, expected_version=referral.version, **kwargs
    )


@pytest.fixture
def sent(case, lead, org_mh, share_consent, receiver):
    """A referral for psychosocial care, sent to org_mh (its caseworker `receiver` exists)."""
    return send(case, lead, org_mh)
