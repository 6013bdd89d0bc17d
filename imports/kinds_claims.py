"""Compensation claims and their payments, as rows of an import: each claim is screened and walked
through its stages by the services the claim pages call (compensation.services claim_screen,
claim_transition, claim_payment_record), in the order the stages happen, with the dates of the file.

A claim row names its scheme by code; the version is the one the claim page would take: in force
on the day the claim was screened (the filing date when no screening date is given), or on the day
of her release for a scheme versioned by release (compensation.eligibility.scheme_version_for).
The services check the rest: the screening (or the reason she claims anyway), the order of the
dates (a step is never dated before the stage it follows), the time bar (or its condonation), her
consent to her own application on the day it was filed, the scheme's maximum (or the order's
reason), payments within the award and the fixed-deposit rule.

Her consent to the compensation application may be given on the row (it is recorded on the case
as the consent page records it) when it was given on paper: an imported case has none yet.

Not imported (recorded on the claim page): the POCSO Special Court's interim compensation, High
Court writs, closing a claim, and the documents linked to a claim. A claim filed by her application
needs its documents ready; the file's `documents_note` says why it was filed without documents in
Nyaya (when empty: that it was filed on paper before the import, with the papers in its file).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services as case_services
from cases.models import Case
from compensation import eligibility
from compensation import services as claim_services
from compensation.models import (
    AuthorityLevel,
    Claim,
    OffenceBasis,
    OffenceCategory,
    PaymentMode,
    Route,
    Scheme,
    SchemeKind,
)
from compensation.workflow import SPEC
from core.money import parse_rupees
from survivors.models import Consent, ConsentPurpose

from .columns import CellError, Column, Kind, as_date, as_district, as_state, choice_of
from .kinds import CASE_REF, Context, _place

IMPORTED = gettext_lazy("Imported from a file.")
DOCUMENTS_ON_PAPER = (
    "Filed on paper before the case was imported into Nyaya: the documents are in the claim's paper file."
)

AMOUNT_FORMAT = gettext_lazy("amount in rupees (e.g. 300000 or 3,00,000)")


def as_amount(value: str) -> Decimal:
    try:
        return parse_rupees(value, "amount")
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from None


def as_scheme_code(value: str) -> str:
    """A scheme a claim is made under, by its code (its version is chosen by the claim's dates)."""
    code = value.strip().lower()
    if not Scheme.objects.filter(code=code, is_active=True, kind=SchemeKind.SCHEME).exists():
        codes = (
            Scheme.objects.filter(is_active=True, kind=SchemeKind.SCHEME)
            .order_by("code")
            .values_list("code", flat=True)
            .distinct()
        )
        raise CellError(_("Unknown scheme: use one of %(codes)s.") % {"codes": ", ".join(codes)})
    return code


# The routes a file may name. The POCSO Special Court's interim compensation is recorded on the claim page.
FILING_STEPS = {
    Route.APPLICATION: "apply",
    Route.UNTRACED_OFFENDER: "apply_offender_untraced",
    Route.COURT_RECOMMENDATION: "recommend_by_court",
    Route.ACQUITTAL_RECOMMENDATION: "recommend_on_acquittal",
    Route.SUO_MOTU: "take_up_suo_motu",
}


def as_route(value: str) -> str:
    code = choice_of(Route)(value)
    if code not in FILING_STEPS:
        raise CellError(
            _("Interim compensation by the POCSO Special Court is recorded on the claim page. Use one of: %(codes)s.")
            % {"codes": ", ".join(FILING_STEPS)}
        )
    return code


APPEAL_RESULTS = {"allowed": "allow_appeal", "dismissed": "dismiss_appeal"}


def as_appeal_result(value: str) -> str:
    word = value.strip().lower()
    if word not in APPEAL_RESULTS:
        raise CellError(_("Write allowed or dismissed."))
    return word


# --- recording a claim -------------------------------------------------------------------------------

SCREEN_COLUMNS = {"line": "scheme", "authority_level": "authority"}
CONSENT_COLUMNS = {
    "given_on": "consent_given_on",
    "given_by": "consent_given_by",
    "method": "consent_method",
    "guardian_name": "consent_guardian_name",
    "legal_basis": "consent_legal_basis",
    "witness_name": "consent_witness",
}
# Each step of the claim: the column its date is read from (and its refusals not tied to a column shown on).
STEP_COLUMN = {
    "mark_documents_ready": "documents_note",
    "apply": "filed_on",
    "apply_offender_untraced": "filed_on",
    "recommend_by_court": "filed_on",
    "recommend_on_acquittal": "filed_on",
    "take_up_suo_motu": "filed_on",
    "start_inquiry": "inquiry_started_on",
    "seek_interim_relief": "interim_sought_on",
    "decide_interim_relief": "interim_decided_on",
    "award": "awarded_on",
    "reject": "rejected_on",
    "appeal": "appeal_filed_on",
    "allow_appeal": "appeal_decided_on",
    "dismiss_appeal": "appeal_decided_on",
    "forward_for_payment": "sent_for_payment_on",
}
# A step's inputs that a column of another name holds.
STEP_FIELD_COLUMNS = {
    "documents_waiver_note": "documents_note",
    "applied_on": "filed_on",
    "court_ordered_on": "filed_on",
    "court_label": "court",
    "effective_on": "",  # the step's own date column
}
APPEAL_FIELD_COLUMNS = {"awarded_on": "appeal_decided_on", "awarded_amount": "appeal_awarded_amount"}


def _errors_on(exc: ValidationError, columns: dict[str, str], default: str, names) -> ValidationError:
    """The service's refusal keyed by the row's columns: a field a column holds under another name is
    renamed; a refusal of no column of the row (a step's condition, her consent) lands on `default`."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({default: exc.messages})
    out: dict[str, list[str]] = {}
    for key, messages in exc.message_dict.items():
        column = columns.get(key, key) or default
        out.setdefault(column if column in names else default, []).extend(messages)
    return ValidationError(out)


# A column that says something about a step given by its date column.
GOES_WITH = {
    "awarded_amount": "awarded_on",
    "award_reference": "awarded_on",
    "rejection_reason": "rejected_on",
    "appeal_reference": "appeal_filed_on",
    "court": "filed_on",
    "court_ordered_amount": "filed_on",
    "documents_note": "filed_on",
    "condonation_note": "filed_on",
}
COURT_ROUTES = {Route.COURT_RECOMMENDATION, Route.ACQUITTAL_RECOMMENDATION}
APPLICATION_ROUTES = {Route.APPLICATION, Route.UNTRACED_OFFENDER}


def _refuse(column: str, message) -> ValidationError:
    return ValidationError({column: [str(message)]})


def record_claim(ctx: Context, values: dict) -> tuple[Case, int]:
    case, _case_id = values["case_ref"]
    _check_row(values)
    if values.get("consent_given_on"):
        _record_consent(ctx, case, values)
    claim = _screen(ctx, case, values)
    claim = _file(ctx, claim, values)
    claim = _decide(ctx, claim, values)
    return case, claim.pk


def _check_row(values: dict) -> None:
    """What the row must say together (each service checks its own step)."""
    errors: dict[str, list[str]] = {}

    def need(column: str, message) -> None:
        errors.setdefault(column, []).append(str(message))

    filing = values.get("filed_on") or values.get("route")
    if values.get("filed_on") and not values.get("route"):
        need("route", _("Say how the claim was filed (the route)."))
    if values.get("route") and not values.get("filed_on"):
        need("filed_on", _("Give the day the claim was filed."))
    later = ("inquiry_started_on", "interim_sought_on", "awarded_on", "rejected_on")
    if not filing:
        for column in later:
            if values.get(column):
                need(column, _("Give the filing first (filed_on and route): this step follows it."))
    if values.get("interim_decided_on") and not values.get("interim_sought_on"):
        need("interim_sought_on", _("Give the day interim relief was sought."))
    if values.get("interim_amount") is not None and not values.get("interim_decided_on"):
        need("interim_decided_on", _("Give the day interim relief was decided."))
    if values.get("awarded_on") and values.get("rejected_on"):
        need("rejected_on", _("A claim is either awarded or rejected: give one decision (an appeal follows it)."))
    decided = values.get("awarded_on") or values.get("rejected_on")
    if values.get("appeal_filed_on") and not decided:
        need("appeal_filed_on", _("An appeal follows the award or the rejection: give the decision first."))
    if (values.get("appeal_result") or values.get("appeal_decided_on")) and not values.get("appeal_filed_on"):
        need("appeal_filed_on", _("Give the day the appeal was filed."))
    if values.get("appeal_result") and not values.get("appeal_decided_on"):
        need("appeal_decided_on", _("Give the day the appeal was decided."))
    if values.get("appeal_decided_on") and not values.get("appeal_result"):
        need("appeal_result", _("Say whether the appeal was allowed or dismissed."))
    awarded = values.get("awarded_on") or values.get("appeal_result") == "allowed"
    if values.get("awarded_above_max_reason") and not awarded:
        need("awarded_above_max_reason", _("This goes with an award: give its date (or the appeal's, if allowed)."))
    if values.get("appeal_awarded_amount") is not None and values.get("appeal_result") != "allowed":
        need("appeal_awarded_amount", _("An amount is awarded on appeal only when the appeal is allowed."))
    if values.get("sent_for_payment_on") and not awarded:
        need("sent_for_payment_on", _("A claim is sent for payment once it is awarded."))
    for column, date_column in GOES_WITH.items():
        if values.get(column) not in (None, "") and not values.get(date_column):
            need(column, _("This goes with %(column)s: give that date too.") % {"column": date_column})
    route = values.get("route")
    for column in ("court", "court_ordered_amount"):
        if values.get(column) not in (None, "") and route and route not in COURT_ROUTES:
            need(column, _("Only for a claim a court recommended (its route)."))
    for column in ("documents_note", "condonation_note"):
        if values.get(column) and route and route not in APPLICATION_ROUTES:
            need(column, _("Only for a claim filed by her application (its route)."))
    if any(values.get(c) for c in CONSENT_COLUMNS.values()) and not values.get("consent_given_on"):
        need("consent_given_on", _("Give the day she consented to the compensation application."))
    if values.get("consent_given_on") and not values.get("consent_method"):
        need("consent_method", _("Say how she gave her consent."))
    if errors:
        raise ValidationError(errors)


def _record_consent(ctx: Context, case: Case, values: dict) -> None:
    try:
        case_services.consent_record(
            actor=ctx.actor,
            case=case,
            purpose=ConsentPurpose.COMPENSATION,
            method=values["consent_method"],
            given_on=values["consent_given_on"],
            given_by=values.get("consent_given_by") or Consent.GivenBy.SURVIVOR,
            guardian_name=values.get("consent_guardian_name", ""),
            legal_basis=values.get("consent_legal_basis", ""),
            witness_name=values.get("consent_witness", ""),
        )
    except ValidationError as exc:
        raise _errors_on(exc, CONSENT_COLUMNS, "consent_given_on", CLAIMS.names) from None


def _screen(ctx: Context, case: Case, values: dict) -> Claim:
    screened_on = values.get("screened_on") or values.get("filed_on") or timezone.localdate()
    code = values["scheme"]
    scheme = claim_services.scheme_version_in_force(code, screened_on, case=case)
    if scheme is None:
        raise _refuse(
            "screened_on" if values.get("screened_on") else "scheme",
            _("No version of this scheme was in force on the day the claim was screened."),
        )
    lines = list(scheme.lines.all())
    category = values.get("offence")
    if category:
        line = next((ln for ln in lines if ln.category == category), None)
    else:
        categories = eligibility.case_offence_categories(case)
        matching = [ln for ln in lines if ln.category in categories]
        line = matching[0] if len(matching) == 1 else lines[0] if len(lines) == 1 else None
    if line is None:
        raise _refuse(
            "offence",
            _("Give the offence the claim is for, one of the scheme's: %(codes)s.")
            % {"codes": ", ".join(ln.category for ln in lines)},
        )
    basis = values.get("offence_basis", "")
    if line.category in eligibility.LINE_BASIS and not basis:
        # As the claim page asks (ClaimScreenForm): for an adult, commercial sexual exploitation is not
        # by itself rape; the claim says what is charged.
        raise _refuse("offence_basis", _("Record the offence basis of the claim, as charged."))
    state, district = _place(values, "authority_state", "authority_district")
    try:
        return claim_services.claim_screen(
            actor=ctx.actor,
            case=case,
            line=line,
            authority_level=values.get("authority", ""),
            authority_state=state,
            authority_district=district,
            screened_on=screened_on,
            claim_number=values.get("claim_number", ""),
            amount_claimed=values.get("amount_claimed"),
            claimed_above_max_reason=values.get("claimed_above_max_reason", ""),
            screening_override_reason=values.get("screening_override_reason", ""),
            offence_basis=basis,
        )
    except ValidationError as exc:
        default = "screened_on" if values.get("screened_on") else "scheme"
        raise _errors_on(exc, SCREEN_COLUMNS, default, CLAIMS.names) from None


def _step(ctx: Context, claim: Claim, name: str, day, columns: dict | None = None, **inputs) -> Claim:
    """One step of the claim's workflow, dated `day`, as the claim page's step form records it."""
    column = STEP_COLUMN[name]
    claim = Claim.objects.select_related("case", "scheme", "line").get(pk=claim.pk)
    step = SPEC.step(name)
    values = {k: v for k, v in inputs.items() if v not in (None, "")}
    if step.date_field:
        values[step.date_field] = day
    try:
        return claim_services.claim_transition(
            actor=ctx.actor,
            claim=claim,
            transition=name,
            expected_version=claim.version,
            note=str(IMPORTED),
            values=values,
        )
    except ValidationError as exc:
        mapping = {**STEP_FIELD_COLUMNS, step.date_field or "effective_on": column, **(columns or {})}
        raise _errors_on(exc, mapping, column, CLAIMS.names) from None


def _file(ctx: Context, claim: Claim, values: dict) -> Claim:
    route = values.get("route")
    if not route:
        return claim
    filed_on = values["filed_on"]
    transition = FILING_STEPS[route]
    if transition in ("apply", "apply_offender_untraced"):
        note = values.get("documents_note", "")
        if not note and claim.missing_requirements():
            note = DOCUMENTS_ON_PAPER
        claim = _step(ctx, claim, "mark_documents_ready", filed_on, documents_waiver_note=note)
        claim = _step(ctx, claim, transition, filed_on, condonation_note=values.get("condonation_note", ""))
    elif transition in ("recommend_by_court", "recommend_on_acquittal"):
        claim = _step(
            ctx,
            claim,
            transition,
            filed_on,
            court_label=values.get("court", ""),
            court_ordered_amount=values.get("court_ordered_amount"),
        )
    else:
        claim = _step(ctx, claim, transition, filed_on)
    inquiry, sought = values.get("inquiry_started_on"), values.get("interim_sought_on")
    if inquiry and sought and sought < inquiry:
        # Deciding interim relief puts the claim under inquiry: the inquiry has no step of its own after it.
        raise _refuse(
            "inquiry_started_on",
            _(
                "Interim relief was sought before the inquiry: deciding it puts the claim under inquiry. "
                "Leave this empty."
            ),
        )
    if inquiry:
        claim = _step(ctx, claim, "start_inquiry", inquiry)
    if sought:
        claim = _step(ctx, claim, "seek_interim_relief", sought)
    if values.get("interim_decided_on"):
        claim = _step(
            ctx,
            claim,
            "decide_interim_relief",
            values["interim_decided_on"],
            interim_amount=values.get("interim_amount"),
        )
    return claim


def _decide(ctx: Context, claim: Claim, values: dict) -> Claim:
    if values.get("awarded_on"):
        claim = _step(
            ctx,
            claim,
            "award",
            values["awarded_on"],
            awarded_amount=values.get("awarded_amount"),
            award_reference=values.get("award_reference", ""),
            awarded_above_max_reason=values.get("awarded_above_max_reason", ""),
        )
    elif values.get("rejected_on"):
        claim = _step(ctx, claim, "reject", values["rejected_on"], rejection_reason=values.get("rejection_reason", ""))
    if values.get("appeal_filed_on"):
        claim = _step(
            ctx, claim, "appeal", values["appeal_filed_on"], appeal_reference=values.get("appeal_reference", "")
        )
    result = values.get("appeal_result")
    if result == "allowed":
        claim = _step(
            ctx,
            claim,
            "allow_appeal",
            values["appeal_decided_on"],
            columns=APPEAL_FIELD_COLUMNS,
            awarded_amount=values.get("appeal_awarded_amount"),
            awarded_above_max_reason=values.get("awarded_above_max_reason", ""),
        )
    elif result == "dismissed":
        claim = _step(ctx, claim, "dismiss_appeal", values["appeal_decided_on"])
    if values.get("sent_for_payment_on"):
        claim = _step(ctx, claim, "forward_for_payment", values["sent_for_payment_on"])
    return claim


# --- recording a payment -----------------------------------------------------------------------------

BANK_TEXT_LIMIT = 120


def record_payment(ctx: Context, values: dict) -> tuple[Case, int]:
    _case, claim_id = values["claim_ref"]
    claim = Claim.objects.select_related("case").get(pk=claim_id)
    for column in ("bank_name", "reference"):
        if len(values.get(column, "")) > BANK_TEXT_LIMIT:
            raise _refuse(column, _("At most %(n)s characters.") % {"n": BANK_TEXT_LIMIT})
    try:
        payment = claim_services.claim_payment_record(
            actor=ctx.actor,
            claim=claim,
            expected_version=claim.version,
            paid_on=values.get("paid_on"),
            amount=values.get("amount"),
            mode=values.get("mode", ""),
            bank_name=values.get("bank_name", ""),
            reference=values.get("reference", ""),
            fd_maturity_on=values.get("fd_maturity_on"),
            fd_share_reason=values.get("fd_share_reason", ""),
            note=str(IMPORTED),
        )
    except ValidationError as exc:
        # A refusal about the claim itself (not awarded yet, an appeal pending) is shown on its link.
        raise _errors_on(exc, {}, "claim_ref", PAYMENTS.names) from None
    return claim.case, payment.pk


# --- the kinds -----------------------------------------------------------------------------------------


def _date(name: str, meaning, example: str = "", required: bool = False) -> Column:
    return Column(name, meaning, example, required, parse=as_date)


def _amount(name: str, meaning, example: str = "", required: bool = False) -> Column:
    return Column(name, meaning, example, required, parse=as_amount, format=AMOUNT_FORMAT)


CLAIMS = Kind(
    key="claims",
    label=gettext_lazy("Compensation claims"),
    ref="claim_ref",
    links={"case_ref": "cases"},
    columns=(
        Column(
            "claim_ref",
            gettext_lazy("Your own reference of the claim (unique in your organisation)."),
            "KOL-2019-014-C1",
            True,
        ),
        CASE_REF,
        Column(
            "scheme",
            gettext_lazy(
                "The scheme's code (Compensation → Schemes); the version is the one in force on the day the claim "
                "was screened, or on her release for a scheme versioned by release."
            ),
            "wb-vcs-2017",
            True,
            parse=as_scheme_code,
            format=gettext_lazy("scheme code"),
        ),
        Column(
            "offence",
            gettext_lazy(
                "The scheme's offence line the claim is for: trafficking, rape, gang_rape, sexual_assault, "
                "bonded_labour or child_labour (when empty: the line of the case's offence)."
            ),
            "trafficking",
            parse=choice_of(OffenceCategory),
        ),
        Column(
            "offence_basis",
            gettext_lazy(
                "What the claim is for, as charged: rape, gang_rape, sexual_assault or other; required for a rape, "
                "gang-rape or sexual-assault line."
            ),
            "other",
            parse=choice_of(OffenceBasis),
        ),
        Column(
            "authority",
            gettext_lazy("The authority the claim goes to: dlsa, slsa, district_magistrate or state_department."),
            "dlsa",
            True,
            parse=choice_of(AuthorityLevel),
        ),
        Column("authority_state", gettext_lazy("The authority's state."), "WB", True, parse=as_state),
        Column(
            "authority_district",
            gettext_lazy("The authority's district (required for a DLSA or a District Magistrate)."),
            "South 24 Parganas",
            parse=as_district,
        ),
        Column("claim_number", gettext_lazy("The claim's number at the authority."), "DLSA/S24P/12/2019"),
        _amount("amount_claimed", gettext_lazy("The amount claimed."), "200000"),
        Column(
            "claimed_above_max_reason", gettext_lazy("Why more than the scheme's maximum is claimed (only then)."), ""
        ),
        _date(
            "screened_on",
            gettext_lazy("The day the claim was screened (when empty: the filing date, or today)."),
            "2019-04-01",
        ),
        Column(
            "screening_override_reason",
            gettext_lazy("Why she claims although the screening does not show that the scheme applies (only then)."),
            "",
        ),
        _date(
            "consent_given_on",
            gettext_lazy("The day she (or her guardian) consented to the compensation application."),
            "2019-04-02",
        ),
        Column(
            "consent_given_by",
            gettext_lazy("Who consented: survivor, guardian or legal_basis (survivor when empty)."),
            "survivor",
            parse=choice_of(Consent.GivenBy),
        ),
        Column(
            "consent_method",
            gettext_lazy("How the consent was given: written, thumbprint or oral_witnessed (required with its date)."),
            "written",
            parse=choice_of(Consent.Method),
        ),
        Column("consent_guardian_name", gettext_lazy("The guardian who consented (when given by her guardian)."), ""),
        Column(
            "consent_legal_basis", gettext_lazy("The legal basis, e.g. the CWC order (when consent rests on one)."), ""
        ),
        Column("consent_witness", gettext_lazy("The witness of an oral consent."), ""),
        Column(
            "route",
            gettext_lazy(
                "How the claim was filed (required with the filing date): application, untraced_offender "
                "(BNSS 396(4)), court_recommendation (BNSS 396(2)-(3)), acquittal_recommendation (BNSS 396(3)) "
                "or suo_motu."
            ),
            "application",
            parse=as_route,
        ),
        _date(
            "filed_on", gettext_lazy("The day it was filed, or the day of the court's recommendation."), "2019-04-10"
        ),
        Column(
            "documents_note",
            gettext_lazy(
                "Why it was filed without the documents linked in Nyaya (when empty: filed on paper before the "
                "import, the documents in its paper file)."
            ),
            "",
        ),
        Column(
            "condonation_note",
            gettext_lazy("The application for condonation of delay, if filed after the time limit."),
            "",
        ),
        Column("court", gettext_lazy("The court that recommended compensation (a court's route)."), ""),
        _amount("court_ordered_amount", gettext_lazy("The amount the court recommended."), ""),
        _date("inquiry_started_on", gettext_lazy("The day the authority's inquiry began."), "2019-05-02"),
        _date("interim_sought_on", gettext_lazy("The day interim relief was sought."), ""),
        _date("interim_decided_on", gettext_lazy("The day interim relief was decided."), ""),
        _amount("interim_amount", gettext_lazy("The interim relief granted (0 if refused)."), ""),
        _date("awarded_on", gettext_lazy("The day compensation was awarded."), "2019-08-20"),
        _amount("awarded_amount", gettext_lazy("The amount awarded (required with the award's date)."), "150000"),
        Column("award_reference", gettext_lazy("The award order's number."), "DLSA/S24P/Award/7/2019"),
        Column(
            "awarded_above_max_reason", gettext_lazy("The order's reason for an award above the scheme's maximum."), ""
        ),
        _date("rejected_on", gettext_lazy("The day the claim was rejected."), ""),
        Column("rejection_reason", gettext_lazy("Why it was rejected (required with the rejection's date)."), ""),
        _date("appeal_filed_on", gettext_lazy("The day an appeal against the award or the rejection was filed."), ""),
        Column("appeal_reference", gettext_lazy("The appeal's number."), ""),
        Column(
            "appeal_result",
            gettext_lazy("allowed or dismissed (with the day it was decided)."),
            "",
            parse=as_appeal_result,
            format=gettext_lazy("allowed or dismissed"),
        ),
        _date("appeal_decided_on", gettext_lazy("The day the appeal was decided."), ""),
        _amount("appeal_awarded_amount", gettext_lazy("The amount awarded on appeal (when allowed)."), ""),
        _date("sent_for_payment_on", gettext_lazy("The day the award was sent for payment."), "2019-09-01"),
    ),
)

PAYMENTS = Kind(
    key="payments",
    label=gettext_lazy("Compensation payments"),
    ref="payment_ref",
    links={"claim_ref": "claims"},
    columns=(
        Column("payment_ref", gettext_lazy("Your own reference of the payment."), "KOL-2019-014-C1-P1", True),
        Column(
            "claim_ref",
            gettext_lazy("The claim paid: a claim_ref of the claims sheet, or of a claim imported before."),
            "KOL-2019-014-C1",
            True,
        ),
        _date("paid_on", gettext_lazy("The day it was paid (not before the award)."), "2019-10-15", True),
        _amount("amount", gettext_lazy("The amount paid (payments never total more than the award)."), "150000", True),
        Column(
            "mode",
            gettext_lazy("How it was paid: bank_transfer or fixed_deposit."),
            "bank_transfer",
            True,
            parse=choice_of(PaymentMode),
        ),
        Column(
            "bank_name",
            gettext_lazy("Bank and branch (required for a fixed deposit)."),
            "Demo Gramin Bank, Diamond Harbour",
        ),
        Column("reference", gettext_lazy("Transaction or deposit number (stored encrypted)."), "UTR0000001"),
        Column(
            "fd_maturity_on",
            gettext_lazy("The day a fixed deposit matures (required for one; may be in the future)."),
            "",
            parse=as_date,
        ),
        Column("fd_share_reason", gettext_lazy("Why the scheme's fixed-deposit rule is not followed (only then)."), ""),
    ),
)
