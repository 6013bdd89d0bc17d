"""Factories for what legal owns: courts, FIRs, accused and court cases, hearings (tests, benchmarks).

Each writes its rows directly, on a case from cases.factories.CaseFactory unless one is given, at
the stage asked for with the dates that stage implies. A test about a transition or a service
walks the services instead (tests/legal/helpers.make_fir, court_helpers.make_court_case); these
are for a test that needs the record to stand on. All data synthetic.
"""

import datetime

import factory
from django.utils import timezone

from cases.factories import CaseFactory
from consortium.factories import UserFactory, state

from .models import (
    FIR,
    Accused,
    AccusedPerson,
    AccusedRole,
    CaseAccused,
    Court,
    CourtCase,
    CourtKind,
    Hearing,
    HearingPurpose,
)


def _days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court
        django_get_or_create = ("kind", "state", "name")

    kind = CourtKind.SESSIONS
    state = factory.LazyFunction(lambda: state("MH"))
    name = factory.Sequence(lambda n: f"Test Sessions Court {n + 1}")


class FIRFactory(factory.django.DjangoModelFactory):
    """A FIR registered 30 days ago in the case's destination state (stage `fir_registered`)."""

    class Meta:
        model = FIR

    case = factory.SubFactory(CaseFactory)
    chain_role = "destination"
    state = factory.LazyAttribute(lambda o: o.case.destination_state or state("MH"))
    police_station = "Test Police Station"
    fir_number = factory.Sequence(lambda n: f"{n + 1}/2026")
    fir_date = factory.LazyFunction(lambda: _days_ago(30))
    reported_on = factory.LazyFunction(lambda: _days_ago(31))
    stage = "fir_registered"
    created_by = factory.LazyAttribute(lambda o: o.case.opened_by)


class AccusedPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccusedPerson


class AccusedFactory(factory.django.DjangoModelFactory):
    """An accused record (names as the police or the survivor gave them) and the person it is."""

    class Meta:
        model = Accused

    person = factory.SubFactory(AccusedPersonFactory)
    names = factory.Sequence(lambda n: [f"Synthetic Accused {n + 1}"])
    created_by = factory.SubFactory(UserFactory)


class CaseAccusedFactory(factory.django.DjangoModelFactory):
    """An accused named on a case, as a recruiter unless another role is given."""

    class Meta:
        model = CaseAccused

    case = factory.SubFactory(CaseFactory)
    accused = factory.SubFactory(AccusedFactory, created_by=factory.SelfAttribute("..case.opened_by"))
    role = AccusedRole.RECRUITER
    added_by = factory.LazyAttribute(lambda o: o.case.opened_by)


class CourtCaseFactory(factory.django.DjangoModelFactory):
    """A court case that took cognizance 60 days ago in a sessions court (stage `cognizance`)."""

    class Meta:
        model = CourtCase

    case = factory.SubFactory(CaseFactory)
    court = factory.SubFactory(CourtFactory)
    case_number = factory.Sequence(lambda n: f"S.C. {n + 1}/2026")
    cognizance_on = factory.LazyFunction(lambda: _days_ago(60))
    created_by = factory.LazyAttribute(lambda o: o.case.opened_by)


class HearingFactory(factory.django.DjangoModelFactory):
    """A hearing a week from now, scheduled."""

    class Meta:
        model = Hearing

    court_case = factory.SubFactory(CourtCaseFactory)
    on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    purpose = HearingPurpose.APPEARANCE
    created_by = factory.LazyAttribute(lambda o: o.court_case.created_by)
