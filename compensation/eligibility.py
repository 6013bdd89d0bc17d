"""Eligibility screening: which schemes a survivor may claim under, why, for how much and until when.

Reads only; nothing here writes. The offence categories a case supports come from
`case_offence_categories()`, the single place that turns what is known about the case
into the categories schemes pay for. It reads the sections charged on the case's FIRs
(the legal app) first, then the forms of exploitation and her age at the offence, so a
claim can be screened before the police have charged anyone.

The time bar runs from the later of the offence and her rescue or release. Trafficking
is a continuing offence: while she is held, she cannot apply, so the three years begin
when it ends (the NALSA scheme counts from the offence *or* the end of the trial, and the
domain brief from "the offence or release"; the later date never shortens her time).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import add_months
from survivors.models import ADULT_AGE

from .models import Jurisdiction, OffenceCategory, Scheme

LABOUR_FORMS = {"forced_labour", "domestic_servitude", "child_labour"}


@dataclass(frozen=True)
class OffenceFinding:
    category: str
    reason: str

    @property
    def label(self) -> str:
        return str(OffenceCategory(self.category).label)


# --- facts about the case -------------------------------------------------------------------------


def offence_date(case) -> datetime.date | None:
    """When the offence began: the day she was trafficked, else the day she left home."""
    return case.trafficked_on or case.left_home_on


def age_at_offence(case) -> int | None:
    day = offence_date(case)
    return case.survivor.age_on(day) if day else None


def minor_at_offence(case) -> bool:
    age = age_at_offence(case)
    return age < ADULT_AGE if age is not None else bool(case.survivor.minor_at_offence)


def _form_codes(case) -> set[str]:
    # Uses the prefetch cache when the caller prefetched the forms.
    return {form.code for form in case.exploitation_forms.all()}


def _means_codes(case) -> set[str]:
    return {means.code for means in case.recruitment_means.all()}


def _from_exploitation_forms(case) -> list[OffenceFinding]:
    forms, means = _form_codes(case), _means_codes(case)
    minor = minor_at_offence(case)
    findings = []
    if forms:
        findings.append(
            OffenceFinding(
                OffenceCategory.TRAFFICKING,
                _("Recruited and moved for exploitation: trafficking (BNS 143, IPC 370)."),
            )
        )
    if "sexual_exploitation" in forms:
        findings.append(
            OffenceFinding(
                OffenceCategory.RAPE,
                _("Sexual exploitation of a child is rape and penetrative sexual assault (BNS 64, POCSO s.4).")
                if minor
                else _("Forced commercial sex is rape (BNS 64, IPC 376)."),
            )
        )
    if "bonded_labour" in forms or ("debt_bondage" in means and forms & LABOUR_FORMS):
        findings.append(
            OffenceFinding(
                OffenceCategory.BONDED_LABOUR,
                _(
                    "Made to work against an advance or debt: bonded labour "
                    "(Bonded Labour System (Abolition) Act, s.4)."
                ),
            )
        )
    if "child_labour" in forms or (minor and "forced_labour" in forms):
        findings.append(
            OffenceFinding(
                OffenceCategory.CHILD_LABOUR, _("Made to work as a child: child labour (Child Labour Act 1986).")
            )
        )
    return findings


# Charged sections (on any FIR of the case, not dropped) -> the category they prove.
# Keys are (act code, section number) of legal.reference.SECTIONS.
CHARGED_SECTION_CATEGORIES = {
    OffenceCategory.TRAFFICKING: {
        ("ipc", "366A"),
        ("ipc", "366B"),
        ("ipc", "370"),
        ("ipc", "370A"),
        ("ipc", "371"),
        ("ipc", "372"),
        ("ipc", "373"),
        ("bns", "96"),
        ("bns", "98"),
        ("bns", "99"),
        ("bns", "141"),
        ("bns", "143"),
        ("bns", "144"),
        ("bns", "145"),
        ("itpa", "4"),
        ("itpa", "5"),
        ("itpa", "6"),
        ("itpa", "9"),
        ("jja", "81"),
    },
    OffenceCategory.RAPE: {("ipc", "376"), ("bns", "64"), ("pocso", "4"), ("pocso", "6")},
    OffenceCategory.SEXUAL_ASSAULT: {("pocso", "8"), ("pocso", "10")},
    OffenceCategory.BONDED_LABOUR: {("blsa", "16"), ("blsa", "17"), ("blsa", "18"), ("ipc", "374"), ("bns", "146")},
    OffenceCategory.CHILD_LABOUR: {("clpra", "3"), ("clpra", "14"), ("jja", "79")},
}


def _from_charged_sections(case) -> list[OffenceFinding]:
    """What the police charged is the strongest basis: it comes first, naming the sections."""
    from legal.models import Charge

    charged = {}
    for act, number, label in (
        Charge.objects.filter(fir__case=case, dropped_at__isnull=True)
        .values_list("section__act__code", "section__number", "section__act__short_name")
        .order_by("section__act__position", "section__number")
    ):
        charged.setdefault((act, number), f"{label} {number}")
    findings = []
    for category, sections in CHARGED_SECTION_CATEGORIES.items():
        names = [charged[key] for key in charged if key in sections]
        if names:
            findings.append(
                OffenceFinding(category, _("Charged by the police: %(sections)s.") % {"sections": ", ".join(names)})
            )
    return findings


# Sources of findings, in order: the first to find a category gives its reason.
FINDING_SOURCES: list[Callable] = [_from_charged_sections, _from_exploitation_forms]


def case_offence_findings(case) -> list[OffenceFinding]:
    """Each category the case supports, with the reason (first source to find it wins)."""
    seen, findings = set(), []
    for source in FINDING_SOURCES:
        for finding in source(case):
            if finding.category not in seen:
                seen.add(finding.category)
                findings.append(finding)
    return findings


def case_offence_categories(case) -> set[str]:
    return {finding.category for finding in case_offence_findings(case)}


# --- time bar ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeBar:
    on: datetime.date | None  # the last day to apply
    start: datetime.date | None  # the day the time runs from
    basis: str  # "offence", "release" or "" (unknown)
    text: str

    @property
    def passed(self) -> bool:
        return self.on is not None and self.on < timezone.localdate()


def time_bar_start(case) -> tuple[datetime.date | None, str]:
    offence, release = offence_date(case), case.rescued_on
    if offence is None and release is None:
        return None, ""
    if release is not None and (offence is None or release >= offence):
        return release, "release"
    return offence, "offence"


def time_bar_for(case, months: int) -> TimeBar:
    start, basis = time_bar_start(case)
    if start is None:
        return TimeBar(None, None, "", _("Record when she was trafficked and rescued to compute the time bar."))
    last_day = add_months(start, months)
    if basis == "release":
        text = _("%(months)d months after her rescue or release on %(start)s (later than the offence).")
    else:
        text = _("%(months)d months after the offence on %(start)s.")
    text = text % {"months": months, "start": start.strftime("%d %b %Y")}
    return TimeBar(last_day, start, basis, text)


# --- screening --------------------------------------------------------------------------------------


@dataclass
class CheckItem:
    ok: bool | None  # True: met, False: not met, None: for information
    text: str


@dataclass
class LineRange:
    line: object
    low: Decimal
    high: Decimal | None
    uplifted: bool


@dataclass
class SchemeScreening:
    scheme: Scheme
    applies: bool
    items: list[CheckItem] = field(default_factory=list)
    lines: list[LineRange] = field(default_factory=list)
    time_bar: TimeBar | None = None
    uplift: bool = False
    claim: object = None

    @property
    def low(self) -> Decimal | None:
        return min((r.low for r in self.lines), default=None)

    @property
    def high(self) -> Decimal | None:
        if any(r.high is None for r in self.lines):
            return None
        return max((r.high for r in self.lines), default=None)


def schemes_in_force(on: datetime.date | None = None) -> list[Scheme]:
    """For each scheme code, the active version in force on `on` (with its lines)."""
    on = on or timezone.localdate()
    versions = (
        Scheme.objects.filter(effective_from__lte=on, is_active=True)
        .select_related("state")
        .prefetch_related("lines")
        .order_by("code", "-effective_from")
    )
    latest = {}
    for scheme in versions:
        latest.setdefault(scheme.code, scheme)
    return sorted(latest.values(), key=lambda s: (s.jurisdiction != Jurisdiction.STATE, s.short_name))


def uplift_applies(case, scheme: Scheme) -> bool:
    if not scheme.minor_uplift_percent:
        return False
    age = age_at_offence(case)
    if age is None:
        # Age unknown: the recorded "minor at the offence" flag stands in for schemes that uplift under 18.
        return bool(case.survivor.minor_at_offence) and scheme.minor_age_limit >= ADULT_AGE
    return age < scheme.minor_age_limit


def _case_states(case) -> set[int]:
    return {pk for pk in (case.source_state_id, case.destination_state_id, case.survivor.origin_state_id) if pk}


def screen_scheme(case, scheme: Scheme, findings: list[OffenceFinding], claims_by_code=None) -> SchemeScreening:
    categories = {f.category: f for f in findings}
    screening = SchemeScreening(scheme=scheme, applies=True)
    items = screening.items

    covered = [line for line in scheme.lines.all() if line.category in categories]
    if covered:
        for line in covered:
            items.append(CheckItem(True, f"{line.get_category_display()}: {categories[line.category].reason}"))
    else:
        screening.applies = False
        paid_for = ", ".join(str(line.get_category_display()).lower() for line in scheme.lines.all())
        items.append(
            CheckItem(
                False,
                _("The scheme pays for %(lines)s; nothing recorded on the case shows that offence.")
                % {"lines": paid_for or _("no offence yet")},
            )
        )

    if scheme.jurisdiction == Jurisdiction.NATIONAL:
        items.append(CheckItem(True, _("National scheme: applies in every state.")))
    elif scheme.state_id in _case_states(case):
        items.append(
            CheckItem(True, _("%(state)s scheme: the case has a link to %(state)s.") % {"state": scheme.state.name})
        )
    else:
        screening.applies = False
        items.append(
            CheckItem(
                False,
                _("%(state)s scheme: she is not from %(state)s and was not exploited there.")
                % {"state": scheme.state.name},
            )
        )

    screening.uplift = uplift_applies(case, scheme)
    if scheme.minor_uplift_percent:
        if screening.uplift:
            items.append(
                CheckItem(
                    None,
                    _("Younger than %(age)d at the offence: amounts %(pct)d%% higher.")
                    % {"age": scheme.minor_age_limit, "pct": scheme.minor_uplift_percent},
                )
            )
        elif age_at_offence(case) is None and not case.survivor.minor_at_offence:
            items.append(CheckItem(None, _("Her age at the offence is not known: the minor uplift is not applied.")))

    uplift = scheme.minor_uplift_percent if screening.uplift else 0
    for line in covered:
        low, high = line.range_for(uplift_percent=uplift)
        screening.lines.append(LineRange(line=line, low=low, high=high, uplifted=bool(uplift)))

    screening.time_bar = time_bar_for(case, scheme.time_bar_months)
    claim = (claims_by_code or {}).get(scheme.code)
    screening.claim = claim
    if screening.time_bar.on is None:
        items.append(CheckItem(None, screening.time_bar.text))
    elif screening.time_bar.passed:
        filed = claim is not None and claim.applied_on is not None
        items.append(
            CheckItem(
                bool(filed),
                _("Time bar %(day)s: %(why)s")
                % {"day": screening.time_bar.on.strftime("%d %b %Y"), "why": screening.time_bar.text}
                + " "
                + (
                    _("The claim was filed.")
                    if filed
                    else _("Passed: an application now needs condonation of delay (a court's recommendation does not).")
                ),
            )
        )
    else:
        items.append(
            CheckItem(
                True,
                _("Apply by %(day)s: %(why)s")
                % {"day": screening.time_bar.on.strftime("%d %b %Y"), "why": screening.time_bar.text},
            )
        )
    return screening


def screen_case(case, *, claims=None, on: datetime.date | None = None) -> list[SchemeScreening]:
    """The checklist for every scheme in force: applicable ones first."""
    findings = case_offence_findings(case)
    claims_by_code = {claim.scheme_code: claim for claim in (claims or [])}
    screenings = [screen_scheme(case, scheme, findings, claims_by_code) for scheme in schemes_in_force(on)]
    return sorted(screenings, key=lambda s: not s.applies)
