from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfAccessConfig(AppConfig):
    """Her own view of her case (issue 23): her account, her pages, her requests."""

    name = "selfaccess"
    verbose_name = _("Her own page")

    def ready(self):
        # `make run` prints how to sign in to her page in the demo, after the demo logins.
        from consortium import demo as consortium_demo

        from .demo import login_lines

        if login_lines not in consortium_demo.LOGIN_NOTES:
            consortium_demo.LOGIN_NOTES.append(login_lines)
