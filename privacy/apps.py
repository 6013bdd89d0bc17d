from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Erasure at her request, retention rules, encrypted backups and the access report.

    Sits above cases, survivors, legal and compensation (like the dashboard): it reads and
    blanks their rows but none of them imports it.
    """

    name = "privacy"
    verbose_name = _("Privacy and data protection")
