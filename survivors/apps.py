from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurvivorsConfig(AppConfig):
    name = "survivors"
    verbose_name = _("Survivors")
