"""Demo compensation claims for `seed_demo`: every stage under every seeded scheme.

Deterministic (fixed seed) and idempotent (nothing is done once a demo case has a claim).
Claims are made and moved through the real services, on dates in the past, so that the
timelines, deadlines and "days unpaid" look lived-in. cw_wb (Sabuj Sathi Foundation) sees
the special ones: an award unpaid for more than two years, a lapsed claim, and a claim
partly paid with a fixed deposit; the coordinator sees them all, masked.
"""

import datetime
import random
from decimal import Decimal
from functools import lru_cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases import services as case_services
from cases.demo import demo_pdf_bytes
from cases.models import Case, CaseAssignment, CaseDocument, CaseEvent, CaseRole, StageTransition
from core.day_count import add_months
from legal.models import FIR

from . import eligibility, services
from .models import ACCEPTED_DOCUMENT_TYPES, AuthorityLevel, Claim, ClaimPayment, Requirement, Scheme, Stage

SEED = 7007
DEMO_PSEUDONYM_PREFIX = "S-D"
MAX_CLAIMS_PER_CASE = 3
THOUSAND = Decimal(1000)

S = Stage
# The transitions that bring a claim to each stage (payments are marked "pay_part"/"pay_full").
PATHS = {
    S.SCREENED: [],
    S.DOCUMENTS_READY: ["mark_documents_ready"],
    S.APPLIED: ["mark_documents_ready", "apply"],
    S.INTERIM_RELIEF: ["mark_documents_ready", "apply", "seek_interim_relief"],
    S.UNDER_INQUIRY: ["mark_documents_ready", "apply", "seek_interim_relief", "decide_interim_relief"],
    S.AWARDED: ["mark_documents_ready", "apply", "start_inquiry", "award"],
    S.REJECTED: ["mark_documents_ready", "apply", "start_inquiry", "reject"],
    S.APPEAL: ["mark_documents_ready", "apply", "start_inquiry", "reject", "appeal"],
    S.HIGH_COURT_WRIT: [
        "mark_documents_ready",
        "apply",
        "start_inquiry",
        "reject",
        "appeal",
        "dismiss_appeal",
        "file_writ",
    ],
    S.PAYMENT_PENDING: ["mark_documents_ready", "apply", "start_inquiry", "award", "forward_for_payment"],
    S.PARTLY_DISBURSED: ["mark_documents_ready", "apply", "start_inquiry", "award", "forward_for_payment", "pay_part"],
    S.DISBURSED: [
        "mark_documents_ready",
        "apply",
        "start_inquiry",
        "award",
        "forward_for_payment",
        "pay_part",
        "pay_full",
    ],
    S.CLOSED: [
        "mark_documents_ready",
        "apply",
        "start_inquiry",
        "award",
        "forward_for_payment",
        "pay_part",
        "pay_full",
        "close",
    ],
    S.LAPSED: ["lapse"],
}
SCHEME_CATEGORY = {
    "nalsa-2018": "rape",
    "trafficking-floor": "trafficking",
    "wb-vcs-2017": "trafficking",
    "bonded-labour-2016": "bonded_labour",
}
DOC_TITLES = {
    "fir": ("fir_copy", "FIR copy"),
    "magistrate_statement": ("magistrate_statement", "Statement before the magistrate"),
    "medical_report": ("medical_report", "Medical examination report"),
    "psychological_report": ("psychological_report", "Psychological assessment"),
    "age_proof": ("age_proof", "School certificate (age)"),
    "bank_account": ("bank_document", "Bank passbook, first page"),
    "identity": ("identity_document", "Voter identity card"),
    "release_certificate": ("court_order", "Release certificate from the District Magistrate"),
}
REJECTION_REASONS = [
    "The DLSA held that the police report did not yet establish the offence.",
    "Rejected for want of the FIR copy, which had been filed with the application.",
]


def _demo_cases():
    return list(
        Case.objects.filter(survivor__pseudonym__startswith=DEMO_PSEUDONYM_PREFIX)
        .select_related("survivor", "source_state", "source_district", "destination_state", "destination_district")
        .prefetch_related("exploitation_forms", "recruitment_means")
        .order_by("pk")
    )


def _lead(case):
    assignment = (
        CaseAssignment.objects.active().filter(case=case, role=CaseRole.LEAD_CASEWORKER).select_related("user").first()
    )
    return assignment.user if assignment else None


def _round_to(amount: Decimal, step: int = 25000) -> Decimal:
    return (amount / step).quantize(Decimal(1)) * step


def _award_amount(rng, claim: Claim) -> Decimal:
    if claim.scheme_code == "bonded-labour-2016":
        return Decimal(rng.choice([200000, 300000]))  # women and children; sexual exploitation
    low, high = claim.amount_range
    if high is None:
        return low
    choice = low + (high - low) * Decimal(rng.choice([0, 0, 1, 2])) / 4
    return max(low, _round_to(choice))


def _bonded_labour_immediate(scheme: Scheme) -> Decimal:
    """Immediate assistance on release: Rs 20,000 under the 2016 scheme, Rs 30,000 under the 2021
    revision in force from 27 Jan 2022 (Central Sector Scheme for Rehabilitation of Bonded Labourer)."""
    return Decimal(30000) if scheme.effective_from >= datetime.date(2022, 1, 27) else Decimal(20000)


def _dates(rng, start: datetime.date, end: datetime.date, count: int) -> list[datetime.date]:
    """`count` increasing dates from `start` to `end` (both included when there is room)."""
    if count <= 0:
        return []
    span = max((end - start).days, count)
    cuts = sorted(rng.sample(range(1, span + 1), k=min(count, span)))
    days = [start + datetime.timedelta(days=c) for c in cuts]
    return [min(d, end) for d in days]


@lru_cache(maxsize=16)
def _pdf(title: str) -> bytes:
    return demo_pdf_bytes(title)


def _ensure_documents(case, actor, requirements, uploaded_on: datetime.date) -> None:
    have = set(CaseDocument.objects.filter(case=case).values_list("doc_type", flat=True))
    for requirement in requirements:
        doc_type, title = DOC_TITLES[requirement]
        if set(ACCEPTED_DOCUMENT_TYPES[Requirement(requirement)]) & (have - {"other"}):
            continue
        document = case_services.document_upload(
            actor=actor,
            case=case,
            doc_type=doc_type,
            title=title,
            uploaded=SimpleUploadedFile(f"{doc_type}.pdf", _pdf(title), content_type="application/pdf"),
        )
        # Demo only: the document was on file before the claim was screened.
        CaseDocument.objects.filter(pk=document.pk).update(
            uploaded_at=timezone.make_aware(datetime.datetime.combine(uploaded_on, datetime.time(10)))
        )
        have.add(doc_type)


def _authority(scheme: Scheme, case):
    if scheme.code == "bonded-labour-2016":
        level = AuthorityLevel.DISTRICT_MAGISTRATE
    else:
        level = AuthorityLevel.DLSA
    if scheme.state_id:
        state = scheme.state
        district = case.source_district if case.source_state_id == state.pk else case.destination_district
        if district is None or district.state_id != state.pk:
            district = state.districts.order_by("name").first()
    else:
        state, district = case.source_state, case.source_district
    return level, state, district


class Planner:
    """Chooses a case for each (scheme, stage) and walks the claim there."""

    def __init__(self, rng, cases, favoured_ids):
        self.rng = rng
        self.today = timezone.localdate()
        favoured = [c for c in cases if c.pk in favoured_ids]
        others = [c for c in cases if c.pk not in favoured_ids]
        rng.shuffle(others)
        self.cases = favoured + others
        self.favoured_ids = favoured_ids
        self.claims_on: dict[int, set[str]] = {}

    def time_bar_start(self, case):
        return eligibility.time_bar_start(case)[0]

    def feasible(self, case, scheme: Scheme, stage: str, needs_days: int) -> bool:
        if len(self.claims_on.get(case.pk, set())) >= MAX_CLAIMS_PER_CASE:
            return False
        if scheme.code in self.claims_on.get(case.pk, set()):
            return False
        if scheme.state_id and scheme.state_id not in {case.source_state_id, case.destination_state_id}:
            return False
        start = self.time_bar_start(case)
        if start is None:
            return False
        # A scheme without a time limit never lapses (e.g. the bonded-labour scheme).
        time_bar = add_months(start, scheme.time_bar_months) if scheme.time_bar_months else None
        if stage == S.LAPSED:
            return time_bar is not None and time_bar < self.today - datetime.timedelta(days=30)
        if stage in (S.SCREENED, S.DOCUMENTS_READY):
            return time_bar is None or time_bar > self.today + datetime.timedelta(days=60)
        return (self.today - start).days > needs_days

    def pick(self, scheme: Scheme, stage: str, needs_days: int, *, favoured_only=False):
        matching = eligibility.case_offence_categories
        category = SCHEME_CATEGORY[scheme.code]
        candidates = [c for c in self.cases if not favoured_only or c.pk in self.favoured_ids]
        # Cases the screening supports first; then any (the claim records why it is made anyway).
        for supported in (True, False):
            for case in candidates:
                if (category in matching(case)) != supported:
                    continue
                if self.feasible(case, scheme, stage, needs_days):
                    self.claims_on.setdefault(case.pk, set()).add(scheme.code)
                    return case, supported
        return None, False


def _walk(rng, planner, case, supported, scheme, stage, *, special="") -> Claim | None:
    actor = _lead(case)
    if actor is None:
        return None
    today = planner.today
    path = [] if stage == S.LAPSED else PATHS[stage]  # a lapse is the system scan's work (below)
    start = planner.time_bar_start(case)
    time_bar = add_months(start, scheme.time_bar_months) if scheme.time_bar_months else None
    level, state, district = _authority(scheme, case)

    # When things happened: screening, then one date per step, ending before today.
    if special == "unpaid_two_years":
        award_on = today - datetime.timedelta(days=rng.randint(760, 840))
        first = max(start + datetime.timedelta(days=5), award_on - datetime.timedelta(days=300))
        dates = _dates(rng, first, award_on, len(path) + 1)
        dates[-1] = award_on
    elif stage == S.LAPSED:
        dates = [max(start + datetime.timedelta(days=20), time_bar - datetime.timedelta(days=400))]
    elif stage in (S.SCREENED, S.DOCUMENTS_READY):
        first = max(start + datetime.timedelta(days=5), today - datetime.timedelta(days=120))
        dates = _dates(rng, first, today - datetime.timedelta(days=3), len(path) + 1)
    else:
        first = max(start + datetime.timedelta(days=5), today - datetime.timedelta(days=rng.randint(420, 900)))
        end = today - datetime.timedelta(days=rng.randint(5, 60))
        dates = _dates(rng, first, end, len(path) + 1)
    screened_on, step_dates = dates[0], dates[1:]
    # The version the claim takes: in force on the day (a scheme versioned by release: on her release).
    scheme = eligibility.scheme_version_for(scheme.code, case=case, on=screened_on) or scheme
    line = scheme.lines.get(category=SCHEME_CATEGORY[scheme.code])
    basis = eligibility.LINE_BASIS.get(line.category, "")
    if basis and not eligibility.basis_support(case, basis)[0]:
        supported = False

    if path and path[0] == "mark_documents_ready":
        _ensure_documents(case, actor, scheme.required_documents, screened_on - datetime.timedelta(days=3))
    elif stage == S.SCREENED and rng.random() < 0.5:
        # Half the screened claims have a few documents already: the checklist shows what is missing.
        _ensure_documents(case, actor, scheme.required_documents[:2], screened_on - datetime.timedelta(days=3))

    claim = services.claim_screen(
        actor=actor,
        case=case,
        line=line,
        authority_level=level,
        authority_state=state,
        authority_district=district,
        screened_on=screened_on,
        offence_basis=basis,
        screening_override_reason=""
        if supported
        else "The inquiry found facts the case record does not show yet (to be added with the charges).",
    )
    _ensure_consent(case, actor, claim)
    award = None
    for step, on in zip(path, step_dates, strict=True):
        claim.refresh_from_db()
        values, note = {}, ""
        if step == "apply":
            values["claim_number"] = (
                f"{'DM' if level == AuthorityLevel.DISTRICT_MAGISTRATE else 'DLSA'}/{on.year}/{rng.randint(100, 999)}"
            )
            if time_bar is not None and on > time_bar:
                values["condonation_note"] = (
                    "Application for condonation of delay filed with the claim: she was in a shelter home in "
                    "another state until the trial began."
                )
        elif step == "decide_interim_relief":
            values["interim_amount"] = (
                _bonded_labour_immediate(claim.scheme)
                if scheme.code == "bonded-labour-2016"
                else _round_to(claim.amount_range[0] / 4, 5000)
            )
        elif step == "award":
            award = _award_amount(rng, claim)
            values["awarded_amount"] = award
            values["award_reference"] = f"Award {rng.randint(10, 99)}/{on.year}"
        elif step == "reject":
            values["rejection_reason"] = rng.choice(REJECTION_REASONS)
        elif step == "appeal":
            values["appeal_reference"] = f"SLSA appeal {rng.randint(1, 60)}/{on.year}"
        elif step == "file_writ":
            values["writ_number"] = f"WPA {rng.randint(1000, 9999)} of {on.year}"
        elif step == "close":
            values["closure_reason"] = "paid"
        if step in ("pay_part", "pay_full"):
            _pay(rng, claim, actor, on, final=step == "pay_full", special=special)
            continue
        services.claim_transition(
            actor=actor,
            claim=claim,
            transition=step,
            effective_on=on,
            expected_version=claim.version,
            note=note,
            values=values,
        )
    if stage == S.LAPSED:
        services.claim_lapse_time_barred(today=today)
    claim.refresh_from_db()
    return claim


def _pay(rng, claim: Claim, actor, on, *, final: bool, special: str) -> None:
    claim.refresh_from_db()
    share = claim.fd_share_required or 0
    remaining = claim.awarded_amount - claim.amount_paid
    if share:
        deposit = (claim.awarded_amount * share / 100).quantize(Decimal("0.01"))
        # First the deposit (when it is partly paid with an FD), then what goes to her account.
        if not final:
            amount, mode = deposit, "fixed_deposit"
        else:
            amount, mode = remaining, "bank_transfer"
    else:
        amount, mode = (remaining if final else _round_to(claim.awarded_amount / 2, 5000)), "bank_transfer"
    maturity = add_months(on, max(claim.fd_lock_in_months or 36, 36)) if mode == "fixed_deposit" else None
    services.claim_payment_record(
        actor=actor,
        claim=claim,
        expected_version=claim.version,
        paid_on=on,
        amount=amount,
        mode=mode,
        bank_name="Synthetic Gramin Bank, demo branch",
        reference=f"DEMO-{rng.randint(100000, 999999)}",
        fd_maturity_on=maturity,
    )


def _ensure_consent(case, actor, claim: Claim) -> None:
    """Her "compensation application" consent, recorded on the day the claim was screened (before it is
    filed): her guardian's if she was a minor then or is now. A claim is filed in her name only with it
    (compensation.workflow.consent_refusal)."""
    from survivors.models import Consent, ConsentPurpose

    from .workflow import consent_refusal

    if consent_refusal(claim, claim.screened_on) is None:
        return
    survivor = case.survivor
    age = survivor.age_on(claim.screened_on)
    minor = survivor.is_minor_now or (age is not None and age < 18)
    case_services.consent_record(
        actor=actor,
        case=case,
        purpose=ConsentPurpose.COMPENSATION,
        given_by=Consent.GivenBy.GUARDIAN if minor else Consent.GivenBy.SURVIVOR,
        guardian_name="Guardian (see survivor record)" if minor else "",
        method=Consent.Method.WRITTEN,
        given_on=claim.screened_on,
    )


def _backdate(case, claim: Claim, first_event_pk: int) -> None:
    """Move the claim's events to the days they happened (demo only), so the timeline reads true."""
    transitions = list(StageTransition.objects.filter(subject_key=claim.subject_key).order_by("pk"))
    for row in transitions:
        StageTransition.objects.filter(pk=row.pk).backdate_for_demo(
            recorded_at=timezone.make_aware(datetime.datetime.combine(row.effective_on, datetime.time(15)))
        )
    dates = iter([t.effective_on for t in transitions if t.transition != "create"])
    current = claim.screened_on
    events = CaseEvent.objects.filter(case=case, pk__gt=first_event_pk).order_by("pk")
    for step, event in enumerate(events):
        if event.kind == CaseEvent.Kind.COMPENSATION and "to" in (event.data or {}):
            current = next(dates, current)
        when = timezone.make_aware(datetime.datetime.combine(current, datetime.time(11))) + datetime.timedelta(
            minutes=step
        )
        CaseEvent.objects.filter(pk=event.pk).backdate_for_demo(occurred_at=when)
    Claim.objects.filter(pk=claim.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(claim.screened_on, datetime.time(11)))
    )
    for payment in ClaimPayment.objects.filter(claim=claim):
        ClaimPayment.objects.filter(pk=payment.pk).backdate_for_demo(
            recorded_at=timezone.make_aware(datetime.datetime.combine(payment.paid_on, datetime.time(16)))
        )


NEEDS_DAYS = {stage: 40 * len(path) + 40 for stage, path in PATHS.items()}
SPECIAL = {
    ("nalsa-2018", S.AWARDED): "unpaid_two_years",
    ("nalsa-2018", S.LAPSED): "lapsed",
    ("nalsa-2018", S.PARTLY_DISBURSED): "partly_with_fd",
}


@transaction.atomic
def seed_compensation() -> int:
    if Claim.objects.filter(case__survivor__pseudonym__startswith=DEMO_PSEUDONYM_PREFIX).exists():
        return 0
    cases = _demo_cases()
    if not cases:
        return 0
    rng = random.Random(SEED)
    favoured = set(
        CaseAssignment.objects.active().filter(user__username="cw_wb", case__in=cases).values_list("case_id", flat=True)
    )
    planner = Planner(rng, cases, favoured)
    schemes = eligibility.schemes_in_force()
    created = 0
    # The special claims first, so that they land on cw_wb's cases.
    order = sorted(
        [(scheme, stage) for scheme in schemes for stage in PATHS],
        key=lambda pair: (pair[0].code, pair[1]) not in SPECIAL,
    )
    for scheme, stage in order:
        special = SPECIAL.get((scheme.code, stage), "")
        needs = 1000 if special == "unpaid_two_years" else NEEDS_DAYS[stage]
        case, supported = planner.pick(scheme, stage, needs, favoured_only=bool(special))
        if case is None:
            case, supported = planner.pick(scheme, stage, needs)
        if case is None:
            continue
        first_event_pk = CaseEvent.objects.filter(case=case).aggregate(m=Max("pk"))["m"] or 0
        claim = _walk(rng, planner, case, supported, scheme, stage, special=special)
        if claim is not None:
            _backdate(case, claim, first_event_pk)
            created += 1
    created += _untraced_offender_claim(rng, planner)
    _corrected_screening_date()
    return created


def _corrected_screening_date() -> None:
    """One screened claim whose screening date was corrected from the paper file, with the reason
    (its timeline shows "screened on changed from ... to ...", the reason in a note)."""
    from django.core.exceptions import ValidationError

    claim = (
        Claim.objects.filter(case__survivor__pseudonym__startswith=DEMO_PSEUDONYM_PREFIX, stage=Stage.SCREENED)
        .select_related("case", "authority_state", "authority_district", "created_by")
        .order_by("pk")
        .first()
    )
    if claim is None or claim.created_by is None:
        return
    earlier = claim.screened_on - datetime.timedelta(days=14)
    if claim.case.trafficked_on and earlier < claim.case.trafficked_on:
        return
    try:
        services.claim_update(
            actor=claim.created_by,
            claim=claim,
            expected_version=claim.version,
            claim_number=claim.claim_number,
            authority_level=claim.authority_level,
            authority_state=claim.authority_state,
            authority_district=claim.authority_district,
            amount_claimed=claim.amount_claimed,
            claimed_above_max_reason=claim.claimed_above_max_reason,
            screened_on=earlier,
            screened_on_reason="The screening sheet in the paper file is dated two weeks earlier.",
        )
    except ValidationError:
        return  # the earlier day falls under another version of the scheme: leave it


def _untraced_offender_claim(rng, planner) -> int:
    """An application where the offender was never traced and no trial follows: the magistrate
    accepted the police's closure report (BNSS 396(4) / CrPC 357A(4)). Under the state scheme of
    the place of the offence when it has one, else the NALSA scheme (2018)."""

    closed = (
        FIR.objects.filter(stage="closure_accepted", case__survivor__pseudonym__startswith=DEMO_PSEUDONYM_PREFIX)
        .exclude(case__court_cases__isnull=False)
        .select_related("case")
        .order_by("pk")
    )
    for fir in closed:
        case = next((c for c in planner.cases if c.pk == fir.case_id), None)
        actor = _lead(case) if case else None
        if actor is None:
            continue
        taken = set(Claim.objects.filter(case=case).values_list("scheme_code", flat=True))
        schemes = [
            s
            for s in eligibility.schemes_in_force(case=case)
            if s.code in SCHEME_CATEGORY
            and s.code not in taken
            and s.code != "bonded-labour-2016"
            and (not s.state_id or s.state_id in {case.source_state_id, case.destination_state_id})
        ]
        if not schemes:
            continue
        scheme = schemes[0]
        line = scheme.lines.filter(category=SCHEME_CATEGORY[scheme.code]).first() or scheme.lines.first()
        basis = eligibility.LINE_BASIS.get(line.category, "")
        accepted = fir.closure_accepted_on
        screened_on = min(accepted + datetime.timedelta(days=rng.randint(10, 30)), planner.today)
        applied_on = min(screened_on + datetime.timedelta(days=rng.randint(10, 30)), planner.today)
        first_event_pk = CaseEvent.objects.filter(case=case).aggregate(m=Max("pk"))["m"] or 0
        level, state, district = _authority(scheme, case)
        _ensure_documents(case, actor, scheme.required_documents, screened_on - datetime.timedelta(days=3))
        claim = services.claim_screen(
            actor=actor,
            case=case,
            line=line,
            authority_level=level,
            authority_state=state,
            authority_district=district,
            screened_on=screened_on,
            offence_basis=basis,
            screening_override_reason="The police closed the case: the offender was not traced. She applies "
            "under BNSS 396(4).",
        )
        _ensure_consent(case, actor, claim)
        last_day = eligibility.time_bar_for(case, scheme).on
        late = {}
        if last_day is not None and applied_on > last_day:
            late = {"condonation_note": "Delay: she applied once the police closed the case, after the time limit."}
        for step, on, values in (
            ("mark_documents_ready", screened_on, {}),
            (
                "apply_offender_untraced",
                applied_on,
                {"claim_number": f"DLSA/{applied_on.year}/{rng.randint(100, 999)}"} | late,
            ),
        ):
            claim.refresh_from_db()
            services.claim_transition(
                actor=actor,
                claim=claim,
                transition=step,
                effective_on=on,
                expected_version=claim.version,
                note="",
                values=values,
            )
        claim.refresh_from_db()
        _backdate(case, claim, first_event_pk)
        return 1
    return 0
