"""The survivor: who she is (encrypted), how to reach her, and her consent.

Identity, contact and address fields are encrypted at rest. Names and phone
numbers are searchable only by exact match through SurvivorSearchToken, a table
of keyed hashes rebuilt by the services whenever those fields change.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consortium.models import District, Organisation, State
from core.fields import EncryptedCharField, EncryptedDateField, EncryptedJSONListField, EncryptedTextField

ADULT_AGE = 18


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    TRANSGENDER = "transgender", _("Transgender")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefers not to say")


class AgeBasis(models.TextChoices):
    DOCUMENT = "document", _("Birth certificate or school record")
    MEDICAL = "medical", _("Medical age assessment (ossification test)")
    CWC = "cwc", _("Determined by Child Welfare Committee or court")
    SELF_REPORTED = "self_reported", _("Told by the survivor")
    ESTIMATED = "estimated", _("Estimated by the caseworker")


class UpdateChannel(models.TextChoices):
    PHONE_CALL = "phone_call", _("Phone call")
    SMS = "sms", _("SMS")
    IN_PERSON = "in_person", _("In person")
    COLLECTIVE = "collective", _("Through a survivor collective")


class Language(models.TextChoices):
    BENGALI = "bn", _("Bengali")
    HINDI = "hi", _("Hindi")
    ENGLISH = "en", _("English")
    ODIA = "or", _("Odia")
    SANTALI = "sat", _("Santali")
    NEPALI = "ne", _("Nepali")
    MARATHI = "mr", _("Marathi")
    KANNADA = "kn", _("Kannada")
    ASSAMESE = "as", _("Assamese")
    URDU = "ur", _("Urdu")
    OTHER = "other", _("Other")


class IdentityPaper(models.TextChoices):
    AADHAAR = "aadhaar", _("Aadhaar")
    VOTER_ID = "voter_id", _("Voter ID")
    RATION_CARD = "ration_card", _("Ration card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    SCHOOL_CERTIFICATE = "school_certificate", _("School certificate")
    BANK_PASSBOOK = "bank_passbook", _("Bank passbook")
    PAN = "pan", _("PAN card")
    PASSPORT = "passport", _("Passport")


def new_pseudonym() -> str:
    # Shown instead of her name to people who may follow the case but not know who she is.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "S-" + "".join(secrets.choice(alphabet) for _ in range(6))


class Survivor(models.Model):
    pseudonym = models.CharField(_("pseudonym"), max_length=12, unique=True, default=new_pseudonym, editable=False)
    # Identity (encrypted)
    full_name = EncryptedCharField(_("full name"), max_length=200)
    other_names = EncryptedJSONListField(
        _("other names"), blank=True, default=list, help_text=_("Aliases, names used at the destination, pet names.")
    )
    sex = models.CharField(_("sex / gender"), max_length=20, choices=Sex.choices, default=Sex.FEMALE)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        _("estimated age (years)"), null=True, blank=True, help_text=_("When the date of birth is not known.")
    )
    age_recorded_on = models.DateField(_("age recorded on"), default=timezone.localdate)
    age_basis = models.CharField(_("basis of age"), max_length=20, choices=AgeBasis.choices, blank=True)
    minor_at_offence = models.BooleanField(
        _("minor at the time of the offence"),
        default=False,
        help_text=_("Computed from her age and the case dates; drives consent rules."),
        editable=False,
    )
    # Language and contact
    languages_spoken = models.JSONField(_("languages spoken"), default=list, blank=True)
    preferred_language = models.CharField(
        _("preferred language for updates"), max_length=8, choices=Language.choices, default=Language.HINDI
    )
    preferred_channel = models.CharField(
        _("preferred channel for updates"),
        max_length=20,
        choices=UpdateChannel.choices,
        default=UpdateChannel.PHONE_CALL,
    )
    phone_numbers = EncryptedJSONListField(_("phone numbers"), blank=True, default=list)
    # Address of origin: state and district stay plain for statistics; the rest is encrypted.
    origin_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("state of origin")
    )
    origin_district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district of origin"),
    )
    origin_village = EncryptedCharField(_("village or town"), max_length=200, blank=True)
    origin_address = EncryptedTextField(_("address"), blank=True)
    family_contact = EncryptedTextField(
        _("family contact"), blank=True, help_text=_("Name, relation and phone of a trusted family member.")
    )
    guardian_name = EncryptedCharField(_("guardian's name"), max_length=200, blank=True)
    guardian_relation = models.CharField(_("guardian's relation"), max_length=60, blank=True)
    guardian_phone = EncryptedCharField(_("guardian's phone"), max_length=40, blank=True)
    identity_papers = models.JSONField(_("identity papers held"), default=list, blank=True)
    # When her identity was erased (at her request or by a retention rule: privacy.erasure), after
    # which nothing that identifies her is entered again. The request and its decision are
    # privacy's records; this is the fact every app reads.
    identity_erased_at = models.DateTimeField(_("identity erased"), null=True, blank=True, editable=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("survivor")
        verbose_name_plural = _("survivors")

    def __str__(self):
        return self.pseudonym

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth:
            dob = self.date_of_birth
            return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
        if self.estimated_age is not None:
            return self.estimated_age + (day - self.age_recorded_on).days // 365
        return None

    @property
    def age_now(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def is_minor_now(self) -> bool:
        age = self.age_now
        return age is not None and age < ADULT_AGE

    @property
    def languages_spoken_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages_spoken]

    @property
    def identity_papers_display(self) -> list[str]:
        labels = dict(IdentityPaper.choices)
        return [str(labels.get(code, code)) for code in self.identity_papers]

    @property
    def is_minor(self) -> bool:
        """Minor now or at the offence: the flag shown on the case."""
        return self.minor_at_offence or self.is_minor_now


class SurvivorSearchToken(models.Model):
    """Keyed hashes of a survivor's normalised names and phone numbers, for exact search.

    NAME and PHONE find her in the case search (a whole name or one of its words, a phone). The
    others only find possible duplicates (cases/duplicates.py): a whole name or other name
    (never a single word), her guardian's phone and her date of birth. Each kind is hashed in
    its own space, so a guardian's phone typed in the case search finds no one."""

    class Kind(models.TextChoices):
        NAME = "name", _("Name")
        PHONE = "phone", _("Phone")
        WHOLE_NAME = "fullname", _("Whole name")
        GUARDIAN_PHONE = "gphone", _("Guardian's phone")
        DATE_OF_BIRTH = "dob", _("Date of birth")

    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="search_tokens")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survivor", "kind", "digest"], name="search_token_unique")]


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Case management")
    LEGAL_REPRESENTATION = "legal_representation", _("Legal representation")
    SHARE_WITH_ORGANISATION = "share_with_organisation", _("Sharing with a named organisation")
    COLLECTIVE_SUPPORT = "collective_support", _("Survivor-collective support")
    COMPENSATION = "compensation", _("Compensation application")
    STATISTICS = "statistics", _("Anonymised statistics")
    # Her own page (selfaccess): an account is opened only while this consent is in force.
    SELF_ACCESS = "self_access", _("Her own access to her case (her page)")


# Purposes that name a recipient organisation and let its people join the case team.
SHARING_PURPOSES = {
    ConsentPurpose.LEGAL_REPRESENTATION,
    ConsentPurpose.SHARE_WITH_ORGANISATION,
    ConsentPurpose.COLLECTIVE_SUPPORT,
}


# What a case assignment copies from the consent it rests on (cases.models.CaseAssignment.copy_consent).
COPIED_TO_ASSIGNMENTS = {"given_on", "expires_on", "withdrawn_at"}


class ConsentQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, given_on__lte=on).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=on)
        )

    # A bulk change of the dates or the withdrawal reaches the assignments that rest on these
    # consents in the same transaction, as Consent.save() does for one.
    def update(self, **kwargs):
        if not COPIED_TO_ASSIGNMENTS & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            _assignments_of(ids).copy_consent_from_table()
        return count

    def bulk_update(self, objs, fields, *args, **kwargs):
        if not COPIED_TO_ASSIGNMENTS & set(fields):
            return super().bulk_update(objs, fields, *args, **kwargs)
        objs = list(objs)
        with transaction.atomic(using=self.db):
            count = super().bulk_update(objs, fields, *args, **kwargs)
            _assignments_of([c.pk for c in objs]).copy_consent_from_table()
        return count


def _assignments_of(consent_ids):
    """The case assignments resting on these consents (cases.models.CaseAssignment, reached through
    the reverse relation: this app does not import cases)."""
    assignment_model = Consent._meta.get_field("assignments").related_model
    return assignment_model.objects.filter(consent_id__in=consent_ids)


class Consent(models.Model):
    class GivenBy(models.TextChoices):
        SURVIVOR = "survivor", _("The survivor herself")
        GUARDIAN = "guardian", _("Her guardian")
        LEGAL_BASIS = "legal_basis", _("A recorded legal basis (e.g. CWC order)")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Written and signed")
        THUMBPRINT = "thumbprint", _("Thumbprint")
        ORAL_WITNESSED = "oral_witnessed", _("Oral, with a witness")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    recipient_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_received",
        verbose_name=_("recipient organisation"),
    )
    given_by = models.CharField(_("given by"), max_length=20, choices=GivenBy.choices, default=GivenBy.SURVIVOR)
    guardian_name = EncryptedCharField(_("guardian's name"), max_length=200, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=300, blank=True, help_text=_("E.g. CWC order number and date.")
    )
    method = models.CharField(_("how it was given"), max_length=20, choices=Method.choices)
    witness_name = EncryptedCharField(_("witness"), max_length=200, blank=True)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_note = models.CharField(_("withdrawal note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("given_on")),
                name="consent_expires_after_given",
                violation_error_code="expires_before_given",
                violation_error_message=_("The expiry date is before the date consent was given."),
            ),
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.pk})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        passes_on = not self._state.adding and (update_fields is None or COPIED_TO_ASSIGNMENTS & set(update_fields))
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            if passes_on:
                # The assignments resting on this consent carry a copy of its dates and withdrawal
                # (what "in force" is read from): a withdrawal hides the case in the same transaction.
                self.assignments.update(
                    consent_given_on=self.given_on,
                    consent_expires_on=self.expires_on,
                    consent_withdrawn=self.withdrawn_at is not None,
                )

    @property
    def status(self) -> str:
        today = timezone.localdate()
        if self.withdrawn_at:
            return "withdrawn"
        if self.given_on > today:
            return "not_yet"
        if self.expires_on and self.expires_on < today:
            return "expired"
        return "in_force"

    @property
    def in_force(self) -> bool:
        return self.status == "in_force"
