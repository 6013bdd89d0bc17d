"""The demo's privacy records (dashboard's seed_demo runs this after the case workflows): one
survivor whose identity was erased at her request, one request waiting for the organisation admin's
decision, and one legal hold. All in Sabuj Sathi Foundation (SSF), where the demo's caseworker
`cw_wb` records and its admin `admin_wb` decides (another person must approve: privacy.services).
Synthetic cases only, as everywhere in the demo."""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import Case
from consortium.models import User

from . import services
from .models import ErasureRequest, LegalHold

ORGANISATION = "SSF"


def _ssf_cases_of(user):
    return (
        Case.objects.filter(
            lead_organisation__short_name=ORGANISATION,
            assignments__user=user,
            assignments__ended_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def seed_privacy() -> int:
    """How many privacy records were made (0 when the demo has them already, or lacks its people)."""
    if ErasureRequest.objects.exists() or LegalHold.objects.exists():
        return 0
    caseworker = User.objects.filter(username="cw_wb").first()
    admin = User.objects.filter(username="admin_wb").first()
    if caseworker is None or admin is None:
        return 0
    today = timezone.localdate()
    theirs = _ssf_cases_of(caseworker)
    made = 0

    # Her identity erased: a closed case, asked in writing, recorded by her caseworker, approved by
    # the admin. The case keeps its stages and dates; her name reads "Identity erased".
    closed = theirs.filter(status=Case.Status.CLOSED, firs__isnull=True).first()
    if closed is not None:
        request = services.erasure_request_record(
            actor=caseworker, case=closed, requested_on=today - datetime.timedelta(days=3), how="written"
        )
        services.erasure_request_approve(actor=admin, case=closed, request_id=request.pk)
        made += 1

    # A legal hold: a case whose FIR is still being investigated keeps her record.
    held = theirs.filter(status=Case.Status.OPEN, firs__isnull=False).first()
    if held is not None:
        services.legal_hold_place(
            actor=admin,
            case=held,
            reason="Criminal proceedings on her FIR are pending: the record is evidence until they end "
            "(consortium practice).",
        )
        made += 1

    # A request waiting for the admin: she asked through her survivor collective.
    waiting = theirs.filter(status=Case.Status.OPEN, firs__isnull=True).exclude(pk=getattr(held, "pk", None)).first()
    if waiting is not None:
        services.erasure_request_record(
            actor=caseworker, case=waiting, requested_on=today - datetime.timedelta(days=1), how="collective"
        )
        made += 1
    return made
