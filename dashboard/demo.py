"""Demo data for the dashboard (the last step of `seed_demo`). Deterministic and idempotent.

The other seeders leave every case active lately and no consent for anonymised statistics,
so the dashboard would show no stalled case and the case-level exports no row. This step:
- records the survivor's consent for anonymised statistics on two cases in three (ordered
  by reference), through cases.services.consent_record, unless one was recorded already;
- makes four open cases with no workflow yet "stalled": their timeline is moved back so that
  nothing was recorded on them for 150 days (only if it is not already that old);
- gives the access audit something to show: the coordinator's break-glass reveal on one of
  Sabuj Sathi Foundation's cases (through cases.services.identity_reveal) and a few views,
  once (if no break-glass entry exists yet).
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
    cases = list(Case.objects.select_related("lead_organisation", "survivor").order_by("reference"))
    for index, case in enumerate(cases):
        if index % 3 == 2 or Consent.objects.filter(case=case, purpose=ConsentPurpose.STATISTICS).exists():
            continue
        actor = _lead(case)
        if actor is None:
            continue
        try:
            consent = services.consent_record(
                actor=actor,
                case=case,
                purpose=ConsentPurpose.STATISTICS,
                given_by=Consent.GivenBy.GUARDIAN if case.survivor.minor_at_offence else Consent.GivenBy.SURVIVOR,
                guardian_name="Guardian (demo)" if case.survivor.minor_at_offence else "",
                method=Consent.Method.WRITTEN,
                given_on=today - datetime.timedelta(days=20 + index % 40),
            )
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
    changed += _seed_access_log(cases)
    return changed


def _seed_access_log(cases) -> int:
    from django.test import RequestFactory

    from cases.audit import access_log_record
    from cases.models import AccessLogEntry
    from consortium.models import User

    if AccessLogEntry.objects.filter(action=AccessLogEntry.Action.BREAK_GLASS).exists():
        return 0
    ssf_cases = [c for c in cases if c.lead_organisation.short_name == "SSF"][:3]
    coordinator = User.objects.filter(username="coordinator").first()
    if not ssf_cases or coordinator is None:
        return 0

    def request_as(user, path):
        request = RequestFactory().get(path, REMOTE_ADDR="10.0.0.12")
        request.user = user
        return request

    for username, case in (("cw_wb", ssf_cases[0]), ("admin_wb", ssf_cases[1]), ("cw_wb", ssf_cases[2])):
        user = User.objects.get(username=username)
        access_log_record(
            request=request_as(user, f"/cases/{case.pk}/"), action=AccessLogEntry.Action.VIEW_CASE, case=case
        )
    case = ssf_cases[0]
    services.identity_reveal(
        actor=coordinator,
        case=case,
        reason="High Court affidavit needs her age proof checked against the FIR (demo).",
        request=request_as(coordinator, f"/cases/{case.pk}/reveal/"),
    )
    return 4
