"""The case's Privacy page (erasure at her request, legal holds) and the access report.

Someone who may not use a page gets 404, as for a case that does not exist; the access log
middleware (cases.audit) writes the refusal and every page shown.
"""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.audit import access_log_record
from cases.middleware import remember_case
from cases.models import AccessLogEntry, Case
from cases.permissions import require, visible_access
from core.web import save_form

from . import services
from .forms import AccessReportForm, DeclineForm, ErasureRequestForm, LegalHoldForm
from .models import ErasureRequest, LegalHold, RetentionRule


def _case(request, case_id):
    case = Case.objects.select_related("survivor", "lead_organisation").filter(pk=case_id).first()
    if case is None:
        raise Http404
    access = visible_access(request.user, case)  # 404 if she may not see it
    remember_case(request, case, access)
    return access.case, access


def _page(request, case, access, **forms):
    requests = ErasureRequest.objects.filter(survivor=case.survivor).select_related("recorded_by", "decided_by")
    context = {
        "case": case,
        "access": access,
        "tab": "privacy",
        "requests": requests,
        "pending": next((r for r in requests if r.status == ErasureRequest.Status.PENDING), None),
        "erased": next((r for r in requests if r.status == ErasureRequest.Status.ERASED), None),
        "holds": LegalHold.objects.filter(case=case).select_related("placed_by", "lifted_by"),
        "may_record": services.may_record_erasure(access),
        "may_decide": services.may_decide_erasure(access),
        "request_form": forms.get("request_form") or ErasureRequestForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "hold_form": forms.get("hold_form") or LegalHoldForm(),
    }
    return render(request, "privacy/case_privacy.html", context, status=200)


@login_required
def case_privacy(request, case_id):
    case, access = _case(request, case_id)
    require(services.may_record_erasure(access))
    return _page(request, case, access)


def _back(case):
    return redirect(reverse("privacy:case_privacy", kwargs={"case_id": case.pk}))


@login_required
@require_POST
def erasure_record(request, case_id):
    case, access = _case(request, case_id)
    require(services.may_record_erasure(access))
    form = ErasureRequestForm(request.POST)
    if save_form(
        request,
        form,
        lambda data: services.erasure_request_record(
            actor=request.user,
            case=case,
            requested_on=data["requested_on"],
            how=data["how"],
        ),
    ).saved:
        messages.success(request, _("Her request is recorded. An admin of the lead organisation approves it."))
        return _back(case)
    return _page(request, case, access, request_form=form)


@login_required
@require_POST
def erasure_approve(request, case_id, request_id):
    case, access = _case(request, case_id)
    require(services.may_decide_erasure(access))
    try:
        services.erasure_request_approve(actor=request.user, case=case, request_id=request_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Her identity is erased. The pseudonymous case is kept."))
    return _back(case)


@login_required
@require_POST
def erasure_decline(request, case_id, request_id):
    case, access = _case(request, case_id)
    require(services.may_decide_erasure(access))
    form = DeclineForm(request.POST)
    if save_form(
        request,
        form,
        lambda data: services.erasure_request_decline(
            actor=request.user, case=case, request_id=request_id, reason=data["reason"]
        ),
    ).saved:
        messages.success(request, _("Declined. Tell her why, and that she may complain (DPDP Act 2023 s.13)."))
        return _back(case)
    return _page(request, case, access, decline_form=form)


@login_required
@require_POST
def hold_place(request, case_id):
    case, access = _case(request, case_id)
    require(services.may_record_erasure(access))
    form = LegalHoldForm(request.POST)
    if save_form(
        request, form, lambda data: services.legal_hold_place(actor=request.user, case=case, reason=data["reason"])
    ).saved:
        messages.success(request, _("Legal hold placed: retention rules will not erase this case."))
        return _back(case)
    return _page(request, case, access, hold_form=form)


@login_required
@require_POST
def hold_lift(request, case_id, hold_id):
    case, access = _case(request, case_id)
    require(services.may_decide_erasure(access))
    services.legal_hold_lift(actor=request.user, case=case, hold_id=hold_id)
    messages.success(request, _("Legal hold lifted."))
    return _back(case)


# --- who accessed her data ----------------------------------------------------------------


def _report_case(request, case_id):
    """The lead organisation's admin (through the visibility selector), or a superuser."""
    if request.user.is_superuser:
        case = Case.objects.select_related("survivor", "lead_organisation").filter(pk=case_id).first()
        if case is None:
            raise Http404
        remember_case(request, case)
        return case
    case, access = _case(request, case_id)
    require(access.is_lead_org_admin)
    return case


def access_report_rows(case: Case, date_from: datetime.date, date_to: datetime.date):
    """Every access-log entry about her (all her cases), in the period, oldest first."""
    return (
        AccessLogEntry.objects.filter(
            case__survivor_id=case.survivor_id, at__date__gte=date_from, at__date__lte=date_to
        )
        .select_related("user", "case")
        .order_by("at", "pk")
    )


@login_required
def access_report(request, case_id):
    case = _report_case(request, case_id)
    today = timezone.localdate()
    data = (
        request.GET
        if "date_from" in request.GET
        else {"date_from": today - datetime.timedelta(days=30), "date_to": today}
    )
    form = AccessReportForm(data)
    rows = None
    # Logged as a case page (and the middleware then does not log it twice); the CSV as an export.
    if request.GET.get("format") != "csv":
        access_log_record(request=request, action=AccessLogEntry.Action.VIEW_CASE, case=case, target="access report")
    if form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        rows = access_report_rows(case, start, end)
        if request.GET.get("format") == "csv":
            return _csv(request, case, rows, start, end)
    return render(
        request,
        "privacy/access_report.html",
        {
            "case": case,
            "form": form,
            "rows": rows[:2000] if rows is not None else None,
            "total": rows.count() if rows is not None else 0,
        },
    )


def _csv(request, case, rows, start, end) -> HttpResponse:
    access_log_record(
        request=request,
        action=AccessLogEntry.Action.EXPORT,
        case=case,
        target=f"access report {start.isoformat()}..{end.isoformat()}",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-report-{case.reference}-{start}-{end}.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["when", "who", "username", "action", "case", "what", "reason", "from address"])
    for entry in rows.iterator():
        writer.writerow(
            [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                _cell(entry.user.get_full_name() if entry.user else ""),
                _cell(entry.user.username if entry.user else ""),
                entry.get_action_display(),
                entry.case.reference,
                _cell(entry.target),
                _cell(entry.reason),
                entry.ip_address or "",
            ]
        )
    return response


def _cell(text: str) -> str:
    # A cell starting with = + - @ would be read as a formula by a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def retention_rules(request):
    return render(request, "privacy/retention_rules.html", {"rules": RetentionRule.objects.all()})
