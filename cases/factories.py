"""Factories for survivors and cases (tests, demo data, benchmarks). All data synthetic.

Two ways to make a case:
- `open_case()` goes through the real service (case_open), so the case has a reference from its
  state's counter, its first timeline events, its deadlines and the rescue given at intake: for a
  test about opening cases or what follows from it.
- `CaseFactory(lead=membership)` writes the rows directly (the survivor with her search tokens, the
  case, its lead caseworker's place on the team): for a test that needs a case to stand on and is
  not about how it was opened. The legal, compensation and care factories build on it.
"""

import datetime

import factory
from django.utils import timezone

from consortium.factories import MembershipFactory, state
from consortium.models import District, Membership
from survivors.models import Consent, Language, Sex, Survivor, UpdateChannel
from survivors.services import SurvivorDetails, survivor_search_tokens_rebuild

from . import services
from .models import Case, CaseAssignment, CaseRole, ExploitationForm

factory.Faker._DEFAULT_LOCALE = "en_IN"


class SurvivorFactory(factory.django.DjangoModelFactory):
    """Her record, searchable by name and phone (its search tokens are built). `survivor_fields()`
    gives the same values as keywords, for a case opened through the service (open_case)."""

    class Meta:
        model = Survivor
        skip_postgeneration_save = True

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
    family_contact = "Mother, phone 9" + "1" * 9

    @factory.post_generation
    def search_tokens(obj, create, extracted, **kwargs):
        if create:
            survivor_search_tokens_rebuild(obj)


def survivor_fields(**given) -> dict:
    """SurvivorFactory's values (and the ones given) as keywords, nothing saved."""
    fields = factory.build(dict, FACTORY_CLASS=SurvivorFactory, **given)
    fields.pop("search_tokens", None)
    return fields


class CaseFactory(factory.django.DjangoModelFactory):
    """A case led by `lead` (a caseworker's membership; one is made when none is given), from West
    Bengal to Maharashtra, with the lead on its team."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    class Params:
        lead = factory.SubFactory(MembershipFactory)

    reference = factory.Sequence(lambda n: f"TF-2026-{n + 1:04d}")
    survivor = factory.SubFactory(SurvivorFactory)
    lead_organisation = factory.LazyAttribute(lambda o: o.lead.organisation)
    opened_by = factory.LazyAttribute(lambda o: o.lead.user)
    updated_by = factory.LazyAttribute(lambda o: o.lead.user)
    source_state = factory.LazyFunction(lambda: state("WB"))
    destination_state = factory.LazyFunction(lambda: state("MH"))
    trafficked_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=200))
    narrative = "Synthetic narrative: promised a job, taken by train, confined and exploited."

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):
        if create:
            CaseAssignment.objects.create(
                case=obj,
                user=obj.opened_by,
                organisation=obj.lead_organisation,
                role=CaseRole.LEAD_CASEWORKER,
                added_by=obj.opened_by,
            )


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
    details = SurvivorDetails(**survivor_fields(**(survivor or {})))
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
