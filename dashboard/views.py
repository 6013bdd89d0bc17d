"""Dashboard pages. Thin: who sees what is dashboard.filters (on cases.selectors), figures are
dashboard.metrics, tables dashboard.tables, exports dashboard.exports. 404 for anyone who is
not a coordinator or an organisation admin (in the organisation she is working in now).

The figures, the cases behind them and the exports read from the read replica when there is one
(core.replica: a few seconds behind the primary at most); the access log is written to the primary."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.audit import access_log_record
from cases.models import AccessLogEntry
from core.crypto import decrypt_bytes
from core.replica import reading_from_replica

from . import charts
from .audit import AuditFilterForm, audit_entries, audit_filter, audit_summary
from .drilldown import drill_filter
from .exports import CASE_EXPORTS, CONTENT_TYPES, case_export, consented, definitions_csv, table_export
from .exports import render as render_export
from .filters import (
    DashboardFilterForm,
    apply_filters,
    dashboard_membership,
    metric_scope,
    scope_organisation,
    visible_cases,
)
from .metrics import case_predicates, dashboard_metrics_kept, latest_activity
from .models import ExportJob
from .services import export_job_create, own_export_job
from .tables import attach_links, build_tables

FILTER_KEYS = (
    "by",
    "date_from",
    "date_to",
    "state",
    "district",
    "organisation",
    "exploitation_form",
    "age_group",
    "stalled_days",
)


def filter_query(request) -> str:
    """The filters of this request as a query string (for links to drill-downs and exports)."""
    query = request.GET.copy()
    for key in list(query.keys()):
        if key not in FILTER_KEYS or not query.get(key):
            query.pop(key)
    return query.urlencode()


def dashboard_context(request):
    """(form, filtered visible cases or None when the filters are wrong, membership).

    The cases are annotated with identity_visible (for lists); `scope_of(request)` gives the
    same cases, unannotated, for the figures."""
    membership = dashboard_membership(request)
    organisation = scope_organisation(membership)
    data = {k: v for k, v in request.GET.items() if k in FILTER_KEYS}
    form = DashboardFilterForm(data or None, organisation=organisation)
    if data and not form.is_valid():
        return form, None, membership
    cases = apply_filters(visible_cases(request.user, membership), form.active_filters())
    request.dashboard_scope = metric_scope(request.user, membership, form.active_filters())
    return form, cases, membership


@login_required
@reading_from_replica()
def dashboard_home(request):
    form, cases, membership = dashboard_context(request)
    context = {"form": form, "scope_org": scope_organisation(membership), "query": filter_query(request)}
    if cases is not None:
        metrics, computed_at = dashboard_metrics_kept(
            request.dashboard_scope,
            fresh=request.GET.get("fresh") == "1",
            stalled_days=form.stalled_after,
            district_side=form.district_side,
            **form.period,
        )
        tables = attach_links(build_tables(metrics), filter_query(request))
        context.update(
            case_exports=[("anonymised", _("Anonymised cases")), ("htcds", _("HTCDS fields"))],
            consented_count=consented(request.dashboard_scope).count(),
            export_limit=settings.DASHBOARD_EXPORT_ROW_LIMIT,
            metrics=metrics,
            computed_at=computed_at,
            figures_kept=settings.DASHBOARD_FIGURES_SECONDS > 0,
            figures_minutes=max(1, round(settings.DASHBOARD_FIGURES_SECONDS / 60)),
            tables=tables,
            charts={
                "funnel": charts.funnel_svg(tables["funnel"], context["query"], _("cases")),
                "compensation_funnel": charts.funnel_svg(
                    tables["compensation_funnel"], context["query"], _("claims"), drill_col=3
                ),
                "stages": charts.duration_svg(tables["stages"]),
                "intervals": charts.interval_svg(tables["intervals"]),
                "trend": charts.trend_svg(tables["trend"]),
                "failure_points": charts.bars_svg(
                    tables["failure_points"], value_col=2, query=context["query"], unit=_("cases")
                ),
            },
        )
    return render(request, "dashboard/home.html", context)


@login_required
@reading_from_replica()
def dashboard_cases(request):
    form, cases, membership = dashboard_context(request)
    context = {"form": form, "scope_org": scope_organisation(membership), "query": filter_query(request)}
    if cases is not None:
        try:
            cases, description = drill_filter(
                cases, request.GET, case_predicates(timezone.localdate(), form.stalled_after)
            )
        except ValidationError as exc:
            context["drill_error"] = " ".join(exc.messages)
        else:
            cases = cases.select_related("survivor", "lead_organisation", "source_state", "destination_state").order_by(
                "-opened_at", "-pk"
            )
            page = Paginator(cases, 50).get_page(request.GET.get("page"))
            query = request.GET.copy()
            query.pop("page", None)
            last = latest_activity(cases.filter(pk__in=[c.pk for c in page.object_list]))
            for case in page.object_list:
                case.last_activity = last.get(case.pk)
            context.update(page=page, description=description, page_query=query.urlencode())
    return render(request, "dashboard/cases.html", context)


# --- exports ----------------------------------------------------------------------------------------


def _attachment(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    # The name says what and when, never whose.
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _bad_filters(request):
    messages.error(request, _("Fix the filters before exporting."))
    return redirect(f"{reverse('dashboard:dashboard')}?{request.GET.urlencode()}")


@login_required
@reading_from_replica()
def export_table(request, key, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    form, cases, membership = dashboard_context(request)
    if cases is None:
        return _bad_filters(request)
    # The figures she was shown (kept for a short while), so the file matches the page.
    metrics, _computed_at = dashboard_metrics_kept(
        request.dashboard_scope, stalled_days=form.stalled_after, district_side=form.district_side, **form.period
    )
    table = build_tables(metrics).get(key)
    if table is None:
        raise Http404
    header, rows = table_export(table)
    content = render_export(fmt, header, rows, title=key)  # definitions ride in the header rows
    access_log_record(request=request, action=AccessLogEntry.Action.EXPORT, target=f"dashboard table {key}.{fmt}")
    return _attachment(content, fmt, f"nyaya-{key}-{timezone.localdate():%Y%m%d}.{fmt}")


@login_required
def export_definitions(request, kind):
    """The column definitions of a case-level export (the CSV file's sidecar): no case data."""
    dashboard_membership(request)
    if kind not in CASE_EXPORTS:
        raise Http404
    return _attachment(definitions_csv(kind), "csv", f"nyaya-{kind}-definitions.csv")


@login_required
@require_POST
def export_cases(request, kind, fmt):
    if fmt not in CONTENT_TYPES or kind not in CASE_EXPORTS:
        raise Http404
    form, cases, membership = dashboard_context(request)
    if cases is None:
        return _bad_filters(request)
    with reading_from_replica():
        rows = consented(request.dashboard_scope).count()
    query = filter_query(request)
    if rows > settings.DASHBOARD_EXPORT_ROW_LIMIT:
        job = export_job_create(user=request.user, membership=membership, kind=kind, fmt=fmt, query=query)
        access_log_record(
            request=request,
            action=AccessLogEntry.Action.EXPORT,
            target=f"dashboard {kind}.{fmt} queued ({rows} rows)",
        )
        return redirect("dashboard:dashboard_export_job", job_id=job.pk)
    with reading_from_replica():
        content, count = case_export(kind, request.dashboard_scope, fmt)
    access_log_record(
        request=request, action=AccessLogEntry.Action.EXPORT, target=f"dashboard {kind}.{fmt} ({count} rows)"
    )
    return _attachment(content, fmt, f"nyaya-{kind}-{timezone.localdate():%Y%m%d}.{fmt}")


def _own_job(request, job_id) -> ExportJob:
    dashboard_membership(request)
    return own_export_job(request.user, job_id)


@login_required
def export_job(request, job_id):
    job = _own_job(request, job_id)
    template = "dashboard/_job_status.html" if request.htmx else "dashboard/export_job.html"
    return render(request, template, {"job": job})


@login_required
def export_job_download(request, job_id):
    job = _own_job(request, job_id)
    if job.status != ExportJob.Status.DONE or job.content is None:
        raise Http404
    access_log_record(
        request=request,
        action=AccessLogEntry.Action.EXPORT,
        target=f"dashboard {job.kind}.{job.fmt} download ({job.rows} rows)",
    )
    return _attachment(decrypt_bytes(bytes(job.content)), job.fmt, job.filename)


# --- access audit -----------------------------------------------------------------------------------


@login_required
def audit(request):
    membership = dashboard_membership(request)
    organisation = scope_organisation(membership)
    form = AuditFilterForm(request.GET or None, organisation=organisation)
    entries = audit_entries(organisation)
    if form.is_valid():
        entries = audit_filter(entries, form.cleaned_data)
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries.select_related("user", "case"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboard/audit.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "scope_org": organisation,
            "summary": audit_summary(entries) if not form.errors else None,
        },
    )
