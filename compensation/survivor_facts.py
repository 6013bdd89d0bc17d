"""The facts of her case that compensation owns, as the letters to the survivor state them
(cases.survivor_messages: the case hub drafts the letter; this app says what its record holds).
Registered when Django starts (compensation/apps.py)."""

import datetime

from cases.survivor_messages import READERS

from .models import ClaimPayment
from .selectors import claim_list_for_case


def news_since(case, day: datetime.date) -> bool:
    """A payment to her on or after `day`."""
    return ClaimPayment.objects.filter(case=case, paid_on__gte=day).exists()


def register() -> None:
    READERS.claims = claim_list_for_case
    READERS.news_since.append(news_since)
