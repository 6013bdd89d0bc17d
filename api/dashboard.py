"""The dashboard through the API: its figures as JSON, and case-level exports built in the background.

Exactly the web dashboard's scope (dashboard.filters): a coordinator counts every case, an
organisation admin the cases her organisation leads; anyone else gets 404, as on every dashboard
page. The API has no organisation switcher: she acts through her membership that may use the
dashboard (a coordinator's before an org admin's, `dashboard.filters.dashboard_membership_of`).
The filters are the web dashboard's (`DashboardFilterForm`), checked the same way.

An export through the API is always a job (`dashboard.services.export_job_create`), whatever its
size: a program polls its status and downloads the file when it is done. Only she who asked sees
a job, its status and its file, as on the web."""

from dataclasses import asdict, is_dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from cases.audit import access_log_record
from core.crypto import decrypt_bytes
from core.replica import reading_from_replica
from dashboard.exports import CASE_EXPORTS, CONTENT_TYPES
from dashboard.filters import DashboardFilterForm, dashboard_membership_of, metric_scope, scope_organisation
from dashboard.metrics import dashboard_metrics_kept
from dashboard.models import ExportJob
from dashboard.services import export_job_create, own_export_job
from dashboard.views import FILTER_KEYS

from .base import EXPORT, NOT_LOGGED, READ_LIST, Action, LoggedView
from .fields import StrictSerializer

FRESH = {"1": True, "true": True, "0": False, "false": False}


def _checked_filters(raw: dict, membership) -> DashboardFilterForm:
    """The web dashboard's filter form, bound to `raw` and valid, or a ValidationError naming each
    filter at fault (unknown ones, and filters given with no value, too)."""
    errors: dict[str, list[str]] = {}
    for key, value in raw.items():
        if key not in FILTER_KEYS:
            errors[str(key)] = [_("Unknown field.")]
        elif value in ("", None):
            errors[key] = [_("Give a value, or leave the filter out.")]
        elif not isinstance(value, str | int):
            errors[key] = [_("Send text.")]
    organisation = scope_organisation(membership)
    form = DashboardFilterForm({k: str(v) for k, v in raw.items()} or None, organisation=organisation)
    if raw and not errors:
        for name in raw:
            if name not in form.fields:  # an org admin's dashboard is her organisation's
                errors[name] = [_("Unknown field.")]
        if not form.is_valid():
            for name, messages in form.errors.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(dict(list(errors.items())[:20]))
    return form


def _plain(value):
    """Figures as JSON: amounts of money as text (exact), dates as ISO dates."""
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- figures --------------------------------------------------------------------------------------

Rows = serializers.ListField(child=serializers.DictField())

FiguresSerializer = inline_serializer(
    "DashboardFigures",
    {
        "computed_at": serializers.DateTimeField(help_text="When they were counted (they are kept a few minutes)."),
        "organisation": serializers.CharField(
            allow_null=True, help_text="An org admin's dashboard: her organisation; a coordinator's: null (all)."
        ),
        "today": serializers.DateField(),
        "stalled_days": serializers.IntegerField(),
        "district_side": serializers.CharField(help_text="source or destination (the `by` filter)."),
        "counts": serializers.DictField(child=serializers.IntegerField(), help_text="The funnel's counts of cases."),
        "durations": serializers.DictField(
            child=inline_serializer(
                "DashboardPercentiles",
                {
                    "n": serializers.IntegerField(),
                    "median": serializers.FloatField(allow_null=True),
                    "p90": serializers.FloatField(allow_null=True),
                },
            ),
            help_text="Days: the median and 90th percentile of each stage's stay and key interval.",
        ),
        "failure_points": Rows,
        "failure_by_station": Rows,
        "failure_by_district": Rows,
        "failure_by_court": Rows,
        "accused": serializers.DictField(child=serializers.IntegerField()),
        "court_outcomes": serializers.DictField(child=serializers.IntegerField()),
        "bail": serializers.DictField(child=serializers.IntegerField()),
        "compensation": serializers.DictField(help_text="Claims at each step (counts); amounts in rupees, as text."),
        "overdue_by_workflow": Rows,
        "trend": Rows,
        "by_district": Rows,
    },
)


@extend_schema(tags=["dashboard"])
class DashboardFigures(LoggedView):
    """The dashboard's figures for the cases you may count (a coordinator: the consortium; an
    organisation admin: those her organisation leads), with the web dashboard's filters."""

    log_action = READ_LIST

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="Rescued or opened from."),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="... to."),
            OpenApiParameter("state", str, description="A state's code (source or destination)."),
            OpenApiParameter("district", int, description="A district's id (source or destination)."),
            OpenApiParameter("organisation", int, description="The lead organisation's id (coordinators)."),
            OpenApiParameter("exploitation_form", str, description="A form of exploitation's code."),
            OpenApiParameter("age_group", enum=["child", "adult", "unknown"]),
            OpenApiParameter("by", enum=["destination"], description="The district table by destination."),
            OpenApiParameter("stalled_days", int, description="Stalled after this many days (7 to 3650; 90)."),
            OpenApiParameter("fresh", enum=list(FRESH), description="1: count again now, not the kept figures."),
        ],
        responses=FiguresSerializer,
    )
    def get(self, request):
        membership = dashboard_membership_of(request.user)
        raw = dict(request.query_params.items())
        fresh = raw.pop("fresh", "0")
        if fresh not in FRESH:
            raise ValidationError({"fresh": _("1 or 0.")})
        form = _checked_filters(raw, membership)
        scope = metric_scope(request.user, membership, form.active_filters())
        with reading_from_replica():  # core.replica: the figures may be a few seconds behind
            metrics, computed_at = dashboard_metrics_kept(
                scope,
                fresh=FRESH[fresh],
                stalled_days=form.stalled_after,
                district_side=form.district_side,
                **form.period,
            )
        organisation = scope_organisation(membership)
        body = {
            "computed_at": computed_at,
            "organisation": organisation.name if organisation is not None else None,
            **_plain(metrics),
        }
        return Response(body)


# --- exports --------------------------------------------------------------------------------------


class ExportJobSerializer(serializers.ModelSerializer):
    format = serializers.CharField(source="fmt", help_text="csv or xlsx.")
    # plain text, not an enum: the case's status already names a choice set "status"
    status = serializers.CharField(help_text="pending, running, done, failed or expired (a week after it was made).")
    step = serializers.SerializerMethodField(help_text="What the build is doing now, in your language.")
    download = serializers.SerializerMethodField(help_text="The file's address once it is done, else null.")

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "kind",
            "format",
            "status",
            "progress",
            "step",
            "error",
            "rows",
            "created_at",
            "started_at",
            "finished_at",
            "download",
        ]

    def get_step(self, job) -> str:
        return _(job.step) if job.step else ""

    def get_download(self, job) -> str | None:
        if job.status != ExportJob.Status.DONE:
            return None
        return reverse("api:dashboard_export_download", kwargs={"job_id": job.pk})


class ExportStartSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=sorted(CASE_EXPORTS), help_text="anonymised or htcds.")
    format = serializers.ChoiceField(choices=sorted(CONTENT_TYPES), help_text="csv or xlsx.")
    filters = serializers.DictField(
        required=False,
        help_text="The dashboard's filters (as GET /dashboard/figures/ takes them): the cases it counts.",
    )


@extend_schema(tags=["dashboard"])
class ExportStart(LoggedView):
    """Start a case-level export (anonymised cases, or the HTCDS fields) of the cases the dashboard
    counts for you with these filters: only cases whose survivor consented to research use, never
    her identity. Built in the background: poll the job, then download its file."""

    @extend_schema(request=ExportStartSerializer, responses={201: ExportJobSerializer})
    def post(self, request):
        membership = dashboard_membership_of(request.user)
        data = ExportStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        filters = data.validated_data.get("filters") or {}
        form = _checked_filters(filters, membership)
        del form  # checked: the job reads the same filters again when it runs (export_scope)
        kind, fmt = data.validated_data["kind"], data.validated_data["format"]
        query = urlencode({key: str(value) for key, value in filters.items()})
        job = export_job_create(user=request.user, membership=membership, kind=kind, fmt=fmt, query=query)
        access_log_record(request=request._request, action=Action.EXPORT, target=f"api: dashboard {kind}.{fmt} queued")
        return Response(ExportJobSerializer(job).data, status=status.HTTP_201_CREATED)


class OwnJob(LoggedView):
    def job(self) -> ExportJob:
        dashboard_membership_of(self.request.user)  # as the web: only through a dashboard membership
        return own_export_job(self.request.user, self.kwargs["job_id"])


@extend_schema(tags=["dashboard"])
class ExportJobDetail(OwnJob):
    """Your export's status and progress (only yours)."""

    log_action = NOT_LOGGED  # as the web's job page: its status, no case

    @extend_schema(responses=ExportJobSerializer)
    def get(self, request, job_id):
        return Response(ExportJobSerializer(self.job()).data)


@extend_schema(tags=["dashboard"])
class ExportJobDownload(OwnJob):
    """The finished file (CSV or XLSX); 404 until it is done. Logged as an export."""

    log_action = EXPORT

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)})
    def get(self, request, job_id):
        job = self.job()
        if job.status != ExportJob.Status.DONE or job.content is None:
            raise Http404
        self.exported = job
        response = HttpResponse(decrypt_bytes(bytes(job.content)), content_type=CONTENT_TYPES[job.fmt])
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        response["Cache-Control"] = "no-store"
        return response

    def log_target(self) -> str:
        job = self.__dict__.get("exported")
        if job is None:
            return super().log_target()
        return f"api: dashboard {job.kind}.{job.fmt} download ({job.rows} rows)"
