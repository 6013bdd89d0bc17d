"""People, organisations and the roles they hold in the consortium.

A person (User) belongs to one or more organisations through a Membership that
carries her role there. What she may do is decided by the membership she is
currently acting through (chosen with the organisation switcher), never by a
flag on the user: the same lawyer may be a lawyer in a lawyers' network and an
organisation admin of her own NGO.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core.translations import TranslatedName


class User(AbstractUser):
    """A person who logs in. Custom from the first migration so it can grow."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        help_text=_("Language of the interface for this person; empty follows the browser."),
    )

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As they happen")
        DAILY = "daily", _("One summary a day")
        NEVER = "never", _("No emails (in Nyaya only)")

    email_notifications = models.CharField(
        _("reminders and alerts by email"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    # Part of every session's auth hash: raising it ends all her sessions at their next
    # request ("log out everywhere", a reset of her sign-in device), with no extra query.
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # Made by `seed_demo`. Only such people may skip the second sign-in step, and only with
    # DEBUG and DEMO_MFA_BYPASS both on (consortium/mfa.py).
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        # Django keeps this hash in the session and compares it on every request; a new
        # password already changes it. Generation 0 gives Django's own hash, so sessions
        # opened before this field existed stay valid.
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "consortium.User.session_generation",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class State(TranslatedName, models.Model):
    """A state or union territory of India (reference data, loaded by migration)."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        UNION_TERRITORY = "union_territory", _("Union territory")

    code = models.CharField(
        _("code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-2:IN code without the IN- prefix, e.g. WB; used in case references."),
    )
    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STATE)

    class Meta:
        ordering = ["name"]
        verbose_name = _("state or union territory")
        verbose_name_plural = _("states and union territories")


class District(models.Model):
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="districts", verbose_name=_("state"))
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["state__name", "name"]
        constraints = [models.UniqueConstraint(fields=["state", "name"], name="district_unique_per_state")]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return f"{self.name}, {self.state.name}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        CBO = "cbo", _("Community-based organisation")
        SURVIVOR_COLLECTIVE = "survivor_collective", _("Survivor collective")
        LAWYERS_NETWORK = "lawyers_network", _("Lawyers' network")
        GOVERNMENT_PARTNER = "government_partner", _("Government partner")
        SECRETARIAT = "secretariat", _("Consortium secretariat")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    home_state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="home_organisations", verbose_name=_("home state")
    )
    states = models.ManyToManyField(
        State, related_name="organisations", blank=True, verbose_name=_("states where it works")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Her own page names who looked at her file by organisation and role; with this, also by the
    # person's first name (the organisation's choice: selfaccess).
    first_names_to_survivors = models.BooleanField(
        _("show first names on a survivor's own page"),
        default=False,
        db_default=False,
        help_text=_("Her page then says who in this organisation looked at her file by first name, not only by role."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    LAWYER = "lawyer", _("Lawyer")
    COORDINATOR = "coordinator", _("Consortium coordinator")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    SURVIVOR_LEADER = "survivor_leader", _("Survivor leader")


# Coordinators see the whole consortium, so only a superuser (Django admin) grants
# that role; organisation admins manage the rest of their own staff.
ROLES_ORG_ADMIN_MAY_GRANT = [
    Role.CASEWORKER,
    Role.LAWYER,
    Role.ORG_ADMIN,
    Role.SURVIVOR_LEADER,
]


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, organisation__is_active=True, user__is_active=True)


class Membership(models.Model):
    """A person's place in one organisation, with her role there."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_per_org"),
            models.CheckConstraint(
                condition=Q(is_active=True, deactivated_at__isnull=True) | Q(is_active=False),
                name="membership_active_has_no_deactivation_date",
            ),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.organisation.short_name}"


class SecurityEvent(models.Model):
    """Append-only trail of sign-in security: second-step set-up, wrong or replayed codes,
    lockouts, device resets, "log out everywhere", refused reset and invitation links.

    Holds who and from which address, never a code, a password or an email address.
    Read in the Django admin; an organisation admin sees her members' device resets.
    """

    class Kind(models.TextChoices):
        MFA_ENROLLED = "mfa_enrolled", _("Two-step sign-in set up")
        MFA_FAILED = "mfa_failed", _("Wrong sign-in code")
        MFA_REPLAYED = "mfa_replayed", _("Sign-in code used twice (refused)")
        MFA_THROTTLED = "mfa_throttled", _("Sign-in code refused: too many wrong codes")
        MFA_LOCKED_OUT = "mfa_locked_out", _("Signed out after repeated wrong codes")
        BACKUP_CODE_USED = "backup_code_used", _("Backup code used")
        BACKUP_CODES_REPLACED = "backup_codes_replaced", _("New backup codes made")
        DEVICE_RESET = "device_reset", _("Sign-in device reset")
        LOGOUT_EVERYWHERE = "logout_everywhere", _("Logged out everywhere")
        SESSION_EXPIRED = "session_expired", _("Session ended (idle or too long)")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset asked for")
        PASSWORD_RESET_REFUSED = "password_reset_refused", _("Password reset refused: too many requests")
        TOKEN_INVALID = "token_invalid", _("Invalid or spent emailed link")
        TOKEN_REFUSED = "token_refused", _("Emailed link refused: too many invalid links")

    kind = models.CharField(max_length=32, choices=Kind.choices)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "ip_address", "at"], name="securityevent_kind_ip_at")]
        verbose_name = _("sign-in security event")
        verbose_name_plural = _("sign-in security events")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("SecurityEvent rows are insert-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("SecurityEvent rows cannot be deleted.")
