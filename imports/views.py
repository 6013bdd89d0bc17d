"""The "Import cases" pages: the organisation admin's templates, upload, dry-run report and commit.

Org admins only (consortium.permissions.role_required: 403 for anyone else, as the members pages);
a job is seen only by the admin who uploaded it, in the organisation she uploaded it for (404).
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cases.audit import access_log_record
from cases.models import AccessLogEntry
from consortium.models import Membership, Role
from consortium.permissions import role_required
from core.web import add_form_errors, refusal_messages

from . import files, services
from .demo import example_file
from .forms import ImportForm
from .models import ImportJob
from .registry import KINDS

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _attachment(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _own_job(request, job_id) -> ImportJob:
    job = ImportJob.objects.filter(pk=job_id, user=request.user, organisation=request.membership.organisation).first()
    if job is None:
        raise Http404
    return job


def _logged(request, job: ImportJob) -> None:
    what = "dry run" if job.dry_run else "commit"
    access_log_record(request=request, action=AccessLogEntry.Action.IMPORTED, target=f"import {job.pk} {what}")


@role_required(Role.ORG_ADMIN)
def import_home(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_start(
                actor=request.user,
                organisation=request.membership.organisation,
                file_name=upload.name,
                content=upload.read(),
                dry_run=True,
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            _logged(request, job)
            return redirect("imports:import_job", job_id=job.pk)
    jobs = ImportJob.objects.filter(user=request.user, organisation=request.membership.organisation)[:10]
    return render(request, "imports/home.html", {"form": form, "jobs": jobs, "kinds": KINDS})


@role_required(Role.ORG_ADMIN)
def import_job(request, job_id):
    job = _own_job(request, job_id)
    template = "imports/_job_status.html" if request.htmx else "imports/job.html"
    return render(request, template, {"job": job, "report": services.import_report(job)})


@role_required(Role.ORG_ADMIN)
@require_POST
def import_commit(request, job_id):
    job = _own_job(request, job_id)
    try:
        committed = services.import_commit(actor=request.user, job=job)
    except ValidationError as exc:
        refusal_messages(request, exc)
        return redirect("imports:import_job", job_id=job.pk)
    _logged(request, committed)
    return redirect("imports:import_job", job_id=committed.pk)


@role_required(Role.ORG_ADMIN)
def import_errors_csv(request, job_id):
    job = _own_job(request, job_id)
    return _attachment(files.errors_csv(services.import_report(job)), "csv", f"nyaya-import-errors-{job.pk}.csv")


@role_required(Role.ORG_ADMIN)
def template_xlsx(request):
    return _attachment(files.workbook(), "xlsx", "nyaya-import-template.xlsx")


@role_required(Role.ORG_ADMIN)
def template_csv(request, kind):
    content = files.csv_template(kind)
    if content is None:
        raise Http404
    return _attachment(content, "csv", f"nyaya-import-{kind}.csv")


@role_required(Role.ORG_ADMIN)
def guide_csv(request):
    return _attachment(files.guide_csv(), "csv", "nyaya-import-guide.csv")


@role_required(Role.ORG_ADMIN)
def example_xlsx(request):
    """The example workbook, led by a caseworker of her organisation (else by herself)."""
    lead = (
        Membership.objects.active()
        .filter(organisation=request.membership.organisation, role=Role.CASEWORKER)
        .order_by("user__username")
        .values_list("user__username", flat=True)
        .first()
    )
    return _attachment(example_file(lead or request.user.username), "xlsx", "nyaya-import-example.xlsx")
