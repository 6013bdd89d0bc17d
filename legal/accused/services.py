"""Writes about accused persons: their records in a case (names, aliases and phones
encrypted), the search tokens that match them across cases without revealing them, and a
coordinator's review of a possible match (the same person, or not).

The rules of legal/investigation/services.py hold here: keyword-only arguments, the case
re-read through the visibility selector, one transaction, an event on the timeline that
names an accused by number only.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case
from cases.permissions import require
from cases.selectors import case_list_visible_to
from consortium.models import Membership
from core.arguments import UNSET, given
from core.concurrency import lock_for_edit, save_with_version
from core.crypto import blind_index, normalise_name, normalise_phone
from core.history import record_history
from core.phrases import Phrase
from legal.accused.selectors import is_her_lawyer
from legal.events import investigation_event
from legal.models import (
    Accused,
    AccusedMatchAlert,
    AccusedPerson,
    AccusedRole,
    AccusedSearchToken,
    CaseAccused,
    FIRAccused,
)
from legal.recording import clean_list, require_coordinator, require_investigation_recorder

# --- accused persons ----------------------------------------------------------------------


def accused_tokens(*, names=(), aliases=(), phones=()) -> set[tuple[str, str]]:
    """Keyed hashes of whole normalised names and aliases, and of phone numbers.

    Whole names only (not single words): "Kumar" alone would match half the accused."""
    tokens: set[tuple[str, str]] = set()
    for name in [*names, *aliases]:
        normalised = normalise_name(name)
        if normalised:
            tokens.add((AccusedSearchToken.Kind.NAME, blind_index("accused-name", normalised)))
    for phone in phones:
        normalised = normalise_phone(phone)
        if len(normalised) >= 6:
            tokens.add((AccusedSearchToken.Kind.PHONE, blind_index("accused-phone", normalised)))
    return tokens


def accused_search_tokens_rebuild(accused: Accused) -> None:
    """The blind-index tokens of one case's record (from that record's own names and phones)."""
    tokens = accused_tokens(names=accused.names, aliases=accused.aliases, phones=accused.phones)
    AccusedSearchToken.objects.filter(accused=accused).delete()
    AccusedSearchToken.objects.bulk_create(
        [AccusedSearchToken(accused=accused, kind=kind, digest=digest) for kind, digest in tokens]
    )


def _identity_visible_cases(actor):
    # identity_visible: annotated by the visibility selector, not a field (hence the ignore).
    return case_list_visible_to(actor).filter(identity_visible=True)  # type: ignore[misc]


def accused_matches(*, actor, names=(), aliases=(), phones=(), exclude=None) -> tuple[list, list]:
    """(records she may be offered, records she must not learn about), matching by phone or name.

    Each record is what one case recorded. Offered: a record that itself matched, on a case
    whose identity she may see (a record of the same person on a case she cannot see never
    makes an offer: that would tell her what was recorded there). The second list only feeds
    coordinators' alerts; callers never show it (nor its length) to her."""
    tokens = accused_tokens(names=names, aliases=aliases, phones=phones)
    if not tokens:
        return [], []
    matched = (
        Accused.objects.filter(search_tokens__digest__in=[d for _k, d in tokens], case_links__isnull=False)
        .exclude(pk=getattr(exclude, "pk", None))  # type: ignore[misc]  # None excludes nothing
        .distinct()
    )
    visible_ids = set(
        CaseAccused.objects.filter(accused__in=matched, case__in=_identity_visible_cases(actor)).values_list(
            "accused_id", flat=True
        )
    )
    visible: list[Accused] = []
    hidden: list[Accused] = []
    for accused in matched.order_by("pk"):
        (visible if accused.pk in visible_ids else hidden).append(accused)
    return visible, hidden


def accused_offers(visible: list) -> list:
    """What she is offered before recording an accused: one record per person among the records
    accused_matches lets her see (the web form's and the API's "same person?" question)."""
    persons: set = set()
    offers = []
    for accused in visible:
        if accused.person_id not in persons:
            persons.add(accused.person_id)
            offers.append(accused)
    return offers


def _matched_on(accused: Accused, tokens: set) -> list[str]:
    digests = {d for _k, d in tokens}
    kinds = set(AccusedSearchToken.objects.filter(accused=accused, digest__in=digests).values_list("kind", flat=True))
    return sorted(kinds)


def _validate_accused(data: dict) -> dict:
    cleaned = {
        "names": clean_list(data.get("names")),
        "aliases": clean_list(data.get("aliases")),
        "phones": clean_list(data.get("phones")),
        "addresses": clean_list(data.get("addresses")),
        "description": (data.get("description") or "").strip(),
    }
    errors: dict = {}
    if not cleaned["names"] and not cleaned["aliases"]:
        errors["names"] = _("Enter a name or an alias (as the survivor knows the person).")
    for phone in cleaned["phones"]:
        if len(normalise_phone(phone)) < 6:
            errors["phones"] = _("“%(phone)s” is not a phone number.") % {"phone": phone[:30]}
            break
    if errors:
        raise ValidationError(errors)
    if not cleaned["names"]:
        cleaned["names"] = cleaned["aliases"][:1]
    return cleaned


@transaction.atomic
def accused_record(
    *,
    actor,
    case: Case,
    names: list[str] = UNSET,
    aliases: list[str] = UNSET,
    phones: list[str] = UNSET,
    addresses: list[str] = UNSET,
    description: str = UNSET,
    role: str,
    link_to: Accused | None = None,
) -> CaseAccused:
    """Record an accused person on a case: a new person, or (when she chose it) the same person as
    a record she was offered.

    Either way this case gets its own record, holding only what she typed here: the link says
    "the same person" (the offered record's AccusedPerson) and copies nothing from the other
    case, whose readers and this case's readers need not be the same people.
    Matches on cases she cannot see are never shown to her: they become alerts that
    coordinators review."""
    data = given(names=names, aliases=aliases, phones=phones, addresses=addresses, description=description)
    require_investigation_recorder(actor, case, details=True)
    cleaned = _validate_accused(data)
    if role not in AccusedRole.values:
        raise ValidationError({"role": _("Choose the part this person played.")})
    person = None
    if link_to is not None:
        if not CaseAccused.objects.filter(accused=link_to, case__in=_identity_visible_cases(actor)).exists():
            raise ValidationError(_("That record is not available to you."))
        person_id = Accused.objects.filter(pk=link_to.pk).values_list("person_id", flat=True).get()
        person = AccusedPerson.objects.select_for_update().get(pk=person_id)
        if CaseAccused.objects.filter(case=case, accused__person=person).exists():
            raise ValidationError(_("This person is already recorded as accused on this case."))
    accused = Accused(**cleaned, person=person, created_by=actor, updated_by=actor)
    record_history(accused, actor)
    accused.save()
    accused_search_tokens_rebuild(accused)
    link = CaseAccused.objects.create(case=case, accused=accused, role=role, added_by=actor)
    _visible, hidden = accused_matches(
        actor=actor, names=accused.names, aliases=accused.aliases, phones=accused.phones, exclude=accused
    )
    tokens = accused_tokens(names=accused.names, aliases=accused.aliases, phones=accused.phones)
    for other in hidden:
        if other.person_id == accused.person_id:
            continue  # already known to be the same person
        AccusedMatchAlert.objects.get_or_create(
            accused=accused,
            matches=other,
            defaults={"case": case, "matched_on": _matched_on(other, tokens), "created_by": actor},
        )
    with translation.override("en"):
        summary = Phrase(
            gettext_noop("%(accused)s recorded as accused (%(role)s)"),
            accused=str(accused),
            role=link.get_role_display(),
        )
    investigation_event(
        case,
        actor,
        summary,
        accused=accused.pk,
        action="accused_linked" if link_to is not None else "accused_recorded",
    )
    return link


def _editor_known_to(reader, editor, case: Case) -> bool:
    """May a stale-save message about this case's record name its last editor to her?

    Only someone she can know of: the editor still sees this case, or works in one of her
    organisations (consortium practice: no name from beyond the case's boundary)."""
    if editor is None:
        return False
    if editor.pk == reader.pk or case_list_visible_to(editor).filter(pk=case.pk).exists():
        return True
    reader_orgs = Membership.objects.active().filter(user=reader).values("organisation_id")
    return Membership.objects.active().filter(user=editor, organisation_id__in=reader_orgs).exists()


@transaction.atomic
def accused_update(
    *,
    actor,
    case: Case,
    accused: Accused,
    expected_version: int,
    names: list[str] = UNSET,
    aliases: list[str] = UNSET,
    phones: list[str] = UNSET,
    addresses: list[str] = UNSET,
    description: str = UNSET,
) -> Accused:
    """Edit what this case recorded about an accused person: this case's record only.

    Records of the same person on other cases keep what their teams recorded. A stale page is
    refused; the message names the last editor only when she may know of him."""
    data = given(names=names, aliases=aliases, phones=phones, addresses=addresses, description=description)
    require_investigation_recorder(actor, case, details=True)
    if not CaseAccused.objects.filter(case=case, accused=accused).exists():
        require(False)
    cleaned = _validate_accused(data)
    lock_for_edit(Accused, accused.pk, expected_version, may_name=lambda editor: _editor_known_to(actor, editor, case))
    for name, value in cleaned.items():
        setattr(accused, name, value)
    save_with_version(accused, expected_version=expected_version, actor=actor)
    accused_search_tokens_rebuild(accused)
    summary = Phrase(gettext_noop("%(accused)s: details edited"), accused=str(accused))
    investigation_event(case, actor, summary, accused=accused.pk)
    return accused


# --- what her own page shows of an accused ---------------------------------------------------


@transaction.atomic
def fir_accused_share(*, actor, case: Case, link: FIRAccused, shared: bool) -> FIRAccused:
    """Her lawyer shows this accused (name, custody and bail in plain words) on her own page, or
    hides it again. Only a lawyer on the case team (404 to anyone else, as for another case)."""
    require(is_her_lawyer(actor, case))
    locked = FIRAccused.objects.select_for_update().filter(pk=link.pk, fir__case=case).first()
    if locked is None:
        require(False)
        return link
    if locked.shared_with_survivor != shared:
        locked.shared_with_survivor = shared
        save_with_version(locked, expected_version=locked.version, actor=actor)
    summary = Phrase(
        gettext_noop("%(accused)s: shown on her own page")
        if shared
        else gettext_noop("%(accused)s: hidden from her own page"),
        accused=str(locked.accused),
    )
    investigation_event(case, actor, summary, accused=locked.accused_id, fir=locked.fir_id)
    return locked


# --- coordinators' review of possible matches ---------------------------------------------


@transaction.atomic
def match_alert_review(*, actor, alert: AccusedMatchAlert, same_person: bool) -> AccusedMatchAlert:
    """Same person: the two records are linked as one person (each case keeps its own details)."""
    require_coordinator(actor)
    alert = AccusedMatchAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != AccusedMatchAlert.Status.OPEN:
        raise ValidationError(_("This possible match was already reviewed."))
    alert.status = AccusedMatchAlert.Status.MERGED if same_person else AccusedMatchAlert.Status.DISMISSED
    alert.reviewed_at, alert.reviewed_by = timezone.now(), actor
    alert.save()
    if same_person:
        _merge(keep=alert.matches, drop=alert.accused, actor=actor)
    return alert


def _merge(*, keep: Accused, drop: Accused, actor) -> None:
    """The two records are one person: every record of drop's person joins keep's person.

    Nothing is copied between the records: each case keeps what its own team recorded."""
    keep = Accused.objects.get(pk=keep.pk)
    drop = Accused.objects.get(pk=drop.pk)
    list(AccusedPerson.objects.select_for_update().filter(pk__in={keep.person_id, drop.person_id}))
    if keep.person_id != drop.person_id:
        for record in Accused.objects.filter(person_id=drop.person_id):
            record.person_id = keep.person_id
            record_history(record, actor)
            record.save(update_fields=["person"])
        AccusedPerson.objects.filter(pk=drop.person_id, records__isnull=True).delete()
    AccusedMatchAlert.objects.filter(
        status=AccusedMatchAlert.Status.OPEN,
        accused__person_id=keep.person_id,
        matches__person_id=keep.person_id,
    ).update(status=AccusedMatchAlert.Status.MERGED, reviewed_at=timezone.now(), reviewed_by=actor)
