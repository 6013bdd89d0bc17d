"""The language switcher, un-namespaced under the name Django gives it (`set_language`), in place of
django.conf.urls.i18n: the same view, which also keeps her choice on her account when she is
signed in (consortium.views.language_set)."""

from django.urls import path

from . import views

urlpatterns = [
    path("setlang/", views.language_set, name="set_language"),
]
