from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfAccessConfig(AppConfig):
    """Her own view of her case (issue 23): her account, her pages, her requests."""

    name = "selfaccess"
    verbose_name = _("Her own page")
