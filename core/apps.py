from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import lookups

        lookups.register()  # `id__in` with a number beyond the column's range: no rows, not a 500
