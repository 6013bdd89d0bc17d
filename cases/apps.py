from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        # No sensitive value is stored in clear in the transition log or the timeline, whoever writes them.
        from core.workflow import use_recorder

        from .sensitive import connect
        from .transitions import CaseRecorder

        connect()
        # Every workflow move (core.workflow.apply_step) is recorded on its case: history, timeline, deadlines.
        use_recorder(CaseRecorder())
