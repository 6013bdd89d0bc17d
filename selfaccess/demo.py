"""Her own page in the demo consortium (dashboard's seed_demo runs this after the case workflows).

Three accounts, so the caseworkers' case pages show each state of one:

- the West Bengal case the demo's caseworker `cw_wb` leads (Sabuj Sathi Foundation, SSF) with the
  richest record (an FIR, a court case with a hearing she must attend, a claim with a payment): her
  self-access consent recorded, her account opened with the fixed code DEMO_CODE and her PIN
  DEMO_PIN chosen, so a newcomer can sign in at /my/ (`make run` prints both: `login_lines`);
- a minor's case (cw_wb leads none: the first one a demo caseworker leads, cw_mh's): her
  guardian's consent, an account with no PIN chosen yet (she chooses one on her first visit);
- a third case of cw_wb's whose account is suspended ("phone taken").

SSF shows first names on her page (Organisation.first_names_to_survivors). The codes are fixed and
written here because the demo is synthetic and public; `services.account_open` takes a fixed code
only from a demo person (User.is_demo). Running it again changes nothing.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cases.models import Case, CaseAssignment, CaseRole
from cases.services import consent_record
from compensation.models import ClaimPayment
from consortium.demo import DEMO_LOGINS
from consortium.models import Organisation, User
from legal.models import Hearing, HearingStatus
from survivors.models import Consent, ConsentPurpose

from . import codes, services
from .demo_requests import seed_requests
from .models import SurvivorAccount

ORGANISATION = "SSF"
LEAD = "cw_wb"
# Letters from codes.ALPHABET only (no 0/O, 1/I/L). Demo only.
DEMO_CODE = "MYNQTE26DEMQ"
DEMO_PIN = "4826"
MINOR_CODE = "MYNQTE26KRPA"
SUSPENDED_CODE = "MYNQTE26SWTX"
SUSPENSION_REASON = "phone taken"
GUARDIAN = "Kamala Mondal (mother)"  # synthetic


def _cases_led_by(lead: User):
    led = CaseAssignment.objects.active().filter(case=OuterRef("pk"), user=lead, role=CaseRole.LEAD_CASEWORKER)
    return (
        Case.objects.filter(Exists(led), status=Case.Status.OPEN, lead_organisation__short_name=ORGANISATION)
        .select_related("survivor")
        .order_by("pk")
    )


def richest_case(lead: User, today: datetime.date | None = None) -> Case | None:
    """Her case for the demo: a West Bengal case the lead leads with an FIR, a hearing to come that
    she must attend, and a claim with a payment (the first by id; None when the demo lacks one)."""
    today = today or timezone.localdate()
    hearing = Hearing.objects.filter(
        court_case__case=OuterRef("pk"), on__gte=today, survivor_must_attend=True, status=HearingStatus.SCHEDULED
    )
    paid = ClaimPayment.objects.filter(claim__case=OuterRef("pk"))
    adult = [c for c in _cases_led_by(lead).filter(source_state__code="WB") if not c.survivor.is_minor_now]
    candidates = (
        Case.objects.filter(pk__in=[c.pk for c in adult], firs__isnull=False)
        .filter(Exists(hearing), Exists(paid))
        .distinct()
        .order_by("pk")
    )
    return candidates.first()


def _minor_case() -> tuple[Case | None, User | None]:
    """A minor's open case led by one of the demo's caseworkers (cw_wb leads none), and its lead."""
    caseworkers = [login.username for login in DEMO_LOGINS if login.username.startswith("cw_")]
    links = (
        CaseAssignment.objects.active()
        .filter(role=CaseRole.LEAD_CASEWORKER, user__username__in=caseworkers, case__status=Case.Status.OPEN)
        .select_related("case__survivor", "user")
        .order_by("case_id")
    )
    link = next((a for a in links if a.case.survivor.is_minor_now), None)
    return (link.case, link.user) if link else (None, None)


def _consent(lead: User, case: Case, **kwargs) -> Consent:
    kwargs.setdefault("given_by", Consent.GivenBy.SURVIVOR)
    return consent_record(
        actor=lead,
        case=case,
        purpose=ConsentPurpose.SELF_ACCESS,
        method=Consent.Method.WRITTEN,
        given_on=timezone.localdate() - datetime.timedelta(days=2),
        **kwargs,
    )


@transaction.atomic
def seed_self_access() -> int:
    """How many accounts were opened (0 when the demo has them already, or lacks its people/cases)."""
    if SurvivorAccount.objects.exists():
        return 0
    lead = User.objects.filter(username=LEAD).first()
    if lead is None:
        return 0
    hers = richest_case(lead)
    if hers is None:
        return 0
    Organisation.objects.filter(short_name=ORGANISATION).update(first_names_to_survivors=True)

    _consent(lead, hers)
    account, _code = services.account_open(actor=lead, case=hers, code=DEMO_CODE)
    services.pin_choose(account=account, pin=DEMO_PIN, again=DEMO_PIN)
    seed_requests(account, lead)
    opened = 1

    minor, minor_lead = _minor_case()
    if minor is not None and minor_lead is not None:
        _consent(minor_lead, minor, given_by=Consent.GivenBy.GUARDIAN, guardian_name=GUARDIAN)
        services.account_open(actor=minor_lead, case=minor, code=MINOR_CODE)
        opened += 1

    others = _cases_led_by(lead).exclude(pk=hers.pk)
    taken = next((c for c in others if not c.survivor.is_minor_now), None)
    if taken is not None:
        _consent(lead, taken)
        services.account_open(actor=lead, case=taken, code=SUSPENDED_CODE)
        services.account_suspend(actor=lead, case=taken, reason=SUSPENSION_REASON)
        opened += 1
    return opened


def login_lines() -> list[str]:
    """What `make run` prints after the demo logins (consortium.demo.LOGIN_NOTES): how to open her
    page, when the demo has her account."""
    account = SurvivorAccount.objects.filter(code_digest=codes.code_digest(DEMO_CODE)).select_related("case").first()
    if account is None:
        return []
    return [
        f"Her own page: http://127.0.0.1:8000/my/ — code {codes.code_groups(DEMO_CODE)}, PIN {DEMO_PIN} "
        f"(the case {account.case.reference}, lead {LEAD})",
    ]
