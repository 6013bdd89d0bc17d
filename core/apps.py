from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import canary, lookups, request_id

        lookups.register()  # `id__in` with a number beyond the column's range: no rows, not a 500
        # The first migrate of a database writes the encryption canary (core/canary.py).
        post_migrate.connect(canary.write_after_migrate, sender=self, dispatch_uid="core.canary")
        # No request id carries over from one request to the next on a thread (core/request_id.py).
        request_started.connect(request_id.clear_request_id, dispatch_uid="core.request_id.start")
        request_finished.connect(request_id.clear_request_id, dispatch_uid="core.request_id.finish")
