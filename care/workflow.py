"""The repatriation workflow, declared once (core.workflow): each step's label, date,
inputs, what it derives, the deadline it opens or meets, its timeline text and its source.

Who may take a step stays on Repatriation's @transition (permission: the sending side or the
receiving organisation) with its conditions (consent in force, dates in the law's order).
care.services.repatriation_transition checks which side the person is on, then
applies the step here; the views build their forms from the same steps (StepForm).
"""

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from cases.models import CaseEvent
from core.phrases import Phrase
from core.workflow import DATE_INPUT, Step, WorkflowSpec, register

from .models import Repatriation

ACKNOWLEDGEMENT = "repatriation_acknowledgement"
PRACTICE = gettext_lazy("consortium practice")


def route_summary(repatriation: Repatriation) -> str:
    """Organisations and states only: shown on timelines."""
    sending, receiving = repatriation.sending_organisation, repatriation.receiving_organisation
    return (
        f"{sending.short_name} ({repatriation.from_state.name}) → {receiving.short_name} ({repatriation.to_state.name})"
    )


def _said(verb):
    """Timeline text: organisations and states only, never her identity or where she is; a
    phrase (core.phrases), its values taken in English, shown in each reader's language."""

    def text(moved, from_stage, values) -> Phrase:
        with translation.override("en"):
            return Phrase(gettext_noop("Repatriation %(route)s: %(what)s"), route=route_summary(moved), what=verb)

    return text


class PlannedDateField(forms.Field):
    """A date that may lie ahead (the day she is to travel): read like a DateField, but not one,
    so the step form's "no date in the future" check leaves it alone."""

    widget = DATE_INPUT

    def to_python(self, value):
        return forms.DateField().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and value.year < 1950:
            raise forms.ValidationError(_("Check the year."))


STEPS = (
    Step(
        name="accept",
        label=gettext_lazy("Accept the handover"),
        date_field="accepted_on",
        date_default_today=True,
        sets=("accepted_by",),
        timeline=_said(gettext_lazy("accepted")),
        help=gettext_lazy(
            "You take her on. You join her case team, with her consent to share her case with your organisation, "
            "and see her case from now on. If you agreed earlier (by phone), give the day you did."
        ),
        source=PRACTICE,
    ),
    Step(
        name="refuse",
        label=gettext_lazy("Refuse the handover"),
        inputs=("closing_reason", "closing_note"),
        optional=("closing_note",),
        private=("closing_note",),
        timeline=_said(gettext_lazy("refused")),
        help=gettext_lazy("The sending organisation is told, and can ask another organisation."),
        source=PRACTICE,
        side=True,
        danger=True,
    ),
    Step(
        name="arrange_travel",
        label=gettext_lazy("Travel arranged"),
        inputs=("travel_on", "travel_mode", "escort"),
        optional=("escort",),
        private=("escort",),
        timeline=_said(gettext_lazy("travel arranged")),
        help=gettext_lazy("Tickets, date and escort are settled. The travel date may be ahead."),
        source=PRACTICE,
    ),
    Step(
        name="hand_over",
        label=gettext_lazy("Record the handover"),
        date_field="handed_over_at",
        inputs=("handover_place",),
        optional=("handover_place",),
        private=("handover_place",),
        starts=(ACKNOWLEDGEMENT,),
        timeline=_said(gettext_lazy("handed over")),
        help=gettext_lazy(
            "She is in the receiving organisation's care. They must acknowledge her arrival within the time the "
            "deadline rule gives (3 days), or it shows as overdue. Her stay in a shelter home of the state she "
            "leaves ends that day."
        ),
        source=PRACTICE,
    ),
    Step(
        name="acknowledge_arrival",
        label=gettext_lazy("Acknowledge her arrival"),
        date_field="acknowledged_at",
        sets=("acknowledged_by",),
        fulfils=(ACKNOWLEDGEMENT,),
        timeline=_said(gettext_lazy("arrival acknowledged")),
        help=gettext_lazy("Confirm that she reached your organisation: nobody is lost between states."),
        source=PRACTICE,
    ),
    Step(
        name="cancel",
        label=gettext_lazy("Cancel the repatriation"),
        inputs=("closing_reason", "closing_note"),
        optional=("closing_note",),
        private=("closing_note",),
        timeline=_said(gettext_lazy("cancelled")),
        help=gettext_lazy("Calls off the repatriation before the handover."),
        source=PRACTICE,
        side=True,
        danger=True,
    ),
)


def _clean(obj: Repatriation, step: Step, values: dict, actor, extra: dict) -> dict:
    """Who accepted or acknowledged is the person doing it; dates are checked against the other
    steps' real dates by the model's conditions (not against the day of entry)."""
    if step.name == "accept":
        values["accepted_by"] = actor
    elif step.name == "acknowledge_arrival":
        values["acknowledged_by"] = actor
    return values


def _after(moved: Repatriation, step: Step, from_stage: str, actor, values: dict) -> None:
    from cases import services as case_services

    from . import services
    from .permissions import staff_memberships

    if step.name == "accept":
        membership = (
            staff_memberships(actor)
            .filter(organisation=moved.receiving_organisation)
            .select_related("organisation", "user")
            .first()
        )
        case_services.team_join_on_handover(actor=actor, case=moved.case, membership=membership)
    elif step.name == "hand_over":
        services.stays_end_on_handover(case=moved.case, actor=actor, repatriation=moved)


def _start_deadline(moved: Repatriation, code: str, step: Step, actor) -> None:
    from cases.deadlines import deadline_start

    receiving = moved.receiving_organisation.short_name
    with translation.override("en"):
        title = Phrase(gettext_noop("Arrival acknowledged by %(org)s"), org=receiving)
    deadline_start(
        case=moved.case,
        rule_code=code,
        trigger_at=moved.handed_over_at,
        subject=moved,
        actor=actor,
        state=moved.to_state,  # counted where she is received
        title=title,
        trigger_label=_("handover to %(org)s") % {"org": receiving},
    )


def _formfield(name: str, obj):
    if name == "travel_on":
        return PlannedDateField(label=_("Travel date"))
    if name in ("handed_over_at", "acknowledged_at"):
        return forms.DateTimeField(
            label=_("Handed over at") if name == "handed_over_at" else _("She arrived at"),
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            initial=lambda: timezone.localtime().replace(second=0, microsecond=0),
        )
    if name == "closing_note":
        return forms.CharField(
            label=_("Details"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
        )
    return None


SPEC = register(
    WorkflowSpec(
        name="repatriation",
        model=Repatriation,
        event_kind=CaseEvent.Kind.CARE,
        steps=STEPS,
        clean=_clean,
        after=_after,
        start_deadline=_start_deadline,
        formfield=_formfield,
    )
)
