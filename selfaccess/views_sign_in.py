"""Her sign-in: the access code (/my/), then her PIN or choosing one (/my/pin/), then, when her
caseworker turned it on, a one-time code by SMS (/my/sms-code/). She has no Django user: each step
passed is kept in her session (selfaccess.session).

Every refusal (a wrong code, a wrong PIN, a locked or suspended account, a void SMS code) shows the
same words, with status 200, and tells nothing of which it was (services log each one). A refused
PIN also ends the half-done sign-in: she starts again from her code, and the page is the same as
for a wrong code, so no one learns from it that the code was right.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from consortium.security import client_ip

from . import otp, services, session, sms
from .forms import HER_LANGUAGES, ChoosePinForm, CodeForm, LanguageForm, PinForm, SmsCodeForm
from .models import LANGUAGES, SurvivorAccount
from .selectors import her_language

log = logging.getLogger(__name__)

LANGUAGE_KEY = "selfaccess.language"  # the language she chose on the start page (before signing in)

REFUSED = _("That did not work. Check and try again. After many tries, wait 30 minutes or ask your caseworker.")
SMS_FAILED = _("The SMS could not be sent just now. Wait a few minutes and press “Send the code again”.")
SMS_TOO_SOON = _("Wait one minute before asking for another code.")
SMS_TOO_MANY = _("No more codes can be sent now. Start again from your code.")


def _her_language(request, account: SurvivorAccount | None = None) -> str:
    """Her sign-in pages' language (and her SMS's): the one she chose here, else the one kept on her
    account once her code is known, else the browser's."""
    chosen = request.session.get(LANGUAGE_KEY, "") or (account.language if account else "")
    if chosen in LANGUAGES:
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen
        return chosen
    return request.LANGUAGE_CODE


def _page(request, template: str, account: SurvivorAccount | None = None, **context):
    language = _her_language(request, account)
    return render(request, template, {"languages": HER_LANGUAGES, "language": language, **context})


def _refused_start(request):
    """The start page with the generic refusal: the same whichever step refused."""
    return _page(request, "selfaccess/her/start.html", form=CodeForm(), refused=REFUSED)


def _account(request, key: str) -> SurvivorAccount | None:
    account_id = session.pending_account_id(request, key)
    if not account_id:
        return None
    return SurvivorAccount.objects.select_related("case__survivor").filter(pk=account_id).first()


def _begin_keeping_language(request, account, key: str | None = None) -> None:
    language = request.session.get(LANGUAGE_KEY, "")
    if key is None:
        session.begin(request, account)
    else:
        session.begin_pending(request, account, key)
    if language:
        request.session[LANGUAGE_KEY] = language
    request.session.pop(otp.SENDS_KEY, None)


def _signed_in(request, account) -> HttpResponseRedirect:
    language = request.session.get(LANGUAGE_KEY, "")
    _begin_keeping_language(request, account)
    if language:
        services.account_language_set(account=account, language=language)
    return redirect("selfaccess:her_home")


def _send_code(request, account) -> str:
    """Sends her a one-time code; the message to show ("" when sent)."""
    _her_language(request, account)  # the SMS in her language
    refused = otp.send_refused(request.session)
    if refused:
        return str(SMS_TOO_MANY if refused == "too_many" else SMS_TOO_SOON)
    otp.sent_now(request.session)
    try:
        otp.issue(account)
    except sms.SmsError:
        return str(SMS_FAILED)
    except Exception as exc:  # a provider's class that raised something else: still no error page for her
        # The exception's text may hold the number or the message: only its type is logged.
        log.error("SMS gateway failed for self-access account %s: %s", account.pk, type(exc).__name__)
        return str(SMS_FAILED)
    return ""


def _after_pin(request, account):
    """The PIN was right (or just chosen): the SMS code next when asked for, else she is in."""
    if account.sms_codes and account.sms_phone:
        _begin_keeping_language(request, account, session.OTP_KEY)
        problem = _send_code(request, account)
        if problem:
            request.session["selfaccess.otp_problem"] = problem
        return redirect("selfaccess:her_sms_code")
    return _signed_in(request, account)


@require_http_methods(["GET", "POST"])
def start(request):
    """Her access code."""
    if request.survivor_account is not None:
        return redirect("selfaccess:her_home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = services.account_for_code(form.cleaned_data["code"], ip=client_ip(request), path=request.path)
        if account is None:
            return _refused_start(request)
        _begin_keeping_language(request, account, session.PENDING_KEY)
        return redirect("selfaccess:her_pin")
    return _page(request, "selfaccess/her/start.html", form=form)


@require_POST
def language(request):
    """The bn / hi / en switch of all her pages: kept in her session before she signs in, and on her
    account once she has (for her next visits)."""
    account = request.survivor_account
    form = LanguageForm(request.POST)
    if form.is_valid():
        request.session[LANGUAGE_KEY] = form.cleaned_data["language"]
        if account is not None:
            services.account_language_set(account=account, language=form.cleaned_data["language"])
    elif account is not None:
        with translation.override(her_language(account)):
            # Translated now: the message is kept in the session as text, read after this override.
            messages.error(request, translation.gettext("Choose Bengali, Hindi or English."))
    return redirect("selfaccess:her_home" if account is not None else "selfaccess:her_start")


@require_http_methods(["GET", "POST"])
def pin(request):
    """Her PIN; or, on her first visit (or after her caseworker reset it), choosing one."""
    account, stop = _step(request, session.PENDING_KEY, "pin")
    if stop is not None:
        return stop
    ip, path = client_ip(request), request.path
    if account.has_pin:
        form = PinForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if services.pin_check(account=account, pin=form.cleaned_data["pin"], ip=ip, path=path):
                return _after_pin(request, account)
            _end_pending(request)
            return _refused_start(request)
        return _page(request, "selfaccess/her/pin.html", account, form=form, choose=False)
    choose = ChoosePinForm(request.POST or None)
    if request.method == "POST" and choose.is_valid():
        try:
            account = services.pin_choose(
                account=account, pin=choose.cleaned_data["pin"], again=choose.cleaned_data["pin_again"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    choose.add_error(field if field in choose.fields else None, error)
        else:
            return _after_pin(request, account)
    return _page(request, "selfaccess/her/pin.html", account, form=choose, choose=True)


def _step(request, key: str, step: str, *, refuse_locked: bool = False):
    """(her account, None) when this step of her sign-in may go on; else (None, the answer): home if
    she is signed in, the start if no earlier step passed, the generic refusal if the account is no
    longer usable (the half-done sign-in ends)."""
    if request.survivor_account is not None:
        return None, redirect("selfaccess:her_home")
    account = _account(request, key)
    if account is None:
        return None, redirect("selfaccess:her_start")
    if not services.account_usable(account) or (refuse_locked and account.is_locked):
        services.refusal_logged(account=account, step=f"{step} (not active)", ip=client_ip(request), path=request.path)
        _end_pending(request)
        return None, _refused_start(request)
    return account, None


def _end_pending(request) -> None:
    """A refused step: the half-done sign-in ends; her language choice stays."""
    language = request.session.get(LANGUAGE_KEY, "")
    session.end(request)
    if language:
        request.session[LANGUAGE_KEY] = language


@require_http_methods(["GET", "POST"])
def sms_code(request):
    """The one-time code sent to her phone."""
    account, stop = _step(request, session.OTP_KEY, "sms code", refuse_locked=True)
    if stop is not None:
        return stop
    ip, path = client_ip(request), request.path
    problem = request.session.pop("selfaccess.otp_problem", "")
    form = SmsCodeForm(request.POST or None)
    refused: object = ""
    if request.method == "POST" and form.is_valid():
        if otp.check(account, form.cleaned_data["sms_code"]):
            return _signed_in(request, account)
        services.otp_failed(account=account, ip=ip, path=path)
        account.refresh_from_db()
        if account.is_locked:
            _end_pending(request)
            return _refused_start(request)
        refused = REFUSED
        form = SmsCodeForm()
    return _page(request, "selfaccess/her/sms_code.html", account, form=form, refused=refused, problem=problem)


@require_POST
def sms_code_again(request):
    """ "Send the code again": limited (otp.RESEND_SECONDS, otp.SENDS_PER_SIGN_IN)."""
    account = _account(request, session.OTP_KEY)
    if account is None or request.survivor_account is not None:
        return redirect("selfaccess:her_start")
    if services.account_usable(account) and not account.is_locked:
        problem = _send_code(request, account)
        request.session["selfaccess.otp_problem"] = problem or str(_("A new code was sent."))
    return redirect("selfaccess:her_sms_code")
