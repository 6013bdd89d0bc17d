"""Her API tokens on her own page: made (after the second sign-in step), listed, revoked."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.permissions import found_or_404
from consortium import mfa
from core.web import add_form_errors, refusal_messages

from .models import ApiToken
from .tokens import DEFAULT_DAYS, token_create, token_revoke, tokens_of


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is it for?"),
        max_length=80,
        help_text=gettext_lazy("E.g. the monthly report spreadsheet. Helps you recognise it later."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Read only unless the program must record events or move stages."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Expires after (days)"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=DEFAULT_DAYS,
    )


def _second_step_done(request) -> bool:
    """A token is made only by someone who passed the second sign-in step with her own device in
    this session (on a development server, a demo login's bypass counts)."""
    return mfa.session_is_verified(request) and (
        mfa.has_confirmed_device(request.user) or mfa.demo_bypass_applies(request.user)
    )


@login_required
def tokens(request):
    may_create = _second_step_done(request)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST":
        if not may_create:
            messages.error(request, _("Set up the two-step sign-in before you make an API token."))
            return redirect("api_tokens:tokens")
        if form.is_valid():
            try:
                token, raw = token_create(actor=request.user, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                # Shown on this answer only (never kept in the session or a URL): the page is not cached.
                created = {"token": token, "raw": raw}
                form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": tokens_of(request.user),
            "form": form,
            "may_create": may_create,
            "created": created,
        },
    )


@login_required
@require_POST
def token_revoke_view(request, token_id):
    token = found_or_404(tokens_of(request.user).filter(pk=token_id).first())
    try:
        token_revoke(actor=request.user, token=token)
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(
            request,
            _("Token %(prefix)s… revoked: programs using it are refused from now on.") % {"prefix": token.prefix},
        )
    return redirect("api_tokens:tokens")
