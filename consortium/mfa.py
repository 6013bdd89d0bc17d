"""Two-step sign-in for every account: a password, then a code from an authenticator app.

- Devices are django-otp's: a TOTPDevice (its `last_t` refuses a code that was already
  accepted, its throttling makes each try after a wrong code wait 1, 2, 4, 8 ... seconds)
  and a StaticDevice holding ten single-use backup codes.
- A session is verified when the second step succeeded in it: the session (server-side)
  holds the person's id under SESSION_VERIFIED_KEY. Every login clears it, so each
  login asks for a code again. This costs no query per request (django-otp's own
  middleware would load the device on every request).
- MfaRequiredMiddleware lets a logged-in but unverified person reach only the set-up and
  verify pages, the language switch and logout; everything else redirects there.
- Development only: with DEBUG and DEMO_MFA_BYPASS on, people made by `seed_demo`
  (User.is_demo) skip the second step, so `make run`'s demo logins work at once. With DEBUG
  off the setting refuses to start (config/settings.py, system check nyaya.E001).

Consortium practice; the CERT-In Directions of 28 April 2022 and the DPDP Rules 2025
(rule 6, reasonable security safeguards) ask for controlled access to personal data.
"""

import enum
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, Role, SecurityEvent, User
from .security import security_event_record

Kind = SecurityEvent.Kind

SESSION_VERIFIED_KEY = "nyaya_mfa_verified"
SESSION_FAILURES_KEY = "nyaya_mfa_failures"
SESSION_NEW_BACKUP_CODES_KEY = "nyaya_mfa_new_backup_codes"
BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

# What an unverified session may open (url names); static files are served before Django.
UNVERIFIED_ALLOWED = {"mfa_enrol", "mfa_verify", "logout", "set_language", "javascript-catalog"}


# --- the development-only bypass ------------------------------------------------------


def demo_bypass_enabled() -> bool:
    """Only with DEBUG on: settings refuse DEMO_MFA_BYPASS with DEBUG off, and this checks again."""
    return bool(settings.DEBUG and getattr(settings, "DEMO_MFA_BYPASS", False))


def demo_bypass_applies(user) -> bool:
    return demo_bypass_enabled() and bool(getattr(user, "is_demo", False))


# --- the session's state --------------------------------------------------------------


def session_is_verified(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    return request.session.get(SESSION_VERIFIED_KEY) == user.pk or demo_bypass_applies(user)


def session_mark_verified(request) -> None:
    # A new session id once the second step succeeds too: a session id seen before the
    # code was typed is worth nothing after it (session fixation).
    request.session.cycle_key()
    request.session[SESSION_VERIFIED_KEY] = request.user.pk
    request.session.pop(SESSION_FAILURES_KEY, None)


@receiver(user_logged_in, dispatch_uid="consortium.mfa.login_needs_second_step")
def _login_needs_second_step(sender, request, user, **kwargs):
    # Django's login keeps the session's data when the same person logs in again; the
    # second step is asked for at every login all the same.
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_VERIFIED_KEY, None)
        request.session.pop(SESSION_FAILURES_KEY, None)


# --- devices --------------------------------------------------------------------------


def totp_device_confirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_for_enrolment(user) -> TOTPDevice:
    """Her unconfirmed device, made once: reloading the page shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret_for_display(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code (no image library needed)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=12, border=2)
    svg = image.to_string(encoding="unicode")
    # Drop the XML declaration so the SVG can sit inside the page.
    return svg[svg.index("<svg") :]


def backup_codes_replace(user) -> list[str]:
    """Ten new single-use codes; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def format_backup_code(code: str) -> str:
    return f"{code[:4]} {code[4:]}"


# --- checking a code ------------------------------------------------------------------


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    BACKUP_ACCEPTED = "backup_accepted"
    WRONG = "wrong"
    REPLAYED = "replayed"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class CodeCheck:
    outcome: Outcome
    locked_until: datetime | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome in (Outcome.ACCEPTED, Outcome.BACKUP_ACCEPTED)


def normalise_code(raw: str) -> str:
    return "".join((raw or "").split()).replace("-", "").lower()


def _is_replay(device: TOTPDevice, token: str) -> bool:
    """Was this code valid now, but for a time step already used (device.last_t)?"""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now_t = totp.t()
    value = int(token)
    return any(
        t <= device.last_t and hotp(device.bin_key, t, device.digits) == value
        for t in range(now_t - device.tolerance, now_t + device.tolerance + 1)
    )


def code_check(*, request, user, raw_code: str, device: TOTPDevice | None = None) -> CodeCheck:
    """Check a code from her app (6 digits) or one of her backup codes; record what happened.

    `device` is the unconfirmed device during set-up; otherwise her confirmed one.
    """
    code = normalise_code(raw_code)
    if code.isdigit():
        device = device or totp_device_confirmed(user)
        backup = False
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
        backup = True
    if device is None:
        security_event_record(kind=Kind.MFA_FAILED, request=request, user=user)
        return CodeCheck(Outcome.WRONG)
    allowed, info = device.verify_is_allowed()
    if not allowed:
        security_event_record(kind=Kind.MFA_THROTTLED, request=request, user=user)
        return CodeCheck(Outcome.THROTTLED, locked_until=(info or {}).get("locked_until"))
    if device.verify_token(code):
        if backup:
            security_event_record(kind=Kind.BACKUP_CODE_USED, request=request, user=user)
            return CodeCheck(Outcome.BACKUP_ACCEPTED)
        return CodeCheck(Outcome.ACCEPTED)
    if not backup and len(code) == device.digits and _is_replay(device, code):
        security_event_record(kind=Kind.MFA_REPLAYED, request=request, user=user)
        return CodeCheck(Outcome.REPLAYED)
    security_event_record(kind=Kind.MFA_FAILED, request=request, user=user)
    return CodeCheck(Outcome.WRONG)


def failure_count_and_maybe_sign_out(request) -> bool:
    """Count a wrong code in this sign-in; after too many, end the session. True if ended."""
    failures = request.session.get(SESSION_FAILURES_KEY, 0) + 1
    request.session[SESSION_FAILURES_KEY] = failures
    if failures < settings.MFA_MAX_FAILURES_PER_SESSION:
        return False
    security_event_record(kind=Kind.MFA_LOCKED_OUT, request=request, user=request.user)
    logout(request)
    return True


def totp_enrol_confirm(*, request, device: TOTPDevice, raw_code: str) -> tuple[CodeCheck, list[str]]:
    """First code from her new app: confirm the device, make backup codes, verify the session."""
    check = code_check(request=request, user=request.user, raw_code=raw_code, device=device)
    if check.outcome is Outcome.BACKUP_ACCEPTED:  # no backup codes exist before set-up
        return CodeCheck(Outcome.WRONG), []
    if not check.accepted:
        return check, []
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = backup_codes_replace(request.user)
        security_event_record(kind=Kind.MFA_ENROLLED, request=request, user=request.user)
    session_mark_verified(request)
    return check, codes


# --- an organisation admin resets a member's device -----------------------------------


def _holds_coordinator_role(user: User) -> bool:
    return Membership.objects.filter(user=user, role=Role.COORDINATOR).exists()


@transaction.atomic
def member_device_reset(*, actor: Membership, membership: Membership, request=None) -> None:
    """Her app and backup codes are removed and her sessions end: at her next login she
    sets up two-step sign-in again. Only an admin of her organisation may do it; a
    coordinator's or superuser's device only a superuser (they see the whole consortium)."""
    if actor is None or actor.role != Role.ORG_ADMIN or actor.organisation_id != membership.organisation_id:
        raise PermissionDenied
    member = membership.user
    if member.pk == actor.user_id:
        raise ValidationError(_("You cannot reset your own sign-in device. Ask another admin."))
    if (member.is_superuser or _holds_coordinator_role(member)) and not actor.user.is_superuser:
        raise ValidationError(
            _("A coordinator's or system administrator's sign-in device is reset only by a system administrator.")
        )
    _device_reset(user=member, actor=actor.user, organisation=actor.organisation, request=request)


@transaction.atomic
def device_reset_by_superuser(*, actor: User, user: User, request=None) -> None:
    if not actor.is_superuser:
        raise PermissionDenied
    _device_reset(user=user, actor=actor, organisation=None, request=request)


def _device_reset(*, user: User, actor: User, organisation, request) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    security_event_record(kind=Kind.DEVICE_RESET, request=request, user=user, actor=actor, organisation=organisation)


def last_device_reset(user: User) -> SecurityEvent | None:
    return SecurityEvent.objects.filter(user=user, kind=Kind.DEVICE_RESET).select_related("actor").first()


# --- enforcement ----------------------------------------------------------------------


def _allowed_unverified(request) -> bool:
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name in UNVERIFIED_ALLOWED and not match.namespace


class MfaRequiredMiddleware:
    """A logged-in person who has not passed the second step this session reaches only the
    set-up and verify pages and logout; every other page sends her there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not session_is_verified(request) and not _allowed_unverified(request):
            target = reverse("mfa_verify" if has_confirmed_device(user) else "mfa_enrol")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return HttpResponseRedirect(target)
        return self.get_response(request)
