"""The demo's referrals (seed_demo): one in every state, and one completed transfer of lead.

Mumbai Mukti Trust (cw_mh) refers a case's needs to Sabuj Sathi Foundation (cw_wb) in her home state
and to the lawyers' network (lawyer_wb); SSF refers its own cases' needs to other organisations.
So cw_wb finds one waiting in her incoming referrals, lawyer_wb an accepted legal-aid referral on a
case's Referrals tab, cw_mh his sent referrals, and the coordinator all of them. Run twice, it
changes nothing. All data synthetic.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseAssignment, CaseRole
from consortium.models import Organisation, User
from survivors.models import Consent, ConsentPurpose

from . import services
from .models import Referral, Service


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _org(short: str) -> Organisation | None:
    return Organisation.objects.filter(short_name=short).first()


def _consent(case: Case, actor, organisation: Organisation, purpose: str) -> None:
    """Her consent to this purpose with this organisation (her guardian's, for a minor)."""
    if Consent.objects.in_force().filter(case=case, recipient_organisation=organisation, purpose=purpose).exists():
        return
    minor = case.survivor.is_minor_now
    case_services.consent_record(
        actor=actor,
        case=case,
        purpose=purpose,
        method=Consent.Method.WRITTEN,
        given_on=timezone.localdate() - datetime.timedelta(days=5),
        given_by=Consent.GivenBy.GUARDIAN if minor else Consent.GivenBy.SURVIVOR,
        guardian_name="Guardian (demo)" if minor else "",
        recipient_organisation=organisation,
    )


def _led_by(user: User, short: str):
    """Open cases this person leads for the organisation, oldest reference first."""
    led = CaseAssignment.objects.active().filter(user=user, role=CaseRole.LEAD_CASEWORKER).values("case_id")
    return Case.objects.filter(pk__in=led, lead_organisation__short_name=short, status=Case.Status.OPEN).order_by(
        "reference"
    )


def _send(case, actor, to, service, *, days=7, message="", kind=Referral.Kind.REFERRAL, **kwargs):
    return services.referral_send(
        actor=actor,
        case=case,
        kind=kind,
        service=service,
        receiving_organisation=to,
        respond_by=timezone.localdate() + datetime.timedelta(days=days),
        message=message,
        **kwargs,
    )


def _fresh(referral: Referral) -> Referral:
    referral.refresh_from_db()
    return referral


@transaction.atomic
def seed_referrals() -> int:
    """How many referrals were made (0 when the demo has them already, or lacks its people)."""
    if Referral.objects.exists():
        return 0
    cw_mh, cw_wb, lawyer_wb = _user("cw_mh"), _user("cw_wb"), _user("lawyer_wb")
    ssf, nln, jgvm, utthan, omas = _org("SSF"), _org("NLN"), _org("JGVM"), _org("Utthan"), _org("OMAS")
    if None in (cw_mh, cw_wb, lawyer_wb, ssf, nln, jgvm, utthan, omas):
        return 0
    jgvm_cw = User.objects.filter(memberships__organisation=jgvm, memberships__role="caseworker").order_by("pk").first()
    mumbai, bengal = list(_led_by(cw_mh, "MMT")), list(_led_by(cw_wb, "SSF"))
    if len(mumbai) < 2 or len(bengal) < 2 or jgvm_cw is None:
        return 0
    made = 0
    # The transfer goes to Jharkhand (JGVM), her home state where the demo has one: SSF's own lists
    # (and the journeys that walk them) stay West Bengal's cases.
    going_home = mumbai[0]
    transferred = next((c for c in reversed(mumbai[1:]) if c.source_state and c.source_state.code == "JH"), mumbai[-1])

    # Sent, waiting in SSF's incoming referrals (cw_wb): her livelihood once she is home.
    _consent(going_home, cw_mh, ssf, ConsentPurpose.SHARE_WITH_ORGANISATION)
    _send(
        going_home,
        cw_mh,
        ssf,
        Service.LIVELIHOOD,
        days=5,
        message="She wants to restart tailoring at home; she has a certificate from the shelter's course.",
    )
    # Accepted by SSF, then closed with the outcome: counselling in her language.
    counselling = _send(going_home, cw_mh, ssf, Service.PSYCHOSOCIAL, message="Counselling in Bengali, weekly.")
    counselling = services.referral_accept(actor=cw_wb, referral=counselling, expected_version=counselling.version)
    services.referral_close(
        actor=cw_wb,
        referral=_fresh(counselling),
        expected_version=_fresh(counselling).version,
        outcome=Referral.Outcome.PARTLY,
        outcome_on=timezone.localdate(),
        follow_up_on=timezone.localdate() + datetime.timedelta(days=30),
        note="Four of eight sessions held; she asked to continue by phone.",
    )
    # Accepted: legal aid from the lawyers' network (lawyer_wb).
    _consent(going_home, cw_mh, nln, ConsentPurpose.LEGAL_REPRESENTATION)
    legal = _send(
        going_home,
        cw_mh,
        nln,
        Service.LEGAL_AID,
        receiving_person=lawyer_wb,
        message="Victim's counsel for the bail hearings in Mumbai; she can attend by video link from home.",
    )
    services.referral_accept(actor=lawyer_wb, referral=legal, expected_version=legal.version)
    made += 3

    first, second = bengal[0], bengal[1]
    # Declined by JGVM: no shelter place.
    _consent(first, cw_wb, jgvm, ConsentPurpose.SHARE_WITH_ORGANISATION)
    shelter = _send(first, cw_wb, jgvm, Service.SHELTER, message="A short stay near Ranchi while her family is seen.")
    services.referral_decline(
        actor=jgvm_cw,
        referral=shelter,
        expected_version=shelter.version,
        reason=Referral.DeclineReason.NO_CAPACITY,
        note="No place until next month; ask again then.",
    )
    # Withdrawn by SSF: she chose the collective's group meetings later.
    _consent(first, cw_wb, utthan, ConsentPurpose.COLLECTIVE_SUPPORT)
    support = _send(first, cw_wb, utthan, Service.PSYCHOSOCIAL, message="Peer support group in Kolkata.")
    services.referral_withdraw(
        actor=cw_wb, referral=support, expected_version=support.version, note="She asked to wait a month."
    )
    # Expired: OMAS never answered about school admission.
    _consent(second, cw_wb, omas, ConsentPurpose.SHARE_WITH_ORGANISATION)
    school = _send(second, cw_wb, omas, Service.EDUCATION, message="Admission to class 9 near her village.")
    Referral.objects.filter(pk=school.pk).update(respond_by=timezone.localdate() - datetime.timedelta(days=1))
    services.referrals_expire_unanswered()
    made += 3

    # A completed transfer of lead: she went home to Jharkhand; JGVM leads her case now, and MMT
    # stays on the team on her consent to share with it (cw_mh follows the Mumbai trial).
    mmt = transferred.lead_organisation
    _consent(transferred, cw_mh, jgvm, ConsentPurpose.SHARE_WITH_ORGANISATION)
    transfer = _send(
        transferred,
        cw_mh,
        jgvm,
        Service.WHOLE_CASE,
        kind=Referral.Kind.TRANSFER,
        message="She is home in Jharkhand; JGVM can support her there. The trial stays in Mumbai.",
    )
    transfer = services.referral_accept(actor=jgvm_cw, referral=transfer, expected_version=transfer.version)
    _consent(transferred, jgvm_cw, mmt, ConsentPurpose.SHARE_WITH_ORGANISATION)
    services.referral_acknowledge(actor=cw_mh, referral=_fresh(transfer), expected_version=_fresh(transfer).version)
    made += 1
    return made
