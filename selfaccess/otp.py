"""One-time codes by SMS, the third step of her sign-in when her caseworker turned them on
(`SurvivorAccount.sms_codes`): after the right PIN, a 6-digit code goes to her phone.

- Only a keyed hash of the code is kept on her account (otp_digest), with its expiry (OTP_MINUTES)
  and the wrong tries so far (OTP_TRIES: then the code is void and she asks for another).
- Each wrong code also counts as a wrong PIN (services.otp_failed): the PIN lockout stops someone
  who knows her code and PIN from guessing the SMS code.
- "Send again" is limited (RESEND_SECONDS between sends, SENDS_PER_SIGN_IN in all); the limits are
  kept in the session, which a new sign-in renews (session.begin_pending).
- The text names nothing: "Your code is 481920", in the language of her page.
"""

from __future__ import annotations

import datetime
import hmac
import secrets
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.crypto import blind_index

from . import sms
from .models import SurvivorAccount

OTP_LENGTH = 6
OTP_MINUTES = 5
OTP_TRIES = 3
RESEND_SECONDS = 60
SENDS_PER_SIGN_IN = 3
SENDS_KEY = "selfaccess.otp_sends"  # times (epoch seconds) of the codes sent in this sign-in


def _digest(account: SurvivorAccount, code: str) -> str:
    return blind_index("selfaccess-otp", f"{account.pk}:{code}")


def normalise(typed: str) -> str:
    """The digits she typed (spaces and dashes left out; Bengali or Devanagari digits read as 0-9)."""
    digits = []
    for ch in (typed or "")[:40]:
        if ch.isdigit():
            try:
                digits.append(str(int(ch)))
            except ValueError:  # a digit int() does not read (e.g. superscripts)
                return ""
    return "".join(digits)


@transaction.atomic
def issue(account: SurvivorAccount) -> None:
    """A new code for her (the one before stops working) and the SMS with it. Raises sms.SmsError
    when the gateway did not take the message: the new code is then not kept either."""
    account = SurvivorAccount.objects.select_for_update().get(pk=account.pk)
    code = "".join(secrets.choice("0123456789") for _ in range(OTP_LENGTH))
    account.otp_digest = _digest(account, code)
    account.otp_expires_at = timezone.now() + datetime.timedelta(minutes=OTP_MINUTES)
    account.otp_tries = 0
    account.save(update_fields=["otp_digest", "otp_expires_at", "otp_tries"])
    # The text is built in the language active now (her page's); it names nothing but the code.
    text = gettext("Your code is %(code)s") % {"code": code}
    sms.send_sms(account.sms_phone, text)


@transaction.atomic
def check(account: SurvivorAccount, typed: str) -> bool:
    """Whether `typed` is her current code (used once: a right code is cleared). A wrong one counts a
    try; after OTP_TRIES, or after OTP_MINUTES, the code is void."""
    account = SurvivorAccount.objects.select_for_update().get(pk=account.pk)
    if not account.otp_digest or account.otp_expires_at is None or account.otp_expires_at <= timezone.now():
        return False
    if account.otp_tries >= OTP_TRIES:
        return False
    code = normalise(typed)
    if len(code) == OTP_LENGTH and hmac.compare_digest(_digest(account, code), account.otp_digest):
        account.otp_digest = ""
        account.otp_expires_at = None
        account.otp_tries = 0
        account.save(update_fields=["otp_digest", "otp_expires_at", "otp_tries"])
        return True
    account.otp_tries += 1
    account.save(update_fields=["otp_tries"])
    return False


def sends(session) -> list[int]:
    return list(session.get(SENDS_KEY) or [])


def send_refused(session, now: float | None = None) -> str:
    """Why another code may not be sent now ("" when it may): too soon, or too many this sign-in."""
    now = time.time() if now is None else now
    sent = sends(session)
    if len(sent) >= SENDS_PER_SIGN_IN:
        return "too_many"
    if sent and now - sent[-1] < RESEND_SECONDS:
        return "too_soon"
    return ""


def sent_now(session, now: float | None = None) -> None:
    session[SENDS_KEY] = [*sends(session), int(time.time() if now is None else now)]
