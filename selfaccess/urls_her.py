from django.urls import path

from . import views_her

urlpatterns = [
    path("home/", views_her.home, name="her_home"),
    path("exit/", views_her.leave, name="her_exit"),
]
