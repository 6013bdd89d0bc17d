"""The investigation workflow (a FIR from the complaint to the police report), declared once.

Each step of legal.models.FIR's state machine is a `Step` of the one spec (core.workflow):
its label, the date it records, the values its form asks for (prefilled with what is
recorded), what it derives, the deadlines it opens, meets or cancels, the update the survivor
is owed and the timeline text. Who may take a step and what it needs stay on the model's
@transition (permission and conditions).

The rescue is not typed here: it is recorded once, on the Care tab (care.models.Rescue);
"Record the rescue" moves the FIR when that record exists and dates the move by it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import CaseEvent
from consortium.models import State
from core.fields import EncryptedCharField
from core.phrases import Phrase
from core.workflow import Step, WorkflowSpec, display_value, register
from legal.models import FIR, FIRAccused, Stage

NAME = "investigation"
# Default-bail clocks run per arrested person (BNSS 187(3) / CrPC 167(2)): their subject is the arrest.
CHARGESHEET_CODES = ("chargesheet_60", "chargesheet_90")
CHARGESHEET_RULES = (*CHARGESHEET_CODES, "chargesheet_sexual_offence")
# The date each stage was reached: a step's date may not be before the date of the stage it leaves.
STAGE_DATE = {
    Stage.FIR_REGISTERED: "fir_date",
    Stage.ZERO_FIR: "fir_date",
    Stage.TRANSFERRED: "transferred_on",
    # Not UNDER_INVESTIGATION: the day the investigation began is often not known to the NGO and
    # defaults to the day it is recorded; the report is checked against the FIR date (FIR.clean).
    Stage.CHARGESHEET_FILED: ("chargesheet_on", "supplementary_report_on"),
    Stage.CLOSURE_REPORT_FILED: "closure_report_on",
    Stage.CLOSURE_ACCEPTED: "closure_accepted_on",
    Stage.PROTEST_PETITION: "protest_petition_on",
    Stage.FURTHER_INVESTIGATION: "further_investigation_on",
}
MOVE = "%(what)s: %(from)s → %(to)s"

STEPS = (
    Step(
        name="record_rescue",
        label=gettext_lazy("Record the rescue"),
        # Not a field of the FIR: FIR.rescued_on reads the care record. The form never asks for
        # it (hidden_inputs); the move is dated by the rescue.
        date_field="rescued_on",
        optional=("rescued_on",),
        timeline=MOVE + ", %(rescued_on)s",
        help=gettext_lazy("The rescue is recorded once, on the Care tab; this step dates the FIR's stage by it."),
        source="consortium practice",
    ),
    Step(
        name="register_fir",
        label=gettext_lazy("Record the FIR"),
        date_field="fir_date",
        inputs=("fir_number", "police_station"),
        sets=("is_zero_fir",),
        starts=("victim_informed_of_progress",),
        fulfils=("preliminary_enquiry",),
        survivor_event="fir_registered",
        timeline=MOVE + ", %(fir_date)s",
        help=gettext_lazy("The number and date on the FIR copy the police give the informant."),
        source="BNSS 173 / CrPC 154 (information in cognizable cases); victim informed: BNSS 193(3)(ii)",
    ),
    Step(
        name="register_zero_fir",
        label=gettext_lazy("Record a zero FIR"),
        date_field="fir_date",
        inputs=("fir_number", "police_station"),
        sets=("is_zero_fir",),
        starts=("victim_informed_of_progress",),
        fulfils=("preliminary_enquiry",),
        survivor_event="fir_registered",
        timeline=MOVE + ", %(fir_date)s",
        help=gettext_lazy("Registered by a station without jurisdiction, to be transferred to the one that has it."),
        source="BNSS 173(1): information recorded irrespective of the area where the offence was committed",
        side=True,
    ),
    Step(
        name="transfer",
        label=gettext_lazy("Record the transfer of the zero FIR"),
        date_field="transferred_on",
        inputs=("transferred_to_state", "transferred_to_station"),
        timeline=MOVE + ", %(transferred_to_station)s, %(transferred_to_state)s, %(transferred_on)s",
        source="BNSS 173(1) (zero FIR); recording the transfer: consortium practice",
        side=True,
    ),
    Step(
        name="start_investigation",
        label=gettext_lazy("Investigation started"),
        date_field="investigation_started_on",
        date_default_today=True,
        inputs=("io_name", "io_rank", "io_phone"),
        optional=("io_name", "io_rank", "io_phone"),
        private=("io_name", "io_phone"),
        timeline=MOVE + ", %(investigation_started_on)s",
        help=gettext_lazy("The officer recorded on the FIR is shown: change it only if another officer took over."),
        source="BNSS 176 / CrPC 157 (procedure for investigation)",
    ),
    Step(
        name="file_chargesheet",
        label=gettext_lazy("Chargesheet filed"),
        date_field="chargesheet_on",
        inputs=("chargesheet_number",),
        optional=("chargesheet_number",),
        fulfils=CHARGESHEET_RULES,
        survivor_event="chargesheet_filed",
        timeline=MOVE + ", %(chargesheet_on)s",
        source="BNSS 193 / CrPC 173 (report of the police officer on completion of investigation)",
    ),
    Step(
        name="file_closure_report",
        label=gettext_lazy("Closure report filed"),
        date_field="closure_report_on",
        cancels=CHARGESHEET_RULES,
        cancel_reason=gettext_lazy("closure report filed"),
        survivor_event="closure_report_filed",
        timeline=MOVE + ", %(closure_report_on)s",
        help=gettext_lazy("She may oppose it before the magistrate: a protest petition."),
        source="BNSS 193 / CrPC 173 (police report finding no offence)",
        side=True,
        danger=True,
    ),
    Step(
        name="accept_closure",
        label=gettext_lazy("Closure report accepted by the magistrate"),
        date_field="closure_accepted_on",
        timeline=MOVE + ", %(closure_accepted_on)s",
        source="BNSS 193 / CrPC 173; the informant heard first: Bhagwant Singh v. Commissioner of Police (1985)",
        side=True,
        danger=True,
    ),
    Step(
        name="file_protest_petition",
        label=gettext_lazy("Protest petition filed"),
        date_field="protest_petition_on",
        timeline=MOVE + ", %(protest_petition_on)s",
        source="Bhagwant Singh v. Commissioner of Police (1985): the informant may oppose a closure report",
        side=True,
    ),
    Step(
        name="order_further_investigation",
        label=gettext_lazy("Further investigation ordered"),
        date_field="further_investigation_on",
        timeline=MOVE + ", %(further_investigation_on)s",
        help=gettext_lazy("Its result is a supplementary report."),
        source="BNSS 193(9) / CrPC 173(8): further investigation after a report",
        side=True,
    ),
    Step(
        name="file_supplementary_report",
        label=gettext_lazy("Supplementary report filed"),
        date_field="supplementary_report_on",
        fulfils=CHARGESHEET_RULES,
        survivor_event="chargesheet_filed",
        timeline=MOVE + ", %(supplementary_report_on)s",
        source="BNSS 193(9) / CrPC 173(8): the further evidence forwarded in a supplementary report",
    ),
    Step(
        name="take_as_complaint",
        label=gettext_lazy("Magistrate took the protest petition as a complaint"),
        date_field="complaint_taken_on",
        timeline=MOVE + ", %(complaint_taken_on)s",
        help=gettext_lazy("The magistrate examines the complainant and witnesses and may take cognizance."),
        source="BNSS 223-226 / CrPC 200-203 (complaints to magistrates)",
        side=True,
    ),
)


def _stage_date(fir: FIR, stage: str):
    names = STAGE_DATE.get(stage)
    if names is None:
        return None
    dates = [getattr(fir, n) for n in ((names,) if isinstance(names, str) else names) if getattr(fir, n)]
    return max(dates) if dates else None


def clean(fir: FIR, step: Step, values: dict, actor, extra: dict) -> dict:
    """A step's date follows the stage it leaves (dates from paper may be long past, never out of order).
    The order against the FIR and the offence is the model's (FIR.clean)."""
    from cases.permissions import case_access
    from cases.selectors import case_get_visible

    meta = getattr(FIR, step.name)._django_fsm
    visible = case_get_visible(actor, fir.case_id)
    if (
        visible is None
        or not meta.has_transition(fir.stage)
        or not meta.has_transition_perm(fir, fir.stage, case_access(actor, visible))
    ):
        return values  # the engine refuses it with the reason: the stage, or the person's role
    day = (values.get(step.date_field) or getattr(fir, step.date_field, None)) if step.date_field else None
    before = _stage_date(fir, fir.stage)
    if step.name != "record_rescue" and day and before and day < before:
        raise ValidationError(
            {
                step.date_field: _("This date is before the FIR reached “%(stage)s” (%(date)s).")
                % {"stage": fir.get_stage_display(), "date": display_value(before)}
            }
        )
    return values


def _registered(fir: FIR, step: Step, from_stage: str, actor) -> None:
    # services.py imports this spec at load: its helpers are read when a step runs (no import cycle)
    from legal.investigation.services import pocso_report_deadline, sexual_offence_deadline

    # These open only for some sections (rape, POCSO), read from the charges.
    sexual_offence_deadline(fir, actor)
    pocso_report_deadline(fir, actor)


def _report_filed(fir: FIR, step: Step, from_stage: str, actor) -> None:
    # services.py imports this spec at load: its helpers are read when a step runs (no import cycle)
    from legal.investigation.services import court_clocks

    court_clocks(fir, actor)


def _investigation_reopened(fir: FIR, step: Step, from_stage: str, actor) -> None:
    """After a closure and a protest petition the investigation starts again: an arrest in custody
    runs a new chargesheet clock. After a chargesheet (BNSS 193(9)) it does not: the report is in,
    and default bail no longer arises on it."""
    # services.py imports this spec at load: its helpers are read when a step runs (no import cycle)
    from legal.investigation.services import arrest_deadlines

    if from_stage == Stage.CHARGESHEET_FILED:
        return
    for link in FIRAccused.objects.filter(fir=fir).select_related("fir__state", "fir__case", "accused"):
        arrest_deadlines(link, actor)


FOLLOW_UP = {
    "register_fir": _registered,
    "register_zero_fir": _registered,
    "file_chargesheet": _report_filed,
    "file_supplementary_report": _report_filed,
    "order_further_investigation": _investigation_reopened,
}


def after(moved: FIR, step: Step, from_stage: str, actor, values: dict) -> None:
    follow_up = FOLLOW_UP.get(step.name)
    if follow_up:
        follow_up(FIR.objects.select_related("state", "case").get(pk=moved.pk), step, from_stage, actor)


STARTS = {
    # BNSS 193(3)(ii): the police inform the victim of the progress within 90 days (counted from the FIR).
    "victim_informed_of_progress": (
        lambda fir: fir.fir_date,
        gettext_lazy("Survivor told of progress: %(fir)s"),
        gettext_lazy("FIR registered"),
    ),
}


def start_deadline(fir: FIR, rule_code: str, step: Step, actor) -> None:
    from cases.deadlines import deadline_start

    trigger, title, trigger_label = STARTS[rule_code]
    with translation.override("en"):
        # Its English words and the FIR's, shown in each reader's language (Deadline.title_text).
        phrase = Phrase(title, fir=str(fir))
    deadline_start(
        case=fir.case,
        rule_code=rule_code,
        trigger_at=trigger(fir),
        subject=fir,
        actor=actor,
        state=fir.state,
        title=phrase,
        trigger_label=str(trigger_label),
        procedure=fir.procedure,
    )


def deadline_subjects(fir: FIR, rule_code: str):
    if rule_code in CHARGESHEET_CODES:
        return list(FIRAccused.objects.filter(fir=fir))
    return [fir]


def hidden_inputs(access) -> set:
    """The rescue's date is never typed on the FIR; the officer's name and phone only for those who
    see investigation details."""
    hidden = {"rescued_on"}
    if access is not None and not access.can_see_investigation_details:
        hidden |= {"io_name", "io_phone"}
    return hidden


def formfield(name: str, fir: FIR):
    if name == "transferred_to_state":
        return forms.ModelChoiceField(label=_("Transferred to state"), queryset=State.objects.order_by("name"))
    model_field = FIR._meta.get_field(name) if name in {f.name for f in FIR._meta.concrete_fields} else None
    if isinstance(model_field, EncryptedCharField):
        # Encrypted text is stored as text; on the form it is the one-line value it is.
        return forms.CharField(label=capfirst(model_field.verbose_name), max_length=model_field.plain_max_length)
    return None


INVESTIGATION = register(
    WorkflowSpec(
        name=NAME,
        model=FIR,
        event_kind=CaseEvent.Kind.INVESTIGATION,
        steps=STEPS,
        clean=clean,
        after=after,
        start_deadline=start_deadline,
        deadline_subjects=deadline_subjects,
        hidden_inputs=hidden_inputs,
        formfield=formfield,
    )
)
