from django.urls import path

from . import views_her

urlpatterns = [
    path("exit/", views_her.leave, name="her_exit"),
]
