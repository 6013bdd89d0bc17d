"""Factories for compensation claims (tests, benchmarks). All data synthetic.

A claim is written directly, screened ten days ago under the shipped NALSA 2018 scheme's
trafficking line, on a case from cases.factories.CaseFactory unless one is given. A test about
screening, eligibility or a transition goes through the services instead (tests/compensation/
helpers.py); this is for a test that needs a claim to stand on.
"""

import datetime

import factory
from django.utils import timezone

from cases.factories import CaseFactory

from .models import AuthorityLevel, Claim, Scheme


def _nalsa() -> Scheme:
    return Scheme.objects.filter(code="nalsa-2018", created_by__isnull=True).order_by("-effective_from").first()


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    case = factory.SubFactory(CaseFactory)
    scheme = factory.LazyFunction(_nalsa)
    scheme_code = factory.LazyAttribute(lambda o: o.scheme.code)
    line = factory.LazyAttribute(
        lambda o: o.scheme.lines.filter(category="trafficking").first() or o.scheme.lines.first()
    )
    screened_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    stage_on = factory.SelfAttribute("screened_on")
    authority_level = AuthorityLevel.DLSA
    authority_state = factory.LazyAttribute(lambda o: o.case.destination_state)
