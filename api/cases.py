"""The case hub through the API: cases (list, search, one case), her identity, the team, consent,
the timeline, notes and documents. Every read starts at the visibility selector, every write is the
same service the web page calls (cases.services), so no rule is written here."""

import django_filters
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.filters import OrderingFilter
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from cases import selectors, services
from cases.documents import read_decrypted
from cases.models import Case, CaseAssignment, CaseDocument, CaseEvent, CaseNote, CaseRole, ExploitationForm
from cases.permissions import found_or_404, require
from consortium.models import Organisation, State
from survivors.models import Consent, ConsentPurpose

from .base import (
    DOWNLOAD,
    READ_CASE,
    READ_IDENTITY,
    READ_LIST,
    CaseScopedGeneric,
    LoggedView,
    Paged,
)
from .fields import Code, StrictFilterBackend, StrictSerializer

# --- cases ------------------------------------------------------------------------------------


class CaseSummarySerializer(serializers.ModelSerializer):
    lead_organisation = serializers.CharField(source="lead_organisation.short_name")
    source_state = Code(source="source_state.code", allow_null=True)
    destination_state = Code(source="destination_state.code", allow_null=True)
    pseudonym = serializers.CharField(source="survivor.pseudonym")
    survivor_name = serializers.SerializerMethodField(help_text="Her name, only where you may see who she is.")
    minor_at_offence = serializers.BooleanField(source="survivor.minor_at_offence")
    identity_visible = serializers.BooleanField()
    on_team = serializers.BooleanField()
    exploitation_forms = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "status",
            "risk_level",
            "opened_at",
            "rescued_on",
            "lead_organisation",
            "source_state",
            "destination_state",
            "exploitation_forms",
            "pseudonym",
            "survivor_name",
            "minor_at_offence",
            "identity_visible",
            "on_team",
        ]

    def get_survivor_name(self, case) -> str | None:
        return case.survivor.full_name if case.identity_visible else None


class CaseDetailSerializer(CaseSummarySerializer):
    source_district = serializers.CharField(source="source_district.name", allow_null=True)
    destination_district = serializers.CharField(source="destination_district.name", allow_null=True)
    narrative = serializers.SerializerMethodField(help_text="Only where you may see who she is.")
    recruitment_means = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta(CaseSummarySerializer.Meta):
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "source_district",
            "destination_district",
            "left_home_on",
            "trafficked_on",
            "escaped",
            "recruitment_means",
            "narrative",
            "closed_on",
            "closure_reason",
            "version",
            "updated_at",
        ]

    def get_narrative(self, case) -> str | None:
        return case.narrative if case.identity_visible else None


class CaseFilter(django_filters.FilterSet):
    """The web case list's filters (cases.selectors.case_filter), plus a reference prefix and dates.
    Names and phones are never searched in an address: POST them to /cases/search/."""

    state = django_filters.ModelChoiceFilter(
        queryset=State.objects.all(),
        to_field_name="code",
        method="by_list_filter",
        help_text="Source or destination state code.",
    )
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(),
        to_field_name="short_name",
        method="by_list_filter",
        help_text="Lead organisation's short name.",
    )
    exploitation_form = django_filters.ModelChoiceFilter(
        queryset=ExploitationForm.objects.all(), to_field_name="code", method="by_list_filter"
    )
    status = django_filters.ChoiceFilter(choices=Case.Status.choices, method="by_list_filter")
    minor = django_filters.ChoiceFilter(choices=[("yes", "yes"), ("no", "no")], method="by_list_filter")
    reference = django_filters.CharFilter(
        method="by_reference", max_length=20, help_text="A reference or its beginning."
    )
    opened_after = django_filters.DateFilter(field_name="opened_at", lookup_expr="date__gte")
    opened_before = django_filters.DateFilter(field_name="opened_at", lookup_expr="date__lte")
    on_team = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="by_on_team",
        help_text="true: only cases whose team you are on; false: only those you see without being on the team.",
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def by_list_filter(self, queryset, name, value: str):
        return selectors.case_filter(queryset, {name: value})

    def by_on_team(self, queryset, name, value: str):
        return queryset.filter(on_team=value == "true")

    def by_reference(self, queryset, name, value):
        return queryset.filter(reference__startswith=value.strip().upper())


def _visible_cases(user):
    return (
        selectors.case_list_visible_to(user)
        .select_related("survivor", "lead_organisation", "source_state", "destination_state")
        .prefetch_related("exploitation_forms")
    )


class CaseOrdering(OrderingFilter):
    ordering_fields = ["opened_at", "reference", "rescued_on"]
    ordering_description = "opened_at, reference or rescued_on; prefix - for descending. Default: -opened_at."


class CasePaged(Paged):
    ordering = ("-opened_at", "-pk")


@extend_schema(tags=["cases"])
class CaseList(LoggedView, ListAPIView):
    """The cases you may see (the same as the web case list), newest first, in cursor pages."""

    serializer_class = CaseSummarySerializer
    filterset_class = CaseFilter
    filter_backends = [StrictFilterBackend, CaseOrdering]
    pagination_class = CasePaged
    log_action = READ_LIST

    def get_queryset(self):
        return _visible_cases(self.request.user)


class SearchSerializer(StrictSerializer):
    text = serializers.CharField(max_length=100, help_text="A reference or its beginning, or her exact name or phone.")


@extend_schema(tags=["cases"], request=SearchSerializer, responses=CaseSummarySerializer(many=True))
class CaseSearch(LoggedView):
    """Search by reference, or by her exact name or phone: posted, so that a name never travels in
    an address or a server log. At most 50 cases; a name or phone finds only cases whose identity
    you may see."""

    log_action = READ_LIST
    read_only_post = True  # a search reads: a read-only token may ask it

    def post(self, request):
        data = SearchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cases = selectors.case_search(_visible_cases(request.user), data.validated_data["text"]).order_by(
            "-opened_at", "-pk"
        )[:50]
        from cases.audit import access_log_record
        from cases.models import AccessLogEntry

        access_log_record(request=request._request, action=AccessLogEntry.Action.SEARCH, target="api: case search")
        return Response(CaseSummarySerializer(cases, many=True).data)


@extend_schema(tags=["cases"])
class CaseDetail(CaseScopedGeneric, RetrieveAPIView):
    serializer_class = CaseDetailSerializer
    log_action = READ_CASE

    def get_object(self):
        return selectors.case_with_places(self.case)


# --- her identity ------------------------------------------------------------------------------


class SurvivorSerializer(serializers.Serializer):
    """Her identity exactly as the web page shows it: everything to those who may see who she is,
    else only the pseudonym, sex, whether she was a minor and her state of origin (`masked`)."""

    masked = serializers.BooleanField()
    pseudonym = serializers.CharField()
    sex = serializers.CharField()
    minor_at_offence = serializers.BooleanField()
    origin_state = serializers.CharField(allow_null=True)
    full_name = serializers.CharField(required=False)
    other_names = serializers.ListField(child=serializers.CharField(), required=False)
    date_of_birth = serializers.DateField(allow_null=True, required=False)
    estimated_age = serializers.IntegerField(allow_null=True, required=False)
    age_now = serializers.IntegerField(allow_null=True, required=False)
    languages_spoken = serializers.ListField(child=serializers.CharField(), required=False)
    preferred_language = serializers.CharField(required=False)
    preferred_channel = serializers.CharField(required=False)
    phone_numbers = serializers.ListField(child=serializers.CharField(), required=False)
    origin_district = serializers.CharField(allow_null=True, required=False)
    origin_village = serializers.CharField(required=False)
    origin_address = serializers.CharField(required=False)
    family_contact = serializers.CharField(required=False)
    guardian_name = serializers.CharField(required=False)
    guardian_relation = serializers.CharField(required=False)
    guardian_phone = serializers.CharField(required=False)
    identity_papers = serializers.ListField(child=serializers.CharField(), required=False)
    identity_erased = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False)


def survivor_data(survivor, *, identity_visible: bool) -> dict:
    data = {
        "masked": not identity_visible,
        "pseudonym": survivor.pseudonym,
        "sex": survivor.sex,
        "minor_at_offence": survivor.minor_at_offence,
        "origin_state": survivor.origin_state.code if survivor.origin_state else None,
    }
    if identity_visible:
        data |= {
            "full_name": survivor.full_name,
            "other_names": list(survivor.other_names or []),
            "date_of_birth": survivor.date_of_birth,
            "estimated_age": survivor.estimated_age,
            "age_now": survivor.age_now,
            "languages_spoken": list(survivor.languages_spoken or []),
            "preferred_language": survivor.preferred_language,
            "preferred_channel": survivor.preferred_channel,
            "phone_numbers": list(survivor.phone_numbers or []),
            "origin_district": survivor.origin_district.name if survivor.origin_district else None,
            "origin_village": survivor.origin_village,
            "origin_address": survivor.origin_address,
            "family_contact": survivor.family_contact,
            "guardian_name": survivor.guardian_name,
            "guardian_relation": survivor.guardian_relation,
            "guardian_phone": survivor.guardian_phone,
            "identity_papers": list(survivor.identity_papers or []),
            "identity_erased": survivor.identity_erased_at is not None,
            "version": survivor.version,
        }
    return data


@extend_schema(tags=["cases"], responses=SurvivorSerializer)
class SurvivorDetail(CaseScopedGeneric):
    """Her identity: logged as "viewed survivor identity" when it is shown, as a case view when masked."""

    log_action = READ_IDENTITY
    serializer_class = SurvivorSerializer

    def get(self, request, case_id):
        return Response(survivor_data(self.case.survivor, identity_visible=self.access.identity_visible))


# --- team --------------------------------------------------------------------------------------


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.display_name")
    organisation = serializers.CharField(source="organisation.short_name")

    class Meta:
        model = CaseAssignment
        fields = ["id", "name", "role", "organisation", "started_at"]


class TeamAddSerializer(StrictSerializer):
    membership = serializers.IntegerField(
        min_value=1, help_text="The id of the person's membership of her organisation."
    )
    role = serializers.ChoiceField(choices=CaseRole.choices)


@extend_schema(tags=["team"])
class TeamList(CaseScopedGeneric, ListAPIView):
    """Who is on the case team now. POST adds someone (the lead caseworker or the lead
    organisation's admin), as on the Team page: the person must be a candidate there."""

    serializer_class = TeamMemberSerializer

    def case_queryset(self):
        return selectors.team_list(self.case)

    @extend_schema(request=TeamAddSerializer, responses={201: TeamMemberSerializer})
    def post(self, request, case_id):
        require(self.access.can_manage_team)
        data = TeamAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = selectors.team_candidates(self.case).filter(pk=data.validated_data["membership"]).first()
        if membership is None:
            raise serializers.ValidationError({"membership": [_("Choose a person who can join this case.")]})
        assignment = services.team_add(
            actor=request.user, case=self.case, membership=membership, role=data.validated_data["role"]
        )
        return Response(TeamMemberSerializer(assignment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["team"])
class TeamMemberRemove(CaseScopedGeneric):
    serializer_class = TeamMemberSerializer

    @extend_schema(responses={204: None})
    def delete(self, request, case_id, assignment_id):
        require(self.access.can_manage_team)
        assignment = found_or_404(CaseAssignment.objects.filter(case=self.case, pk=assignment_id).first())
        services.team_remove(actor=request.user, case=self.case, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- consent -----------------------------------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer):
    recipient_organisation = serializers.CharField(source="recipient_organisation.short_name", allow_null=True)
    status = serializers.CharField(help_text="in_force, not_yet, expired or withdrawn.")

    class Meta:
        model = Consent
        fields = [
            "id",
            "purpose",
            "recipient_organisation",
            "given_by",
            "legal_basis",
            "method",
            "given_on",
            "expires_on",
            "withdrawn_at",
            "status",
        ]


class ConsentRecordSerializer(StrictSerializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    method = serializers.ChoiceField(choices=Consent.Method.choices)
    given_on = serializers.DateField()
    given_by = serializers.ChoiceField(choices=Consent.GivenBy.choices, default=Consent.GivenBy.SURVIVOR)
    recipient_organisation = serializers.SlugRelatedField(
        slug_field="short_name", queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )
    guardian_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    legal_basis = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    witness_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)


class ConsentWithdrawSerializer(StrictSerializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


@extend_schema(tags=["consent"])
class ConsentList(CaseScopedGeneric, ListAPIView):
    """Her consents on this case. POST records one (caseworkers on the team, the lead organisation's
    admin), refused with the field at fault as on the web form."""

    serializer_class = ConsentSerializer

    def case_queryset(self):
        return selectors.consent_list(self.case)

    @extend_schema(request=ConsentRecordSerializer, responses={201: ConsentSerializer})
    def post(self, request, case_id):
        require(self.access.can_record_consent)
        data = ConsentRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.consent_record(actor=request.user, case=self.case, **data.validated_data)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["consent"])
class ConsentWithdraw(CaseScopedGeneric):
    serializer_class = ConsentSerializer

    @extend_schema(request=ConsentWithdrawSerializer, responses=ConsentSerializer)
    def post(self, request, case_id, consent_id):
        require(self.access.can_record_consent)
        consent = found_or_404(Consent.objects.filter(case=self.case, pk=consent_id).first())
        data = ConsentWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.consent_withdraw(actor=request.user, case=self.case, consent=consent, **data.validated_data)
        return Response(ConsentSerializer(consent).data)


# --- timeline and notes ------------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    summary = serializers.CharField(source="summary_text")
    actor = serializers.CharField(source="actor.display_name", allow_null=True, default=None)
    note = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "occurred_at", "summary", "actor", "note"]

    def get_note(self, event) -> str | None:
        return event.note.body if event.note_id else None


class EventPaged(Paged):
    ordering = ("-occurred_at", "-pk")


@extend_schema(tags=["timeline"])
class Timeline(CaseScopedGeneric, ListAPIView):
    """The case's timeline, newest first, as the web page shows it to you (a supporting survivor
    leader does not see custody, medical or referral records; notes only to whom they are for)."""

    serializer_class = EventSerializer
    pagination_class = EventPaged

    def case_queryset(self):
        return selectors.timeline_for(self.case, self.access)


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name")

    class Meta:
        model = CaseNote
        fields = ["id", "body", "visibility", "author", "created_at"]


class NoteAddSerializer(StrictSerializer):
    body = serializers.CharField(max_length=10000)
    visibility = serializers.ChoiceField(choices=CaseNote.Visibility.choices, default=CaseNote.Visibility.TEAM)


@extend_schema(tags=["timeline"])
class NoteList(CaseScopedGeneric, ListAPIView):
    """Notes you may read (the team; lawyers-only notes to lawyers). POST adds one."""

    serializer_class = NoteSerializer
    pagination_class = Paged

    def case_queryset(self):
        require(self.access.can_see_notes)
        notes = CaseNote.objects.filter(case=self.case).select_related("author")
        if not self.access.can_see_lawyer_notes:
            notes = notes.filter(Q(visibility=CaseNote.Visibility.TEAM) | Q(author_id=self.access.user_id))
        return notes

    @extend_schema(request=NoteAddSerializer, responses={201: NoteSerializer})
    def post(self, request, case_id):
        require(self.access.can_add_note)
        data = NoteAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.note_add(actor=request.user, case=self.case, **data.validated_data)
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


# --- documents ---------------------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.display_name", allow_null=True, default=None)

    class Meta:
        model = CaseDocument
        fields = ["id", "doc_type", "title", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]


class DocumentUploadSerializer(StrictSerializer):
    doc_type = serializers.ChoiceField(choices=CaseDocument.Type.choices)
    title = serializers.CharField(max_length=200)
    file = serializers.FileField()


@extend_schema(tags=["documents"])
class DocumentList(CaseScopedGeneric, ListAPIView):
    """Her documents (caseworkers and lawyers on the team, the lead organisation's admin). POST
    uploads one (multipart): checked and stored encrypted as on the web page."""

    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser]

    def case_queryset(self):
        require(self.access.can_see_documents)
        return selectors.document_list(self.case)

    @extend_schema(request={"multipart/form-data": DocumentUploadSerializer}, responses={201: DocumentSerializer})
    def post(self, request, case_id):
        require(self.access.can_upload)
        data = DocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_upload(
            actor=request.user,
            case=self.case,
            doc_type=data.validated_data["doc_type"],
            title=data.validated_data["title"],
            uploaded=data.validated_data["file"],
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["documents"],
    responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file, as uploaded.")},
)
class DocumentDownload(CaseScopedGeneric):
    log_action = DOWNLOAD

    def get(self, request, case_id, document_id):
        require(self.access.can_see_documents)
        document = CaseDocument.objects.filter(case=self.case, pk=document_id).first()
        require(document is not None and bool(document.file))
        self.document = document
        response = HttpResponse(read_decrypted(document), content_type=document.content_type)
        response["Content-Disposition"] = f'attachment; filename="{document.download_name()}"'
        return response

    def log_target(self) -> str:
        document = getattr(self, "document", None)
        return f"api: document {document.pk}" if document else super().log_target()
