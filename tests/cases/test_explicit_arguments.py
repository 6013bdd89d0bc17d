"""Opening a case and recording consent take explicit keyword arguments (core/arguments.py): a
misspelt field is refused where it is written, never dropped, and nothing is saved."""

import pytest

from cases import services
from cases.models import Case
from consortium.factories import state
from survivors.models import Consent, ConsentPurpose, Survivor
from survivors.services import SurvivorDetails


def test_a_field_left_out_keeps_the_models_default(lead):
    case = services.case_open(
        actor_membership=lead,
        survivor=SurvivorDetails(full_name="Explicit Qvx", estimated_age=24),
        source_state=state("WB"),
        narrative="Synthetic narrative.",
    )
    survivor = Survivor.objects.get(pk=case.survivor_id)
    default = Survivor._meta.get_field("preferred_channel").default
    assert (survivor.full_name, survivor.estimated_age, survivor.preferred_channel) == ("Explicit Qvx", 24, default)
    assert (case.source_state.code, case.destination_state, case.risk_level) == (
        "WB",
        None,
        Case._meta.get_field("risk_level").default,
    )


def test_a_misspelt_survivor_field_is_refused_where_it_is_written(db):
    with pytest.raises(TypeError, match="full_nmae"):
        SurvivorDetails(full_nmae="Misspelt Qvx")


def test_the_rescue_is_not_a_case_field_and_nothing_is_saved(lead):
    """The case's rescue date is a copy of the care record's rescue: given at intake, never here."""
    with pytest.raises(TypeError, match="rescued_on"):
        services.case_open(actor_membership=lead, survivor=SurvivorDetails(full_name="Rescue Qvx"), rescued_on=None)
    assert not Survivor.objects.exists() and not Case.objects.exists()


def test_consent_is_recorded_from_its_fields_and_a_misspelt_one_saves_nothing(case, lead):
    before = Consent.objects.count()
    with pytest.raises(TypeError, match="witnes_name"):
        services.consent_record(
            actor=lead.user,
            case=case,
            purpose=ConsentPurpose.STATISTICS,
            method=Consent.Method.ORAL_WITNESSED,
            given_on=case.opened_at.date(),
            witnes_name="Witness Qvx",
        )
    assert Consent.objects.count() == before
    consent = services.consent_record(
        actor=lead.user,
        case=case,
        purpose=ConsentPurpose.STATISTICS,
        method=Consent.Method.ORAL_WITNESSED,
        given_on=case.opened_at.date(),
        witness_name="  Witness Qvx ",
    )
    assert (consent.recorded_by, consent.given_by, consent.witness_name) == (
        lead.user,
        Consent.GivenBy.SURVIVOR,
        "Witness Qvx",
    )


def test_her_details_are_a_value_not_a_call():
    """SurvivorDetails is the dataclass itself (a decorator once wrapped it in a transaction)."""
    import dataclasses

    details = SurvivorDetails(full_name="Value Qvx")
    assert isinstance(details, SurvivorDetails) and dataclasses.is_dataclass(details)
    assert details.given() == {"full_name": "Value Qvx"}


def test_an_unknown_purpose_is_refused_on_the_purpose(case, lead):
    from django.core.exceptions import ValidationError

    before = Consent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            actor=lead.user, case=case, purpose="gossip", method=Consent.Method.WRITTEN, given_on=case.opened_at.date()
        )
    assert list(refused.value.message_dict) == ["purpose"]
    assert Consent.objects.count() == before
