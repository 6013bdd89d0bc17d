"""Demo data for the dashboard (the last step of `seed_demo`). Deterministic and idempotent.

The other seeders leave every case active lately and no consent for anonymised statistics,
so the dashboard would show no stalled case and the case-level exports no row. This step:
- records the survivor's consent for anonymised statistics on two cases in three (ordered
  by reference), through cases.services.consent_record, unless one was recorded already;
- makes four open cases with no workflow yet "stalled": their timeline is moved back so that
  nothing was recorded on them for 150 days (only if it is not already that old).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone

from cases import services
from cases.models import Case, CaseAssignment, CaseEvent, CaseRole, StageTransition
from survivors.models import Consent, ConsentPurpose

STALLED_CASES = 4
QUIET_DAYS = 150


def _lead(case):
    assignment = (
        CaseAssignment.objects.active().filter(case=case, role=CaseRole.LEAD_CASEWORKER).select_related("user").first()
    )
    return assignment.user if assignment else None


@transaction.atomic
def seed_dashboard() -> int:
    changed = 0
    today = timezone.localdate()
    cases = list(Case.objects.order_by("reference"))
    for index, case in enumerate(cases):
        if index % 3 == 2 or Consent.objects.filter(case=case, purpose=ConsentPurpose.STATISTICS).exists():
            continue
        actor = _lead(case)
        if actor is None:
            continue
        consent = Consent(
            purpose=ConsentPurpose.STATISTICS,
            given_by=Consent.GivenBy.GUARDIAN if case.survivor.minor_at_offence else Consent.GivenBy.SURVIVOR,
            guardian_name="Guardian (demo)" if case.survivor.minor_at_offence else "",
            method=Consent.Method.WRITTEN,
            given_on=today - datetime.timedelta(days=20 + index % 40),
        )
        try:
            services.consent_record(actor=actor, case=case, consent=consent)
        except (ValidationError, Http404):
            consent = None  # a demo case whose rules refuse it simply gets none
        changed += consent is not None

    moving = set(StageTransition.objects.values_list("case_id", flat=True))
    quiet = [c for c in cases if c.is_open and c.pk not in moving][:STALLED_CASES]
    cutoff = timezone.now() - datetime.timedelta(days=QUIET_DAYS)
    for case in quiet:
        latest = CaseEvent.objects.filter(case=case).aggregate(last=Max("occurred_at"))["last"]
        if latest is None or latest <= cutoff:
            continue
        shift = latest - cutoff + datetime.timedelta(days=1)
        CaseEvent.objects.filter(case=case).backdate_for_demo(occurred_at=F("occurred_at") - shift)
        Case.objects.filter(pk=case.pk).update(opened_at=F("opened_at") - shift)
        changed += 1
    return changed
