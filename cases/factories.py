"""Factories for survivors and cases (tests, demo data, benchmarks). All data synthetic.

`open_case()` goes through the real service, so a factory-made case has a
reference, a lead caseworker on its team and its first timeline events.
"""

import datetime

import factory
from django.utils import timezone

from consortium.factories import state
from consortium.models import District, Membership
from survivors.models import Consent, Language, Sex, UpdateChannel
from survivors.services import SurvivorDetails

from . import services
from .models import ExploitationForm

factory.Faker._DEFAULT_LOCALE = "en_IN"


class SurvivorDataFactory(factory.DictFactory):
    full_name = factory.Faker("name_female")
    other_names = factory.LazyFunction(list)
    sex = Sex.FEMALE
    estimated_age = 22
    age_basis = "self_reported"
    languages_spoken = factory.LazyFunction(lambda: [Language.BENGALI, Language.HINDI])
    preferred_language = Language.BENGALI
    preferred_channel = UpdateChannel.PHONE_CALL
    phone_numbers = factory.Sequence(lambda n: [f"98{31000000 + n:08d}"])
    origin_village = factory.Faker("city")
    family_contact = factory.LazyAttribute(lambda o: "Mother, phone 9" + "1" * 9)


def open_case(
    lead: Membership,
    *,
    survivor=None,
    source="WB",
    destination="MH",
    forms=("sexual_exploitation",),
    trafficked_on=None,
    **case_fields,
):
    """Open a case through case_open() with sensible synthetic data. `rescued_on` (and `escaped`)
    record the rescue at intake, as the care record's rescue, the way the intake form does."""
    details = SurvivorDetails(**SurvivorDataFactory(**(survivor or {})))
    source_state, destination_state = state(source), state(destination)
    rescued_on, escaped = case_fields.pop("rescued_on", None), case_fields.pop("escaped", False)
    intake = case_fields.pop("intake", None)  # given as is (cases/intake.py); else built from rescued_on
    case_fields = {
        "source_state": source_state,
        "source_district": District.objects.filter(state=source_state).order_by("name").first(),
        "destination_state": destination_state,
        "destination_district": District.objects.filter(state=destination_state).order_by("name").first(),
        # 200 days ago, or earlier when the rescue given is earlier: she is rescued after she is trafficked.
        "trafficked_on": trafficked_on
        or min(
            [timezone.localdate() - datetime.timedelta(days=200)]
            + ([rescued_on - datetime.timedelta(days=30)] if rescued_on else [])
        ),
        "narrative": "Synthetic narrative: promised a job, taken by train, confined and exploited.",
        **case_fields,
    }
    return services.case_open(
        actor_membership=lead,
        survivor=details,
        exploitation_forms=ExploitationForm.objects.filter(code__in=forms),
        **case_fields,
        intake=intake
        or {
            "rescue": {
                "rescued_on": rescued_on,
                "rescued_time": None,
                "state": destination_state,
                "district": case_fields["destination_district"],
                "agency": "self" if escaped else "police",
            }
            if rescued_on
            else None
        },
    )


def give_consent(case, *, actor, purpose, recipient=None, days_ago=10, expires_in=None, **fields):
    return services.consent_record(
        actor=actor,
        case=case,
        purpose=purpose,
        recipient_organisation=recipient,
        given_by=fields.pop("given_by", Consent.GivenBy.SURVIVOR),
        method=fields.pop("method", Consent.Method.WRITTEN),
        given_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        expires_on=(timezone.localdate() + datetime.timedelta(days=expires_in)) if expires_in is not None else None,
        **fields,
    )
