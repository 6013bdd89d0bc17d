"""Reads about referrals.

The case's own list (the Referrals tab) is read for a case the person already sees (through
cases.web.case_or_404). What starts elsewhere is the receiving organisation's inbox: it lists
the referrals addressed to it whose consent is still in force, with only what a referral shares
(case reference, pseudonym, service, states and districts, respond-by date, the sender's message,
the types and titles of the documents shared); her name, contacts and address are never read.
"""

import datetime

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from cases.models import Case, CaseAssignment, CaseDocument, CaseRole
from cases.services import CASE_ROLE_CONSENT, CASE_ROLE_NEEDS
from consortium.models import Membership, Organisation, User
from survivors.models import Consent

from .models import Referral
from .permissions import INBOX_ROLES, may_answer

# Organisations a case may be referred to (any active member organisation but the secretariat),
# and those that may lead a case (they have caseworkers).
REFERRABLE_KINDS = (
    Organisation.Kind.NGO,
    Organisation.Kind.CBO,
    Organisation.Kind.SURVIVOR_COLLECTIVE,
    Organisation.Kind.LAWYERS_NETWORK,
    Organisation.Kind.GOVERNMENT_PARTNER,
)
LEAD_KINDS = (Organisation.Kind.NGO, Organisation.Kind.CBO, Organisation.Kind.GOVERNMENT_PARTNER)


def consent_for(case: Case, organisation: Organisation, purpose: str) -> Consent | None:
    """Her consent in force for this purpose with this organisation; for a minor now, only one given
    by her guardian or resting on a recorded legal basis (a CWC order) counts, never her own."""
    consents = Consent.objects.in_force().filter(case=case, recipient_organisation=organisation, purpose=purpose)
    if case.survivor.is_minor_now:
        consents = consents.filter(given_by__in=[Consent.GivenBy.GUARDIAN, Consent.GivenBy.LEGAL_BASIS])
    return consents.order_by("-given_on", "-pk").first()


def _consent_in_force() -> Q:
    today = timezone.localdate()
    return (
        Q(consent__withdrawn_at__isnull=True)
        & Q(consent__given_on__lte=today)
        & (Q(consent__expires_on__isnull=True) | Q(consent__expires_on__gte=today))
    )


def case_referrals(case: Case, access) -> list[Referral]:
    """The case's referrals and transfers she may see (her CaseAccess), newest first, with what the
    Referrals tab shows. A survivor leader there to support her sees only the referrals to her own
    collective: which services she was referred for elsewhere (health, psychosocial care...) is as
    private as a care record (CaseAccess.can_see_care_records)."""
    referrals = Referral.objects.filter(case=case)
    if not access.can_see_care_records:
        referrals = referrals.filter(
            receiving_organisation_id__in=Membership.objects.active()
            .filter(user_id=access.user_id)
            .values("organisation_id")
        )
    return list(
        referrals.select_related("sending_organisation", "receiving_organisation", "receiving_person", "sent_by")
        .select_related("answered_by", "consent")
        .prefetch_related(Prefetch("documents", queryset=CaseDocument.objects.order_by("pk")))
    )


def case_referral_get(case: Case, referral_id) -> Referral | None:
    return (
        Referral.objects.filter(case=case, pk=referral_id)
        .select_related("sending_organisation", "receiving_organisation", "receiving_person", "consent")
        .first()
    )


def _shared_with(organisation: Organisation) -> QuerySet[Referral]:
    """Referrals to this organisation it may still read: her consent they rest on is in force."""
    return Referral.objects.filter(receiving_organisation=organisation).filter(_consent_in_force())


def _inbox_rows(organisation: Organisation) -> QuerySet[Referral]:
    """Only the fields the referral shares: the survivor's pseudonym and the case's places."""
    return (
        _shared_with(organisation)
        .select_related("sending_organisation", "receiving_organisation", "receiving_person")
        .annotate(
            case_reference=F("case__reference"),
            pseudonym=F("case__survivor__pseudonym"),
            minor=F("case__survivor__minor_at_offence"),
            source_state_name=F("case__source_state__name"),
            source_district_name=F("case__source_district__name"),
            destination_state_name=F("case__destination_state__name"),
            destination_district_name=F("case__destination_district__name"),
        )
        .prefetch_related(
            Prefetch("documents", queryset=CaseDocument.objects.only("pk", "doc_type", "title").order_by("pk"))
        )
    )


def inbox_for(membership: Membership, *, recent_days: int = 90) -> dict:
    """Referrals addressed to her organisation that her role lets her answer: those waiting for an
    answer, and those answered or ended recently (with a link to the case once it is hers to see)."""
    since = timezone.now() - datetime.timedelta(days=recent_days)
    rows = (
        _inbox_rows(membership.organisation)
        .filter(Q(stage=Referral.Stage.SENT) | Q(updated_at__gte=since))
        .order_by("respond_by", "pk")
    )
    waiting, recent = [], []
    for row in rows:
        if not may_answer(row, membership.role):
            continue
        (waiting if row.stage == Referral.Stage.SENT else recent).append(row)
    recent.sort(key=lambda r: r.updated_at, reverse=True)
    return {"waiting": waiting, "recent": recent}


def inbox_get(membership: Membership, referral_id) -> Referral | None:
    row = _inbox_rows(membership.organisation).select_related("case").filter(pk=referral_id).first()
    if row is None or not may_answer(row, membership.role):
        return None
    return row


def inbox_waiting_count(membership: Membership) -> int:
    if membership.role not in INBOX_ROLES:
        return 0
    rows = _shared_with(membership.organisation).filter(stage=Referral.Stage.SENT)
    # The role the receiver takes decides who answers: read only what says it, no row is loaded.
    return sum(
        1
        for row in rows.select_related("receiving_organisation").only(
            "pk", "kind", "service", "receiving_organisation__kind"
        )
        if may_answer(row, membership.role)
    )


def answer_people(referral: Referral) -> QuerySet[User]:
    """Who the receiving organisation may put on her team by accepting: its people whose role may
    hold the place (the accept form's choices; referrals.services.referral_accept checks again)."""
    return User.objects.filter(
        pk__in=Membership.objects.active()
        .filter(organisation_id=referral.receiving_organisation_id, role__in=CASE_ROLE_NEEDS[referral.team_role])
        .values("user_id")
    ).order_by("first_name", "last_name", "pk")


def receiver_choices(case: Case, *, kind: str, sending_organisation_id) -> QuerySet[Organisation]:
    """Organisations the form offers: active, not the lead organisation nor the sender's."""
    kinds = LEAD_KINDS if kind == Referral.Kind.TRANSFER else REFERRABLE_KINDS
    return (
        Organisation.objects.filter(is_active=True, kind__in=kinds)
        .exclude(pk=case.lead_organisation_id)
        .exclude(pk=sending_organisation_id)
        .order_by("name")
    )


def role_after_transfer(role: str) -> str:
    """The old lead caseworker stays (if she stays) as a caseworker: the case has a new lead."""
    return CaseRole.CASEWORKER if role == CaseRole.LEAD_CASEWORKER else role


def consent_for_place(case: Case, organisation_id, role: str) -> Consent | None:
    """Her consent in force that lets a person of this organisation hold this role on the team
    (cases.services.CASE_ROLE_CONSENT); for a minor, never her own."""
    consents = Consent.objects.in_force().filter(
        case=case, recipient_organisation_id=organisation_id, purpose__in=CASE_ROLE_CONSENT[role]
    )
    if case.survivor.is_minor_now:
        consents = consents.exclude(given_by=Consent.GivenBy.SURVIVOR)
    return consents.order_by("-given_on", "-pk").first()


def old_lead_places(case: Case, organisation_id) -> list[tuple[CaseAssignment, Consent | None]]:
    """The team places of an organisation's people resting on its having led the case (no consent),
    each with the consent that would keep it after a transfer of lead (None: the place ends)."""
    places = (
        CaseAssignment.objects.active()
        .filter(case=case, organisation_id=organisation_id, consent__isnull=True)
        .select_related("user", "organisation")
    )
    return [(place, consent_for_place(case, organisation_id, role_after_transfer(place.role))) for place in places]


def stepper(referral: Referral) -> list[dict]:
    """Its states as one line (templates/includes/stepper.html): sent, answered, then closed with
    the outcome (a referral) or the handover acknowledged (a transfer); a referral that ended
    otherwise (declined, withdrawn, expired) shows where it stopped."""
    S = Referral.Stage
    last = S.ACKNOWLEDGED if referral.kind == Referral.Kind.TRANSFER else S.CLOSED
    main = [S.SENT, S.ACCEPTED, last]
    stage = referral.stage
    if stage in main:
        reached = main.index(stage)
        return [
            {
                "label": S(s).label,
                "state": "done"
                if i < reached or (i == reached and stage == last)
                else "current"
                if i == reached
                else "todo",
            }
            for i, s in enumerate(main)
        ]
    # Ended off the main line: after sending (declined, expired, withdrawn) or after acceptance (withdrawn).
    answered = referral.answered_at is not None and stage == S.WITHDRAWN
    steps = [{"label": S.SENT.label, "state": "done"}]
    if answered:
        steps.append({"label": S.ACCEPTED.label, "state": "done"})
    steps.append({"label": S(stage).label, "state": "current"})
    return steps
