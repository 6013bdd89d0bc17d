"""Reads about compensation. Claims are found only through cases the person may see
(cases.selectors.case_list_visible_to), never by id alone."""

import datetime

from django.db.models import Case as CaseWhen
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from cases.models import CaseDocument, Deadline, StageTransition
from cases.selectors import case_list_visible_to

from .models import ACCEPTED_DOCUMENT_TYPES, Claim, ClaimDocument, ClaimPayment, Requirement, Scheme, Stage

CLAIM_RELATED = ("scheme", "line", "authority_state", "authority_district")


def claim_list_for_case(case) -> list[Claim]:
    return list(
        Claim.objects.filter(case=case)
        .select_related(*CLAIM_RELATED)
        .prefetch_related(
            Prefetch("document_links", queryset=ClaimDocument.objects.select_related("document")),
            Prefetch("payments", queryset=ClaimPayment.objects.order_by("paid_on", "pk")),
        )
        .order_by("created_at", "pk")
    )


def claim_get(case, claim_id) -> Claim | None:
    """A claim of this (already visible) case, else None: callers answer 404."""
    return (
        Claim.objects.filter(case=case, pk=claim_id)
        .select_related(*CLAIM_RELATED)
        .prefetch_related(
            Prefetch("document_links", queryset=ClaimDocument.objects.select_related("document")),
            Prefetch("payments", queryset=ClaimPayment.objects.select_related("recorded_by").order_by("paid_on", "pk")),
        )
        .first()
    )


def claim_history(claim: Claim) -> QuerySet[StageTransition]:
    return StageTransition.objects.filter(
        case_id=claim.case_id, workflow="compensation", subject_key=claim.subject_key
    ).select_related("actor")


def claim_deadlines(claim: Claim, *, include_closed: bool = False) -> QuerySet[Deadline]:
    deadlines = Deadline.objects.filter(case_id=claim.case_id, subject_key=claim.subject_key).select_related(
        "rule", "calendar"
    )
    if not include_closed:
        deadlines = deadlines.open()
    return deadlines.order_by("status", "due_at")


def documents_by_type(case) -> dict[str, list[CaseDocument]]:
    grouped: dict[str, list[CaseDocument]] = {}
    for document in CaseDocument.objects.filter(case=case).order_by("-uploaded_at", "-pk"):
        grouped.setdefault(document.doc_type, []).append(document)
    return grouped


def requirement_rows(claim: Claim, grouped_documents: dict) -> list[dict]:
    """For each required document: its link (or None) and the case documents that could stand for it."""
    links = {link.requirement: link for link in claim.document_links.all()}
    rows = []
    for code in claim.requirements():
        candidates = [d for t in ACCEPTED_DOCUMENT_TYPES.get(code, []) for d in grouped_documents.get(t, [])]
        rows.append(
            {
                "code": code,
                "label": Requirement(code).label if code in Requirement.values else code,
                "link": links.get(code),
                "candidates": candidates,
            }
        )
    return rows


# --- schemes -------------------------------------------------------------------------------------------


def scheme_list() -> list[dict]:
    """Each scheme (by code) with its versions, newest first, and which one is in force today."""
    today = timezone.localdate()
    versions = (
        Scheme.objects.select_related("state", "created_by")
        .prefetch_related("lines")
        .order_by("code", "-effective_from")
    )
    grouped: dict[str, dict] = {}
    for scheme in versions:
        entry = grouped.setdefault(scheme.code, {"code": scheme.code, "versions": [], "current": None})
        entry["versions"].append(scheme)
        if entry["current"] is None and scheme.is_active and scheme.in_force_on(today):
            entry["current"] = scheme
    from .eligibility import cvcf_guideline, cvcf_shortfalls

    guideline = cvcf_guideline()
    for entry in grouped.values():
        entry["latest"] = entry["versions"][0]
        shown = entry["current"] or entry["latest"]
        entry["warnings"] = cvcf_shortfalls(shown, guideline)
    # Schemes claimed under first, then the guidelines they are based on.
    return sorted(grouped.values(), key=lambda e: (not e["latest"].is_claimable, e["latest"].short_name.lower()))


# --- the claims list -------------------------------------------------------------------------------------


def claim_list_visible_to(user) -> QuerySet[Claim]:
    """Claims of the cases this person may see, each annotated with whether she may see who the survivor is."""
    visible = case_list_visible_to(user)
    return Claim.objects.filter(case__in=visible.values("pk")).annotate(
        identity_visible=Exists(visible.filter(pk=OuterRef("case_id"), identity_visible=True))
    )


def _with_overdue(claims: QuerySet[Claim], now) -> QuerySet[Claim]:
    """overdue_since: the due date of the claim's oldest overdue open deadline (None: nothing overdue)."""
    claims = claims.annotate(deadline_subject=Concat(Value("compensation.claim:"), Cast("pk", CharField())))
    oldest_overdue = (
        Deadline.objects.live()
        .filter(case_id=OuterRef("case_id"), subject_key=OuterRef("deadline_subject"))
        .filter(due_at__lt=now)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    return claims.annotate(overdue_since=Subquery(oldest_overdue))


UNPAID = Q(awarded_on__isnull=False, amount_paid__lt=F("awarded_amount")) & ~Q(stage=Stage.CLOSED)

SORTS = {
    "newest": ("-created_at", "-pk"),
    "days_unpaid": (F("unpaid_since").asc(nulls_last=True), "-pk"),
    "overdue": (F("overdue_since").asc(nulls_last=True), "-pk"),
    "awarded": (F("awarded_amount").desc(nulls_last=True), "-pk"),
    "stage": ("stage", "-pk"),
    "reference": ("case__reference", "pk"),
}


def claim_list_for_page(user, *, filters=None, ordering: str = "newest") -> QuerySet[Claim]:
    filters = filters or {}
    today = timezone.localdate()
    claims = _with_overdue(claim_list_visible_to(user), timezone.now()).annotate(
        unpaid_since=CaseWhen(When(UNPAID, then=F("awarded_on")), default=None)
    )
    if stage := filters.get("stage"):
        claims = claims.filter(stage=stage)
    if level := filters.get("authority_level"):
        claims = claims.filter(authority_level=level)
    if state := filters.get("authority_state"):
        claims = claims.filter(authority_state=state)
    if code := filters.get("scheme"):
        claims = claims.filter(scheme_code=code)
    if organisation := filters.get("organisation"):
        claims = claims.filter(case__lead_organisation=organisation)
    if filters.get("overdue") == "yes":
        claims = claims.filter(overdue_since__isnull=False)
    if unpaid_days := filters.get("unpaid_days"):
        claims = claims.filter(UNPAID, awarded_on__lte=today - datetime.timedelta(days=int(unpaid_days)))
    return claims.select_related(*CLAIM_RELATED, "case", "case__survivor", "case__lead_organisation").order_by(
        *SORTS.get(ordering, SORTS["newest"])
    )


def claim_counts(claims: QuerySet[Claim]) -> dict:
    from django.db.models import Count

    return claims.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(overdue_since__isnull=False)),
        unpaid=Count("pk", filter=UNPAID),
    )
