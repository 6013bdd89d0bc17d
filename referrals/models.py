"""Referrals between organisations, and transfers of a case's lead organisation.

One model, two kinds:
- a referral hands the case, or one service need of hers (legal aid, shelter, health...), to
  another organisation or a person there. The receiving organisation answers before it can see
  the case (its inbox shows only what the referral shares); accepting gives the receiving person
  a place on the case team resting on the survivor's consent, ended when the consent is withdrawn
  or expires, and when the referral ends (closed with its outcome, or withdrawn);
- a transfer of lead moves the case to another lead organisation: accepting makes it the case's
  lead organisation and the accepting person its lead caseworker; the sending side then
  acknowledges the handover of the file, and from then its people stay on the team only where
  her consent for their organisation is in force (referrals.services.referral_acknowledge).

States: sent -> accepted | declined | withdrawn | expired; an accepted referral is closed with its
outcome, an accepted transfer is acknowledged. Each move is written by the case hub's workflow
engine (cases.workflow.fsm_transition): the stage history and the case timeline.

Free text (the sender's message, notes) may name people: encrypted at rest. `__str__` and the
timeline carry organisations and the service only, never her identity or where she is.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from cases.conditions import requires
from cases.models import CaseRole
from consortium.models import Organisation
from core.fields import EncryptedTextField
from survivors.models import ConsentPurpose


class Service(models.TextChoices):
    WHOLE_CASE = "whole_case", _("The whole case")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SHELTER = "shelter", _("Shelter")
    HEALTH = "health", _("Health care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial care")
    LIVELIHOOD = "livelihood", _("Livelihood")
    REPATRIATION = "repatriation", _("Repatriation")
    EDUCATION = "education", _("Education")
    IDENTITY_PAPERS = "identity_papers", _("Identity papers")
    COMPENSATION = "compensation", _("Compensation claim")
    OTHER = "other", _("Other support")


def _sending_side(referral, actor) -> bool:
    from .permissions import is_sending_side

    return is_sending_side(referral, actor)


def _receiving_side(referral, actor) -> bool:
    from .permissions import is_receiving_side

    return is_receiving_side(referral, actor)


def _receiver_on_case(referral, actor) -> bool:
    from .permissions import is_receiver_on_case

    return is_receiver_on_case(referral, actor)


def _system(referral, actor) -> bool:
    return actor is None or getattr(actor, "system", False)


@requires(_("Her consent for this referral is no longer in force."))
def consent_in_force(referral) -> bool:
    from .selectors import consent_for

    return consent_for(referral.case, referral.receiving_organisation, referral.consent_purpose) is not None


@requires(_("The case was closed after this referral was sent: ask the sending organisation."))
def case_open(referral) -> bool:
    return referral.case.is_open


@requires(_("Choose why you decline."))
def decline_reason_given(referral) -> bool:
    return bool(referral.decline_reason)


@requires(_("Give the service's outcome and the day."))
def outcome_given(referral) -> bool:
    return bool(referral.outcome) and referral.outcome_on is not None


@requires(_("A transfer of lead that was accepted cannot be withdrawn: the case has a new lead organisation."))
def withdrawable(referral) -> bool:
    return referral.kind == Referral.Kind.REFERRAL or referral.stage == Referral.Stage.SENT


@requires(_("Only a referral is closed with a service outcome."))
def kind_is_referral(referral) -> bool:
    return referral.kind == Referral.Kind.REFERRAL


@requires(_("Only a transfer of lead is acknowledged."))
def kind_is_transfer(referral) -> bool:
    return referral.kind == Referral.Kind.TRANSFER


class Referral(ConcurrentTransitionMixin, models.Model):
    class Kind(models.TextChoices):
        REFERRAL = "referral", _("Referral")
        TRANSFER = "transfer", _("Transfer of lead")

    class Stage(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        CLOSED = "closed", _("Closed with outcome")
        ACKNOWLEDGED = "acknowledged", _("Handover acknowledged")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    OPEN_STAGES = (Stage.SENT, Stage.ACCEPTED)

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity now")
        OUTSIDE_MANDATE = "outside_mandate", _("Outside what we do")
        OUTSIDE_AREA = "outside_area", _("Outside the area we work in")
        CONFLICT = "conflict", _("Conflict of interest")
        OTHER_ORGANISATION = "other_organisation", _("Another organisation is better placed")
        INFORMATION_MISSING = "information_missing", _("Information missing to decide")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        GIVEN = "given", _("Service given")
        PARTLY = "partly", _("Service partly given")
        NOT_GIVEN = "not_given", _("Service not given")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REFERRAL)
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    sending_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("sending organisation")
    )
    receiving_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="incoming_referrals",
        verbose_name=_("receiving organisation"),
    )
    receiving_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person there"),
    )
    # The consent the referral was sent under; its purpose is the one the receiver's role needs.
    consent = models.ForeignKey("survivors.Consent", on_delete=models.PROTECT, related_name="+")
    message = EncryptedTextField(
        _("message to the receiving organisation"),
        blank=True,
        help_text=_(
            "They read this before they accept and before they can see her case: what she needs and why. "
            "Do not write her name, contacts or address."
        ),
    )
    documents = models.ManyToManyField(
        "cases.CaseDocument", blank=True, related_name="+", verbose_name=_("documents shared")
    )
    stage = FSMField(_("state"), default=Stage.SENT, choices=Stage.choices, protected=True)
    respond_by = models.DateField(_("respond by"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(_("reason"), max_length=30, choices=DeclineReason.choices, blank=True)
    answer_note = EncryptedTextField(_("note"), blank=True)
    # The team place the acceptance gave (none when the person was on the team already).
    assignment = models.ForeignKey(
        "cases.CaseAssignment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    outcome_note = EncryptedTextField(_("outcome note"), blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["receiving_organisation", "stage"], name="referral_inbox")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="transfer") | Q(service="whole_case"), name="referral_transfer_is_whole_case"
            ),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        # Organisations and the service only: shown on timelines and in logs.
        route = f"{self.sending_organisation.short_name} → {self.receiving_organisation.short_name}"
        if self.kind == self.Kind.TRANSFER:
            return f"{_('Transfer of lead')} {route}"
        return f"{_('Referral')} ({self.get_service_display()}) {route}"

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    @property
    def is_transfer(self) -> bool:
        return self.kind == self.Kind.TRANSFER

    @property
    def team_role(self) -> str:
        """The role the receiving person takes on the case team."""
        if self.kind == self.Kind.TRANSFER:
            return CaseRole.LEAD_CASEWORKER
        if self.service == Service.LEGAL_AID:
            return CaseRole.LAWYER
        if self.receiving_organisation.kind == Organisation.Kind.SURVIVOR_COLLECTIVE:
            return CaseRole.SURVIVOR_LEADER
        return CaseRole.CASEWORKER

    @property
    def consent_purpose(self) -> str:
        """The purpose of her consent that the receiver's role needs."""
        return purpose_for_role(self.team_role)

    # --- transitions -------------------------------------------------------------------------

    @transition(
        field=stage,
        source=Stage.SENT,
        target=Stage.ACCEPTED,
        permission=_receiving_side,
        conditions=[case_open, consent_in_force],
    )
    def accept(self):
        """The receiving organisation takes it on; the receiving person joins the team (service)."""

    @transition(
        field=stage,
        source=Stage.SENT,
        target=Stage.DECLINED,
        permission=_receiving_side,
        conditions=[decline_reason_given],
    )
    def decline(self):
        """The receiving organisation cannot take it on, with a reason."""

    @transition(
        field=stage,
        source=[Stage.SENT, Stage.ACCEPTED],
        target=Stage.WITHDRAWN,
        permission=_sending_side,
        conditions=[withdrawable],
    )
    def withdraw(self):
        """The sending side calls it off; an accepted referral's team place ends (service)."""

    @transition(field=stage, source=Stage.SENT, target=Stage.EXPIRED, permission=_system)
    def expire(self):
        """Unanswered past its respond-by date (the deadline scan)."""

    @transition(
        field=stage,
        source=Stage.ACCEPTED,
        target=Stage.CLOSED,
        permission=_receiver_on_case,
        conditions=[kind_is_referral, outcome_given],
    )
    def close(self):
        """The receiver records the service's outcome; the team place the referral gave ends (service)."""

    @transition(
        field=stage,
        source=Stage.ACCEPTED,
        target=Stage.ACKNOWLEDGED,
        permission=_sending_side,
        conditions=[kind_is_transfer],
    )
    def acknowledge(self):
        """The old lead organisation confirms it handed the file over."""


ROLE_CONSENT = {
    CaseRole.LAWYER: ConsentPurpose.LEGAL_REPRESENTATION,
    CaseRole.SURVIVOR_LEADER: ConsentPurpose.COLLECTIVE_SUPPORT,
}


def purpose_for_role(role: str) -> str:
    """Legal aid rests on her consent to legal representation, a survivor collective's support on her
    consent to collective support, everything else on her consent to share with the organisation."""
    return ROLE_CONSENT.get(role, ConsentPurpose.SHARE_WITH_ORGANISATION)
