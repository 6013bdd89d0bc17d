"""Her own choices on her page (the page's language). Her requests live in their own module."""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .models import SurvivorAccount
from .selectors import HER_LANGUAGES


def language_choose(*, account: SurvivorAccount, language: str) -> SurvivorAccount:
    """She picks the language of her page: Bengali, Hindi or English (nothing else is offered)."""
    if language not in HER_LANGUAGES:
        raise ValidationError(_("Choose Bengali, Hindi or English."))
    SurvivorAccount.objects.filter(pk=account.pk).update(language=language, version=F("version") + 1)
    account.refresh_from_db(fields=["language", "version"])
    return account
