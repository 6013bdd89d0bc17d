"""Factories for care records: shelter homes, rescues, custody orders, shelter stays (tests,
benchmarks). All data synthetic.

Each writes its row directly, on a case from cases.factories.CaseFactory unless one is given. A
test about what recording them starts (deadlines, the case's rescue date) goes through
care.services instead (tests/care/conftest.py record_rescue, record_order).
"""

import datetime

import factory
from django.utils import timezone

from cases.factories import CaseFactory
from consortium.factories import UserFactory, state

from .models import CustodyOrder, Rescue, ShelterHome, ShelterStay


def _days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


class ShelterHomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShelterHome

    name = factory.Sequence(lambda n: f"Test Shelter Home {n + 1}")
    kind = ShelterHome.Kind.SHAKTI_SADAN
    state = factory.LazyFunction(lambda: state("MH"))
    created_by = factory.SubFactory(UserFactory)


class RescueFactory(factory.django.DjangoModelFactory):
    """Rescued by the police thirty days ago in the case's destination state."""

    class Meta:
        model = Rescue

    case = factory.SubFactory(CaseFactory)
    rescued_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    state = factory.LazyAttribute(lambda o: o.case.destination_state)
    agency = Rescue.Agency.POLICE
    created_by = factory.LazyAttribute(lambda o: o.case.opened_by)


class CustodyOrderFactory(factory.django.DjangoModelFactory):
    """A magistrate's order of custody during the inquiry, twenty days ago."""

    class Meta:
        model = CustodyOrder

    case = factory.SubFactory(CaseFactory)
    kind = CustodyOrder.Kind.MAGISTRATE_CUSTODY
    ordered_on = factory.LazyFunction(lambda: _days_ago(20))
    state = factory.LazyAttribute(lambda o: o.case.destination_state)
    created_by = factory.LazyAttribute(lambda o: o.case.opened_by)


class ShelterStayFactory(factory.django.DjangoModelFactory):
    """Admitted twenty days ago to a shelter home in the case's destination state."""

    class Meta:
        model = ShelterStay

    case = factory.SubFactory(CaseFactory)
    shelter = factory.SubFactory(ShelterHomeFactory, state=factory.SelfAttribute("..case.destination_state"))
    admitted_on = factory.LazyFunction(lambda: _days_ago(20))
    created_by = factory.LazyAttribute(lambda o: o.case.opened_by)
