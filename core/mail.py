"""Email sent by a task that may run twice, under a Message-ID that is the same both times.

Celery runs a task again when its worker died before acknowledging it (config/queues.py), and an
email already handed to the mail server cannot be taken back: the second run sends it again. Sent
under the same Message-ID (made from what the email is, not from when it was sent), the copy is
recognised as one message: most mail services and clients show it once (Gmail drops a repeated
Message-ID; Thunderbird and others can). Nothing else about the email changes.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage


def message_id(key: str) -> str:
    """`<hex@host>` for `key` (never shown; names no one: a hash of ids), the host of SITE_URL."""
    host = urlsplit(settings.SITE_URL).hostname or "nyaya.invalid"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{host}>"


def send_once(subject: str, body: str, to: list[str], *, key: str | None) -> int:
    """send_mail, with Message-ID from `key` when there is one (what makes this email this email)."""
    headers = {"Message-ID": message_id(key)} if key else {}
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers).send()
