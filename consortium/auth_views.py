"""Sign-in pages: the second step (set-up, code, backup codes), the person's own sign-in
security page, "log out everywhere", an admin's reset of a member's device, and the
password reset and invitation links with their rate limits."""

from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.web import refusal_messages

from . import mfa, selectors
from .models import Membership, Role, SecurityEvent
from .permissions import role_required
from .security import client_ip, recent_event_count, security_event_record
from .sessions import logout_everywhere
from .views import InvitationAcceptView as _InvitationAcceptView

Kind = SecurityEvent.Kind


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with its username length enforced before anyone is asked:
    AuthenticationForm only sets max_length as an attribute, so a 5,000-character username
    reached the backends and django-axes' failed-attempt row (255 characters), a 500 on
    PostgreSQL (found by form fuzzing). It is now the field's own message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy("The 6-digit code your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{resolve_url(url_name)}?{urlencode({'next': next_url})}"


def _refusal_message(check: mfa.CodeCheck) -> str:
    if check.outcome is mfa.Outcome.REPLAYED:
        return _("This code was already used. Wait for the next code in your app.")
    if check.outcome is mfa.Outcome.THROTTLED:
        return _("Too many wrong codes. Wait a little and try again (each wrong code doubles the wait).")
    return _("That code is not right. Check the time on your phone and try the current code.")


def _code_refused(request, form, check: mfa.CodeCheck):
    """Add the message; end the sign-in after too many wrong codes. A response if it ended."""
    if mfa.failure_count_and_maybe_sign_out(request):
        messages.error(request, _("Too many wrong codes: you were signed out. Log in again to try once more."))
        return redirect(settings.LOGIN_URL)
    form.add_error("code", _refusal_message(check))
    return None


@login_required
def mfa_enrol(request):
    """First login: set up an authenticator app (QR code or the secret typed in)."""
    if mfa.has_confirmed_device(request.user):
        if mfa.session_is_verified(request):
            return redirect("account_security")
        return redirect(_with_next("mfa_verify", _next_url(request)))
    device = mfa.totp_device_for_enrolment(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check, codes = mfa.totp_enrol_confirm(request=request, device=device, raw_code=form.cleaned_data["code"])
        if check.accepted:
            request.session[mfa.SESSION_NEW_BACKUP_CODES_KEY] = codes
            messages.success(request, _("Two-step sign-in is set up."))
            return redirect(_with_next("mfa_backup_codes", _next_url(request)))
        ended = _code_refused(request, form, check)
        if ended:
            return ended
    context = {
        "form": form,
        "qr_svg": mfa.totp_qr_svg(device),
        "secret": mfa.totp_secret_for_display(device),
        "next": _next_url(request),
        "mfa_pending": True,
    }
    return render(request, "registration/mfa_enrol.html", context)


@login_required
def mfa_verify(request):
    """Every login: the code from her app, or a backup code."""
    if mfa.session_is_verified(request):
        return redirect(_next_url(request))
    if not mfa.has_confirmed_device(request.user):
        return redirect(_with_next("mfa_enrol", _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = mfa.code_check(request=request, user=request.user, raw_code=form.cleaned_data["code"])
        if check.accepted:
            mfa.session_mark_verified(request)
            if check.outcome is mfa.Outcome.BACKUP_ACCEPTED:
                left = mfa.backup_codes_left(request.user)
                messages.warning(
                    request,
                    _("You used a backup code; %(left)d are left. Make new ones on your sign-in security page.")
                    % {"left": left},
                )
            return redirect(_next_url(request))
        ended = _code_refused(request, form, check)
        if ended:
            return ended
    return render(
        request, "registration/mfa_verify.html", {"form": form, "next": _next_url(request), "mfa_pending": True}
    )


@login_required
def mfa_backup_codes(request):
    """The new backup codes, shown once, right after they are made."""
    codes = request.session.pop(mfa.SESSION_NEW_BACKUP_CODES_KEY, None)
    context = {"codes": [mfa.format_backup_code(c) for c in codes or []], "next": _next_url(request)}
    return render(request, "registration/mfa_backup_codes.html", context)


@login_required
def account_security(request):
    """Her own sign-in security: the app, backup codes left, log out everywhere, recent events."""
    user = request.user
    context = {
        "device": mfa.totp_device_confirmed(user),
        "backup_codes_left": mfa.backup_codes_left(user),
        "events": SecurityEvent.objects.filter(user=user).select_related("actor")[:10],
        "demo_bypass": mfa.demo_bypass_applies(user),
    }
    return render(request, "registration/account_security.html", context)


@login_required
@require_POST
def backup_codes_new(request):
    codes = mfa.backup_codes_replace(request.user)
    security_event_record(kind=Kind.BACKUP_CODES_REPLACED, request=request, user=request.user)
    request.session[mfa.SESSION_NEW_BACKUP_CODES_KEY] = codes
    return redirect(_with_next("mfa_backup_codes", resolve_url("account_security")))


@login_required
@require_POST
def logout_everywhere_view(request):
    logout_everywhere(request=request)
    messages.success(request, _("You were logged out on every device and browser, this one included."))
    return redirect(settings.LOGIN_URL)


@role_required(Role.ORG_ADMIN)
@require_POST
def member_device_reset(request, membership_id):
    try:
        member = selectors.membership_get_in_organisation(
            organisation=request.membership.organisation, membership_id=membership_id
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    try:
        mfa.member_device_reset(actor=request.membership, membership=member, request=request)
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(
            request,
            _(
                "The sign-in device of %(name)s was reset and her sessions ended. "
                "At her next login she sets up two-step sign-in again."
            )
            % {"name": member.user.display_name},
        )
    return redirect("consortium:member_edit", membership_id=member.pk)


# --- password reset and emailed links -------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Links are built from SITE_URL, never from the request's Host header, and requests are
    limited per client address (PASSWORD_RESET_REQUESTS_PER_HOUR) and per person (3 an hour)."""

    PER_PERSON_PER_HOUR = 3

    def post(self, request, *args, **kwargs):
        ip = client_ip(request)
        if (
            ip
            and recent_event_count(kinds=[Kind.PASSWORD_RESET_REQUESTED, Kind.PASSWORD_RESET_REFUSED], ip_address=ip)
            >= settings.PASSWORD_RESET_REQUESTS_PER_HOUR
        ):
            security_event_record(kind=Kind.PASSWORD_RESET_REFUSED, request=request)
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many reset requests from this connection. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        site = urlsplit(settings.SITE_URL)
        users = list(form.get_users(form.cleaned_data["email"]))
        for user in users or [None]:
            security_event_record(kind=Kind.PASSWORD_RESET_REQUESTED, request=self.request, user=user)
        if any(
            recent_event_count(kinds=[Kind.PASSWORD_RESET_REQUESTED], user=user) > self.PER_PERSON_PER_HOUR
            for user in users
        ):
            # The same answer as a sent email: whether an account exists is not told.
            return redirect(self.get_success_url())
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context={"site_url": settings.SITE_URL, **(self.extra_email_context or {})},
        )
        return redirect(self.get_success_url())


class InvalidLinkLimitMixin:
    """Emailed links (reset, invitation): an address that opened too many invalid links in the
    last hour is refused for a while (INVALID_LINKS_PER_HOUR); each invalid link is logged."""

    def dispatch(self, request, *args, **kwargs):
        ip = client_ip(request)
        if (
            ip
            and recent_event_count(kinds=[Kind.TOKEN_INVALID, Kind.TOKEN_REFUSED], ip_address=ip)
            >= settings.INVALID_LINKS_PER_HOUR
        ):
            security_event_record(kind=Kind.TOKEN_REFUSED, request=request)
            return TemplateResponse(request, "registration/too_many_links.html", status=429)
        response = super().dispatch(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if context.get("validlink") is False:
            security_event_record(kind=Kind.TOKEN_INVALID, request=request)
        return response


class PasswordResetConfirmView(InvalidLinkLimitMixin, auth_views.PasswordResetConfirmView):
    pass


class InvitationAcceptView(InvalidLinkLimitMixin, _InvitationAcceptView):
    success_url = reverse_lazy("consortium:invitation_done")
