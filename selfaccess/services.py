"""Her account: opened, given a new code, PIN reset, suspended and resumed by her caseworker; and
the checks of her sign-in (code, then PIN). Staff actions go through the case's permission check
(`visible_access`: those who may record her consent) and write one timeline event each; her
sign-in checks log each refusal in the access log with her case (never the code or PIN typed).
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases import events
from cases.models import AccessLogEntry, Case, CaseEvent
from cases.permissions import require, visible_access
from core.concurrency import ConcurrentEditError
from core.phrases import Phrase
from survivors.models import Consent, ConsentPurpose

from . import codes
from .models import LANGUAGES, LOCK_MINUTES, LOCKOUTS_TO_RESET, PIN_TRIES, SurvivorAccount

log = logging.getLogger(__name__)

# Wrong codes from one address before that address is refused for a while (a code is ~60 bits: this
# only stops a script from filling the logs). Consortium practice.
CODE_TRIES_PER_ADDRESS = 10
CODE_WINDOW_SECONDS = 15 * 60


# --- what her page rests on ----------------------------------------------------------------------


def self_access_consent(case: Case, on: datetime.date | None = None) -> Consent | None:
    """Her self-access consent in force (the latest given), or None."""
    return (
        Consent.objects.in_force(on)
        .filter(case=case, purpose=ConsentPurpose.SELF_ACCESS)
        .order_by("-given_on", "-pk")
        .first()
    )


def consent_allows_her(consent: Consent | None, case: Case) -> bool:
    """A consent her page may rest on: in force, and for a minor given by her guardian or on a
    recorded legal basis (survivors.services.validate_consent holds the same rule when it is
    recorded; checked again here because she may have been an adult then by her recorded age)."""
    if consent is None:
        return False
    return not (case.survivor.is_minor_now and consent.given_by == Consent.GivenBy.SURVIVOR)


def account_usable(account: SurvivorAccount) -> bool:
    """Her page answers: the account is active, her identity not erased, and a self-access consent
    allows it today."""
    if account.status != SurvivorAccount.Status.ACTIVE:
        return False
    if account.case.survivor.identity_erased_at is not None:
        return False  # her identity was erased (privacy.erasure): nothing of her case answers any more
    return consent_allows_her(self_access_consent(account.case), account.case)


# --- her caseworker's actions ------------------------------------------------------------------


def _event(*, case, actor, summary: Phrase, account: SurvivorAccount) -> CaseEvent:
    return events.event_record(
        case=case, kind=CaseEvent.Kind.SELF_ACCESS, actor=actor, summary=summary, data={"account": account.pk}
    )


def _may_manage(actor, case: Case) -> None:
    require(visible_access(actor, case).can_record_consent)


@transaction.atomic
def account_open(*, actor, case: Case, code: str | None = None) -> tuple[SurvivorAccount, str]:
    """Her account, and the access code to give her in person (shown once: only its hash is kept).

    `code` is for the demo only (selfaccess.demo): a fixed code a newcomer can sign in with, printed
    by `make run`. Only a demo person (User.is_demo) may pass one; everyone else gets a new random code."""
    _may_manage(actor, case)
    if code is not None:
        code = _demo_code(actor, code)
    case = Case.objects.select_for_update().select_related("survivor").get(pk=case.pk)
    consent = self_access_consent(case)
    if consent is None:
        raise ValidationError(
            _("Record her consent to her own access first (Consent page, purpose: her own access to her case).")
        )
    if not consent_allows_her(consent, case):
        raise ValidationError(
            _("She is a minor: her own access needs her guardian's consent or a recorded legal basis.")
        )
    if SurvivorAccount.objects.filter(case=case).exists():
        raise ValidationError(_("She already has an account. Give her a new code instead."))
    code = code or codes.new_code()
    account = SurvivorAccount.objects.create(
        case=case, consent=consent, code_digest=codes.code_digest(code), code_issued_by=actor, created_by=actor
    )
    _event(
        case=case, actor=actor, summary=Phrase(gettext_noop("Her own page opened; access code given")), account=account
    )
    return account, code


def _demo_code(actor, code: str) -> str:
    """A fixed code as the demo gives it, checked: only for demo people, and a well-formed code."""
    if not getattr(actor, "is_demo", False):
        raise PermissionDenied("a fixed access code is for the demo only")
    code = codes.normalise_code(code)
    if len(code) != codes.CODE_LENGTH or any(ch not in codes.ALPHABET for ch in code):
        raise ValueError("a demo access code has 12 characters from codes.ALPHABET")
    return code


def _locked_account(case: Case, expected_version: int | None) -> SurvivorAccount:
    account = SurvivorAccount.objects.select_for_update().filter(case=case).first()
    if account is None:
        raise ValidationError(_("She has no account for her own page."))
    if expected_version is not None and account.version != expected_version:
        raise ConcurrentEditError(who=None, when=None)
    return account


@transaction.atomic
def account_new_code(*, actor, case: Case, expected_version: int) -> tuple[SurvivorAccount, str]:
    """A new access code (the old one stops working at once) and no PIN: she chooses a new one."""
    _may_manage(actor, case)
    account = _locked_account(case, expected_version)
    code = codes.new_code()
    account.code_digest = codes.code_digest(code)
    account.code_issued_at = timezone.now()
    account.code_issued_by = actor
    _clear_pin(account)
    account.version += 1
    account.save()
    _event(
        case=case, actor=actor, summary=Phrase(gettext_noop("New access code given for her own page")), account=account
    )
    return account, code


def _clear_pin(account: SurvivorAccount) -> None:
    account.pin_hash = ""
    account.pin_set_at = None
    account.failed_pins = 0
    account.lockouts = 0
    account.locked_until = None


@transaction.atomic
def account_reset_pin(*, actor, case: Case, expected_version: int) -> SurvivorAccount:
    """After a lockout or a forgotten PIN: her code still works, and she chooses a new PIN with it."""
    _may_manage(actor, case)
    account = _locked_account(case, expected_version)
    _clear_pin(account)
    account.version += 1
    account.save()
    _event(case=case, actor=actor, summary=Phrase(gettext_noop("PIN of her own page reset")), account=account)
    return account


@transaction.atomic
def account_suspend(*, actor, case: Case, reason: str = "", expected_version: int | None = None) -> SurvivorAccount:
    """At once: her page stops answering at the next request, whoever holds the phone."""
    _may_manage(actor, case)
    account = _locked_account(case, expected_version)
    if account.status == SurvivorAccount.Status.SUSPENDED:
        raise ValidationError(_("Her page is already suspended."))
    account.status = SurvivorAccount.Status.SUSPENDED
    account.suspended_at = timezone.now()
    account.suspended_by = actor
    account.suspension_reason = (reason or "").strip()[:300]
    account.version += 1
    account.save()
    _event(case=case, actor=actor, summary=Phrase(gettext_noop("Her own page suspended")), account=account)
    return account


@transaction.atomic
def account_resume(*, actor, case: Case, expected_version: int) -> SurvivorAccount:
    _may_manage(actor, case)
    account = _locked_account(case, expected_version)
    if account.status != SurvivorAccount.Status.SUSPENDED:
        raise ValidationError(_("Her page is not suspended."))
    consent = self_access_consent(account.case)
    if consent is None or not consent_allows_her(consent, account.case):
        raise ValidationError(_("Her consent to her own access is no longer in force: record it again first."))
    account.status = SurvivorAccount.Status.ACTIVE
    account.consent = consent
    account.suspended_at = None
    account.suspended_by = None
    account.suspension_reason = ""
    account.version += 1
    account.save()
    _event(case=case, actor=actor, summary=Phrase(gettext_noop("Her own page resumed")), account=account)
    return account


# --- her sign-in -----------------------------------------------------------------------------------


def refusal_logged(*, account: SurvivorAccount | None, step: str, ip: str | None, path: str = "") -> None:
    """A refused sign-in step in the access log (with her case when the account is known), and a log
    line with no code, PIN or case reference in it."""
    AccessLogEntry.objects.create(
        case_id=account.case_id if account else None,
        user=None,
        action=AccessLogEntry.Action.SELF_REFUSED,
        target=f"self-access {step}",
        ip_address=ip,
        path=path[:300],
    )
    log.warning("self-access sign-in refused at the %s step (account %s)", step, account.pk if account else "-")


def _address_key(ip: str | None) -> str:
    return f"selfaccess:wrong-codes:{ip or '-'}"


def code_refused_for_address(ip: str | None) -> bool:
    return (cache.get(_address_key(ip)) or 0) >= CODE_TRIES_PER_ADDRESS


def account_for_code(code: str, *, ip: str | None, path: str = "") -> SurvivorAccount | None:
    """The account this access code opens, or None (a wrong code, a suspended account, a consent no
    longer in force, too many wrong codes from this address): the page says the same each time."""
    if code_refused_for_address(ip):
        refusal_logged(account=None, step="code (address refused)", ip=ip, path=path)
        return None
    digest = codes.code_digest(code)
    account = SurvivorAccount.objects.select_related("case__survivor").filter(code_digest=digest).first()
    if account is None:
        key = _address_key(ip)
        cache.add(key, 0, CODE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, CODE_WINDOW_SECONDS)
        refusal_logged(account=None, step="code", ip=ip, path=path)
        return None
    if not account_usable(account):
        refusal_logged(account=account, step="code (not active)", ip=ip, path=path)
        return None
    return account


@transaction.atomic
def pin_check(*, account: SurvivorAccount, pin: str, ip: str | None, path: str = "") -> bool:
    """Her PIN. PIN_TRIES wrong ones lock the account for LOCK_MINUTES; LOCKOUTS_TO_RESET lockouts in a
    row lock it until her caseworker resets the PIN. A locked account refuses even the right PIN."""
    account = SurvivorAccount.objects.select_for_update().get(pk=account.pk)
    now = timezone.now()
    if account.is_locked or not account.has_pin:
        refusal_logged(
            account=account, step="pin (locked)" if account.is_locked else "pin (none set)", ip=ip, path=path
        )
        return False
    if check_password((pin or "").strip(), account.pin_hash):
        account.failed_pins = 0
        account.lockouts = 0
        account.locked_until = None
        account.last_seen_at = now
        account.save(update_fields=["failed_pins", "lockouts", "locked_until", "last_seen_at"])
        return True
    account.failed_pins += 1
    if account.failed_pins >= PIN_TRIES:
        account.failed_pins = 0
        account.lockouts += 1
        account.locked_until = (
            None if account.lockouts >= LOCKOUTS_TO_RESET else now + datetime.timedelta(minutes=LOCK_MINUTES)
        )
    account.save(update_fields=["failed_pins", "lockouts", "locked_until"])
    refusal_logged(account=account, step="pin", ip=ip, path=path)
    return False


@transaction.atomic
def pin_choose(*, account: SurvivorAccount, pin: str, again: str) -> SurvivorAccount:
    """Her first PIN (or a new one after her caseworker reset it): only while none is set."""
    account = SurvivorAccount.objects.select_for_update().get(pk=account.pk)
    if account.has_pin:
        raise ValidationError({"pin": _("A PIN is already set. Ask your caseworker if you forgot it.")})
    pin = codes.validate_pin(pin, again)
    account.pin_hash = make_password(pin)
    account.pin_set_at = timezone.now()
    account.last_seen_at = account.pin_set_at
    account.save(update_fields=["pin_hash", "pin_set_at", "last_seen_at"])
    return account


# --- one-time codes by SMS (selfaccess.otp), and her language -----------------------------------


@transaction.atomic
def account_sms_codes_set(
    *, actor, case: Case, enabled: bool, phone: str = "", expected_version: int
) -> SurvivorAccount:
    """One-time codes by SMS at each sign-in, on or off, to one of her own phone numbers (those on her
    survivor record: a number typed here could be anyone's). Off clears the phone and any code sent."""
    _may_manage(actor, case)
    account = _locked_account(case, expected_version)
    phone = (phone or "").strip()
    if enabled:
        numbers = [str(n).strip() for n in (account.case.survivor.phone_numbers or [])]
        if not phone or phone not in numbers:
            raise ValidationError({"phone": _("Choose one of her phone numbers (on her survivor record).")})
    account.sms_codes = enabled
    account.sms_phone = phone if enabled else ""
    account.otp_digest = ""
    account.otp_expires_at = None
    account.otp_tries = 0
    account.version += 1
    account.save()
    summary = (
        gettext_noop("One-time codes by SMS turned on for her own page")
        if enabled
        else gettext_noop("One-time codes by SMS turned off for her own page")
    )
    _event(case=case, actor=actor, summary=Phrase(summary), account=account)
    return account


@transaction.atomic
def otp_failed(*, account: SurvivorAccount, ip: str | None, path: str = "") -> None:
    """A wrong (or void) one-time code: logged, and counted as a wrong PIN, so that someone who knows
    her code and PIN but does not hold her phone is locked out as a PIN guesser is (PIN_TRIES)."""
    account = SurvivorAccount.objects.select_for_update().get(pk=account.pk)
    account.failed_pins += 1
    if account.failed_pins >= PIN_TRIES:
        account.failed_pins = 0
        account.lockouts += 1
        account.locked_until = (
            None if account.lockouts >= LOCKOUTS_TO_RESET else timezone.now() + datetime.timedelta(minutes=LOCK_MINUTES)
        )
    account.save(update_fields=["failed_pins", "lockouts", "locked_until"])
    refusal_logged(account=account, step="sms code", ip=ip, path=path)


def account_language_set(*, account: SurvivorAccount, language: str) -> SurvivorAccount:
    """She picks the language of her page: Bengali, Hindi or English (nothing else is offered); kept
    for her next visits. No timeline event: she is not staff, and it changes nothing of her case."""
    if language not in LANGUAGES:
        raise ValidationError(_("Choose Bengali, Hindi or English."))
    SurvivorAccount.objects.filter(pk=account.pk).update(language=language, version=F("version") + 1)
    account.refresh_from_db(fields=["language", "version"])
    return account
