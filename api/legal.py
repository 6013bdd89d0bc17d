"""The investigation through the API: FIRs (list, record, one FIR, its steps, its sections) and
the accused persons of a case. Reads are what the Investigation tab shows to this person (an
officer's name and phone, and accused persons' names and phones, only with
`can_see_investigation_details`); writes are the services the web pages call
(legal.investigation.services, legal.accused.services), so no rule is written here.

The court (court cases, hearings, bail, judgment) is api/legal_court.py."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from cases.permissions import found_or_404, require
from consortium.models import District, State
from legal.accused import selectors as accused_selectors
from legal.accused import services as accused_services
from legal.accused.display import phones_display
from legal.investigation import selectors, services
from legal.investigation.workflow import INVESTIGATION
from legal.models import FIR, Act, CaseAccused, ChainRole, Charge
from legal.models.accused import AccusedRole

from .base import READ_CASE, CaseScopedGeneric
from .fields import StrictSerializer
from .workflows import StepSerializer, TransitionSerializer, service_arguments, steps_available, validated_step

# --- FIRs --------------------------------------------------------------------------------------


class LiveSectionSerializer(serializers.Serializer):
    act = serializers.CharField(source="section.act.code", help_text="The act's code: bns, ipc, itpa, pocso...")
    section = serializers.CharField(source="section.number")
    label = serializers.CharField(source="section.label", help_text="As the web shows it: BNS 143(4).")
    title = serializers.CharField(source="section.title")


class FirSerializer(serializers.ModelSerializer):
    """A FIR as the Investigation tab shows it to you: the officer's name and phone only where you
    may see the investigation's details (null otherwise)."""

    label = serializers.CharField(source="__str__", help_text="FIR 123/2026, Pimpri PS (or the complaint).")
    state = serializers.CharField(source="state.code")
    district = serializers.CharField(source="district.name", allow_null=True, default=None)
    transferred_to_state = serializers.CharField(source="transferred_to_state.code", allow_null=True, default=None)
    stage_label = serializers.CharField(source="get_stage_display")
    chain = serializers.CharField(source="chain.reference", allow_null=True, default=None)
    rescued_on = serializers.DateField(allow_null=True, help_text="The rescue's day, from the Care tab.")
    procedure = serializers.CharField(help_text="crpc or bnss: the code the investigation runs under.")
    offence_code = serializers.CharField(help_text="ipc or bns: the general penal code of the charges.")
    sections_charged = serializers.SerializerMethodField()
    io_name = serializers.SerializerMethodField(help_text="Only where you may see the investigation's details.")
    io_phone = serializers.SerializerMethodField(help_text="Only where you may see the investigation's details.")

    class Meta:
        model = FIR
        fields = [
            "id",
            "label",
            "state",
            "district",
            "police_station",
            "chain_role",
            "chain",
            "fir_number",
            "fir_date",
            "is_zero_fir",
            "reported_on",
            "offence_on",
            "rescued_on",
            "preliminary_enquiry_on",
            "transferred_to_state",
            "transferred_to_station",
            "transferred_on",
            "investigation_started_on",
            "io_rank",
            "io_name",
            "io_phone",
            "ahtu_unit",
            "ahtu_transferred_on",
            "chargesheet_on",
            "chargesheet_number",
            "closure_report_on",
            "closure_accepted_on",
            "supplementary_report_on",
            "protest_petition_on",
            "further_investigation_on",
            "complaint_taken_on",
            "survivor_informed_on",
            "stage",
            "stage_label",
            "procedure",
            "offence_code",
            "sections_charged",
            "version",
        ]

    def _details(self) -> bool:
        access = self.context.get("access")
        return bool(access and access.can_see_investigation_details)

    def get_io_name(self, fir) -> str | None:
        return fir.io_name if self._details() else None

    def get_io_phone(self, fir) -> str | None:
        return fir.io_phone if self._details() else None

    @extend_schema_field(LiveSectionSerializer(many=True))
    def get_sections_charged(self, fir) -> list:
        """The sections charged now (a dropped one is on GET .../charges/)."""
        return LiveSectionSerializer([c for c in fir.charges.all() if c.is_live], many=True).data


class FirRecordSerializer(StrictSerializer):
    """The "Record a police case" page: the complaint, before the FIR is registered (a step)."""

    state = serializers.SlugRelatedField(slug_field="code", queryset=State.objects.all(), help_text="State code: MH.")
    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.all(), required=False, allow_null=True, help_text="A district of that state (id)."
    )
    police_station = serializers.CharField(max_length=120)
    chain_role = serializers.ChoiceField(choices=ChainRole.choices)
    offence_on = serializers.DateField(required=False, allow_null=True)
    reported_on = serializers.DateField(
        required=False, allow_null=True, help_text="The day the complaint reached the police; default today."
    )
    io_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    io_rank = serializers.CharField(max_length=60, required=False, allow_blank=True)
    io_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)


class ReadsThroughSelectors:
    """A view whose answers are built from the app's selectors, not from `get_queryset`: the model
    is named only so that the schema can type the address's ids."""

    schema_model: type = FIR

    def get_queryset(self):
        return self.schema_model.objects.none()


def _fir_or_404(case, fir_id) -> FIR:
    return found_or_404(selectors.fir_list_for_case(case, details=False).filter(pk=fir_id).first())


@extend_schema(tags=["investigation"])
class FirList(CaseScopedGeneric, ListAPIView):
    """The case's FIRs and complaints, as the Investigation tab shows them to you. POST records a
    police case at its first step (the complaint), as the "Record a police case" page: caseworkers
    and lawyers on the team, the lead organisation's admin."""

    serializer_class = FirSerializer
    log_action = READ_CASE

    def case_queryset(self):
        require(self.access.can_see_investigation)
        return selectors.fir_list_for_case(self.case, details=False)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "case" in self.__dict__:
            context["access"] = self.access
        return context

    @extend_schema(request=FirRecordSerializer, responses={201: FirSerializer})
    def post(self, request, case_id):
        require(self.access.can_record_investigation)
        data = FirRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fir = services.fir_create(actor=request.user, case=self.case, **data.validated_data)
        fir = _fir_or_404(self.case, fir.pk)
        return Response(FirSerializer(fir, context={"access": self.access}).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["investigation"], responses=FirSerializer)
class FirDetail(CaseScopedGeneric):
    serializer_class = FirSerializer
    log_action = READ_CASE

    def get(self, request, case_id, fir_id):
        require(self.access.can_see_investigation)
        return Response(FirSerializer(_fir_or_404(self.case, fir_id), context={"access": self.access}).data)


@extend_schema(tags=["investigation"])
class FirTransitions(ReadsThroughSelectors, CaseScopedGeneric):
    """The investigation's steps for this FIR (GET: each step, whether its stage allows it now, its
    inputs), and taking one (POST), with the same checks as the web's step page: the stage, the
    dates, a stale version (409), clearing a recorded value only when confirmed with a reason."""

    serializer_class = StepSerializer

    @extend_schema(responses=StepSerializer(many=True))
    def get(self, request, case_id, fir_id):
        require(self.access.can_record_investigation)
        return Response(steps_available(INVESTIGATION, _fir_or_404(self.case, fir_id), self.access))

    @extend_schema(request=TransitionSerializer, responses=FirSerializer)
    def post(self, request, case_id, fir_id):
        require(self.access.can_record_investigation)
        fir = _fir_or_404(self.case, fir_id)
        form = validated_step(spec=INVESTIGATION, obj=fir, access=self.access, data=request.data)
        moved = services.fir_transition(actor=request.user, fir=fir, **service_arguments(form))
        return Response(FirSerializer(_fir_or_404(self.case, moved.pk), context={"access": self.access}).data)


class ChargeSerializer(serializers.ModelSerializer):
    act = serializers.CharField(source="section.act.code")
    section = serializers.CharField(source="section.number")
    label = serializers.CharField(source="section.label")
    title = serializers.CharField(source="section.title")
    live = serializers.BooleanField(source="is_live")
    added_by = serializers.CharField(source="added_by.display_name")
    dropped_by = serializers.CharField(source="dropped_by.display_name", allow_null=True, default=None)

    class Meta:
        model = Charge
        fields = [
            "id",
            "act",
            "section",
            "label",
            "title",
            "live",
            "added_at",
            "added_by",
            "dropped_at",
            "dropped_by",
            "reason",
        ]


class ChargeAddSerializer(StrictSerializer):
    act = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Act.objects.exclude(code__in=["crpc", "bnss"]),
        help_text="The code applied: bns (offences from 1 July 2024), ipc (before), itpa, pocso...",
    )
    number = serializers.CharField(
        max_length=500, help_text="One section or several separated by commas: 143(4), 144(1), 370A."
    )


@extend_schema(tags=["investigation"])
class FirCharges(CaseScopedGeneric, ListAPIView):
    """The sections on a FIR with their history (who added or dropped each, and why), as the web's
    Sections page shows them to those who record the investigation. POST adds one section or several,
    all or none, refused as on the web (an unknown section, the wrong code for the offence's day, one
    already charged), the error under `number`."""

    serializer_class = ChargeSerializer

    def case_queryset(self):
        require(self.access.can_record_investigation)
        fir = _fir_or_404(self.case, self.kwargs["fir_id"])
        return Charge.objects.filter(fir=fir).select_related(
            "section__act", "section__counterpart__act", "added_by", "dropped_by"
        )

    @extend_schema(request=ChargeAddSerializer, responses={201: ChargeSerializer(many=True)})
    def post(self, request, case_id, fir_id):
        require(self.access.can_record_investigation)
        fir = _fir_or_404(self.case, fir_id)
        data = ChargeAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        added = services.charges_add(
            actor=request.user, fir=fir, act=data.validated_data["act"], numbers=data.validated_data["number"]
        )
        return Response(ChargeSerializer(added, many=True).data, status=status.HTTP_201_CREATED)


# --- accused -----------------------------------------------------------------------------------


class AccusedSerializer(serializers.Serializer):
    """An accused person on this case. Names, aliases, phones, addresses and the description only
    where you may see the investigation's details (`masked` false); otherwise the person by number
    only ("Accused #12"), as the court's pages name them."""

    id = serializers.IntegerField(help_text="The accused record's id.")
    label = serializers.CharField(help_text="Accused #12: never a name.")
    masked = serializers.BooleanField()
    role = serializers.CharField(required=False)
    added_at = serializers.DateTimeField(required=False)
    names = serializers.ListField(child=serializers.CharField(), required=False)
    aliases = serializers.ListField(child=serializers.CharField(), required=False)
    phones = serializers.ListField(child=serializers.CharField(), required=False)
    addresses = serializers.ListField(child=serializers.CharField(), required=False)
    description = serializers.CharField(required=False)
    version = serializers.IntegerField(required=False)


def accused_data(link: CaseAccused, *, details: bool) -> dict:
    accused = link.accused
    data = {"id": accused.pk, "label": str(accused), "masked": not details}
    if details:
        data |= {
            "role": link.role,
            "added_at": link.added_at,
            "names": list(accused.names or []),
            "aliases": list(accused.aliases or []),
            "phones": phones_display(accused.phones),
            "addresses": list(accused.addresses or []),
            "description": accused.description,
            "version": accused.version,
        }
    return AccusedSerializer(data).data


class AccusedRecordSerializer(StrictSerializer):
    names = serializers.ListField(child=serializers.CharField(max_length=200), max_length=20, required=False)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), max_length=20, required=False)
    phones = serializers.ListField(child=serializers.CharField(max_length=40), max_length=20, required=False)
    addresses = serializers.ListField(child=serializers.CharField(max_length=500), max_length=20, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=AccusedRole.choices)
    decision = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="Empty: refused (400, under `decision`) if the same name or phone is recorded on a case you "
        'work on, naming those records; "new": a new person; a record\'s id from that refusal: the same person.',
    )


@extend_schema(tags=["investigation"])
class AccusedList(ReadsThroughSelectors, CaseScopedGeneric):
    """The case's accused persons. POST records one, as the web's "Record an accused person" page
    (caseworkers and lawyers on the team who see the investigation's details, the lead
    organisation's admin): if the same name or phone is recorded on a case you work on, you are
    asked first (a 400 under `decision` naming those records); a match on a case you cannot see
    is never mentioned (coordinators review it)."""

    serializer_class = AccusedSerializer
    schema_model = CaseAccused
    log_action = READ_CASE

    @extend_schema(responses=AccusedSerializer(many=True))
    def get(self, request, case_id):
        require(self.access.can_see_investigation)
        details = self.access.can_see_investigation_details
        links = accused_selectors.case_accused_list(self.case)
        return Response([accused_data(link, details=details) for link in links])

    @extend_schema(request=AccusedRecordSerializer, responses={201: AccusedSerializer})
    def post(self, request, case_id):
        require(self.access.can_record_investigation and self.access.can_see_investigation_details)
        body = AccusedRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        decision = data.pop("decision").strip()
        role = data.pop("role")
        visible, _hidden = accused_services.accused_matches(
            actor=request.user,
            names=data.get("names", ()),
            aliases=data.get("aliases", ()),
            phones=data.get("phones", ()),
        )
        link_to = None
        if decision and decision != "new":
            link_to = next((a for a in visible if str(a.pk) == decision), None)
            if link_to is None:
                raise ValidationError({"decision": _('Send "new" or the id of a record you were offered.')})
        elif not decision and visible:
            offers = accused_services.accused_offers(visible)
            cases = accused_selectors.other_cases_of_accused(request.user, offers, exclude_case=None)
            described = "; ".join(
                f"{a.pk} ({', '.join(link.case.reference for link in cases.get(a.pk, []))})" for a in offers
            )
            raise ValidationError(
                {
                    "decision": _(
                        "The same name or phone is recorded on a case you work on: record %(records)s. Send "
                        '"decision": one of these ids if it is the same person, or "new".'
                    )
                    % {"records": described}
                }
            )
        link = accused_services.accused_record(actor=request.user, case=self.case, role=role, link_to=link_to, **data)
        return Response(accused_data(link, details=True), status=status.HTTP_201_CREATED)
