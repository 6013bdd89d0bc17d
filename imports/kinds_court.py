"""Court cases and their hearings, imported through the services of the Court tab
(legal.court.services), recorded by the organisation admin who uploads the file (an organisation
admin may record on every court case of a case her organisation leads: CaseAccess.can_record_court).

A court case row is recorded as the page records it: `court_case_create` (the court found or
created from its type, state, district and name; the FIRs and accused of the same case; the
lawyer on the case team), then each stage the trial reached, one step of the court workflow at a
time (`court_case_transition`, legal.court.workflow), each on its own date: the steps check the
dates against each other (appearance <= copies <= committal <= first hearing on charge <= charges
framed <= evidence <= ...), nothing in the future. The charges are framed against every accused on
trial (`court_charge_add`) before the step "charges framed", as on the page. The judgment (an
outcome, sections and sentence for each accused) is not imported: it is recorded on the court
case's page (docs/import.md).

A hearing row that says what happened is recorded (`hearing_record`, onto the date scheduled by an
earlier row's next date when there is one); a row without it is a date to come (`hearing_schedule`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services as case_services
from cases.models import CaseAssignment, CaseRole
from consortium.models import Membership, Role
from legal.court import services as court_services
from legal.models import (
    FIR,
    Accused,
    AdjournmentReason,
    CourtCase,
    CourtKind,
    DepositionMode,
    Hearing,
    HearingPurpose,
    HearingStatus,
)

from .columns import Column, Kind, as_date, as_district, as_list, as_state, as_yes_no, choice_of
from .kinds import CASE_REF, Context, _place, as_sections

# The trial's stages a court case row may give, in the order of the court workflow: (step, its
# date column, the model's date). A stage reached means every stage before it was passed, except
# those a trial may pass by (legal.models.court.OPTIONAL_STAGES: no defence evidence led).
STAGE_STEPS = (
    ("record_appearance", "appearance_on"),
    ("supply_copies", "copies_supplied_on"),
    ("hear_on_charge", "charge_hearing_on"),
    ("frame_charges", "charges_framed_on"),
    ("start_prosecution_evidence", "evidence_started_on"),
    ("examine_accused", "accused_statement_on"),
    ("start_defence_evidence", "defence_evidence_on"),
    ("start_final_arguments", "arguments_started_on"),
    ("reserve_judgment", "arguments_concluded_on"),
)
SKIPPABLE = {"defence_evidence_on"}

# A service's field -> the column of the row it is shown on.
COURT_CASE_COLUMNS = {"firs": "fir_refs", "accused": "accused_refs", "court_accused": "accused_refs"}
HEARING_COLUMNS = {"on": "hearing_date", "status": "what_happened"}
# Columns that say what happened at a hearing: not for a hearing still to come.
HAPPENED_COLUMNS = (
    "adjournment_reason",
    "proceedings",
    "survivor_attended",
    "survivor_deposed",
    "deposition_mode",
    "next_date",
    "next_purpose",
    "next_survivor_must_attend",
)


def _keyed(call: Callable, columns: dict[str, str], default: str):
    """A service's refusal on the row's columns: its fields by `columns` (the same name when it is
    a column), a refusal not tied to a field on `default`."""
    try:
        return call()
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise ValidationError({default: exc.messages}) from None
        errors: dict[str, list[str]] = {}
        for key, messages in exc.message_dict.items():
            column = default if key in ("__all__", "None", None) else columns.get(key, key)
            errors.setdefault(column, []).extend(messages)
        raise ValidationError(errors) from None


def _lawyer(ctx: Context, case, username: str):
    """The lawyer named on the row, on the case team as its lawyer: added to it (cases.services
    team_add, as the admin does on the Team tab) when she is not yet. A lawyer of another
    organisation joins only with the survivor's consent to share the case with it (team_add)."""
    memberships = Membership.objects.active().filter(user__username=username, role=Role.LAWYER)
    membership = (
        memberships.filter(organisation=ctx.membership.organisation).first()
        or memberships.select_related("organisation").order_by("pk").first()
    )
    if membership is None:
        raise ValidationError({"lawyer": _("No active lawyer has this username.")})
    on_team = CaseAssignment.objects.active().filter(case=case, user=membership.user_id)
    if not on_team.filter(role=CaseRole.LAWYER).exists():
        if on_team.exists():
            raise ValidationError({"lawyer": _("This person is on the case team in another role than lawyer.")})
        _keyed(
            lambda: case_services.team_add(actor=ctx.actor, case=case, membership=membership, role=CaseRole.LAWYER),
            {},
            "lawyer",
        )
    return membership.user


def _stage_walk(values: dict) -> list[tuple[str, str]]:
    """The steps to take for the stage dates given, in order; a stage passed without its date refused."""
    last = max((i for i, (_step, column) in enumerate(STAGE_STEPS) if values.get(column)), default=-1)
    steps, errors = [], {}
    for step, column in STAGE_STEPS[: last + 1]:
        if values.get(column):
            steps.append((step, column))
        elif column not in SKIPPABLE:
            errors[column] = _("The trial passed through this stage to reach a later one given: give its date too.")
    if values.get("charges") and not values.get("charges_framed_on"):
        errors["charges_framed_on"] = _("Give the day the charges were framed.")
    if values.get("charges_framed_on") and not values.get("charges"):
        errors["charges"] = _("Give the sections the charges were framed under.")
    if errors:
        raise ValidationError(errors)
    return steps


def record_court_case(ctx: Context, values: dict):
    case, _case_id = values["case_ref"]  # (case, id) of the linked row (imports.services)
    steps = _stage_walk(values)
    court_state, court_district = _place(values, "court_state", "court_district")
    lawyer = _lawyer(ctx, case, values["lawyer"]) if values.get("lawyer") else None
    firs = _still_there(FIR, values, "fir_refs")
    accused = _still_there(Accused, values, "accused_refs")
    court_case = _keyed(
        lambda: court_services.court_case_create(
            actor=ctx.actor,
            case=case,
            court_kind=values.get("court_kind", ""),
            court_state=court_state,
            court_district=court_district,
            court_name=values.get("court_name", ""),
            case_number=values.get("case_number", ""),
            cnr=values.get("cnr", ""),
            judge=values.get("judge", ""),
            public_prosecutor=values.get("public_prosecutor", ""),
            lawyer=lawyer,
            filed_on=values.get("filed_on"),
            cognizance_on=values.get("cognizance_on"),
            committed_on=values.get("committed_on"),
            firs=firs,
            accused=accused,
        ),
        COURT_CASE_COLUMNS,
        "court_name",
    )
    for step, column in steps:
        if step == "frame_charges":
            _charges_frame(ctx, court_case, values["charges"], values["charges_framed_on"])
        court_case = _keyed(
            lambda step=step, column=column, court_case=court_case: court_services.court_case_transition(
                actor=ctx.actor,
                court_case=court_case,
                transition=step,
                expected_version=court_case.version,
                data={column: values[column]},
                note=_("Imported from a file."),
            ),
            COURT_CASE_COLUMNS,
            column,
        )
    return case, court_case.pk


def _still_there(model, values: dict, column: str) -> list:
    """The records a list column links to (imported before, or by a row above), each still in Nyaya."""
    ids = {pk for _case, pk in values.get(column, [])}
    found = list(model.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({column: _("A record this row links to is no longer in Nyaya: correct it on its page.")})
    return found


def _charges_frame(ctx: Context, court_case: CourtCase, sections, framed_on) -> None:
    """Each section charged against every accused on trial, as the page's "every accused" does."""
    court_case = CourtCase.objects.get(pk=court_case.pk)
    for act, number in sections:
        _keyed(
            lambda act=act, number=number: court_services.court_charge_add(
                actor=ctx.actor, court_case=court_case, act=act, number=number, framed_on=framed_on
            ),
            {**COURT_CASE_COLUMNS, "number": "charges", "act": "charges", "framed_on": "charges_framed_on"},
            "charges",
        )


def record_hearing(ctx: Context, values: dict):
    case, court_case_id = values["court_case_ref"]
    court_case = CourtCase.objects.select_related("case", "court").filter(pk=court_case_id).first()
    if court_case is None:
        raise ValidationError(
            {"court_case_ref": _("A record this row links to is no longer in Nyaya: correct it on its page.")}
        )
    status = values.get("what_happened") or HearingStatus.SCHEDULED
    on = values.get("hearing_date")
    scheduled = Hearing.objects.filter(court_case=court_case, on=on, status=HearingStatus.SCHEDULED).first()
    if status == HearingStatus.SCHEDULED:
        given = [name for name in HAPPENED_COLUMNS if name in values]
        if given:
            raise ValidationError(
                {name: _("Only for a hearing that took place: say what happened in what_happened.") for name in given}
            )
        must_attend = bool(values.get("survivor_must_attend"))
        if scheduled is not None and (scheduled.purpose, scheduled.survivor_must_attend) == (
            values.get("purpose"),
            must_attend,
        ):
            return case, scheduled.pk  # the next date an earlier row gave: this hearing
        hearing = _keyed(
            lambda: court_services.hearing_schedule(
                actor=ctx.actor,
                court_case=court_case,
                on=on,
                purpose=values.get("purpose", ""),
                survivor_must_attend=must_attend,
            ),
            HEARING_COLUMNS,
            "hearing_date",
        )
        return case, hearing.pk
    next_date = values.get("next_date")
    if (
        next_date
        and Hearing.objects.filter(court_case=court_case, on=next_date).exclude(status=HearingStatus.SCHEDULED).exists()
    ):
        # Its "next date" would be scheduled again, to be recorded for ever: the rows are out of order.
        raise ValidationError(
            {"next_date": _("A hearing on this date is already recorded: list a court case's hearings in date order.")}
        )
    attended = values.get("survivor_attended")
    data = {
        "on": on,
        "purpose": values.get("purpose", ""),
        "status": status,
        "proceedings": values.get("proceedings", ""),
        "adjournment_reason": values.get("adjournment_reason", ""),
        "next_date": next_date,
        "next_purpose": values.get("next_purpose", ""),
        "next_survivor_must_attend": bool(values.get("next_survivor_must_attend")),
        "survivor_must_attend": bool(values.get("survivor_must_attend"))
        or bool(scheduled and scheduled.survivor_must_attend),
        "survivor_attended": attended,
        "survivor_deposed": bool(values.get("survivor_deposed")),
        "deposition_mode": values.get("deposition_mode", ""),
    }
    hearing = _keyed(
        lambda: court_services.hearing_record(
            actor=ctx.actor,
            court_case=court_case,
            hearing=scheduled,
            expected_version=scheduled.version if scheduled is not None else None,
            **data,
        ),
        HEARING_COLUMNS,
        "what_happened",
    )
    return case, hearing.pk


COURT_CASES = Kind(
    key="court_cases",
    label=gettext_lazy("Court cases"),
    ref="court_case_ref",
    links={"case_ref": "cases", "fir_refs": "firs", "accused_refs": "accused"},
    columns=(
        Column(
            "court_case_ref",
            gettext_lazy("Your own reference of the court case (unique in your organisation)."),
            "KOL-2019-014-C1",
            True,
        ),
        CASE_REF,
        Column(
            "fir_refs",
            gettext_lazy(
                "The FIRs it arises from (of the same case): fir_ref values of the FIRs sheet, "
                "or of FIRs imported before."
            ),
            "KOL-2019-014-F1",
            parse=as_list,
        ),
        Column(
            "accused_refs",
            gettext_lazy(
                "The accused on trial (of the same case): accused_ref values of the Accused sheet, or imported before."
            ),
            "KOL-2019-014-A1; KOL-2019-014-A2",
            parse=as_list,
        ),
        Column("court_kind", gettext_lazy("Type of court."), "sessions", True, parse=choice_of(CourtKind)),
        Column("court_state", gettext_lazy("State of the court."), "MH", True, parse=as_state),
        Column("court_district", gettext_lazy("District of the court."), "Pune", parse=as_district),
        Column(
            "court_name",
            gettext_lazy("The court, as on the cause list (created the first time it is named)."),
            "Additional Sessions Judge-II, Pune",
            True,
        ),
        Column("case_number", gettext_lazy("Case number in that court."), "SC 45/2019"),
        Column("cnr", gettext_lazy("CNR number from eCourts: 4 letters and 12 digits."), "MHPU010012342019"),
        Column("judge", gettext_lazy("Judge (name or designation)."), ""),
        Column("public_prosecutor", gettext_lazy("Public prosecutor."), ""),
        Column(
            "lawyer",
            gettext_lazy(
                "Username of the consortium lawyer: added to the case team as its lawyer if not on it "
                "(another organisation's lawyer only with the survivor's consent to share the case with it)."
            ),
            "lawyer_wb",
        ),
        Column(
            "filed_on",
            gettext_lazy("The day the chargesheet or complaint was filed in court."),
            "2019-05-25",
            parse=as_date,
        ),
        Column(
            "cognizance_on",
            gettext_lazy("The day the court took cognizance (decides the code of the trial: CrPC before 1 July 2024)."),
            "2019-06-01",
            True,
            parse=as_date,
        ),
        Column(
            "committed_on",
            gettext_lazy("For a sessions or special court: the day the magistrate committed the case to it."),
            "2019-07-15",
            parse=as_date,
        ),
        Column(
            "appearance_on",
            gettext_lazy("The day the accused first appeared after cognizance."),
            "2019-06-20",
            parse=as_date,
        ),
        Column(
            "copies_supplied_on",
            gettext_lazy("The day copies were supplied to the accused."),
            "2019-07-01",
            parse=as_date,
        ),
        Column(
            "charge_hearing_on", gettext_lazy("The day of the first hearing on charge."), "2019-08-10", parse=as_date
        ),
        Column("charges_framed_on", gettext_lazy("The day the charges were framed."), "2019-09-05", parse=as_date),
        Column(
            "charges",
            gettext_lazy(
                "Sections the charges were framed under, against every accused on trial (with charges_framed_on)."
            ),
            "IPC 370; ITPA 5",
            parse=as_sections,
            format=gettext_lazy("act and section, separated by ;"),
        ),
        Column("evidence_started_on", gettext_lazy("The day prosecution evidence began."), "2019-11-12", parse=as_date),
        Column(
            "accused_statement_on",
            gettext_lazy("The day the accused were examined (BNSS 351 / CrPC 313)."),
            "",
            parse=as_date,
        ),
        Column(
            "defence_evidence_on",
            gettext_lazy("The day defence evidence began (empty if none was led)."),
            "",
            parse=as_date,
        ),
        Column("arguments_started_on", gettext_lazy("The day final arguments began."), "", parse=as_date),
        Column(
            "arguments_concluded_on",
            gettext_lazy("The day arguments concluded (judgment reserved)."),
            "",
            parse=as_date,
        ),
    ),
)

HEARINGS = Kind(
    key="hearings",
    label=gettext_lazy("Hearings"),
    ref="hearing_ref",
    links={"court_case_ref": "court_cases"},
    columns=(
        Column(
            "hearing_ref",
            gettext_lazy("Your own reference of the hearing (unique in your organisation)."),
            "KOL-C1-H1",
            True,
        ),
        Column(
            "court_case_ref",
            gettext_lazy("The court case: a court_case_ref of the Court cases sheet, or of one imported before."),
            "KOL-2019-014-C1",
            True,
        ),
        Column("hearing_date", gettext_lazy("The day of the hearing."), "2019-11-12", True, parse=as_date),
        Column(
            "purpose",
            gettext_lazy("What the hearing was for."),
            "prosecution_evidence",
            True,
            parse=choice_of(HearingPurpose),
        ),
        Column(
            "what_happened",
            gettext_lazy(
                "held, adjourned or not_taken_up for a hearing that took place; empty for a date still to come."
            ),
            "held",
            parse=choice_of(HearingStatus),
        ),
        Column(
            "adjournment_reason",
            gettext_lazy("Why it was adjourned (required when adjourned)."),
            "",
            parse=choice_of(AdjournmentReason),
        ),
        Column("proceedings", gettext_lazy("What happened in court, in a few lines."), ""),
        Column(
            "survivor_must_attend",
            gettext_lazy("yes if the survivor had to attend (no when empty)."),
            "yes",
            parse=as_yes_no,
        ),
        Column(
            "survivor_attended",
            gettext_lazy("yes or no: whether she attended (required when she had to)."),
            "yes",
            parse=as_yes_no,
        ),
        Column(
            "survivor_deposed",
            gettext_lazy("yes if her deposition was recorded (during prosecution evidence)."),
            "yes",
            parse=as_yes_no,
        ),
        Column(
            "deposition_mode",
            gettext_lazy("How she deposed (required when she deposed)."),
            "video_link",
            parse=choice_of(DepositionMode),
        ),
        Column(
            "next_date",
            gettext_lazy("The next date the court gave (scheduled as a hearing to come)."),
            "2019-12-10",
            parse=as_date,
        ),
        Column(
            "next_purpose",
            gettext_lazy("What the next date is for (this hearing's purpose when empty)."),
            "",
            parse=choice_of(HearingPurpose),
        ),
        Column(
            "next_survivor_must_attend",
            gettext_lazy("yes if the survivor must attend the next date."),
            "",
            parse=as_yes_no,
        ),
    ),
)
