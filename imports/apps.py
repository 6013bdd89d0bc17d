from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Imports")

    def ready(self):
        # Uploaded files are deleted a day after they were sent, and imports whose worker was killed
        # are failed, on the deadline scan's schedule.
        from cases.tasks import deadline_scan_done

        deadline_scan_done.connect(_purge_files, dispatch_uid="imports_purge_uploaded_files")


def _purge_files(sender, **kwargs) -> dict:
    from .models import ImportJob
    from .services import STOPPED, import_purge

    # An import killed at its hard time limit kept nothing (its transaction rolled back): say so.
    return {"import_files_deleted": import_purge(), "imports_stopped": ImportJob.job_fail_stale(STOPPED)}
