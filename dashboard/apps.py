from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        # Exports whose worker was killed at its hard time limit are failed on the deadline scan.
        from cases.tasks import deadline_scan_done

        deadline_scan_done.connect(_fail_stopped_exports, dispatch_uid="dashboard_fail_stopped_exports")


def _fail_stopped_exports(sender, **kwargs) -> dict:
    from .models import ExportJob
    from .services import STOPPED

    return {"exports_stopped": ExportJob.job_fail_stale(STOPPED)}
