from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    """Survivor care: rescue, custody orders, shelter stays, repatriation, rehabilitation.

    Its models (care/models.py) keep the app label "survivors" they had when care lived inside
    that app: same tables, same migrations (survivors/migrations), same content types and
    permissions. Only the code moved, into the layer above cases (.importlinter)."""

    name = "care"
    verbose_name = _("Care")

    def ready(self):
        from cases import intake

        from .forms import IntakeRescueForm
        from .services import rescue_at_intake

        # Her rescue, when known at intake, is typed on the case-opening form and saved as this
        # app's record in the case's own transaction (cases/intake.py says how).
        intake.register(
            intake.IntakeSection(
                key="rescue",
                form_class=IntakeRescueForm,
                template="care/_intake_rescue.html",
                save=rescue_at_intake,
                error_fields={"rescued_at": "rescued_on"},
            )
        )
