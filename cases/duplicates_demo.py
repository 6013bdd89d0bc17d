"""Demo possible duplicate survivors (`seed_demo`): three pairs, found by the real matching when
the cases are opened, two of them reviewed by the coordinator. Deterministic and idempotent.

- Re-trafficked: Shefali, first trafficked in 2022 (an SSF case, closed), trafficked again in
  2025 (a new SSF case led by cw_wb). Confirmed as another episode: admin_wb (who sees every SSF
  case) sees her history on both; cw_wb, who leads only the second, sees no hint of the first.
- Rejected: two survivors named alike with the same date of birth, in Jharkhand and in Delhi:
  different people (their guardians differ), never raised again.
- Open: a survivor recorded at the destination (MMT, cw_mh) with the phone of a survivor recorded
  at the source (JGVM, cw_jh): waiting on the coordinator's review page.
All names, phones and dates are synthetic.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from consortium.models import District, Membership, Role, State
from survivors.models import Survivor
from survivors.services import SurvivorDetails

from . import duplicates, services
from .demo import SOURCE_DISTRICTS, backdate_case
from .models import Case, ExploitationForm, SurvivorMatch

MARKER = "S-DUP01"


def _member(username: str, short_name: str | None = None) -> Membership | None:
    members = Membership.objects.active().filter(role__in=[Role.CASEWORKER, Role.ORG_ADMIN, Role.COORDINATOR])
    if username:
        return members.filter(user__username=username).select_related("user", "organisation").first()
    return (
        members.filter(organisation__short_name=short_name, role=Role.CASEWORKER)
        .exclude(user__username__startswith="cw_")
        .select_related("user", "organisation")
        .order_by("user__username")
        .first()
    )


def _open(lead: Membership, *, survivor: dict, source: str, destination: str, trafficked_on, opened_on) -> Case:
    home = State.objects.get(code=source)
    # Her home is in her source state, in one of the demo's source districts (tests/test_demo_dates.py).
    district = District.objects.get(state=home, name=SOURCE_DISTRICTS[source][0])
    case = services.case_open(
        actor_membership=lead,
        survivor=SurvivorDetails(
            age_recorded_on=opened_on,
            age_basis="self_reported",
            languages_spoken=["hi"],
            origin_state=home,
            origin_district=district,
            **survivor,
        ),
        source_state=home,
        source_district=district,
        destination_state=State.objects.get(code=destination),
        trafficked_on=trafficked_on,
        left_home_on=trafficked_on - datetime.timedelta(days=2),
        narrative="Synthetic narrative. Promised work in a city, taken by train and confined.",
        risk_level="high",
        exploitation_forms=ExploitationForm.objects.filter(code="sexual_exploitation"),
        lead_caseworker=lead.user,
    )
    opened_at = timezone.make_aware(datetime.datetime.combine(opened_on, datetime.time(11, 0)))
    backdate_case(case, opened_at, timezone.localdate())
    return Case.objects.get(pk=case.pk)


def _pair(one: Case, other: Case) -> SurvivorMatch:
    a, b = sorted((one.pk, other.pk))
    return SurvivorMatch.objects.get(case_a_id=a, case_b_id=b)


@transaction.atomic
def seed_duplicates() -> int:
    """The three pairs; 0 when they exist already (or the demo people are missing)."""
    if Survivor.objects.filter(pseudonym=MARKER).exists():
        return 0
    cw_wb, cw_jh, cw_mh, cw_dl = (_member(u) for u in ("cw_wb", "cw_jh", "cw_mh", "cw_dl"))
    ssf_colleague = _member("", "SSF")
    coordinator = _member("coordinator")
    if not all((cw_wb, cw_jh, cw_mh, cw_dl, ssf_colleague, coordinator)):
        return 0
    today = timezone.localdate()
    years = lambda n: today - datetime.timedelta(days=365 * n)  # noqa: E731

    # 1. Re-trafficked: two episodes at SSF, the first closed.
    first = _open(
        ssf_colleague,
        survivor={
            "pseudonym": MARKER,
            "full_name": "Shefali Mondal",
            "phone_numbers": ["70010 42001"],
            "guardian_name": "Kanon Mondal",
            "guardian_relation": "mother",
            "guardian_phone": "70010 42099",
            "date_of_birth": datetime.date(2007, 6, 2),
        },
        source="WB",
        destination="MH",
        trafficked_on=years(4),
        opened_on=years(4) + datetime.timedelta(days=40),
    )
    services.case_close(
        actor=ssf_colleague.user,
        case=first,
        expected_version=first.version,
        reason=Case.ClosureReason.JUSTICE_COMPLETE,
        closed_on=years(2),
    )
    second = _open(
        cw_wb,
        survivor={
            "pseudonym": "S-DUP02",
            "full_name": "Shefali Mondal",
            "other_names": ["Shefu"],
            "phone_numbers": ["70010 42777"],
            "guardian_phone": "+91 70010 42099",  # her mother's phone again
            "date_of_birth": datetime.date(2007, 6, 2),
        },
        source="WB",
        destination="DL",
        trafficked_on=today - datetime.timedelta(days=120),
        opened_on=today - datetime.timedelta(days=90),
    )
    duplicates.survivor_match_review(
        actor=coordinator.user,
        match=_pair(first, second),
        decision="retrafficked",
        note="Same mother's phone and date of birth; trafficked again after her first case closed.",
        request=None,
    )

    # 2. Rejected: the same common name and date of birth, different people.
    jh = _open(
        cw_jh,
        survivor={
            "pseudonym": "S-DUP03",
            "full_name": "Sunita Kumari",
            "phone_numbers": ["70010 43001"],
            "date_of_birth": datetime.date(2006, 1, 1),
        },
        source="JH",
        destination="DL",
        trafficked_on=years(2),
        opened_on=years(2) + datetime.timedelta(days=20),
    )
    dl = _open(
        cw_dl,
        survivor={
            "pseudonym": "S-DUP04",
            "full_name": "Sunita Kumari",
            "phone_numbers": ["70010 44001"],
            "date_of_birth": datetime.date(2006, 1, 1),
        },
        source="JH",
        destination="DL",
        trafficked_on=today - datetime.timedelta(days=300),
        opened_on=today - datetime.timedelta(days=250),
    )
    duplicates.survivor_match_review(
        actor=coordinator.user,
        match=_pair(jh, dl),
        decision="rejected",
        note="Common name and an estimated date of birth; different villages and guardians.",
        request=None,
    )

    # 3. Open: recorded at the source and again at the destination, with her phone.
    _open(
        cw_jh,
        survivor={"pseudonym": "S-DUP05", "full_name": "Phulmani Toppo", "phone_numbers": ["70010 45001"]},
        source="JH",
        destination="MH",
        trafficked_on=today - datetime.timedelta(days=200),
        opened_on=today - datetime.timedelta(days=60),
    )
    _open(
        cw_mh,
        survivor={"pseudonym": "S-DUP06", "full_name": "Phulmani", "phone_numbers": ["+91 70010 45001"]},
        source="JH",
        destination="MH",
        trafficked_on=today - datetime.timedelta(days=190),
        opened_on=today - datetime.timedelta(days=30),
    )
    # (left open for the coordinator's review page)
    return SurvivorMatch.objects.filter(
        case_a__survivor__pseudonym__startswith="S-DUP", case_b__survivor__pseudonym__startswith="S-DUP"
    ).count()
