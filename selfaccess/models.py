"""Her account for her own page, and the requests she makes through it.

An account belongs to one case (her case: `Case.survivor` is her record) and rests on her
self-access consent (survivors.ConsentPurpose.SELF_ACCESS): the page answers only while that
consent is in force and the account is active. Nothing here names her: the account holds the
hash of her access code, the hash of her PIN, and for one-time codes by SMS the phone they go to
(encrypted).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField, EncryptedTextField

# Wrong PINs before a lockout, how long one lasts, and after how many lockouts in a row only her
# caseworker can open the account again (services.account_reset_pin): consortium practice, as
# banks lock a card's PIN. A generic refusal each time; each refusal is in the access log.
PIN_TRIES = 5
# The languages of her page: those its plain-language texts are written in
# (compensation.plain_language), each named in its own script for her to recognise; Hindi when
# neither her choice nor her preferred language is one of them (selectors.her_language).
LANGUAGES = ("bn", "hi", "en")
LANGUAGE_NAMES = (("bn", "বাংলা"), ("hi", "हिन्दी"), ("en", "English"))
DEFAULT_LANGUAGE = "hi"
LOCK_MINUTES = 30
LOCKOUTS_TO_RESET = 3


class SurvivorAccount(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="self_access")
    consent = models.ForeignKey(
        "survivors.Consent", on_delete=models.PROTECT, related_name="+", verbose_name=_("her consent")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    code_issued_at = models.DateTimeField(_("code given"), default=timezone.now)
    code_issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pin_hash = models.CharField(max_length=128, blank=True, editable=False)
    pin_set_at = models.DateTimeField(_("PIN chosen"), null=True, blank=True)
    # Wrong PINs since the last right one, and lockouts in a row (services.PIN_TRIES, LOCKOUTS_TO_RESET).
    failed_pins = models.PositiveSmallIntegerField(default=0)
    lockouts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Why (the phone was taken, she asked): may say more than it should, so encrypted.
    suspension_reason = EncryptedCharField(_("why"), max_length=300, blank=True)
    # One-time codes by SMS after the PIN (selfaccess.sms), to one of her phone numbers.
    sms_codes = models.BooleanField(_("one-time code by SMS at each sign-in"), default=False)
    sms_phone = EncryptedCharField(_("phone for the codes"), max_length=40, blank=True)
    otp_digest = models.CharField(max_length=64, blank=True, editable=False)
    otp_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    otp_tries = models.PositiveSmallIntegerField(default=0, editable=False)
    # The language she chose on her page (bn, hi or en); empty: her preferred language.
    language = models.CharField(max_length=8, blank=True)
    last_seen_at = models.DateTimeField(_("last visit"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("her page account")
        verbose_name_plural = _("her page accounts")

    def __str__(self):
        return f"self-access #{self.pk}"

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)

    @property
    def needs_reset(self) -> bool:
        """Locked until her caseworker resets her PIN."""
        return self.lockouts >= LOCKOUTS_TO_RESET

    @property
    def is_locked(self) -> bool:
        return self.needs_reset or (self.locked_until is not None and self.locked_until > timezone.now())


class SurvivorRequest(models.Model):
    """Something she asked for on her page. Each becomes a task for her lead caseworker with a due
    date (services.REQUEST_DUE_DAYS); a consent change takes effect only when her caseworker
    records it, and her page then shows it confirmed."""

    class Kind(models.TextChoices):
        CALL_BACK = "call_back", _("Call me back")
        CANNOT_ATTEND = "cannot_attend", _("I cannot come on a date")
        CONSENT_CHANGE = "consent_change", _("Change or stop a consent")

    class Wants(models.TextChoices):
        """For a consent change: what she wants done with it."""

        STOP = "stop", _("Stop it")
        CHANGE = "change", _("Change it")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for her caseworker")
        DONE = "done", _("Done")
        CONFIRMED = "confirmed", _("Confirmed on the record")
        DECLINED = "declined", _("Not done (reason given to her)")

    account = models.ForeignKey(SurvivorAccount, on_delete=models.CASCADE, related_name="requests")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="survivor_requests")
    kind = models.CharField(_("what she asked"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    hearing = models.ForeignKey(
        "legal.Hearing", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("date")
    )
    consent = models.ForeignKey(
        "survivors.Consent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent"),
    )
    wants = models.CharField(
        _("what she wants done"), max_length=8, choices=Wants.choices, blank=True, default="", db_default=""
    )
    # What she wrote (optional, short): her words, encrypted like a note.
    message = EncryptedTextField(_("her words"), blank=True)
    task = models.OneToOneField(
        "cases.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="survivor_request"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What her caseworker tells her on her page (plain words, her language): encrypted.
    answer = EncryptedTextField(_("answer shown to her"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("her request")
        verbose_name_plural = _("her requests")
        indexes = [models.Index(fields=["case", "status"], name="survivor_request_open")]
