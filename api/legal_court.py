"""The court through the API: court cases (list, one, its steps), hearings (list, schedule), bail
applications in court and the judgment. Reads are what the Court tab shows to this person
(legal.court.selectors.court_cases_for_case: accused by number only, and no proceedings, deposition
notes, bail conditions or judgment summary, without `can_see_court_details`); writes are the
services the web pages call (legal.court.services), so no rule is written here."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from cases.permissions import require
from core.arguments import versioned_edit
from legal.court import forms, selectors, services
from legal.court.workflow import COURT
from legal.models import BailApplication, CourtCase, HearingPurpose

from .base import READ_CASE, CaseScopedGeneric
from .fields import StrictSerializer, form_data, valid_form
from .workflows import StepSerializer, TransitionSerializer, service_arguments, steps_available, validated_step


class ReadsThroughSelectors:
    """Answers built from the court's selectors; the model only types the address's ids in the schema."""

    def get_queryset(self):
        return CourtCase.objects.none()


def _court_cases(view) -> list[CourtCase]:
    require(view.access.can_see_court)
    return selectors.court_cases_for_case(view.case, view.access)


def _court_case(view, court_case_id) -> CourtCase:
    for court_case in _court_cases(view):
        if court_case.pk == court_case_id:
            return court_case
    raise Http404


# --- court cases -------------------------------------------------------------------------------


class CourtAccusedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The accused's place on this trial (court accused id).")
    who = serializers.CharField(help_text="The name where you may see the court's details, else Accused #12.")


class CourtCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    court_kind = serializers.CharField()
    court_name = serializers.CharField()
    court_state = serializers.CharField(allow_null=True)
    court_district = serializers.CharField(allow_null=True)
    committing_court = serializers.CharField(allow_null=True)
    case_number = serializers.CharField()
    cnr = serializers.CharField()
    judge = serializers.CharField()
    public_prosecutor = serializers.CharField()
    lawyer = serializers.CharField(allow_null=True, help_text="The consortium's lawyer.")
    firs = serializers.ListField(child=serializers.IntegerField(), help_text="The FIRs it arises from (ids).")
    accused = CourtAccusedSerializer(many=True)
    filed_on = serializers.DateField(allow_null=True)
    cognizance_on = serializers.DateField(allow_null=True)
    stage = serializers.CharField()
    stage_label = serializers.CharField()
    stage_before_side = serializers.CharField(help_text="Where a stayed, transferred or withdrawn trial left off.")
    procedure = serializers.CharField(help_text="crpc or bnss.")
    in_camera = serializers.BooleanField()
    ecourts_stage = serializers.CharField()
    ecourts_checked_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


def court_case_data(court_case: CourtCase) -> dict:
    court = court_case.court
    return CourtCaseSerializer(
        {
            "id": court_case.pk,
            "label": str(court_case),
            "court_kind": court.kind,
            "court_name": court.name,
            "court_state": court.state.code if court.state_id else None,
            "court_district": court.district.name if court.district_id else None,
            "committing_court": court_case.committing_court.name if court_case.committing_court_id else None,
            "case_number": court_case.case_number,
            "cnr": court_case.cnr,
            "judge": court_case.judge,
            "public_prosecutor": court_case.public_prosecutor,
            "lawyer": court_case.lawyer.display_name if court_case.lawyer_id else None,
            "firs": [fir.pk for fir in court_case.firs.all()],
            "accused": [{"id": row["link"].pk, "who": row["who"]} for row in court_case.accused_list],
            "filed_on": court_case.filed_on,
            "cognizance_on": court_case.cognizance_on,
            "stage": court_case.stage,
            "stage_label": court_case.get_stage_display(),
            "stage_before_side": court_case.stage_before_side,
            "procedure": court_case.procedure,
            "in_camera": bool(court_case.in_camera),
            "ecourts_stage": court_case.ecourts_stage,
            "ecourts_checked_on": court_case.ecourts_checked_on,
            "version": court_case.version,
        }
    ).data


class CourtCaseCreateSerializer(StrictSerializer):
    """The web's "Record a court case" form: the court (type, state and district ids, name), its numbers,
    the consortium's lawyer (a lawyer on the case's team, user id), the FIRs and accused (ids)."""

    court_kind = serializers.CharField(help_text="magistrate, sessions, special, high_court...")
    court_state = serializers.IntegerField(required=False, allow_null=True)
    court_district = serializers.IntegerField(required=False, allow_null=True)
    court_name = serializers.CharField(help_text="As on the cause list.")
    case_number = serializers.CharField(required=False, allow_blank=True)
    cnr = serializers.CharField(required=False, allow_blank=True, help_text="16 characters from eCourts.")
    judge = serializers.CharField(required=False, allow_blank=True)
    public_prosecutor = serializers.CharField(required=False, allow_blank=True)
    lawyer = serializers.IntegerField(required=False, allow_null=True)
    filed_on = serializers.DateField(required=False, allow_null=True)
    cognizance_on = serializers.DateField()
    committed_on = serializers.DateField(required=False, allow_null=True)
    firs = serializers.ListField(child=serializers.IntegerField(), required=False)
    accused = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="The case's accused (ids from .../accused/)."
    )


@extend_schema(tags=["court"])
class CourtCaseList(ReadsThroughSelectors, CaseScopedGeneric):
    """The case's court cases, as the Court tab shows them to you."""

    serializer_class = CourtCaseSerializer
    log_action = READ_CASE

    @extend_schema(responses=CourtCaseSerializer(many=True))
    def get(self, request, case_id):
        return Response([court_case_data(cc) for cc in _court_cases(self)])

    @extend_schema(request=CourtCaseCreateSerializer, responses={201: CourtCaseSerializer})
    def post(self, request, case_id):
        """Record a court case (at cognizance), as the web's "Record a court case" page."""
        require(self.access.can_record_court)
        form = valid_form(forms.CourtCaseForm, request.data, shape=CourtCaseCreateSerializer, case=self.case)
        court_case = services.court_case_create(actor=request.user, case=self.case, **form.service_data())
        return Response(court_case_data(_court_case(self, court_case.pk)), status=status.HTTP_201_CREATED)


@extend_schema(tags=["court"], responses=CourtCaseSerializer)
class CourtCaseDetail(ReadsThroughSelectors, CaseScopedGeneric):
    serializer_class = CourtCaseSerializer
    log_action = READ_CASE

    def get(self, request, case_id, court_case_id):
        return Response(court_case_data(_court_case(self, court_case_id)))


@extend_schema(tags=["court"])
class CourtCaseTransitions(ReadsThroughSelectors, CaseScopedGeneric):
    """The trial's steps (GET: each step taken here, whether its stage allows it now, its inputs) and
    taking one (POST), with the web's checks. The judgment, the sentence and the appeal are recorded
    with their own records, not here."""

    serializer_class = StepSerializer

    @extend_schema(responses=StepSerializer(many=True))
    def get(self, request, case_id, court_case_id):
        require(self.access.can_record_court)
        court_case = _court_case(self, court_case_id)
        return Response(steps_available(COURT, court_case, self.access))

    @extend_schema(request=TransitionSerializer, responses=CourtCaseSerializer)
    def post(self, request, case_id, court_case_id):
        require(self.access.can_record_court)
        court_case = _court_case(self, court_case_id)
        form = validated_step(spec=COURT, obj=court_case, access=self.access, data=request.data)
        arguments = service_arguments(form)
        arguments["data"] = {**arguments["data"], **form.extra}
        services.court_case_transition(actor=request.user, court_case=court_case, **arguments)
        return Response(court_case_data(_court_case(self, court_case_id)))


# --- hearings ----------------------------------------------------------------------------------


class HearingSerializer(serializers.Serializer):
    """A hearing as the Court tab shows it: what happened in court, who attended for the consortium
    and notes on her deposition only where you may see the court's details (null otherwise)."""

    id = serializers.IntegerField()
    on = serializers.DateField()
    purpose = serializers.CharField()
    purpose_label = serializers.CharField()
    status = serializers.CharField(help_text="scheduled, held, adjourned...")
    adjournment_reason = serializers.CharField()
    survivor_must_attend = serializers.BooleanField()
    survivor_attended = serializers.BooleanField(allow_null=True)
    survivor_deposed = serializers.BooleanField()
    deposition_mode = serializers.CharField()
    next_date = serializers.DateField(allow_null=True)
    bail_application = serializers.IntegerField(allow_null=True)
    proceedings = serializers.CharField(allow_null=True)
    deposition_notes = serializers.CharField(allow_null=True)
    attended_for_consortium = serializers.ListField(child=serializers.CharField(), allow_null=True)
    escort = serializers.CharField(
        allow_null=True, help_text="Who from the case team goes with her (null where you may not see court details)."
    )
    version = serializers.IntegerField()


def hearing_data(hearing, *, details: bool) -> dict:
    return HearingSerializer(
        {
            "id": hearing.pk,
            "on": hearing.on,
            "purpose": hearing.purpose,
            "purpose_label": hearing.get_purpose_display(),
            "status": hearing.status,
            "adjournment_reason": hearing.adjournment_reason,
            "survivor_must_attend": hearing.survivor_must_attend,
            "survivor_attended": hearing.survivor_attended,
            "survivor_deposed": hearing.survivor_deposed,
            "deposition_mode": hearing.deposition_mode,
            "next_date": hearing.next_date,
            "bail_application": hearing.bail_application_id,
            "proceedings": hearing.proceedings if details else None,
            "deposition_notes": hearing.deposition_notes if details else None,
            "attended_for_consortium": (
                [u.display_name for u in hearing.attended_for_consortium.all()] if details else None
            ),
            "escort": hearing.escort.display_name if details and hearing.escort_id else None,
            "version": hearing.version,
        }
    ).data


class HearingScheduleSerializer(StrictSerializer):
    on = serializers.DateField(help_text="A date the court gave (today or later).")
    purpose = serializers.ChoiceField(choices=HearingPurpose.choices)
    survivor_must_attend = serializers.BooleanField(required=False, default=False)
    bail_application = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="The bail application heard (its id)."
    )
    escort = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="Who from the case team will go with her (shown on her own page): their id in the case's team.",
    )


def _escort(court_case, assignment_id, field="escort"):
    """The person of this case's team entry `assignment_id` (the team endpoint's ids); whether they
    may go with her is the service's rule."""
    if assignment_id is None:
        return None
    assignment = court_case.case.assignments.filter(pk=assignment_id).select_related("user").first()
    if assignment is None:
        raise ValidationError({field: _("No one on this case's team has this id.")})
    return assignment.user


@extend_schema(tags=["court"])
class HearingList(ReadsThroughSelectors, CaseScopedGeneric):
    """The court case's hearings, oldest first. POST schedules one (a date the court gave), as the
    web's "Schedule a hearing" page: refused for a day past, before the court case began, or taken."""

    serializer_class = HearingSerializer
    log_action = READ_CASE

    @extend_schema(responses=HearingSerializer(many=True))
    def get(self, request, case_id, court_case_id):
        court_case = _court_case(self, court_case_id)
        details = self.access.can_see_court_details
        hearings = court_case.hearings.select_related("escort")
        return Response([hearing_data(h, details=details) for h in hearings])

    @extend_schema(request=HearingScheduleSerializer, responses={201: HearingSerializer})
    def post(self, request, case_id, court_case_id):
        require(self.access.can_record_court)
        court_case = _court_case(self, court_case_id)
        body = HearingScheduleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        bail_id = data.pop("bail_application")
        bail = None
        if bail_id is not None:
            bail = next((b for b in court_case.bail if b.pk == bail_id), None)
            if bail is None:
                raise ValidationError({"bail_application": _("Choose a bail application of this court case.")})
        escort = _escort(court_case, data.pop("escort"))
        hearing = services.hearing_schedule(
            actor=request.user, court_case=court_case, bail_application=bail, escort=escort, **data
        )
        return Response(
            hearing_data(hearing, details=self.access.can_see_court_details), status=status.HTTP_201_CREATED
        )


# --- bail --------------------------------------------------------------------------------------


class BailSerializer(serializers.Serializer):
    """A bail application in court, as the Court tab shows it: conditions only where you may see the
    court's details (null otherwise); the accused by number only then too."""

    id = serializers.IntegerField()
    accused = CourtAccusedSerializer()
    kind = serializers.CharField()
    number = serializers.CharField()
    court = serializers.CharField()
    filed_on = serializers.DateField()
    victim_hearing = serializers.CharField(help_text="Whether she was notified and heard.")
    opposed_by = serializers.CharField()
    outcome = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    days_waiting = serializers.IntegerField(allow_null=True)
    overdue = serializers.BooleanField(help_text="Undecided past the time allowed.")
    cancellation_outcome = serializers.CharField()
    conditions = serializers.CharField(allow_null=True)
    version = serializers.IntegerField()


def bail_data(application, *, details: bool) -> dict:
    return BailSerializer(
        {
            "id": application.pk,
            "accused": {"id": application.court_accused_id, "who": application.who},
            "kind": application.kind,
            "number": application.number,
            "court": str(application.court),
            "filed_on": application.filed_on,
            "victim_hearing": application.victim_hearing,
            "opposed_by": application.opposed_by,
            "outcome": application.outcome,
            "decided_on": application.decided_on,
            "days_waiting": application.days_waiting if application.is_pending else None,
            "overdue": bool(application.overdue),
            "cancellation_outcome": application.cancellation_outcome,
            "conditions": application.conditions if details else None,
            "version": application.version,
        }
    ).data


class BailFileSerializer(StrictSerializer):
    """The web's bail application form. The court hearing it is the trial court unless given."""

    court_accused = serializers.IntegerField(help_text="The accused's place on this trial (court accused id).")
    kind = serializers.ChoiceField(choices=BailApplication.Kind.choices)
    court_kind = serializers.CharField(required=False, allow_blank=True)
    court_state = serializers.IntegerField(required=False, allow_null=True)
    court_district = serializers.IntegerField(required=False, allow_null=True)
    court_name = serializers.CharField(required=False, allow_blank=True)
    number = serializers.CharField(required=False, allow_blank=True)
    filed_on = serializers.DateField()
    victim_hearing = serializers.CharField(required=False, allow_blank=True)
    opposed_by = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


@extend_schema(tags=["court"])
class BailList(ReadsThroughSelectors, CaseScopedGeneric):
    """Bail applications in this court case, as the Court tab shows them to you. POST files one."""

    serializer_class = BailSerializer
    log_action = READ_CASE

    @extend_schema(responses=BailSerializer(many=True))
    def get(self, request, case_id, court_case_id):
        court_case = _court_case(self, court_case_id)
        details = self.access.can_see_court_details
        return Response([bail_data(b, details=details) for b in court_case.bail])

    @extend_schema(request=BailFileSerializer, responses={201: BailSerializer})
    def post(self, request, case_id, court_case_id):
        """File a bail application (those who record the court), as the web's bail application page."""
        require(self.access.can_record_court)
        court_case = _court_case(self, court_case_id)
        data = form_data(forms.BailFileForm, request.data, shape=BailFileSerializer, court_case=court_case)
        application = services.bail_application_file(actor=request.user, court_case=court_case, **data)
        _court, filed = _bail(self, court_case_id, application.pk)
        return Response(bail_data(filed, details=self.access.can_see_court_details), status=status.HTTP_201_CREATED)


# --- judgment ----------------------------------------------------------------------------------


class OutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    accused = CourtAccusedSerializer()
    outcome = serializers.CharField()
    decided_on = serializers.DateField()
    convicted_under = serializers.ListField(child=serializers.CharField())
    sentenced_on = serializers.DateField(allow_null=True)
    imprisonment_months = serializers.IntegerField(allow_null=True)
    life_imprisonment = serializers.BooleanField()
    sentence = serializers.CharField()
    fine = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    compensation_ordered = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    needs_sentence = serializers.BooleanField()


class JudgmentSerializer(serializers.Serializer):
    """The judgment (null before it is recorded) with the outcome for every accused, as the Court tab
    shows it: the summary only where you may see the court's details."""

    on = serializers.DateField()
    summary = serializers.CharField(allow_null=True)
    compensation_recommended = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    sentence_hearing_on = serializers.DateField(allow_null=True)
    sentenced_on = serializers.DateField(allow_null=True)
    outcomes = OutcomeSerializer(many=True)


class JudgmentAnswerSerializer(serializers.Serializer):
    judgment = JudgmentSerializer(allow_null=True)


def judgment_data(court_case: CourtCase, *, details: bool) -> dict | None:
    judgment = court_case.judgment_row
    if judgment is None:
        return None
    return {
        "on": judgment.on,
        "summary": judgment.summary if details else None,
        "compensation_recommended": judgment.compensation_recommended,
        "sentence_hearing_on": court_case.sentence_hearing_on,
        "sentenced_on": court_case.sentenced_on,
        "outcomes": [
            {
                "id": o.pk,
                "accused": {"id": o.court_accused_id, "who": o.who},
                "outcome": o.outcome,
                "decided_on": o.decided_on,
                "convicted_under": [s.label for s in o.sections.all()],
                "sentenced_on": o.sentenced_on,
                "imprisonment_months": o.imprisonment_months,
                "life_imprisonment": o.life_imprisonment,
                "sentence": o.sentence,
                "fine": o.fine,
                "compensation_ordered": o.compensation_ordered,
                "needs_sentence": bool(o.needs_sentence),
            }
            for o in judgment.outcome_rows
        ],
    }


# --- writes on a court case: a hearing's record, bail, the judgment ---------------------------


class HearingRecordSerializer(StrictSerializer):
    """The web's "What happened" page for a hearing: the whole record (a field left out is empty, as on
    the page). The next date, if the court gave one, is scheduled with it."""

    version = serializers.IntegerField(help_text="The hearing's version as you read it: a stale one is refused (409).")
    on = serializers.DateField(help_text="The day of the hearing: not in the future.")
    purpose = serializers.ChoiceField(choices=HearingPurpose.choices)
    status = serializers.CharField(help_text="held, adjourned... (not scheduled).")
    proceedings = serializers.CharField(required=False, allow_blank=True)
    adjournment_reason = serializers.CharField(required=False, allow_blank=True)
    adjournment_note = serializers.CharField(required=False, allow_blank=True)
    survivor_must_attend = serializers.BooleanField(required=False)
    survivor_attended = serializers.BooleanField(required=False, allow_null=True, help_text="null: not known.")
    survivor_deposed = serializers.BooleanField(required=False)
    deposition_mode = serializers.CharField(required=False, allow_blank=True)
    deposition_notes = serializers.CharField(required=False, allow_blank=True)
    attended_for_consortium = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="User ids of people on the case's team."
    )
    bail_application = serializers.IntegerField(required=False, allow_null=True)
    next_date = serializers.DateField(required=False, allow_null=True)
    next_purpose = serializers.CharField(required=False, allow_blank=True)
    next_survivor_must_attend = serializers.BooleanField(required=False)
    next_escort = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="Who from the case team goes with her on the next date (shown on her own page): their id "
        "in the case's team, as `escort` when scheduling. Needs next_date.",
    )


@extend_schema(tags=["court"])
class HearingRecord(ReadsThroughSelectors, CaseScopedGeneric):
    """Record what happened at a hearing, as the web's hearing page (those who record the court)."""

    serializer_class = HearingSerializer

    @extend_schema(request=HearingRecordSerializer, responses=HearingSerializer)
    def post(self, request, case_id, court_case_id, hearing_id):
        require(self.access.can_record_court)
        court_case = _court_case(self, court_case_id)
        hearing = found(court_case.hearings.filter(pk=hearing_id))
        HearingRecordSerializer(data=request.data).is_valid(raise_exception=True)
        body = dict(request.data)
        if "survivor_attended" in body:  # the page's yes / no / not known, in JSON true / false / null
            body["survivor_attended"] = {True: "true", False: "false"}.get(body["survivor_attended"], "")
        if body.get("next_escort") is not None:  # the team entry's id, as `escort` when scheduling
            body["next_escort"] = str(_escort(court_case, body["next_escort"], field="next_escort").pk)
        form = valid_form(forms.HearingRecordForm, body, court_case=court_case, team=selectors.hearing_team(self.case))
        services.hearing_record(
            actor=request.user,
            court_case=court_case,
            hearing=hearing,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        recorded = found(_court_case(self, court_case_id).hearings.filter(pk=hearing_id))
        return Response(hearing_data(recorded, details=self.access.can_see_court_details))


def found(queryset):
    row = queryset.first()
    if row is None:
        raise Http404
    return row


def _bail(view, court_case_id, application_id):
    court_case = _court_case(view, court_case_id)
    for application in court_case.bail:
        if application.pk == application_id:
            return court_case, application
    raise Http404


class BailDecisionSerializer(StrictSerializer):
    """The web's page for a bail application: its decision, conditions, her hearing, any cancellation
    (the whole record: a field left out is empty, as on the page)."""

    version = serializers.IntegerField(help_text="The application's version as you read it (409 if stale).")
    outcome = serializers.ChoiceField(choices=BailApplication.Outcome.choices)
    decided_on = serializers.DateField(required=False, allow_null=True)
    conditions = serializers.CharField(required=False, allow_blank=True)
    victim_hearing = serializers.CharField(required=False, allow_blank=True)
    opposed_by = serializers.CharField(required=False, allow_blank=True)
    cancellation_sought_on = serializers.DateField(required=False, allow_null=True)
    cancellation_outcome = serializers.CharField(required=False, allow_blank=True)
    cancellation_decided_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


@extend_schema(tags=["court"])
class BailDecision(ReadsThroughSelectors, CaseScopedGeneric):
    """Record a bail application's decision (and conditions, cancellation), as the web's page for it."""

    serializer_class = BailSerializer

    @extend_schema(request=BailDecisionSerializer, responses=BailSerializer)
    def post(self, request, case_id, court_case_id, application_id):
        require(self.access.can_record_court)
        _court, application = _bail(self, court_case_id, application_id)
        data = form_data(forms.BailUpdateForm, request.data, shape=BailDecisionSerializer)
        services.bail_application_update(actor=request.user, application=application, **versioned_edit(data))
        _court, application = _bail(self, court_case_id, application_id)
        return Response(bail_data(application, details=self.access.can_see_court_details))


class OutcomeInputSerializer(StrictSerializer):
    court_accused = serializers.IntegerField(help_text="The accused's place on this trial (court accused id).")
    outcome = serializers.CharField(help_text="convicted, acquitted, discharged...")
    decided_on = serializers.DateField(required=False, allow_null=True, help_text="If not the judgment's date.")
    sections = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Convicted under (section ids charged)."
    )
    imprisonment_months = serializers.IntegerField(required=False, allow_null=True)
    life_imprisonment = serializers.BooleanField(required=False)
    sentence = serializers.CharField(required=False, allow_blank=True)
    fine = serializers.CharField(required=False, allow_blank=True, help_text="Rupees, e.g. 5000.")
    compensation_ordered = serializers.CharField(required=False, allow_blank=True, help_text="Rupees.")


class JudgmentRecordSerializer(StrictSerializer):
    """The web's judgment page: one outcome for every accused on trial. A sentence given with a
    conviction means it was passed the day of the judgment. The judgment's document is one already
    uploaded (its id); uploading one is the web page's."""

    version = serializers.IntegerField(help_text="The court case's version as you read it (409 if stale).")
    on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True)
    compensation_recommended = serializers.CharField(required=False, allow_blank=True, help_text="Rupees.")
    document = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)
    outcomes = OutcomeInputSerializer(many=True)


def _outcome_forms(court_case, rows: list[dict], details: bool) -> list:
    """The web's outcome sub-forms (prefix outcome-<court accused id>), one per accused on trial,
    bound to the body's rows; a row for someone not on this trial, or twice, is refused."""
    choices = selectors.judgment_rows(court_case)
    on_trial = {link.pk for link, _sections in choices}
    given = [row["court_accused"] for row in rows]
    strays = sorted({pk for pk in given if pk not in on_trial or given.count(pk) > 1})
    if strays:
        raise ValidationError(
            {"outcomes": _("One row for each accused on this trial; not these: %(ids)s.") % {"ids": strays}}
        )
    by_accused = {row["court_accused"]: row for row in rows}
    found_forms = []
    for link, sections in choices:
        prefix = f"outcome-{link.pk}"
        row = by_accused.get(link.pk, {})
        bound = {f"{prefix}-{name}": value for name, value in row.items() if name != "court_accused"}
        who = link.accused.display_name if details else str(link.accused)
        found_forms.append(forms.OutcomeForm(bound, link=link, who=who, sections=sections))
    return found_forms


@extend_schema(tags=["court"])
class JudgmentDetail(ReadsThroughSelectors, CaseScopedGeneric):
    """The judgment as the Court tab shows it to you; POST records it (those who record the court), as
    the web's judgment page: refused at a stage that does not allow it, and for a stale version (409)."""

    serializer_class = JudgmentAnswerSerializer
    log_action = READ_CASE

    @extend_schema(responses=JudgmentAnswerSerializer)
    def get(self, request, case_id, court_case_id):
        court_case = _court_case(self, court_case_id)
        data = judgment_data(court_case, details=self.access.can_see_court_details)
        return Response(JudgmentAnswerSerializer({"judgment": data}).data)

    @extend_schema(request=JudgmentRecordSerializer, responses={201: JudgmentAnswerSerializer})
    def post(self, request, case_id, court_case_id):
        require(self.access.can_record_court)
        court_case = _court_case(self, court_case_id)
        JudgmentRecordSerializer(data=request.data).is_valid(raise_exception=True)
        body = {k: v for k, v in request.data.items() if k != "outcomes"}
        data = form_data(forms.JudgmentForm, body, case=self.case)
        rows = _outcome_forms(court_case, request.data["outcomes"], self.access.can_see_court_details)
        errors = {
            f"{row.prefix}-{name}": messages
            for row in rows
            if not row.is_valid()
            for name, messages in row.errors.items()
        }
        if errors:
            raise ValidationError(errors)
        try:
            services.judgment_record(
                actor=request.user,
                court_case=court_case,
                expected_version=data["version"],
                on=data["on"],
                outcomes=[{"court_accused": row.link, **row.cleaned_data} for row in rows],
                summary=data["summary"],
                document=data["document"],
                compensation_recommended=data["compensation_recommended"],
                note=data["note"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and None in exc.error_dict:
                exc.error_dict["non_field_errors"] = exc.error_dict.pop(None)
            raise
        court_case = _court_case(self, court_case_id)
        answer = {"judgment": judgment_data(court_case, details=self.access.can_see_court_details)}
        return Response(JudgmentAnswerSerializer(answer).data, status=status.HTTP_201_CREATED)
