from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "REST API"

    def ready(self):
        from dashboard.signals import demo_seeded

        from . import schema  # noqa: F401  (the authentication schemes in the OpenAPI document)
        from .demo import seed_api_tokens

        demo_seeded.connect(seed_api_tokens, dispatch_uid="api.demo_tokens")
