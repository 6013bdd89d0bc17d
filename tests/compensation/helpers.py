"""Builders for compensation tests. All data synthetic."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.models import CaseDocument
from compensation import services
from compensation.models import AuthorityLevel, Scheme, SchemeLine
from consortium.factories import state
from consortium.models import District
from tests.cases.helpers import upload_document

ALL_REQUIRED = {
    "fir": "fir_copy",
    "magistrate_statement": "magistrate_statement",
    "medical_report": "medical_report",
    "psychological_report": "psychological_report",
    "age_proof": "age_proof",
    "bank_account": "bank_document",
    "identity": "identity_document",
}


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def line(code="nalsa-2018", category="rape") -> SchemeLine:
    scheme = Scheme.objects.filter(code=code).order_by("-effective_from").first()
    return scheme.lines.get(category=category)


def howrah():
    wb = state("WB")
    return wb, District.objects.get(state=wb, name="Howrah")


RAPE_SECTIONS = {"rape": {"bns": "64", "ipc": "376"}, "gang_rape": {"bns": "70(1)", "ipc": "376D"}}


def charge_on_case(case, actor, *, act="bns", number="64"):
    """A FIR on the case with this section charged (the police charged rape, say)."""
    from tests.legal.helpers import add_charge, make_fir

    user = getattr(actor, "user", actor)
    fir = case.firs.first() if hasattr(case, "firs") else None
    fir = fir or make_fir(case, user, stage="fir_registered")
    add_charge(fir, user, act=act, number=number)
    for name in ("_compensation_charged", "_compensation_trial_status"):
        if hasattr(case, name):
            delattr(case, name)
    return fir


def charge_rape(case, actor, category="rape"):
    """For an adult, a women-victims claim rests on a rape charge, not on the form of exploitation."""
    from cases.codes import offence_code_for

    code = offence_code_for(case.trafficked_on) if case.trafficked_on else "bns"
    return charge_on_case(case, actor, act=code, number=RAPE_SECTIONS[category][code])


def compensation_consent(case, actor, *, given_on=None, **fields):
    """Her "compensation application" consent (her guardian's while she is a minor), given on `given_on`."""
    from survivors.models import Consent, ConsentPurpose

    given_on = given_on or days(-400)
    minor = case.survivor.is_minor_now
    from cases.services import consent_record

    return consent_record(
        actor=getattr(actor, "user", actor),
        case=case,
        purpose=ConsentPurpose.COMPENSATION,
        given_by=fields.pop("given_by", Consent.GivenBy.GUARDIAN if minor else Consent.GivenBy.SURVIVOR),
        guardian_name=fields.pop("guardian_name", "Test Guardian Qzx" if minor else ""),
        method=fields.pop("method", Consent.Method.WRITTEN),
        given_on=given_on,
        **fields,
    )


def screen(
    case, actor, *, code="nalsa-2018", category="rape", screened_on=None, consent=True, **kwargs
) -> "services.Claim":
    """A claim screened through the real service; with her compensation consent recorded (unless
    `consent=False`) so that her application may be filed."""
    from compensation import eligibility
    from survivors.models import ConsentPurpose

    if consent and not case.consents.filter(purpose=ConsentPurpose.COMPENSATION).exists():
        compensation_consent(case, actor, given_on=min(screened_on or days(-100), days(-400)))

    if category in RAPE_SECTIONS and category not in eligibility.case_offence_categories(case):
        charge_rape(case, actor, category)
    wb, district = howrah()
    kwargs.setdefault("authority_level", AuthorityLevel.DLSA)
    kwargs.setdefault("authority_state", wb)
    kwargs.setdefault("authority_district", district)
    return services.claim_screen(
        actor=getattr(actor, "user", actor),
        case=case,
        line=line(code, category),
        screened_on=screened_on or days(-100),
        **kwargs,
    )


def upload_all_documents(case, actor, types=None):
    for doc_type in types or ALL_REQUIRED.values():
        upload_document(case, getattr(actor, "user", actor), doc_type=doc_type, title=CaseDocument.Type(doc_type).label)


def move(claim, actor, transition, *, on=None, **values):
    claim.refresh_from_db()
    return services.claim_transition(
        actor=getattr(actor, "user", actor),
        claim=claim,
        transition=transition,
        effective_on=on or today(),
        expected_version=claim.version,
        values=values,
    )


def awarded_claim(case, actor, *, amount="500000", awarded_on=None, code="nalsa-2018", category="rape"):
    """A claim filed, decided and awarded, through the real services."""
    awarded_on = awarded_on or days(-30)
    upload_all_documents(case, actor)
    claim = screen(case, actor, code=code, category=category, screened_on=awarded_on - datetime.timedelta(days=90))
    move(claim, actor, "mark_documents_ready", on=awarded_on - datetime.timedelta(days=80))
    move(claim, actor, "apply", on=awarded_on - datetime.timedelta(days=70), claim_number="DLSA/HWH/1/2026")
    move(claim, actor, "start_inquiry", on=awarded_on - datetime.timedelta(days=60))
    return move(claim, actor, "award", on=awarded_on, awarded_amount=Decimal(amount), award_reference="Order 7/2026")


def pay(claim, actor, amount, *, mode="bank_transfer", on=None, **kwargs):
    claim.refresh_from_db()
    return services.claim_payment_record(
        actor=getattr(actor, "user", actor),
        claim=claim,
        expected_version=claim.version,
        paid_on=on or today(),
        amount=Decimal(str(amount)),
        mode=mode,
        **kwargs,
    )


MATURITY_DAYS = 4 * 365
