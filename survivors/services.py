"""Writes about survivors and their consent. Each checks permission and runs in one transaction."""

import datetime
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consortium.models import District, State
from core.arguments import UNSET, given
from core.crypto import blind_index, normalise_name, normalise_phone

from .models import ADULT_AGE, SHARING_PURPOSES, Consent, ConsentPurpose, Survivor, SurvivorSearchToken


def survivor_match_tokens(
    *, names=(), phones=(), guardian_phone: str = "", date_of_birth: datetime.date | str | None = None
) -> set[tuple[str, str]]:
    """The tokens that find possible duplicates of her: (kind, digest).

    Whole normalised names (never a single word: "Kumari" alone would match half the survivors),
    phones and her guardian's phone of at least six digits, her date of birth when known."""
    Kind = SurvivorSearchToken.Kind
    tokens: set[tuple[str, str]] = set()
    for name in names:
        normalised = normalise_name(name)
        if normalised:
            tokens.add((Kind.WHOLE_NAME, blind_index("survivor-whole-name", normalised)))
    for phone in phones:
        normalised = normalise_phone(phone)
        if len(normalised) >= 6:
            tokens.add((Kind.PHONE, blind_index("phone", normalised)))
    guardian = normalise_phone(guardian_phone)
    if len(guardian) >= 6:
        tokens.add((Kind.GUARDIAN_PHONE, blind_index("survivor-guardian-phone", guardian)))
    if date_of_birth:
        # The encrypted field gives a date (typed as text by its stubs): compared as YYYY-MM-DD.
        day = date_of_birth.isoformat() if isinstance(date_of_birth, datetime.date) else str(date_of_birth)[:10]
        tokens.add((Kind.DATE_OF_BIRTH, blind_index("survivor-date-of-birth", day)))
    return tokens


def survivor_tokens_of(survivor: Survivor) -> set[tuple[str, str]]:
    """Her possible-duplicate tokens, from her record as it stands."""
    return survivor_match_tokens(
        names=[survivor.full_name, *survivor.other_names],
        phones=survivor.phone_numbers,
        guardian_phone=survivor.guardian_phone,
        date_of_birth=survivor.date_of_birth,
    )


def survivor_search_tokens_rebuild(survivor: Survivor) -> None:
    """Every token of hers, from her record: the case search's (names, their words, phones) and
    the possible duplicates' (survivor_match_tokens). Also what a key rotation runs."""
    names = [survivor.full_name, *survivor.other_names]
    digests = set()
    for name in names:
        normalised = normalise_name(name)
        if not normalised:
            continue
        digests.add(("name", blind_index("name", normalised)))
        for word in normalised.split():
            if len(word) >= 3:
                digests.add(("name", blind_index("name", word)))
    for phone in survivor.phone_numbers:
        normalised = normalise_phone(phone)
        if normalised:
            digests.add(("phone", blind_index("phone", normalised)))
    digests |= {(str(kind), digest) for kind, digest in survivor_tokens_of(survivor)}
    SurvivorSearchToken.objects.filter(survivor=survivor).delete()
    SurvivorSearchToken.objects.bulk_create(
        [SurvivorSearchToken(survivor=survivor, kind=kind, digest=digest) for kind, digest in digests]
    )


def survivor_minor_flag_refresh(survivor: Survivor) -> bool:
    """Minor at the offence: her age on the earliest known date of her cases (or today)."""
    dates = []
    for case in survivor.cases.all():
        dates += [d for d in (case.left_home_on, case.trafficked_on) if d]
        if not (case.left_home_on or case.trafficked_on):
            dates.append(timezone.localdate(case.opened_at))
    day = min(dates) if dates else timezone.localdate()
    age = survivor.age_on(day)
    minor = age is not None and age < ADULT_AGE
    if minor != survivor.minor_at_offence:
        Survivor.objects.filter(pk=survivor.pk).update(minor_at_offence=minor)
        survivor.minor_at_offence = minor
    return minor


def validate_consent(consent: Consent, survivor: Survivor) -> None:
    errors = {}
    if survivor.is_minor_now and consent.given_by == Consent.GivenBy.SURVIVOR:
        errors["given_by"] = _(
            "She is a minor: consent is given by her guardian or rests on a recorded legal basis (e.g. a CWC order)."
        )
    if consent.given_by == Consent.GivenBy.GUARDIAN and not consent.guardian_name.strip():
        errors["guardian_name"] = _("Name the guardian who gave consent.")
    if consent.given_by == Consent.GivenBy.LEGAL_BASIS and not consent.legal_basis.strip():
        errors["legal_basis"] = _("Record the legal basis, e.g. the CWC order number and date.")
    if consent.method == Consent.Method.ORAL_WITNESSED and not consent.witness_name.strip():
        errors["witness_name"] = _("Oral consent needs a witness: name the witness.")
    if consent.purpose in SHARING_PURPOSES and consent.recipient_organisation_id is None:
        errors["recipient_organisation"] = _("Name the organisation she agrees to share her case with.")
    if consent.purpose not in SHARING_PURPOSES and consent.purpose != ConsentPurpose.COMPENSATION:
        consent.recipient_organisation = None
    if consent.recipient_organisation is not None and not consent.recipient_organisation.is_active:
        errors["recipient_organisation"] = _("This organisation is no longer active.")
    if consent.given_on and consent.given_on > timezone.localdate():
        errors["given_on"] = _("Consent cannot be recorded for a future date.")
    if consent.expires_on and consent.given_on and consent.expires_on < consent.given_on:
        errors["expires_on"] = _("The expiry date is before the date consent was given.")
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True, kw_only=True)
class SurvivorDetails:
    """What is recorded about her when her case is opened: the intake form's survivor block (and
    the pseudonym and the day her age was told, which the demo and imports set). Built with
    keywords, so a misspelt field is a TypeError where it is built; a field left out keeps the
    model's default."""

    full_name: str
    pseudonym: str = UNSET
    other_names: list[str] = UNSET
    sex: str = UNSET
    date_of_birth: datetime.date | None = UNSET
    estimated_age: int | None = UNSET
    age_recorded_on: datetime.date | None = UNSET
    age_basis: str = UNSET
    languages_spoken: list[str] = UNSET
    preferred_language: str = UNSET
    preferred_channel: str = UNSET
    phone_numbers: list[str] = UNSET
    origin_state: State | None = UNSET
    origin_district: District | None = UNSET
    origin_village: str = UNSET
    origin_address: str = UNSET
    family_contact: str = UNSET
    guardian_name: str = UNSET
    guardian_relation: str = UNSET
    guardian_phone: str = UNSET
    identity_papers: list[str] = UNSET

    def given(self) -> dict[str, Any]:
        return given(**{f.name: getattr(self, f.name) for f in fields(self)})


@transaction.atomic
def survivor_create(*, actor, details: SurvivorDetails) -> Survivor:
    """Her record, with the search tokens her names and phones are found by. Called by
    cases.services.case_open, in its transaction: a survivor is recorded with her case."""
    survivor = Survivor(**details.given(), updated_by=actor)
    survivor.save()
    survivor_search_tokens_rebuild(survivor)
    return survivor
