"""Access codes and PINs for her page.

The access code is what her caseworker gives her in person (a printed slip, or read aloud): 12
characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown in three groups of four.
About 60 bits: not guessable, so the refusals after a wrong code only slow a guesser down. Only a
keyed hash is kept (core.crypto.blind_index), so the code is shown once and can never be read back:
a forgotten code is replaced by a new one.

The PIN is hers, chosen on her first visit: 4 to 8 digits, kept as a Django password hash. With
the code it is the second thing she knows; the lockout (services.PIN_TRIES) stops guessing it.
"""

import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.crypto import blind_index

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
PIN_MIN, PIN_MAX = 4, 8
# PINs so common that a lost phone's finder tries them first.
WEAK_PINS = {"0000", "1111", "1234", "12345", "123456", "1212", "4321", "0123", "2580", "7777", "9999"}


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What she typed, as the code is kept: capitals, without the spaces or dashes she may type."""
    return "".join(ch for ch in (typed or "").upper() if ch.isascii() and ch.isalnum())[: CODE_LENGTH * 2]


def code_digest(code: str) -> str:
    return blind_index("selfaccess-code", normalise_code(code))


def code_groups(code: str) -> str:
    """The code as shown on the slip: K7QM-4XPA-92RT."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def validate_pin(pin: str, again: str) -> str:
    pin = (pin or "").strip()
    if not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX or not pin.isascii():
        raise ValidationError({"pin": _("Choose a PIN of 4 to 8 numbers.")})
    if pin in WEAK_PINS or len(set(pin)) == 1:
        raise ValidationError({"pin": _("This PIN is too easy to guess. Choose other numbers.")})
    if pin != (again or "").strip():
        raise ValidationError({"pin_again": _("The two PINs are not the same. Type it again.")})
    return pin
