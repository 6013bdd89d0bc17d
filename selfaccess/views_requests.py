"""Her requests, on her page: call me back, I cannot come on a date, change or stop a consent.

Only for her signed-in session (session.SelfAccessMiddleware sets request.survivor_account); anyone
else is sent to the sign-in page at /my/. Pages in her language; each read in the access log."""

from functools import wraps

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from cases.audit import access_log_record
from cases.models import AccessLogEntry
from core.web import add_form_errors

from . import requests, session
from .forms_requests import CallBackForm, CannotAttendForm, ConsentChangeForm
from .models import SurvivorAccount, SurvivorRequest
from .selectors import her_language


def her_only(view):
    """Her signed-in session only (else the sign-in page), in her language."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        account = getattr(request, "survivor_account", None)
        if account is None:
            return redirect(session.PREFIX)
        with translation.override(her_language(account)):
            return view(request, account, *args, **kwargs)

    return wrapped


def _logged(request, account: SurvivorAccount, target: str) -> None:
    access_log_record(request=request, action=AccessLogEntry.Action.SELF_VIEW, case=account.case, target=target)


def _ask(request, account, *, kind: str, form_class, template: str, target: str):
    # An empty POST (no message) is still a POST: bound, so the button sends the request.
    form = form_class(request.POST if request.method == "POST" else None, account=account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = requests.request_send(
                account=account,
                kind=kind,
                message=data.get("message", ""),
                hearing=data.get("hearing"),
                consent=data.get("consent"),
                wants=data.get("wants", ""),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            return redirect("selfaccess:her_ask_sent", request_id=sent.pk)
    _logged(request, account, target)
    # Nothing to choose from (no date coming, no consent in force): the page says so, with no button.
    has_choices = all(
        field.queryset.exists() for field in form.fields.values() if isinstance(field, forms.ModelChoiceField)
    )
    return render(request, template, {"form": form, "has_choices": has_choices})


@require_http_methods(["GET", "POST"])
@her_only
def ask_call(request, account):
    return _ask(
        request,
        account,
        kind=SurvivorRequest.Kind.CALL_BACK,
        form_class=CallBackForm,
        template="selfaccess/her/ask_call.html",
        target="her page: ask call back",
    )


@require_http_methods(["GET", "POST"])
@her_only
def ask_date(request, account):
    return _ask(
        request,
        account,
        kind=SurvivorRequest.Kind.CANNOT_ATTEND,
        form_class=CannotAttendForm,
        template="selfaccess/her/ask_date.html",
        target="her page: ask cannot attend",
    )


@require_http_methods(["GET", "POST"])
@her_only
def ask_consent(request, account):
    return _ask(
        request,
        account,
        kind=SurvivorRequest.Kind.CONSENT_CHANGE,
        form_class=ConsentChangeForm,
        template="selfaccess/her/ask_consent.html",
        target="her page: ask consent change",
    )


@require_GET
@her_only
def ask_sent(request, account, request_id):
    """After sending: when her caseworker will answer, and her requests. Only her own requests."""
    sent = account.requests.select_related("task").filter(pk=request_id).first()
    if sent is None:
        return session.not_found(request)
    _logged(request, account, f"her page: request {sent.pk}")
    return render(
        request,
        "selfaccess/her/ask_sent.html",
        {"promise": requests.promise(sent), "her_requests": requests.her_requests(account)},
    )
