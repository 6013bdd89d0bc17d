"""Accused persons: what each case recorded about a person, and which records are one person.

An `Accused` row is what ONE case's team recorded about an accused person (names, aliases,
phones, addresses, description): it is on exactly one case (its CaseAccused row), and only that
case's team edits it, sees it and its history. When two cases accuse the same person, their
records share an `AccusedPerson`: the link says "the same person" and carries nothing else.
So an edit on one case never reaches a case whose readers cannot see the editor's case, and a
stale-save message about a record names only someone who worked on that same case.

Names, aliases, phones and addresses are encrypted; exact matching (the same phone, the same
normalised name) goes through keyed blind indexes in AccusedSearchToken, one set per record.
Which other cases of a person she sees is always filtered through the visibility selector.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case
from core.fields import EncryptedJSONListField, EncryptedTextField
from legal.models.investigation import FIR


class AccusedRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter")
    TRANSPORTER = "transporter", _("Transporter")
    BROTHEL_KEEPER = "brothel_keeper", _("Brothel keeper")
    EMPLOYER = "employer", _("Employer")
    PLACEMENT_AGENT = "placement_agent", _("Placement agent")
    BUYER = "buyer", _("Buyer")
    HARBOURER = "harbourer", _("Harbourer")
    FINANCIER = "financier", _("Financier")
    OTHER = "other", _("Other")


class AccusedPerson(models.Model):
    """One accused person as known across cases: only the fact that records are the same person.

    No name, phone or note lives here: each case keeps its own details on its Accused record, so
    linking two cases never carries what one team recorded to the other (consortium practice:
    a team sees only what was recorded on cases it may see)."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("accused person (identity)")
        verbose_name_plural = _("accused persons (identities)")

    def __str__(self):
        return f"Person #{self.pk}"


class Accused(models.Model):
    """What one case recorded about an accused person (see the module docstring)."""

    person = models.ForeignKey(AccusedPerson, on_delete=models.PROTECT, related_name="records")
    names = EncryptedJSONListField(_("names"))
    aliases = EncryptedJSONListField(_("aliases"), blank=True)
    phones = EncryptedJSONListField(_("phone numbers"), blank=True)
    addresses = EncryptedJSONListField(_("addresses"), blank=True)
    description = EncryptedTextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("accused person")
        verbose_name_plural = _("accused persons")

    def __str__(self):
        # Never the name: __str__ reaches titles, logs and the admin's change messages.
        return f"Accused #{self.pk}"

    def save(self, *args, **kwargs):
        # A record nobody linked yet is a person of its own.
        if self.person_id is None:
            self.person = AccusedPerson.objects.create()
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.names[0] if self.names else str(self)


class AccusedSearchToken(models.Model):
    class Kind(models.TextChoices):
        NAME = "name", _("Name")
        PHONE = "phone", _("Phone")

    accused = models.ForeignKey(Accused, on_delete=models.CASCADE, related_name="search_tokens")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["accused", "kind", "digest"], name="accused_token_unique")]


class CaseAccused(models.Model):
    """An accused person on one case, with the part she says they played.

    Each Accused record is on one case only (accused_record_on_one_case): a second case of the
    same person has its own record, linked through AccusedPerson."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accused_links")
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(_("role"), max_length=20, choices=AccusedRole.choices)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "accused"], name="accused_once_per_case"),
            models.UniqueConstraint(fields=["accused"], name="accused_record_on_one_case"),
        ]


class Custody(models.TextChoices):
    NONE = "", _("Not in custody")
    POLICE = "police", _("Police custody")
    JUDICIAL = "judicial", _("Judicial custody")


class BailStatus(models.TextChoices):
    NONE = "", _("No bail application")
    APPLIED = "applied", _("Bail applied")
    GRANTED = "granted", _("Bail granted")
    REJECTED = "rejected", _("Bail rejected")
    CANCELLED = "cancelled", _("Bail cancelled")


class FIRAccused(models.Model):
    """An accused on one FIR: named or not, arrest, custody and investigation-stage bail.

    This row is "the arrest record" the chargesheet deadlines (60/90 days) hang on.
    """

    fir = models.ForeignKey(FIR, on_delete=models.CASCADE, related_name="accused_links")
    accused = models.ForeignKey(Accused, on_delete=models.PROTECT, related_name="fir_links")
    named_in_fir = models.BooleanField(_("named in the FIR"), default=True)
    arrested_on = models.DateField(_("arrested on"), null=True, blank=True)
    arrested_at_time = models.TimeField(
        _("arrested at (time)"),
        null=True,
        blank=True,
        help_text=_("BNSS 58: production before a magistrate within 24 hours."),
    )
    remanded_on = models.DateField(
        _("first remanded on"),
        null=True,
        blank=True,
        help_text=_("The magistrate's first order of detention: the default-bail clock runs from this day, counted."),
    )
    custody = models.CharField(_("custody"), max_length=10, choices=Custody.choices, blank=True)
    released_without_charge = models.BooleanField(_("released without charge"), default=False)
    bail_status = models.CharField(_("bail"), max_length=10, choices=BailStatus.choices, blank=True)
    bail_applied_on = models.DateField(_("bail applied on"), null=True, blank=True)
    bail_granted_on = models.DateField(_("bail granted on"), null=True, blank=True)
    bail_rejected_on = models.DateField(_("bail rejected on"), null=True, blank=True)
    bail_cancelled_on = models.DateField(_("bail cancelled on"), null=True, blank=True)
    default_bail = models.BooleanField(_("default bail (no chargesheet in time)"), default=False)
    absconding = models.BooleanField(_("absconding"), default=False)
    # Her lawyer's choice: this accused's name and custody/bail status appear on her own page.
    shared_with_survivor = models.BooleanField(_("shown on her own page"), default=False, db_default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["fir", "accused"], name="accused_once_per_fir")]

    def __str__(self):
        return f"{self.fir} · {self.accused}"

    @property
    def is_arrested(self) -> bool:
        return self.arrested_on is not None and not self.released_without_charge


class AccusedMatchAlert(models.Model):
    """A new accused record matches one on a case the recorder cannot see.

    She is told nothing; coordinators review the pair on their own page and either confirm
    it is the same person (the records are linked as one AccusedPerson; each case keeps its
    own details) or dismiss it.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Same person: linked")
        DISMISSED = "dismissed", _("Different people")

    accused = models.ForeignKey(Accused, on_delete=models.CASCADE, related_name="+")
    matches = models.ForeignKey(Accused, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", help_text="Where it was recorded.")
    matched_on = models.JSONField(default=list, help_text="'name' and/or 'phone': never the values.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["accused", "matches"], name="one_alert_per_pair")]
