"""Her caseworker's page about her own page, on the case (/cases/<id>/her-page/): its state, and
the buttons to open it, give a new code, reset her PIN, suspend or resume it, and turn one-time
SMS codes on or off. Only those who may record her consent see it (others: 404, as for a case
that does not exist). The access code is shown once, on the slip in the answer to the POST that
made it: never kept, never in a URL, the answer not cached."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.permissions import require
from cases.web import case_or_404, render_case_tab
from core.web import refusal_messages

from . import codes, services, session
from .forms import SmsCodesForm, SuspendForm, VersionForm
from .models import SurvivorAccount
from .selectors import language_for


def _case(request, case_id):
    case, access = case_or_404(request, case_id)
    require(access.can_record_consent)
    return case, access


def _account(case) -> SurvivorAccount | None:
    return SurvivorAccount.objects.filter(case=case).select_related("code_issued_by", "suspended_by").first()


def _phones(case) -> list[str]:
    return [str(p).strip() for p in (case.survivor.phone_numbers or []) if str(p).strip()]


def _back(case):
    return redirect("selfaccess_staff:her_page", case_id=case.pk)


@login_required
def her_page(request, case_id):
    case, access = _case(request, case_id)  # first: a case she may not see is a 404 for any method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    account = _account(case)
    consent = services.self_access_consent(case)
    context: dict = {
        "account": account,
        "consent": consent,
        "consent_allows": services.consent_allows_her(consent, case),
        "usable": account is not None and services.account_usable(account),
    }
    if account is not None:
        context["suspend_form"] = SuspendForm(initial={"version": account.version})
        context["sms_form"] = SmsCodesForm(
            initial={
                "enabled": "1" if account.sms_codes else "0",
                "phone": account.sms_phone,
                "version": account.version,
            },
            phones=_phones(case),
        )
    return render_case_tab(request, "selfaccess/staff/account.html", case, access, "consent", **context)


def _slip(request, case, account, code):
    response = render(
        request,
        "selfaccess/staff/slip.html",
        {
            "case": case,
            "code": codes.code_groups(code),
            "address": settings.SITE_URL + session.PREFIX,
            "her_language": language_for(case, account),
        },
    )
    return session.private(response)


@login_required
@require_POST
def her_page_open(request, case_id):
    case, _access = _case(request, case_id)
    try:
        account, code = services.account_open(actor=request.user, case=case)
    except ValidationError as exc:
        refusal_messages(request, exc)
        return _back(case)
    return _slip(request, case, account, code)


def _version(request) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


def _stale(request, case):
    messages.error(request, _("The page was out of date. Look at her page's state again, then press the button again."))
    return _back(case)


@login_required
@require_POST
def her_page_new_code(request, case_id):
    case, _access = _case(request, case_id)
    version = _version(request)
    if version is None:
        return _stale(request, case)
    try:
        account, code = services.account_new_code(actor=request.user, case=case, expected_version=version)
    except ValidationError as exc:
        refusal_messages(request, exc)
        return _back(case)
    return _slip(request, case, account, code)


def _button(request, case_id, action, done: str):
    case, _access = _case(request, case_id)
    version = _version(request)
    if version is None:
        return _stale(request, case)
    try:
        action(actor=request.user, case=case, expected_version=version)
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, done)
    return _back(case)


@login_required
@require_POST
def her_page_reset_pin(request, case_id):
    return _button(request, case_id, services.account_reset_pin, _("PIN reset. With her code she chooses a new PIN."))


@login_required
@require_POST
def her_page_resume(request, case_id):
    return _button(request, case_id, services.account_resume, _("Her page works again."))


@login_required
@require_POST
def her_page_suspend(request, case_id):
    case, _access = _case(request, case_id)
    form = SuspendForm(request.POST)
    if not form.is_valid():
        for error in form.errors.as_data().values():
            refusal_messages(request, ValidationError(error))
        return _back(case)
    try:
        services.account_suspend(
            actor=request.user,
            case=case,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("Her page is suspended: it stops at her next click, whoever holds the phone."))
    return _back(case)


@login_required
@require_POST
def her_page_sms(request, case_id):
    case, _access = _case(request, case_id)
    form = SmsCodesForm(request.POST, phones=_phones(case))
    if not form.is_valid():
        for error in form.errors.as_data().values():
            refusal_messages(request, ValidationError(error))
        return _back(case)
    try:
        account = services.account_sms_codes_set(
            actor=request.user,
            case=case,
            enabled=form.cleaned_data["enabled"],
            phone=form.cleaned_data["phone"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(
            request,
            _("One-time codes by SMS are on.") if account.sms_codes else _("One-time codes by SMS are off."),
        )
    return _back(case)
