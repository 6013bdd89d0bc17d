"""Referrals through the API: a case's referrals as its Referrals tab shows them, sending one (or a
transfer of lead), and the sender's and the receiver's moves; on the receiving side, the inbox of
the organisations she answers for, with only what a referral shares, and accepting or declining.

Who acts on which side is referrals.permissions (the sender through the case she sees, the receiver
through her membership of the receiving organisation); the inputs are checked by the web pages' own
forms and saved by referrals.services, so the API allows exactly what the pages allow.

A person may belong to several organisations: the API has no organisation switcher, so her inbox is
that of every organisation she is an active member of with a role that has one (`INBOX_ROLES`)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from cases.permissions import found_or_404, require
from cases.selectors import case_get_visible
from consortium.selectors import membership_list_for_user
from referrals import selectors, services
from referrals.forms import AcceptForm, CloseForm, DeclineForm, ReferralSendForm
from referrals.models import Referral, Service
from referrals.permissions import (
    INBOX_ROLES,
    is_receiver_on_case,
    may_acknowledge,
    may_close,
    may_withdraw,
    referral_actor,
)

from .base import READ_CASE, READ_LIST, CaseScopedGeneric, LoggedView
from .fields import StrictSerializer, form_data

# --- serializers ---------------------------------------------------------------------------------


class ReferralSerializer(serializers.ModelSerializer):
    """A row of the case's Referrals tab: organisations, service, state and dates; never her identity."""

    sending_organisation = serializers.CharField(source="sending_organisation.short_name")
    receiving_organisation = serializers.CharField(source="receiving_organisation.short_name")
    receiving_person = serializers.CharField(source="receiving_person.display_name", allow_null=True, default=None)
    actions = serializers.SerializerMethodField(
        help_text="What you may do on it now, as the tab's buttons: withdraw, acknowledge, close."
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "kind",
            "service",
            "sending_organisation",
            "receiving_organisation",
            "receiving_person",
            "stage",
            "respond_by",
            "sent_at",
            "answered_at",
            "decline_reason",
            "outcome",
            "outcome_on",
            "follow_up_on",
            "ended_at",
            "actions",
            "version",
        ]

    def get_actions(self, referral) -> list[str]:
        actor = self.context["actor"]
        allowed = {"withdraw": may_withdraw, "acknowledge": may_acknowledge, "close": may_close}
        return [name for name, may in allowed.items() if may(referral, actor)]


class DocumentShared(serializers.Serializer):
    doc_type = serializers.CharField()
    title = serializers.CharField()


class IncomingSerializer(serializers.ModelSerializer):
    """What a referral shares with the receiving organisation: the case reference, her pseudonym,
    the service, the states and districts, the sender's message and the documents' types and titles.
    Never her name, contacts or address."""

    case_reference = serializers.CharField()
    pseudonym = serializers.CharField()
    minor = serializers.BooleanField(allow_null=True)
    source_state = serializers.CharField(source="source_state_name", allow_null=True)
    source_district = serializers.CharField(source="source_district_name", allow_null=True)
    destination_state = serializers.CharField(source="destination_state_name", allow_null=True)
    destination_district = serializers.CharField(source="destination_district_name", allow_null=True)
    sending_organisation = serializers.CharField(source="sending_organisation.name")
    receiving_organisation = serializers.CharField(source="receiving_organisation.name")
    receiving_person = serializers.CharField(source="receiving_person.display_name", allow_null=True, default=None)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "kind",
            "service",
            "case_reference",
            "pseudonym",
            "minor",
            "source_state",
            "source_district",
            "destination_state",
            "destination_district",
            "sending_organisation",
            "receiving_organisation",
            "receiving_person",
            "stage",
            "sent_at",
            "respond_by",
            "message",
            "documents",
            "decline_reason",
            "outcome",
            "outcome_on",
            "version",
        ]

    def get_documents(self, referral) -> list[dict]:
        return DocumentShared(referral.documents.all(), many=True).data


class IncomingDetailSerializer(IncomingSerializer):
    case = serializers.SerializerMethodField(help_text="The case's id once you may see it, else null.")

    class Meta(IncomingSerializer.Meta):
        fields = [*IncomingSerializer.Meta.fields, "case"]

    def get_case(self, referral) -> int | None:
        return referral.case_id if self.context.get("case_visible") else None


class InboxSerializer(serializers.Serializer):
    waiting = IncomingSerializer(many=True, help_text="Waiting for your answer, the soonest to answer first.")
    recent = IncomingSerializer(many=True, help_text="Answered or ended in the last 90 days, the latest first.")


class ReferralSendSerializer(StrictSerializer):
    """The web's "Refer the case or a service" form."""

    service = serializers.ChoiceField(choices=Service.choices)
    receiving_organisation = serializers.IntegerField(help_text="An active organisation of the consortium.")
    receiving_person = serializers.IntegerField(
        required=False, allow_null=True, help_text="The user id of a person there (optional)."
    )
    respond_by = serializers.DateField(help_text="At most 90 days ahead.")
    message = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Never her name, contacts or address."
    )
    documents = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Ids of the case's documents to share (those who see the case's documents).",
    )


class TransferSendSerializer(ReferralSendSerializer):
    """The web's "Transfer the lead of the case" form (no service: the whole case)."""

    service = None  # type: ignore[assignment]


class VersionSerializer(StrictSerializer):
    version = serializers.IntegerField(
        min_value=0, help_text="The referral's version as you read it: a stale one is refused (409)."
    )


class WithdrawSerializer(VersionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CloseSerializer(VersionSerializer):
    """The web's "Record the service's outcome" form."""

    outcome = serializers.ChoiceField(choices=Referral.Outcome.choices)
    outcome_on = serializers.DateField()
    follow_up_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AcceptSerializer(VersionSerializer):
    receiving_person = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The user id of who takes it on (she joins the team); left out: the person the referral "
        "names, else yourself.",
    )


class DeclineSerializer(VersionSerializer):
    reason = serializers.ChoiceField(choices=Referral.DeclineReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


# --- the case's Referrals tab (sending side, and the receiver once on her team) -------------------


class CaseReferralScoped(CaseScopedGeneric):
    serializer_class = ReferralSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": referral_actor(self.request.user, self.case)}

    def shown(self) -> list[Referral]:
        return selectors.case_referrals(self.case, self.access)

    def referral(self) -> Referral:
        """A referral of the case, as its buttons find it (referrals.views._case_referral)."""
        return found_or_404(selectors.case_referral_get(self.case, self.kwargs["referral_id"]))

    def answer(self, referral: Referral, status_code=status.HTTP_200_OK) -> Response:
        # Read again, as the tab shows it to her now (the move may have ended her place: then 404 is
        # not right either, so an empty answer says it was done).
        shown = [r for r in self.shown() if r.pk == referral.pk] if self._still_visible() else []
        if not shown:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(shown[0]).data, status=status_code)

    def _still_visible(self) -> bool:
        return case_get_visible(self.request.user, self.case.pk) is not None


def _send(view, request, *, transfer: bool) -> Response:
    access, case = view.access, view.case
    require(access.can_manage_team if transfer else access.can_edit)  # as the web's send pages
    kind = Referral.Kind.TRANSFER if transfer else Referral.Kind.REFERRAL
    organisations = selectors.receiver_choices(case, kind=kind, sending_organisation_id=None)
    data = form_data(
        ReferralSendForm,
        request.data,
        case=case,
        organisations=organisations,
        transfer=transfer,
        show_documents=access.can_see_documents,
    )
    referral = services.referral_send(actor=request.user, case=case, kind=kind, **data)
    return view.answer(referral, status.HTTP_201_CREATED)


@extend_schema(tags=["referrals"])
class ReferralList(CaseReferralScoped, ListAPIView):
    """The case's referrals and transfers of lead, newest first, as its Referrals tab shows them to you
    (a survivor leader there to support her: only those to her own collective). POST refers the case
    or one service need of hers to another organisation (those who edit the case), with her consent
    in force for it."""

    def case_queryset(self):
        return self.shown()

    @extend_schema(request=ReferralSendSerializer, responses={201: ReferralSerializer})
    def post(self, request, case_id):
        return _send(self, request, transfer=False)


@extend_schema(tags=["referrals"])
class TransferSend(CaseReferralScoped):
    """Ask another organisation to lead the case (its lead caseworker or the lead organisation's admin)."""

    @extend_schema(request=TransferSendSerializer, responses={201: ReferralSerializer})
    def post(self, request, case_id):
        return _send(self, request, transfer=True)


@extend_schema(tags=["referrals"])
class ReferralDetail(CaseReferralScoped):
    def get(self, request, case_id, referral_id):
        referral = found_or_404(next((r for r in self.shown() if r.pk == referral_id), None))
        return Response(self.get_serializer(referral).data)


@extend_schema(tags=["referrals"])
class ReferralWithdraw(CaseReferralScoped):
    """The sending side calls it off (an accepted referral: the place on her team it gave ends)."""

    @extend_schema(request=WithdrawSerializer, responses={200: ReferralSerializer, 204: None})
    def post(self, request, case_id, referral_id):
        referral = self.referral()
        require(self.access.can_edit)  # as the tab's button
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        moved = services.referral_withdraw(
            actor=request.user,
            referral=referral,
            expected_version=data.validated_data["version"],
            note=data.validated_data.get("note", ""),
        )
        return self.answer(moved)


@extend_schema(tags=["referrals"])
class ReferralAcknowledge(CaseReferralScoped):
    """The old lead organisation acknowledges the handover of the file after a transfer of lead was
    accepted; its people's places then rest on her consent. 204 when your own place ended with it."""

    @extend_schema(request=VersionSerializer, responses={200: ReferralSerializer, 204: None})
    def post(self, request, case_id, referral_id):
        referral = self.referral()
        require(self.access.can_edit)  # as the tab's button
        data = VersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        moved = services.referral_acknowledge(
            actor=request.user, referral=referral, expected_version=data.validated_data["version"]
        )
        return self.answer(moved)


@extend_schema(tags=["referrals"])
class ReferralClose(CaseReferralScoped):
    """The receiving organisation's people on her team record the service's outcome and close it: the
    place on her team it gave ends (204 when it was yours)."""

    @extend_schema(request=CloseSerializer, responses={200: ReferralSerializer, 204: None})
    def post(self, request, case_id, referral_id):
        referral = self.referral()
        require(is_receiver_on_case(referral, referral_actor(request.user, self.case)))  # as the web's page
        data = form_data(CloseForm, request.data, referral=referral)
        moved = services.referral_close(
            actor=request.user,
            referral=referral,
            expected_version=data["version"],
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            follow_up_on=data.get("follow_up_on"),
            note=data.get("note") or "",
        )
        return self.answer(moved)


# --- the receiving organisation's inbox ----------------------------------------------------------


def _inbox_memberships(user) -> list:
    """Her memberships with an inbox; none: 403, as the web's inbox pages (role_required)."""
    memberships = [m for m in membership_list_for_user(user) if m.role in INBOX_ROLES]
    if not memberships:
        raise PermissionDenied
    return memberships


@extend_schema(tags=["referrals"])
class ReferralInbox(LoggedView):
    """Referrals and transfers of lead addressed to the organisations you answer for, with only what
    each shares: those waiting for your answer, and those answered or ended in the last 90 days."""

    log_action = READ_LIST

    @extend_schema(responses=InboxSerializer, operation_id="referrals_incoming_inbox")
    def get(self, request):
        waiting, recent, seen = [], [], set()
        for membership in _inbox_memberships(request.user):
            inbox = selectors.inbox_for(membership)
            for rows, into in ((inbox["waiting"], waiting), (inbox["recent"], recent)):
                into.extend(row for row in rows if row.pk not in seen)
                seen |= {row.pk for row in rows}
        waiting.sort(key=lambda r: (r.respond_by, r.pk))
        recent.sort(key=lambda r: r.updated_at, reverse=True)
        return Response(InboxSerializer({"waiting": waiting, "recent": recent}).data)


class IncomingScoped(LoggedView):
    log_action = READ_CASE  # what a referral shares is case data: the lead organisation sees who read it

    def incoming(self) -> Referral:
        for membership in _inbox_memberships(self.request.user):
            referral = selectors.inbox_get(membership, self.kwargs["referral_id"])
            if referral is not None:
                self.referral = referral
                return referral
        raise Http404

    def logged_case(self):
        referral = self.__dict__.get("referral")
        return referral.case if referral is not None else None

    def log_target(self) -> str:
        referral = self.__dict__.get("referral")
        return f"api: incoming referral {referral.pk}" if referral is not None else super().log_target()

    def answer(self, referral: Referral) -> Response:
        visible = case_get_visible(self.request.user, referral.case_id) is not None
        for membership in _inbox_memberships(self.request.user):
            row = selectors.inbox_get(membership, referral.pk)
            if row is not None:
                return Response(IncomingDetailSerializer(row, context={"case_visible": visible}).data)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["referrals"])
class IncomingReferral(IncomingScoped):
    """One referral to your organisation, as its page shows it; `case` is its case's id once you see it."""

    @extend_schema(responses=IncomingDetailSerializer)
    def get(self, request, referral_id):
        return self.answer(self.incoming())


@extend_schema(tags=["referrals"])
class IncomingAccept(IncomingScoped):
    """Accept it: the person who takes it on joins her team (a transfer: your organisation leads the case)."""

    @extend_schema(request=AcceptSerializer, responses={200: IncomingDetailSerializer, 204: None})
    def post(self, request, referral_id):
        referral = self.incoming()
        data = form_data(AcceptForm, request.data, referral=referral, people=selectors.answer_people(referral))
        moved = services.referral_accept(
            actor=request.user,
            referral=referral,
            expected_version=data["version"],
            receiving_person=data.get("receiving_person"),
            request=request._request,
        )
        return self.answer(moved)


@extend_schema(tags=["referrals"])
class IncomingDecline(IncomingScoped):
    """Decline it, with a reason from the list and a note for the sending organisation."""

    @extend_schema(request=DeclineSerializer, responses={200: IncomingDetailSerializer, 204: None})
    def post(self, request, referral_id):
        referral = self.incoming()
        data = form_data(DeclineForm, request.data, referral=referral)
        moved = services.referral_decline(
            actor=request.user,
            referral=referral,
            expected_version=data["version"],
            reason=data["reason"],
            note=data.get("note") or "",
        )
        return self.answer(moved)
