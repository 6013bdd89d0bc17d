from django.urls import path

from . import token_views

app_name = "api_tokens"

urlpatterns = [
    path("", token_views.tokens, name="tokens"),
    path("<int:token_id>/revoke/", token_views.token_revoke_view, name="token_revoke"),
]
