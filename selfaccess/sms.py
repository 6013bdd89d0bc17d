"""The SMS gateway for her one-time sign-in codes: pluggable, as Django's email backends are.

SMS_BACKEND names a class with `send(phone: str, text: str) -> None` that raises SmsError when the
message could not be handed over. A provider's class is a few lines around its HTTP API (see
docs/her-page.md). The texts sent say nothing of what the page is for: "Your code is 481920".
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The gateway did not take the message."""


class ConsoleBackend:
    """Development: the message is printed, with the number masked to its last two digits."""

    def send(self, phone: str, text: str) -> None:
        digits = "".join(ch for ch in phone if ch.isdigit())
        sys.stdout.write(f"[SMS to ******{digits[-2:]}] {text}\n")
        sys.stdout.flush()


class LocmemBackend:
    """Tests: messages are kept in `outbox` as (phone, text)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        type(self).outbox.append((phone, text))


def send_sms(phone: str, text: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(phone, text)
