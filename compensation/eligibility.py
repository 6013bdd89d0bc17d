"""Eligibility screening: which schemes a survivor may claim under, why, for how much and until when.

Reads only; nothing here writes. The offence categories a case supports come from
`case_offence_findings()`, the single place that turns what is known about the case
into the categories schemes pay for. It reads the sections charged on the case's FIRs
(the legal app) first, then the forms of exploitation and her age at the offence, so a
claim can be screened before the police have charged anyone. For an adult, commercial
sexual exploitation is not by itself rape for a scheme's purposes: only a charge (or the
offence basis the caseworker records on the claim, with a reason) makes it so.

Time limit (NALSA Compensation Scheme for Women Victims/Survivors of Sexual Assault/other
Crimes, 2018): three years from the offence or from the conclusion of the trial, whichever
is later; a delay can be condoned. Decisions where the scheme is silent, noted here:
- trafficking is a continuing offence: it ends the day she is rescued or released, so the
  three years from "the offence" run from the later of the day it began and her rescue
  (consortium practice; the later date never shortens her time);
- the trial concludes with the trial court's judgment (or a withdrawal from prosecution);
  with several court cases, the latest conclusion counts;
- while any trial on the case is pending the time has not run out: no claim lapses, and a
  passed provisional date is flagged for the lead caseworker to review instead.
Schemes without a time limit (time_bar_months empty: the bonded-labour scheme) have none.
"""

import datetime
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import day_text
from core.day_count import add_months
from core.versions import version_in_force
from legal.models import Charge, CourtCase, CourtStage, JudgmentOutcome, Outcome
from survivors.models import ADULT_AGE, Sex

from .models import Jurisdiction, OffenceBasis, OffenceCategory, Scheme, SchemeKind, VersionBy

LABOUR_FORMS = {"forced_labour", "domestic_servitude", "child_labour"}
# The CVCF guidelines give the under-14 uplift; state schemes adopting them should match.
CVCF_CODE = "trafficking-floor"


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
    # Uses the prefetch cache when the caller prefetched the forms; read once within reading(case)
    # (screening every scheme in force asks for them once a scheme).
    return _cached(case, "form_codes", lambda: {form.code for form in case.exploitation_forms.all()})


def _means_codes(case) -> set[str]:
    return _cached(case, "means_codes", lambda: {means.code for means in case.recruitment_means.all()})


@dataclass(frozen=True)
class TrialStatus:
    """The court cases on a case, as the compensation time limit reads them."""

    court_cases: tuple  # (label, stage) of every court case
    pending: tuple  # labels of the trials still running
    concluded_on: datetime.date | None  # the latest conclusion (judgment or withdrawal)
    concluded_label: str
    acquittal_or_discharge: bool  # some accused was acquitted or discharged


@contextmanager
def reading(case):
    """Within this block, the court cases and charges of `case` are read once (a screening of every
    scheme); outside it, every call reads them afresh."""
    owner = getattr(case, "_compensation_cache", None) is None
    if owner:
        case._compensation_cache = {}
    try:
        yield case
    finally:
        if owner:
            del case._compensation_cache


def _cached(case, key, compute):
    cache = getattr(case, "_compensation_cache", None)
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def trial_status(case) -> TrialStatus:
    """Pending: a court case whose stage is before the judgment and not withdrawn (stayed and
    transferred trials still run)."""
    return _cached(case, "trial", lambda: _trial_status(case))


def _trial_status(case) -> TrialStatus:
    if getattr(case, "pk", None) is None:
        return TrialStatus((), (), None, "", False)
    concluded_stages = {CourtStage.JUDGMENT, CourtStage.SENTENCE_HEARING, CourtStage.SENTENCED, CourtStage.APPEAL}
    rows, pending, concluded = [], [], []
    for court_case in CourtCase.objects.filter(case_id=case.pk).select_related("court").order_by("pk"):
        label = str(court_case)
        rows.append((label, court_case.stage))
        if court_case.stage in concluded_stages:
            if court_case.judgment_on:
                concluded.append((court_case.judgment_on, label))
        elif court_case.stage == CourtStage.WITHDRAWN:
            if court_case.withdrawn_on:
                concluded.append((court_case.withdrawn_on, label))
        else:
            pending.append(label)
    acquitted = bool(concluded) and (
        JudgmentOutcome.objects.filter(
            judgment__court_case__case_id=case.pk, outcome__in=[Outcome.ACQUITTED, Outcome.DISCHARGED]
        ).exists()
    )
    last = max(concluded, default=(None, ""))
    return TrialStatus(tuple(rows), tuple(pending), last[0], last[1], acquitted)


def forget_trial_status(case) -> None:
    """After a court case changed: the next read queries again."""
    cache = getattr(case, "_compensation_cache", None)
    if cache is not None:
        cache.clear()


def _section_base(number: str) -> str:
    """BNS "64(1)" and "64" are both section 64 for a scheme's purposes."""
    return (number or "").split("(")[0].strip().upper()


def _charged_sections(case) -> list[tuple[str, str, str, bool]]:
    """(act code, section base, label, sexual offence) of the sections charged on the case's FIRs, not dropped."""
    return _cached(case, "charged", lambda: _read_charged_sections(case))


def _read_charged_sections(case) -> list[tuple[str, str, str, bool]]:

    if getattr(case, "pk", None) is None:
        return []

    seen, rows = set(), []
    for act, number, label, sexual in (
        Charge.objects.filter(fir__case_id=case.pk, dropped_at__isnull=True)
        .values_list("section__act__code", "section__number", "section__act__short_name", "section__is_sexual_offence")
        .order_by("section__act__position", "section__number")
    ):
        key = (act, number)
        if key not in seen:
            seen.add(key)
            rows.append((act, _section_base(number), f"{label} {number}", bool(sexual)))
    return rows


def pocso_sections_charged(case) -> list[str]:
    return [label for act, _base, label, _sexual in _charged_sections(case) if act == "pocso"]


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
    if "sexual_exploitation" in forms and minor:
        # A child cannot consent: sexual intercourse with a girl under 18 is rape (BNS 63 sixthly,
        # IPC 375 sixthly), and penetrative sexual assault of any child (POCSO 3, 4). For an adult,
        # commercial sexual exploitation is not by itself rape: only a charge says so.
        findings.append(
            OffenceFinding(
                OffenceCategory.RAPE,
                _(
                    "Sexual exploitation of a child: sexual intercourse with a girl under 18 is rape whatever her "
                    "consent (BNS 63 sixthly, IPC 375 sixthly), and penetrative sexual assault (POCSO 3, 4). "
                    "Confirm it with the charges."
                ),
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


# Charged sections (on any FIR of the case, not dropped) -> the category they prove. Keys are
# (act code, section number without its sub-section). Sexual offences not listed here (the row's
# is_sexual_offence) count as sexual assault other than rape.
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
    # Rape: IPC 376, 376A (death), 376AB (under 12), 376E (repeat); BNS 64-66, 71; POCSO 4, 6
    # (penetrative sexual assault). Not IPC 376B/376C or BNS 67-69 ("not amounting to rape").
    OffenceCategory.RAPE: {
        ("ipc", "376"),
        ("ipc", "376A"),
        ("ipc", "376AB"),
        ("ipc", "376E"),
        ("bns", "64"),
        ("bns", "65"),
        ("bns", "66"),
        ("bns", "71"),
        ("pocso", "4"),
        ("pocso", "6"),
    },
    OffenceCategory.GANG_RAPE: {("ipc", "376D"), ("ipc", "376DA"), ("ipc", "376DB"), ("bns", "70")},
    OffenceCategory.SEXUAL_ASSAULT: {
        ("pocso", "8"),
        ("pocso", "10"),
        ("ipc", "354"),
        ("ipc", "354A"),
        ("ipc", "354B"),
        ("bns", "74"),
        ("bns", "75"),
        ("bns", "76"),
    },
    OffenceCategory.BONDED_LABOUR: {("blsa", "16"), ("blsa", "17"), ("blsa", "18"), ("ipc", "374"), ("bns", "146")},
    OffenceCategory.CHILD_LABOUR: {("clpra", "3"), ("clpra", "14"), ("jja", "79")},
}
LISTED_SECTIONS = set().union(*CHARGED_SECTION_CATEGORIES.values())


def _charged_by_category(case) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for act, base, label, sexual in _charged_sections(case):
        key = (act, base)
        for category, sections in CHARGED_SECTION_CATEGORIES.items():
            if key in sections:
                found.setdefault(category, []).append(label)
        if sexual and key not in LISTED_SECTIONS:
            found.setdefault(OffenceCategory.SEXUAL_ASSAULT, []).append(label)
    return found


def _from_charged_sections(case) -> list[OffenceFinding]:
    """What the police charged is the strongest basis: it comes first, naming the sections."""
    found = _charged_by_category(case)
    return [
        OffenceFinding(category, _("Charged by the police: %(sections)s.") % {"sections": ", ".join(found[category])})
        for category in CHARGED_SECTION_CATEGORIES
        if category in found
    ]


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


def adult_sexual_exploitation_without_rape(case, findings=None) -> bool:
    """She was an adult, the forms say sexual exploitation, and no rape is charged."""
    categories = {f.category for f in (findings if findings is not None else case_offence_findings(case))}
    return (
        "sexual_exploitation" in _form_codes(case)
        and not minor_at_offence(case)
        and not categories & {OffenceCategory.RAPE, OffenceCategory.GANG_RAPE}
    )


# --- the offence basis a claim records ----------------------------------------------------------------

# The basis a claim on each line must record. Lines not listed take any basis.
LINE_BASIS: dict[str, str] = {
    OffenceCategory.RAPE: OffenceBasis.RAPE,
    OffenceCategory.GANG_RAPE: OffenceBasis.GANG_RAPE,
    OffenceCategory.SEXUAL_ASSAULT: OffenceBasis.SEXUAL_ASSAULT,
}


def basis_support(case, basis: str) -> tuple[bool, str]:
    """Whether what is known about the case supports the offence basis a claim records, and why.
    Rape and gang rape rest on the charges (for a child, also on the forms: she cannot consent)."""
    if basis == OffenceBasis.OTHER or not basis:
        return True, ""
    findings = {f.category: f for f in case_offence_findings(case)}
    wanted = {
        OffenceBasis.RAPE: [OffenceCategory.RAPE, OffenceCategory.GANG_RAPE],
        OffenceBasis.GANG_RAPE: [OffenceCategory.GANG_RAPE],
        OffenceBasis.SEXUAL_ASSAULT: [OffenceCategory.SEXUAL_ASSAULT, OffenceCategory.RAPE, OffenceCategory.GANG_RAPE],
    }[basis]
    for category in wanted:
        if category in findings:
            return True, findings[category].reason
    if basis in (OffenceBasis.RAPE, OffenceBasis.GANG_RAPE) and adult_sexual_exploitation_without_rape(case):
        return False, _(
            "No rape section is charged on the case's FIRs, and for an adult commercial sexual exploitation is "
            "not by itself rape for the scheme."
        )
    return False, _("Nothing charged on the case's FIRs shows this offence.")


# --- time limit ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeBar:
    on: datetime.date | None  # the last day to apply (provisional while a trial is pending)
    start: datetime.date | None  # the day the time runs from
    basis: str  # "offence", "release", "trial" or "" (unknown or no time limit)
    text: str
    trial_pending: bool = False
    no_limit: bool = False

    @property
    def passed(self) -> bool:
        return self.on is not None and self.on < timezone.localdate()

    @property
    def bars(self) -> bool:
        """Passed and nothing keeps it open: no trial is pending."""
        return self.passed and not self.trial_pending


def offence_end(case) -> tuple[datetime.date | None, str]:
    """The day the offence ended: her rescue or release when later than its start (a continuing offence)."""
    offence, release = offence_date(case), case.rescued_on
    if offence is None and release is None:
        return None, ""
    if release is not None and (offence is None or release >= offence):
        return release, "release"
    return offence, "offence"


def time_bar_start(case) -> tuple[datetime.date | None, str]:
    """The later of the offence's end and the conclusion of the trial (NALSA scheme 2018)."""
    start, basis = offence_end(case)
    trial = trial_status(case)
    if trial.concluded_on is not None and (start is None or trial.concluded_on > start):
        return trial.concluded_on, "trial"
    return start, basis


def _day(value: datetime.date) -> str:
    return day_text(value)


def time_bar_for(case, scheme_or_months) -> TimeBar:
    months = getattr(scheme_or_months, "time_bar_months", scheme_or_months)
    if months is None:
        return TimeBar(None, None, "", _("No time limit in the scheme."), no_limit=True)
    trial = trial_status(case)
    pending = bool(trial.pending)
    start, basis = time_bar_start(case)
    if start is None:
        return TimeBar(
            None, None, "", _("Record when she was trafficked and rescued to compute the time limit."), pending
        )
    last_day = add_months(start, months)
    texts = {
        "offence": _("%(months)d months from the offence on %(start)s."),
        "release": _(
            "%(months)d months from the end of the offence, her rescue or release on %(start)s (a continuing "
            "offence ends when she is freed)."
        ),
        "trial": _("%(months)d months from the conclusion of the trial on %(start)s (%(court)s)."),
    }
    text = texts[basis] % {"months": months, "start": _day(start), "court": trial.concluded_label}
    if pending:
        text += " " + _(
            "A trial is pending (%(courts)s): she may apply within %(months)d months of its conclusion, so the "
            "claim does not lapse while it runs."
        ) % {"courts": ", ".join(trial.pending), "months": months}
    return TimeBar(last_day, start, basis, text, pending)


# --- scheme versions ------------------------------------------------------------------------------------


def _versions(on: datetime.date | None = None, *, include_guidelines: bool = False):
    versions = Scheme.objects.filter(is_active=True).select_related("state").prefetch_related("lines")
    if not include_guidelines:
        versions = versions.exclude(kind=SchemeKind.GUIDELINE)
    return versions.order_by("code", "-effective_from")


def _pick(versions: list[Scheme], on: datetime.date) -> Scheme | None:
    """The version of one scheme in force on a day (core.versions: the latest started, unless it ended)."""
    return version_in_force(versions, on)


def version_day(case, latest: Scheme, on: datetime.date) -> datetime.date:
    """The day whose version a claim takes: her release for a scheme versioned by release."""
    if case is not None and latest.version_by == VersionBy.RELEASE and case.rescued_on:
        return min(case.rescued_on, on)
    return on


def schemes_in_force(on: datetime.date | None = None, *, case=None, include_guidelines: bool = False) -> list[Scheme]:
    """For each scheme code, the active version that applies: in force on `on` (today), or, for a
    scheme versioned by release and a case whose rescue is recorded, on the day of her release.
    Guidelines (the CVCF minimums) are not claimed under: left out unless asked for."""
    on = on or timezone.localdate()
    by_code: dict[str, list[Scheme]] = {}
    for scheme in _versions(on, include_guidelines=include_guidelines):
        by_code.setdefault(scheme.code, []).append(scheme)
    chosen = []
    for versions in by_code.values():
        day = version_day(case, versions[0], on)
        scheme = _pick(versions, day) or (_pick(versions, on) if day != on else None)
        if scheme is not None:
            chosen.append(scheme)
    return sorted(chosen, key=lambda s: (s.jurisdiction != Jurisdiction.STATE, s.short_name))


def scheme_version_for(code: str, *, case=None, on: datetime.date | None = None) -> Scheme | None:
    on = on or timezone.localdate()
    versions = list(
        Scheme.objects.filter(code=code, is_active=True).prefetch_related("lines").order_by("-effective_from")
    )
    if not versions:
        return None
    day = version_day(case, versions[0], on)
    return _pick(versions, day) or (_pick(versions, on) if day != on else None)


def cvcf_guideline(on: datetime.date | None = None) -> Scheme | None:
    """The MHA's Central Victim Compensation Fund guidelines in force: the minimums state schemes adopt."""
    on = on or timezone.localdate()
    for scheme in Scheme.objects.filter(kind=SchemeKind.GUIDELINE, is_active=True).prefetch_related("lines"):
        if scheme.in_force_on(on):
            return scheme
    return None


def cvcf_shortfalls(scheme: Scheme, guideline: Scheme | None = None) -> list[str]:
    """Where a state scheme pays less than the CVCF minimums it should adopt (a warning, not a bar:
    the claim is made under the state scheme as notified)."""
    if scheme.jurisdiction != Jurisdiction.STATE or scheme.kind != SchemeKind.SCHEME:
        return []
    guideline = guideline or cvcf_guideline(scheme.effective_from) or cvcf_guideline()
    if guideline is None:
        return []
    from .services import rupees

    floors = {line.category: line.min_amount for line in guideline.lines.all()}
    warnings = []
    for line in scheme.lines.all():
        floor = floors.get(line.category)
        if floor is not None and line.min_amount < floor:
            warnings.append(
                _("%(offence)s: its minimum of %(low)s is below the %(guideline)s minimum of %(floor)s.")
                % {
                    "offence": line.get_category_display(),
                    "low": rupees(line.min_amount),
                    "guideline": guideline.short_name,
                    "floor": rupees(floor),
                }
            )
    lower_uplift = scheme.minor_uplift_percent < guideline.minor_uplift_percent
    if guideline.minor_uplift_percent and (lower_uplift or scheme.minor_age_limit < guideline.minor_age_limit):
        warnings.append(
            _("Children: %(guideline)s adds %(pct)d%% under %(age)d; this scheme adds %(own)d%%.")
            % {
                "guideline": guideline.short_name,
                "pct": guideline.minor_uplift_percent,
                "age": guideline.minor_age_limit,
                "own": scheme.minor_uplift_percent,
            }
        )
    return warnings


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


def woman_check(case, scheme: Scheme) -> CheckItem | None:
    """A women-victims scheme asks who she is: True (a woman or girl), False (not), None (to check)."""
    if not scheme.women_only:
        return None
    sex = case.survivor.sex
    if sex == Sex.FEMALE:
        return CheckItem(True, _("A scheme for women and girls: she is recorded as female."))
    if sex == Sex.MALE:
        return CheckItem(False, _("A scheme for women and girls: he is recorded as male."))
    return CheckItem(
        None,
        _("A scheme for women and girls: her gender is recorded as %(sex)s; check with the authority.")
        % {"sex": Sex(sex).label.lower() if sex in Sex.values else sex},
    )


def _sexual_lines(scheme: Scheme) -> bool:
    return any(line.category in LINE_BASIS for line in scheme.lines.all())


def screen_scheme(
    case, scheme: Scheme, findings: list[OffenceFinding], claims_by_code=None, *, guideline=None
) -> SchemeScreening:
    categories = {f.category: f for f in findings}
    screening = SchemeScreening(scheme=scheme, applies=True)
    items = screening.items
    claim = (claims_by_code or {}).get(scheme.code)
    screening.claim = claim

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
    if _sexual_lines(scheme) and adult_sexual_exploitation_without_rape(case, findings):
        items.append(
            CheckItem(
                None,
                _(
                    "She was an adult: commercial sexual exploitation is not by itself rape for this scheme. It "
                    "applies where rape or gang rape is charged (BNS 64, 70; IPC 376, 376D), or where the claim "
                    "records that offence basis with the reason."
                ),
            )
        )
    if claim is not None and claim.offence_basis:
        supported, why = basis_support(case, claim.offence_basis)
        items.append(
            CheckItem(
                supported or None,
                _("Offence basis recorded on the claim: %(basis)s. %(why)s")
                % {"basis": claim.get_offence_basis_display(), "why": why}
                if supported
                else _("Offence basis recorded on the claim: %(basis)s, not shown by the charges (reason recorded).")
                % {"basis": claim.get_offence_basis_display()},
            )
        )

    woman = woman_check(case, scheme)
    if woman is not None:
        items.append(woman)
        if woman.ok is False:
            screening.applies = False

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
    for warning in cvcf_shortfalls(scheme, guideline):
        items.append(CheckItem(None, _("Check the notified schedule: %(warning)s") % {"warning": warning}))

    if scheme.version_by == VersionBy.RELEASE:
        items.append(
            CheckItem(
                None,
                _("Version in force on her release (%(day)s): %(scheme)s, in force from %(from)s.")
                % {
                    "day": _day(case.rescued_on) if case.rescued_on else _("not recorded, so today"),
                    "scheme": scheme.short_name,
                    "from": _day(scheme.effective_from),
                },
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

    screening.time_bar = time_bar = time_bar_for(case, scheme)
    if time_bar.no_limit or time_bar.on is None:
        items.append(CheckItem(None, time_bar.text))
    elif time_bar.passed:
        filed = claim is not None and claim.applied_on is not None
        if filed:
            tail = _("The claim was filed.")
        elif time_bar.trial_pending:
            tail = _("The date has passed, but the trial is pending: she can still apply.")
        else:
            tail = _("Passed: an application now needs condonation of delay (a court's recommendation does not).")
        items.append(
            CheckItem(
                bool(filed or time_bar.trial_pending),
                _("Time limit %(day)s: %(why)s") % {"day": _day(time_bar.on), "why": time_bar.text} + " " + tail,
            )
        )
    else:
        items.append(CheckItem(True, _("Apply by %(day)s: %(why)s") % {"day": _day(time_bar.on), "why": time_bar.text}))
    return screening


def screen_case(case, *, claims=None, on: datetime.date | None = None) -> list[SchemeScreening]:
    """The checklist for every scheme that can be claimed under: applicable ones first."""
    with reading(case):
        findings = case_offence_findings(case)
        claims_by_code = {claim.scheme_code: claim for claim in (claims or [])}
        guideline = cvcf_guideline(on)
        screenings = [
            screen_scheme(case, scheme, findings, claims_by_code, guideline=guideline)
            for scheme in schemes_in_force(on, case=case)
        ]
    return sorted(screenings, key=lambda s: not s.applies)
