"""What her own page shows, read from the records of HER case only (`her_view`).

Everything here starts from her account's case: no query takes an id from the request. The page
shows where each part of her case stands in plain words (compensation.plain_language), her next
hearing, her money, her papers, what she was last told, who looked at her file, and the accused
her lawyer chose to show her. Never: internal notes, lawyers' notes, another survivor, a staff
surname, email or username, an accused her lawyer did not mark.

Her language: the one she chose on her page (`SurvivorAccount.language`), else her preferred
language for updates if it is Bengali, Hindi or English, else Hindi (the consortium's most widely
read language; she can switch at the top of her page).
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases.models import AccessLogEntry, CaseAssignment, CaseRole, SurvivorUpdate
from compensation.models import Claim, ClaimPayment, PaymentMode, Requirement
from compensation.plain_language import PlainText, stage_text
from consortium.models import Membership, Organisation, Role
from core.dates import day_text
from core.money import rupees
from legal.models import FIR, CourtCase, FIRAccused, Hearing, HearingStatus

from .models import DEFAULT_LANGUAGE, LANGUAGES

# "Who looked at my file": the last six months, and the reads that count as looking.
LOOKED_DAYS = 183
LOOKED_ACTIONS = (
    AccessLogEntry.Action.VIEW_CASE,
    AccessLogEntry.Action.VIEW_IDENTITY,
    AccessLogEntry.Action.DOWNLOAD_DOCUMENT,
    AccessLogEntry.Action.EXPORT,
    AccessLogEntry.Action.BREAK_GLASS,
)


def language_for(case, account=None) -> str:
    """The language of her page (and of the slip her caseworker prints): the one she chose on her
    page, else her preferred language if her page has it, else Hindi."""
    for language in ((account.language if account else ""), case.survivor.preferred_language):
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def her_language(account) -> str:
    return language_for(account.case, account)


@dataclass(frozen=True)
class Stage:
    """One part of her case (an FIR, a court case, a claim...) in plain words."""

    label: str
    now: str
    next: str


@dataclass(frozen=True)
class NextHearing:
    day: str
    court: str
    must_attend: bool
    escort: str  # "" when nobody is named yet


@dataclass(frozen=True)
class Money:
    stage: Stage
    applied_on: str
    awarded: str
    paid: str
    due: str
    deposits: list[str]
    needed: list[str]


@dataclass(frozen=True)
class Looked:
    """Who looked at her file: an organisation and a role (a first name where it allows)."""

    organisation: str
    role: str
    first_name: str
    times: int
    last: str


@dataclass(frozen=True)
class AccusedShown:
    name: str
    status: str


@dataclass(frozen=True)
class LastTold:
    on: str
    message: str


@dataclass
class HerView:
    language: str
    minor: bool
    police: list[Stage] = field(default_factory=list)
    court: list[Stage] = field(default_factory=list)
    next_hearing: NextHearing | None = None
    money: list[Money] = field(default_factory=list)
    papers: list[str] = field(default_factory=list)
    care: list[Stage] = field(default_factory=list)
    referrals: list[Stage] = field(default_factory=list)
    last_told: LastTold | None = None
    looked: list[Looked] = field(default_factory=list)
    accused: list[AccusedShown] = field(default_factory=list)


def _stage(workflow: str, state: str, *, minor: bool, label: str) -> Stage:
    text: PlainText = stage_text(workflow, state, minor=minor)
    return Stage(label=label, now=str(text.now), next=str(text.next))


# --- who is who, as she reads it ----------------------------------------------------------------


def _role_label(role: str) -> str:
    labels = {**dict(Role.choices), **dict(CaseRole.choices)}
    return str(labels.get(role, _("Staff member")))


def _person(case, user) -> tuple[str, str, str]:
    """(role, organisation short name, first name or "") of a staff member as her page names them:
    the role on her case, else their membership; the first name only where the organisation allows."""
    assignment = (
        CaseAssignment.objects.filter(case=case, user=user)
        .select_related("organisation")
        .order_by("-started_at")
        .first()
    )
    if assignment is not None:
        role, org = assignment.role, assignment.organisation
    else:
        membership = (
            Membership.objects.filter(user=user, is_active=True).select_related("organisation").order_by("pk").first()
        )
        if membership is None:
            return _role_label(""), "", ""
        role, org = membership.role, membership.organisation
    first = user.first_name if org.first_names_to_survivors else ""
    return _role_label(role), org.short_name, first


def escort_text(case, user) -> str:
    """ "Your caseworker from ABC (Lakshmi)": role and organisation, a first name where allowed."""
    if user is None:
        return ""
    role, org, first = _person(case, user)
    if org:
        text = _("Your %(role)s from %(org)s") % {"role": role.lower(), "org": org}
    else:
        text = _("Your %(role)s") % {"role": role.lower()}
    return f"{text} ({first})" if first else text


def who_looked(case, *, since: datetime.datetime | None = None) -> list[Looked]:
    """Staff reads of her case since `since` (six months), in one grouped query: per person, the
    role on her case (else the membership), the organisation, the count and the last time; then
    people are merged into one line per organisation and role (per first name where shown)."""
    since = since or timezone.now() - datetime.timedelta(days=LOOKED_DAYS)
    assignment = CaseAssignment.objects.filter(case=case, user=OuterRef("user")).order_by("-started_at")
    membership = Membership.objects.filter(user=OuterRef("user"), is_active=True).order_by("pk")
    org_id = Coalesce(
        Subquery(assignment.values("organisation_id")[:1]), Subquery(membership.values("organisation_id")[:1])
    )
    rows = (
        AccessLogEntry.objects.filter(case=case, user__isnull=False, action__in=LOOKED_ACTIONS, at__gte=since)
        .values("user")
        .annotate(
            times=Count("pk"),
            last=Max("at"),
            first_name=Max("user__first_name"),
            role=Coalesce(Subquery(assignment.values("role")[:1]), Subquery(membership.values("role")[:1])),
            org_id=org_id,
        )
        .annotate(
            org_name=Subquery(Organisation.objects.filter(pk=OuterRef("org_id")).values("short_name")[:1]),
            org_first_names=Subquery(
                Organisation.objects.filter(pk=OuterRef("org_id")).values("first_names_to_survivors")[:1]
            ),
        )
        .order_by()
    )
    merged: OrderedDict[tuple[str, str, str], list] = OrderedDict()
    for row in sorted(rows, key=lambda r: r["last"], reverse=True):
        first = (row["first_name"] or "") if row["org_first_names"] else ""
        key = (row["org_name"] or "", row["role"] or "", first)
        if key in merged:
            merged[key][0] += row["times"]
            merged[key][1] = max(merged[key][1], row["last"])
        else:
            merged[key] = [row["times"], row["last"]]
    return [
        Looked(organisation=org, role=_role_label(role), first_name=first, times=times, last=day_text(last))
        for (org, role, first), (times, last) in merged.items()
    ]


# --- the accused, as her lawyer chose to show them ---------------------------------------------


def _accused_status(link: FIRAccused) -> str:
    if link.absconding:
        return _("The police have not found this person yet.")
    if link.released_without_charge:
        return _("The police let this person go without a charge.")
    if link.bail_status == "granted":
        return _("This person is out on bail (free until the trial, on conditions set by the court).")
    if link.is_arrested:
        if link.custody == "police":
            return _("This person has been arrested and is held by the police.")
        if link.custody == "judicial":
            return _("This person has been arrested and is held in jail.")
        return _("This person has been arrested.")
    return _("This person has not been arrested yet.")


# --- the page ------------------------------------------------------------------------------------


def her_view(account, language: str) -> HerView:
    """Everything her page shows, in `language`, from her case's records only."""
    case = account.case
    survivor = case.survivor
    minor = survivor.is_minor
    with override(language):
        view = HerView(language=language, minor=minor)
        firs = list(FIR.objects.filter(case=case).order_by("pk"))
        for n, fir in enumerate(firs, 1):
            label = _("Police case") if len(firs) == 1 else _("Police case %(n)s") % {"n": n}
            view.police.append(_stage("investigation", fir.stage, minor=minor, label=label))
        court_cases = list(CourtCase.objects.filter(case=case).select_related("court").order_by("pk"))
        for n, court_case in enumerate(court_cases, 1):
            label = _("Court case") if len(court_cases) == 1 else _("Court case %(n)s") % {"n": n}
            view.court.append(_stage("court", court_case.stage, minor=minor, label=label))
        hearing = (
            Hearing.objects.filter(court_case__case=case, status=HearingStatus.SCHEDULED, on__gte=timezone.localdate())
            .select_related("court_case__court", "escort")
            .order_by("on", "pk")
            .first()
        )
        if hearing is not None:
            view.next_hearing = NextHearing(
                day=day_text(hearing.on, language),
                court=hearing.court_case.court.name,
                must_attend=hearing.survivor_must_attend,
                escort=escort_text(case, hearing.escort),
            )
        claims = list(Claim.objects.filter(case=case).order_by("pk"))
        paid = {
            row["claim"]: row["total"]
            for row in ClaimPayment.objects.filter(claim__in=claims).values("claim").annotate(total=Sum("amount"))
        }
        needed = dict(Requirement.choices)
        for n, claim in enumerate(claims, 1):
            label = _("Compensation") if len(claims) == 1 else _("Compensation claim %(n)s") % {"n": n}
            paid_so_far = paid.get(claim.pk) or Decimal("0")
            due = max(claim.awarded_amount - paid_so_far, Decimal("0")) if claim.awarded_amount is not None else None
            deposits = []
            if minor:
                for payment in claim.payments.filter(mode=PaymentMode.FIXED_DEPOSIT, fd_maturity_on__isnull=False):
                    deposits.append(
                        _("%(amount)s is kept for you in a bank deposit until %(date)s.")
                        % {"amount": rupees(payment.amount), "date": day_text(payment.fd_maturity_on, language)}
                    )
                if not deposits and claim.fd_share_required:
                    deposits.append(
                        _("%(share)s%% of the money awarded will be kept for you in a bank deposit until you are 18.")
                        % {"share": claim.fd_share_required}
                    )
            view.money.append(
                Money(
                    stage=_stage("compensation", claim.stage, minor=minor, label=label),
                    applied_on=day_text(claim.applied_on, language, missing=""),
                    awarded=rupees(claim.awarded_amount) if claim.awarded_amount is not None else "",
                    paid=rupees(paid_so_far),
                    due=rupees(due) if due is not None else "",
                    deposits=deposits,
                    needed=[str(needed.get(code, code)) for code in claim.missing_requirements()],
                )
            )
        view.papers = [str(p) for p in survivor.identity_papers_display]
        for repatriation in case.repatriations.order_by("pk"):
            view.care.append(_stage("repatriation", repatriation.stage, minor=minor, label=_("Going home")))
        for referral in case.referrals.order_by("pk"):
            view.referrals.append(_stage("referral", referral.stage, minor=minor, label=_("Help from another group")))
        update = SurvivorUpdate.objects.filter(case=case).order_by("-given_on", "-pk").first()
        if update is not None:
            view.last_told = LastTold(on=day_text(update.given_on, language), message=update.message)
        view.looked = who_looked(case)
        if not minor:
            shared = (
                FIRAccused.objects.filter(fir__case=case, shared_with_survivor=True)
                .select_related("accused")
                .order_by("pk")
            )
            view.accused = [
                AccusedShown(name=link.accused.display_name, status=_accused_status(link)) for link in shared
            ]
    return view
