"""The court workflow's one transition spec (core.workflow): every step of a court case,
declared once, with its label, date, inputs, what it derives, the deadlines it opens, meets or
ends, the survivor's update it owes and the law it follows.

Who may take a step stays on CourtCase's @transition (permission=can_record_court, with the
conditions that say what is missing). The judgment, the sentence and the appeal are steps with
their own forms (`own_form`): legal.court.services.judgment_record, judgment_outcome_sentence and
appeal_file record the judgment's outcomes, each sentence and the appeal, and move the court case
through this spec (the appeal, which has no date on the court case, through fsm_transition).

Dates are the real days of the events, whenever they are entered: a hearing on charge two years
ago is recorded as such. They are checked against each other (CourtCase.clean: each stage's date
not before the stage before it, side steps not before the court case began, the trial resuming
not before it was halted), never against the day of entry, except that none may be in the future.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import CaseEvent
from core.dates import day_text
from core.workflow import Step, WorkflowSpec, register
from legal.models import CourtCase
from legal.models.court import COMMITTAL_TARGET_KINDS, CourtKind, CourtStage

CS = CourtStage

# Deadlines of the trial that the judgment ends one way or another (cases.deadline_rules).
TRIAL_DEADLINES = ("copies_supplied", "committal", "discharge_application", "charges_framed", "pocso_child_evidence")
JUDGMENT_DEADLINES = (
    "judgment_pronounced",
    "judgment_outer_limit",
    "child_trafficking_trial",
    "pocso_trial_one_year",
    "rape_trial_two_months",
)
# The side step each side stage was reached by, and the date it recorded.
SIDE_DATE = {CS.STAYED: "stayed_on", CS.TRANSFERRED: "transferred_on", CS.WITHDRAWN: "withdrawn_on"}
SIDE_STEPS = ("stay", "transfer", "withdraw")
# What a magistrate's committal order also names: the court the case goes to (court_services
# resolves or creates it) and the case number there.
SESSIONS_COURT_INPUTS = (
    "sessions_court_kind",
    "sessions_court_state",
    "sessions_court_district",
    "sessions_court_name",
    "sessions_case_number",
)


def _moved(date_field: str | None = None) -> str:
    """The timeline text of a step: the court case, from → to, and the day it happened."""
    if date_field is None:
        return "%(what)s: %(from)s → %(to)s"
    return "%(what)s: %(from)s → %(to)s (" + f"%({date_field})s" + ")"


STEPS = (
    Step(
        name="record_appearance",
        label=gettext_lazy("Accused appeared"),
        date_field="appearance_on",
        starts=("copies_supplied",),
        timeline=_moved("appearance_on"),
        help=gettext_lazy("The day the accused first appeared (or was produced) before the court after cognizance."),
        source="BNSS 227 / CrPC 204 (process); BNSS 230 / CrPC 207 (copies within 14 days of appearance)",
    ),
    Step(
        name="supply_copies",
        label=gettext_lazy("Copies supplied to the accused"),
        date_field="copies_supplied_on",
        fulfils=("copies_supplied",),
        timeline=_moved("copies_supplied_on"),
        help=gettext_lazy("The police report, FIR, statements and documents given to the accused."),
        source="BNSS 230 / CrPC 207",
    ),
    Step(
        name="commit_to_sessions",
        label=gettext_lazy("Committed to the sessions court"),
        date_field="committed_on",
        extra_inputs=SESSIONS_COURT_INPUTS,
        sets=("court", "committing_court", "case_number"),
        fulfils=("committal",),
        starts=("discharge_application",),
        timeline=_moved("committed_on"),
        help=gettext_lazy(
            "The magistrate commits a case of an offence triable exclusively by a Court of Session. Name the "
            "court it goes to: the court case then shows that court, and keeps the magistrate's as the "
            "committing court."
        ),
        source="BNSS 232 / CrPC 209; discharge application within 60 days of committal: BNSS 250(1)",
    ),
    Step(
        name="hear_on_charge",
        label=gettext_lazy("Hearing on charge began"),
        date_field="charge_hearing_on",
        starts=("charges_framed",),
        # Tried without committal (a magistrate's or special court's own trial): the committal clock ends.
        # After a committal it was met already and stays so.
        cancels=("committal",),
        cancel_reason=gettext_lazy("tried without committal"),
        timeline=_moved("charge_hearing_on"),
        help=gettext_lazy("The first hearing on charge or discharge."),
        source="BNSS 250-251 / CrPC 227-228 (sessions); BNSS 262-263 / CrPC 239-240 (magistrate); "
        "charges within 60 days of the first hearing: BNSS 251(1)(b), 263(1)",
    ),
    Step(
        name="frame_charges",
        label=gettext_lazy("Charges framed"),
        date_field="charges_framed_on",
        fulfils=("charges_framed", "discharge_application"),
        survivor_event="charges_framed",
        timeline=_moved("charges_framed_on"),
        help=gettext_lazy("Record the charges against each accused first (Charges on this court case)."),
        source="BNSS 251 / CrPC 228 (sessions); BNSS 263 / CrPC 240 (magistrate)",
    ),
    Step(
        name="start_prosecution_evidence",
        label=gettext_lazy("Prosecution evidence began"),
        date_field="evidence_started_on",
        timeline=_moved("evidence_started_on"),
        source="BNSS 254 / CrPC 231 (sessions); BNSS 265 / CrPC 242 (magistrate)",
    ),
    Step(
        name="examine_accused",
        label=gettext_lazy("Accused examined (BNSS 351 / CrPC 313)"),
        date_field="accused_statement_on",
        timeline=_moved("accused_statement_on"),
        source="BNSS 351 / CrPC 313",
    ),
    Step(
        name="start_defence_evidence",
        label=gettext_lazy("Defence evidence began"),
        date_field="defence_evidence_on",
        timeline=_moved("defence_evidence_on"),
        source="BNSS 256 / CrPC 233",
    ),
    Step(
        name="start_final_arguments",
        label=gettext_lazy("Final arguments began"),
        date_field="arguments_started_on",
        timeline=_moved("arguments_started_on"),
        source="BNSS 257 / CrPC 234",
    ),
    Step(
        name="reserve_judgment",
        label=gettext_lazy("Arguments concluded, judgment reserved"),
        date_field="arguments_concluded_on",
        starts=("judgment_pronounced", "judgment_outer_limit"),
        timeline=_moved("arguments_concluded_on"),
        source="BNSS 258(1): judgment within 30 days of the end of arguments, 45 days for reasons recorded",
    ),
    Step(
        name="pronounce_judgment",
        label=gettext_lazy("Record the judgment"),
        date_field="judgment_on",
        fulfils=JUDGMENT_DEADLINES,
        cancels=TRIAL_DEADLINES,
        cancel_reason=gettext_lazy("judgment pronounced"),
        survivor_event="judgment",
        timeline=_moved("judgment_on"),
        own_form="judgment_new",
        help=gettext_lazy("Recorded with the outcome for every accused on trial."),
        source="BNSS 258 / CrPC 235 (sessions); BNSS 271 / CrPC 248 (magistrate); BNSS 392 / CrPC 353",
    ),
    Step(
        name="hear_on_sentence",
        label=gettext_lazy("Hearing on sentence (BNSS 258(2) / CrPC 235(2))"),
        date_field="sentence_hearing_on",
        timeline=_moved("sentence_hearing_on"),
        help=gettext_lazy("The court hears the convicted accused on sentence before passing it."),
        source="BNSS 258(2) / CrPC 235(2)",
    ),
    Step(
        name="pass_sentence",
        label=gettext_lazy("Sentence passed"),
        date_field="sentenced_on",
        timeline=_moved("sentenced_on"),
        own_form="sentence_record",
        help=gettext_lazy("Reached when the sentence of the last convicted accused is recorded."),
        source="BNSS 258(2) / CrPC 235(2)",
    ),
    Step(
        name="file_appeal",
        label=gettext_lazy("Appeal or revision filed"),
        timeline=_moved(),
        own_form="appeal_new",
        help=gettext_lazy("Recorded with the appeal itself (by whom, court, number, date)."),
        source="BNSS 413-419 / CrPC 372-378 (appeals, the victim's appeal: BNSS 413 / CrPC 372); "
        "BNSS 438 / CrPC 397 (revision)",
    ),
    Step(
        name="stay",
        label=gettext_lazy("Trial stayed"),
        date_field="stayed_on",
        inputs=("stayed_by", "side_reason"),
        optional=("side_reason",),
        private=("side_reason",),
        sets=("stage_before_side",),
        timeline=_moved("stayed_on"),
        side=True,
        help=gettext_lazy("A higher court stayed the trial. It returns to this stage when it resumes."),
        source="BNSS 442 / CrPC 401 (revision); BNSS 528 / CrPC 482; Constitution Art. 226-227",
    ),
    Step(
        name="transfer",
        label=gettext_lazy("Case transferred to another court"),
        date_field="transferred_on",
        inputs=("transferred_to", "side_reason"),
        optional=("side_reason",),
        private=("side_reason",),
        sets=("stage_before_side",),
        timeline=_moved("transferred_on"),
        side=True,
        source="BNSS 446-448 / CrPC 406-408",
    ),
    Step(
        name="withdraw",
        label=gettext_lazy("Withdrawal from prosecution sought"),
        date_field="withdrawn_on",
        inputs=("side_reason",),
        optional=("side_reason",),
        private=("side_reason",),
        sets=("stage_before_side",),
        timeline=_moved("withdrawn_on"),
        side=True,
        danger=True,
        help=gettext_lazy(
            "The public prosecutor applied to withdraw; the court's consent is needed, and she may be heard."
        ),
        source="BNSS 360 / CrPC 321 (at any time before the judgment is pronounced)",
    ),
    Step(
        name="resume",
        label=gettext_lazy("Trial resumed"),
        date_field="resumed_on",
        sets=("stage_before_side",),
        timeline=_moved("resumed_on"),
        help=gettext_lazy("The trial returns to the stage it left."),
        source="consortium practice",
    ),
)


def clean(court_case: CourtCase, step: Step, values: dict, actor, extra: dict) -> dict:
    """Checks of the court workflow beyond the engine's (dates against each other, never against
    the day of entry: CourtCase.clean then checks each stage's date against the stage before)."""
    errors: dict = {}
    if step.name == "resume" and court_case.stage in SIDE_DATE:
        halted = getattr(court_case, SIDE_DATE[court_case.stage])
        resumed = values.get("resumed_on") or court_case.resumed_on
        if resumed and halted and resumed < halted:
            errors["resumed_on"] = _("The trial cannot resume before it was halted (%(date)s).") % {
                "date": day_text(halted)
            }
    if step.name in SIDE_STEPS:
        # Halted again after resuming: this halt's day, not the earlier one still recorded.
        halted = values.get(step.date_field) or getattr(court_case, step.date_field)
        if halted and court_case.resumed_on and halted < court_case.resumed_on:
            errors[step.date_field] = _(
                "The trial last resumed on %(date)s: enter the date of this order (on or after it)."
            ) % {"date": day_text(court_case.resumed_on)}
    if step.name == "commit_to_sessions" and court_case.court.kind == CourtKind.MAGISTRATE:
        # services.py imports this spec at load: its helpers are read when a step runs (no import cycle)
        from legal.court.services import court_from_fields

        try:
            sessions = court_from_fields(extra, prefix="sessions_court_")
        except ValidationError as exc:
            errors.update(exc.message_dict)
            sessions = None
        values["committing_court"] = court_case.court
        if sessions is not None:
            if sessions.kind not in COMMITTAL_TARGET_KINDS:
                errors["sessions_court_kind"] = _(
                    "A case is committed to a Court of Session or a special court (BNSS 232 / CrPC 209)."
                )
            values["court"] = sessions
        number = (extra.get("sessions_case_number") or "").strip()
        if number:
            values["case_number"] = number[:60]
    if errors:
        raise ValidationError(errors)
    return values


def start_deadline(court_case: CourtCase, rule_code: str, step: Step, actor) -> None:
    # services.py imports this spec at load: its helpers are read when a step runs (no import cycle)
    from legal.court.services import court_deadline_start

    court_deadline_start(court_case, rule_code, actor)


def _earlier_episode(court_case: CourtCase, step: Step) -> bool:
    """The step's recorded date belongs to an earlier stay, transfer or withdrawal (one the trial
    has since resumed from), not to this one: the form does not offer it as this one's date."""
    recorded = getattr(court_case, step.date_field)
    if recorded is None:
        return False
    if step.name in SIDE_STEPS:
        return court_case.resumed_on is not None and recorded <= court_case.resumed_on
    if step.name == "resume":
        halted = getattr(court_case, SIDE_DATE.get(court_case.stage, ""), None)
        return halted is not None and recorded < halted
    return False


def form_extras(form, court_case: CourtCase, step: Step) -> None:
    """The committal names the court the case goes to (a magistrate's court case only). A side
    step taken again does not prefill the date of the earlier one."""
    if step.name == "commit_to_sessions" and court_case.court.kind == CourtKind.MAGISTRATE:
        from legal.court.forms import add_sessions_court_fields

        add_sessions_court_fields(form, court_case)
    if not form.is_bound and _earlier_episode(court_case, step):
        form.initial.pop(step.date_field, None)


def hidden_inputs(access) -> set:
    """The reason for a stay, transfer or withdrawal may describe people: only for those who see
    the court details (CaseAccess.can_see_court_details); others are neither shown nor asked it."""
    return set() if access is None or access.can_see_court_details else {"side_reason"}


def recorded_keys(step: Step) -> set:
    """The transition log keeps dates and public court details: never the reason (encrypted)."""
    return {name for name in (*step.fields, "case_number") if name not in step.private}


COURT = register(
    WorkflowSpec(
        name="court",
        model=CourtCase,
        event_kind=CaseEvent.Kind.COURT,
        steps=STEPS,
        clean=clean,
        start_deadline=start_deadline,
        form_extras=form_extras,
        hidden_inputs=hidden_inputs,
        recorded_keys=recorded_keys,
    )
)
