"""Compensation claims through the API: a case's claims as its Compensation tab shows them, a new
claim, a claim's steps and its payments. The inputs are checked by the web pages' own forms
(`ClaimScreenForm`, `PaymentForm`, the workflow's `StepForm`) and saved by compensation.services,
so a claim started or moved here obeys exactly the web's rules.

What a viewer without the team's notes sees (a survivor leader): no reasons written on the claim
(rejection, override, condonation...), as on the claim page; bank details and references of a
payment only with `can_see_bank_details`."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from cases.permissions import found_or_404, require
from compensation import display, selectors, services
from compensation.forms import ClaimScreenForm, PaymentForm
from compensation.models import Claim, ClaimPayment, Requirement
from compensation.workflow import SPEC

from .base import CaseScopedGeneric
from .fields import StrictSerializer, valid_form
from .workflows import StepSerializer, TransitionSerializer, service_arguments, steps_available, validated_step

# Reasons written on a claim: shown on the claim page only to those who see the team's notes.
NOTE_FIELDS = (
    "screening_override_reason",
    "condonation_note",
    "documents_waiver_note",
    "claimed_above_max_reason",
    "awarded_above_max_reason",
    "rejection_reason",
)


# --- serializers ---------------------------------------------------------------------------------


class PaymentSerializer(serializers.ModelSerializer):
    bank_name = serializers.SerializerMethodField(help_text="Only to those who may see her bank details.")
    reference = serializers.SerializerMethodField(help_text="Only to those who may see her bank details.")
    fd_share_reason = serializers.SerializerMethodField(help_text="Only to those who may see her bank details.")

    class Meta:
        model = ClaimPayment
        fields = ["id", "paid_on", "amount", "mode", "fd_maturity_on", "bank_name", "reference", "fd_share_reason"]

    def _shown(self, payment, field) -> str | None:
        return getattr(payment, field) if self.context["access"].can_see_bank_details else None

    def get_bank_name(self, payment) -> str | None:
        return self._shown(payment, "bank_name")

    def get_reference(self, payment) -> str | None:
        return self._shown(payment, "reference")

    def get_fd_share_reason(self, payment) -> str | None:
        return self._shown(payment, "fd_share_reason")


class RequirementSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    linked = serializers.BooleanField(help_text="Whether a case document stands for it.")


class ClaimSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="__str__", help_text="The scheme and the authority, never who she is.")
    scheme = serializers.CharField(source="scheme.code")
    scheme_version_from = serializers.DateField(source="scheme.effective_from")
    offence = serializers.CharField(source="line.category")
    line = serializers.IntegerField(source="line_id")
    authority_state = serializers.CharField(source="authority_state.code")
    authority_district = serializers.CharField(source="authority_district.name", allow_null=True, default=None)
    requirements = serializers.SerializerMethodField()
    payments = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField(
        help_text="The reasons written on the claim (override, condonation, rejection...): only to those who "
        "see the team's notes, else null."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "title",
            "scheme",
            "scheme_version_from",
            "line",
            "offence",
            "offence_basis",
            "minor_uplift",
            "stage",
            "stage_on",
            "route",
            "screened_on",
            "authority_level",
            "authority_state",
            "authority_district",
            "claim_number",
            "time_bar_on",
            "review_flagged_on",
            "amount_claimed",
            "applied_on",
            "court_label",
            "court_ordered_on",
            "court_ordered_amount",
            "interim_sought_on",
            "interim_amount",
            "interim_decided_on",
            "inquiry_started_on",
            "awarded_amount",
            "awarded_on",
            "award_reference",
            "fd_share_required",
            "fd_lock_in_months",
            "amount_paid",
            "fully_paid_on",
            "rejected_on",
            "appeal_filed_on",
            "appeal_reference",
            "writ_filed_on",
            "writ_number",
            "lapsed_on",
            "closed_on",
            "closure_reason",
            "requirements",
            "payments",
            "notes",
            "version",
        ]

    def get_requirements(self, claim) -> list[dict]:
        linked = {link.requirement for link in claim.document_links.all()}
        rows = [
            {
                "code": code,
                "label": str(Requirement(code).label) if code in Requirement.values else code,
                "linked": code in linked,
            }
            for code in claim.requirements()
        ]
        return RequirementSerializer(rows, many=True).data

    def get_payments(self, claim) -> list[dict]:
        return PaymentSerializer(claim.payments.all(), many=True, context=self.context).data

    def get_notes(self, claim) -> dict[str, str] | None:
        if not self.context["access"].can_see_notes:
            return None
        return {field: getattr(claim, field) for field in NOTE_FIELDS}


class ClaimStartSerializer(StrictSerializer):
    """The web's "Start a compensation claim" form (ids of the scheme line, state and district)."""

    line = serializers.IntegerField(help_text="The scheme line (scheme and offence) in force for her case.")
    offence_basis = serializers.CharField(required=False, allow_blank=True)
    authority_level = serializers.CharField()
    authority_state = serializers.IntegerField()
    authority_district = serializers.IntegerField(required=False, allow_null=True)
    screened_on = serializers.DateField()
    claim_number = serializers.CharField(required=False, allow_blank=True)
    amount_claimed = serializers.CharField(required=False, allow_blank=True, help_text="Rupees, e.g. 300000.")
    claimed_above_max_reason = serializers.CharField(required=False, allow_blank=True)
    screening_override_reason = serializers.CharField(required=False, allow_blank=True)


class PaymentRecordSerializer(StrictSerializer):
    """The web's "Record a payment" form."""

    version = serializers.IntegerField(help_text="The claim's version as you read it: a stale one is refused (409).")
    paid_on = serializers.DateField()
    amount = serializers.CharField(help_text="Rupees, e.g. 125000.")
    mode = serializers.CharField(help_text="bank_transfer or fixed_deposit.")
    bank_name = serializers.CharField(required=False, allow_blank=True)
    reference = serializers.CharField(required=False, allow_blank=True)
    fd_maturity_on = serializers.DateField(required=False, allow_null=True)
    fd_share_reason = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


# --- views ---------------------------------------------------------------------------------------


class ClaimScoped(CaseScopedGeneric):
    serializer_class = ClaimSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "access": self.access}

    def claim(self) -> Claim:
        return found_or_404(selectors.claim_get(self.case, self.kwargs["claim_id"]))


@extend_schema(tags=["compensation"])
class ClaimList(ClaimScoped, ListAPIView):
    """The case's claims, as its Compensation tab shows them to you. POST starts one (those who manage
    the case's compensation), checked as the web's form and screened by the same service."""

    def case_queryset(self):
        return selectors.claim_list_for_case(self.case)

    @extend_schema(request=ClaimStartSerializer, responses={201: ClaimSerializer})
    def post(self, request, case_id):
        require(self.access.can_manage_compensation)
        form = valid_form(ClaimScreenForm, request.data, shape=ClaimStartSerializer, case=self.case)
        claim = services.claim_screen(
            actor=request.user,
            case=self.case,
            **form.service_data(),
        )
        claim = selectors.claim_get(self.case, claim.pk)
        return Response(self.get_serializer(claim).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["compensation"])
class ClaimDetail(ClaimScoped):
    def get(self, request, case_id, claim_id):
        return Response(self.get_serializer(self.claim()).data)


def _offered(claim, access) -> set[str]:
    """The steps the claim page offers this person now (its stage, and the route's own conditions)."""
    if not access.can_manage_compensation:
        return set()
    return {step["name"] for step in display.next_steps(claim, access)}


@extend_schema(tags=["compensation"])
class ClaimTransitions(ClaimScoped):
    """GET: each step of the claim's workflow, whether it is offered now, and its inputs; POST: take
    one. Both to those who manage the case's compensation, as the claim's step pages. Payments are recorded at
    .../payments/."""

    @extend_schema(responses=StepSerializer(many=True))
    def get(self, request, case_id, claim_id):
        require(self.access.can_manage_compensation)  # as the web's step pages
        claim = self.claim()
        offered = _offered(claim, self.access)
        steps = steps_available(SPEC, claim, self.access)
        return Response([{**step, "allowed_now": step["transition"] in offered} for step in steps])

    @extend_schema(request=TransitionSerializer, responses=ClaimSerializer)
    def post(self, request, case_id, claim_id):
        require(self.access.can_manage_compensation)
        claim = self.claim()
        form = validated_step(spec=SPEC, obj=claim, access=self.access, data=request.data)
        if form.step.name not in _offered(claim, self.access):
            raise ValidationError({"transition": _("This step is not open to the claim now.")})
        arguments = service_arguments(form)
        arguments["values"] = arguments.pop("data")
        services.claim_transition(actor=request.user, claim=claim, **arguments)
        return Response(self.get_serializer(self.claim()).data)


@extend_schema(tags=["compensation"])
class ClaimPayments(ClaimScoped):
    """The claim's payments (bank details only to those who may see them). POST records one (those who
    manage the case's compensation), as the web's payment form; before the claim is payable the service's
    refusal says why (400)."""

    @extend_schema(responses=PaymentSerializer(many=True))
    def get(self, request, case_id, claim_id):
        claim = self.claim()
        return Response(PaymentSerializer(claim.payments.all(), many=True, context={"access": self.access}).data)

    @extend_schema(request=PaymentRecordSerializer, responses={201: PaymentSerializer})
    def post(self, request, case_id, claim_id):
        require(self.access.can_manage_compensation)
        claim = self.claim()
        form = valid_form(PaymentForm, request.data, shape=PaymentRecordSerializer)
        payment = services.claim_payment_record(actor=request.user, claim=claim, **form.service_data())
        return Response(
            PaymentSerializer(payment, context={"access": self.access}).data, status=status.HTTP_201_CREATED
        )
