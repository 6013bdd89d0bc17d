"""Sign-in URLs under /accounts/, before Django's own (config/urls.py): the second step,
sign-in security, and the rate-limited password reset pages that replace Django's."""

from django.urls import path

from . import auth_views

urlpatterns = [
    path("login/", auth_views.SignInView.as_view(), name="login"),
    path("two-step/set-up/", auth_views.mfa_enrol, name="mfa_enrol"),
    path("two-step/", auth_views.mfa_verify, name="mfa_verify"),
    path("two-step/backup-codes/", auth_views.mfa_backup_codes, name="mfa_backup_codes"),
    path("two-step/backup-codes/new/", auth_views.backup_codes_new, name="mfa_backup_codes_new"),
    path("security/", auth_views.account_security, name="account_security"),
    path("logout-everywhere/", auth_views.logout_everywhere_view, name="logout_everywhere"),
    path("password_reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
]
