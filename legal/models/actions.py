"""What the case team does to push an investigation: requests to police in the other
state, and advocacy actions (protest petitions, applications, complaints) with outcomes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from consortium.models import Organisation, State
from core.fields import EncryptedTextField
from legal.models.investigation import FIR


class PoliceRequest(models.Model):
    """A request from one organisation or police station to another, usually across states."""

    class Subject(models.TextChoices):
        AGE_PROOF = "age_proof", _("Survivor's age proof")
        CHARGESHEET_COPY = "chargesheet_copy", _("Copy of the chargesheet")
        FIR_COPY = "fir_copy", _("Copy of the FIR")
        STATEMENT = "statement", _("Record the survivor's statement")
        ACCUSED_DETAILS = "accused_details", _("Details or arrest of an accused")
        VERIFICATION = "verification", _("Home or address verification")
        CASE_DIARY = "case_diary", _("Case diary or investigation status")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting response")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="police_requests")
    fir = models.ForeignKey(
        FIR, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests", verbose_name=_("FIR")
    )
    subject = models.CharField(_("what is asked"), max_length=20, choices=Subject.choices)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("from")
    )
    from_police_station = models.CharField(_("or from police station"), max_length=120, blank=True)
    to_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("to (state)"))
    to_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to organisation"),
    )
    to_police_station = models.CharField(_("or to police station / office"), max_length=120, blank=True)
    details = EncryptedTextField(_("details"), blank=True)
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("answer expected by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    response = EncryptedTextField(_("response"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="police_request_due")]

    def __str__(self):
        return f"{self.get_subject_display()} → {self.recipient}"

    @property
    def sender(self) -> str:
        return self.from_police_station or (self.from_organisation.short_name if self.from_organisation else "")

    @property
    def recipient(self) -> str:
        return self.to_police_station or (self.to_organisation.short_name if self.to_organisation else "")

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class PoliceRequestReminder(models.Model):
    request = models.ForeignKey(PoliceRequest, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("reminder sent on"))
    note = EncryptedTextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_on", "pk"]


class AdvocacyAction(models.Model):
    class Kind(models.TextChoices):
        PROTEST_PETITION = "protest_petition", _("Protest petition")
        ADD_SECTIONS = "add_sections", _("Application to add sections")
        AHTU_TRANSFER = "ahtu_transfer", _("Request to transfer to an AHTU")
        SENIOR_OFFICER = "senior_officer", _("Complaint to a senior officer")
        FURTHER_INVESTIGATION = "further_investigation", _("Application for further investigation")
        CANCEL_BAIL = "cancel_bail", _("Application to cancel bail")
        RTI = "rti", _("Right to Information application")
        COMMISSION = "commission", _("Complaint to a commission (women, child rights, human rights)")
        WRIT = "writ", _("Writ petition in the High Court")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted / done")
        PARTLY = "partly", _("Partly granted")
        REJECTED = "rejected", _("Rejected")
        NO_RESPONSE = "no_response", _("No response")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="advocacy_actions")
    fir = models.ForeignKey(
        FIR, on_delete=models.SET_NULL, null=True, blank=True, related_name="advocacy_actions", verbose_name=_("FIR")
    )
    kind = models.CharField(_("action"), max_length=30, choices=Kind.choices)
    filed_with = models.CharField(_("filed with"), max_length=150, help_text=_("Court, officer or authority."))
    filed_on = models.DateField(_("filed on"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["kind", "outcome"], name="advocacy_kind_outcome")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.filed_with})"
