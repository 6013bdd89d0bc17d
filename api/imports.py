"""Bulk import through the API (imports/): the same dry run, all-or-nothing commit and report as the
"Import cases" page, for an organisation's admin. A file is always checked first (a dry run, in the
background); its report says every error by sheet, row and column; only a dry run without error
can be committed, and committing the same rows again changes nothing."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from cases.audit import access_log_record
from cases.models import AccessLogEntry
from consortium.models import Membership, Role
from imports import services
from imports.models import ImportJob

from .base import NOT_LOGGED, LoggedView
from .fields import StrictSerializer


class ImportUploadSerializer(StrictSerializer):
    file = serializers.FileField(help_text="An XLSX workbook made from the template, or one CSV of one kind.")
    kind = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="For a CSV: cases, firs, accused, court_cases or hearings (else recognised).",
    )
    organisation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The short name of the organisation you import for, if you are the admin of several.",
    )


class ImportJobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    file_name = serializers.CharField()
    dry_run = serializers.BooleanField()
    status = serializers.CharField(help_text="pending, running, done or failed.")
    progress = serializers.IntegerField()
    report = serializers.DictField(
        help_text="When done: counts per kind (created, already imported, with errors) and errors "
        "[{sheet, row, column, message}]; committed; file_error."
    )


def _job_data(job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "file_name": job.file_name,
        "dry_run": job.dry_run,
        "status": job.status,
        "progress": job.progress,
        "report": services.import_report(job),
    }


def _admin_organisation(user, short_name: str):
    """The organisation she imports for: her only one as admin, or the one she names."""
    memberships = Membership.objects.active().filter(user=user, role=Role.ORG_ADMIN).select_related("organisation")
    if short_name:
        memberships = memberships.filter(organisation__short_name=short_name)
    found = list(memberships[:2])
    if not found:
        raise PermissionDenied
    if len(found) > 1:
        raise serializers.ValidationError(
            {"organisation": [_("You are the admin of several organisations: name the one you import for.")]}
        )
    return found[0].organisation


def _logged(request, job: ImportJob) -> None:
    what = "dry run" if job.dry_run else "commit"
    access_log_record(
        request=request._request, action=AccessLogEntry.Action.IMPORTED, target=f"api: import {job.pk} {what}"
    )


def _own_job(user, job_id) -> ImportJob:
    job = ImportJob.objects.filter(pk=job_id, user=user).first()
    if job is None:
        raise Http404
    return job


@extend_schema(tags=["imports"])
class ImportStart(LoggedView):
    """Upload a file to check (a dry run, in the background): an organisation's admin only (403
    otherwise). Answers 202 with the job; GET the job until it is done."""

    parser_classes = [MultiPartParser]
    log_action = NOT_LOGGED

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses={202: ImportJobSerializer})
    def post(self, request):
        if not Membership.objects.active().filter(user=request.user, role=Role.ORG_ADMIN).exists():
            raise PermissionDenied
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = _admin_organisation(request.user, data.validated_data["organisation"])
        upload = data.validated_data["file"]
        job = services.import_start(
            actor=request.user,
            organisation=organisation,
            file_name=upload.name,
            content=upload.read(),
            dry_run=True,
            kind=data.validated_data["kind"],
        )
        _logged(request, job)
        job.refresh_from_db()
        return Response(_job_data(job), status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["imports"], responses=ImportJobSerializer)
class ImportJobDetail(LoggedView):
    """Your import job: its progress, then its report (never a cell's content)."""

    log_action = NOT_LOGGED

    def get(self, request, job_id):
        return Response(_job_data(_own_job(request.user, job_id)))


@extend_schema(tags=["imports"], request=None, responses={202: ImportJobSerializer})
class ImportCommit(LoggedView):
    """Import the rows of your finished dry run without errors: all or nothing, in the background."""

    log_action = NOT_LOGGED

    def post(self, request, job_id):
        job = _own_job(request.user, job_id)
        committed = services.import_commit(actor=request.user, job=job)
        _logged(request, committed)
        committed.refresh_from_db()
        return Response(_job_data(committed), status=status.HTTP_202_ACCEPTED)
