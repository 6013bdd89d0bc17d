"""Importing an organisation's existing caseload from a file: a dry run, then a commit, all or nothing.

    job = import_start(actor=user, organisation=org, file_name="cases.xlsx", content=data, dry_run=True)
    import_report(job)  # {"counts": {...}, "errors": [{"sheet", "row", "column", "message"}], ...}

Both runs are the same code (`import_run`): every row goes through the services that record it
by hand (imports.kinds), in one transaction, each row in a savepoint so every row's errors are
collected. A dry run always rolls the transaction back; a commit keeps it only when no row has an
error. A row whose (organisation, kind, external reference) was imported before is reported
"already imported, unchanged" and not read again (imports.models.ImportedRecord).

The file is read in a Celery task (eager in development and tests) on an `ImportJob`, kept
encrypted until the job is committed or a day old (`import_purge`, on the deadline scan).
"""

from __future__ import annotations

from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consortium.models import Membership, Organisation, Role
from core.crypto import decrypt_bytes, encrypt_bytes

from .columns import CellError, as_list
from .kinds import Context
from .models import FILE_KEPT, ImportedRecord, ImportJob
from .reading import MAX_BYTES, FileRefused, Problem, Row, read_file
from .registry import RECORDERS

NEW, UNCHANGED, INVALID = "new", "unchanged", "invalid"


def admin_membership(actor, organisation: Organisation) -> Membership:
    """Her membership as the organisation's admin: imports are the admin's (coordinators do not enter cases)."""
    membership = Membership.objects.active().filter(user=actor, organisation=organisation, role=Role.ORG_ADMIN).first()
    if membership is None:
        raise PermissionDenied
    return membership


def import_start(
    *, actor, organisation: Organisation, file_name: str, content: bytes, dry_run: bool, kind: str = ""
) -> ImportJob:
    """Keep the file (encrypted) on a new job and read it in the background. Refused at once: a file
    too big or empty (ValidationError on "file"), someone who is not the organisation's admin (403)."""
    admin_membership(actor, organisation)
    if kind and kind not in RECORDERS:
        raise ValidationError({"kind": _("Choose a kind of rows from the list.")})
    if len(content) > MAX_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB: split it into several files.") % {"mb": MAX_BYTES // 2**20}}
        )
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    from .tasks import import_build

    with transaction.atomic():
        job = ImportJob.objects.create(
            user=actor,
            organisation=organisation,
            file_name=(file_name or "upload")[-200:],
            kind=kind,
            dry_run=dry_run,
            content=encrypt_bytes(content),
            step=gettext_noop("Waiting to start"),
        )
        import_build.delay_on_commit(str(job.pk))
    return job


def import_commit(*, actor, job: ImportJob) -> ImportJob:
    """Commit the file of a finished dry run that found no error: a new job, run for real."""
    if job.user_id != actor.pk:
        raise Http404
    report = job.report or {}
    if not job.dry_run or job.status != ImportJob.Status.DONE:
        raise ValidationError(_("Only a finished dry run can be imported."))
    if report.get("errors") or report.get("file_error"):
        raise ValidationError(_("Correct the errors in the file and upload it again: nothing was imported."))
    if job.content is None:
        raise ValidationError(_("The file of this dry run was deleted after a day: upload it again."))
    committed = import_start(
        actor=actor,
        organisation=job.organisation,
        file_name=job.file_name,
        content=decrypt_bytes(bytes(job.content)),
        dry_run=False,
        kind=job.kind,
    )
    ImportJob.objects.filter(pk=job.pk).update(content=None)  # the committing job holds it now
    return committed


def import_job_run(*, job_id: str, task_id: str = "") -> str:
    """The task's body: read the job's file, run it (dry or committed) and store the report.

    Run again after its worker died (`task_id`, the task that started it, delivered again:
    core.jobs), it imports once: a committed import writes its rows and finishes its job in one
    transaction, so either nothing of it was kept and it runs from the start, or the job is done
    and is not run again."""
    job = ImportJob.objects.select_related("user", "organisation").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return "gone" if job is None else "finished"
    try:
        membership = admin_membership(job.user, job.organisation)
    except PermissionDenied:
        ImportJob.job_fail(job_id, gettext_noop("Your role as the organisation's admin ended: nothing was imported."))
        return "failed"
    if job.content is None:
        ImportJob.job_fail(job_id, gettext_noop("The file was deleted: upload it again."))
        return "failed"
    if not ImportJob.job_start(job_id, task_id=task_id, progress=5, step=gettext_noop("Reading the file")):
        return "skipped"
    try:
        with translation.override(job.user.preferred_language or None):
            report = import_run(
                membership=membership,
                file_name=job.file_name,
                content=decrypt_bytes(bytes(job.content)),
                kind=job.kind,
                dry_run=job.dry_run,
                job=job,
            )
    except SoftTimeLimitExceeded:
        ImportJob.job_fail(job_id, TOO_LONG)
        return "failed"
    except JobGone:
        return "skipped"
    if not report["committed"]:  # a committed run finished its job in its own transaction
        _job_done(job_id, report)
    return "done"


TOO_LONG = gettext_noop("The import took too long and was stopped: nothing was imported. Split the file and try again.")


STOPPED = gettext_noop("The import stopped before it finished: nothing was imported. Try again.")


class JobGone(Exception):
    """The job is no longer running (finished by another run of its task): nothing is kept."""


def _job_locked_running(job_id) -> bool:
    running = ImportJob.objects.select_for_update().filter(pk=job_id, status=ImportJob.Status.RUNNING)
    return running.values_list("pk", flat=True).first() is not None


def _job_done(job_id, report: dict) -> None:
    done: dict[str, Any] = {
        "status": ImportJob.Status.DONE,
        "progress": 100,
        "step": gettext_noop("Ready"),
        "report": report,
        "finished_at": timezone.now(),
    }
    if report["committed"]:
        done["content"] = None  # committed: the file has done its work
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(**done)


def import_report(job: ImportJob) -> dict:
    """What the job found, JSON-serialisable: {"finished", "status", "dry_run", "committed", "rows",
    "counts": {kind: {"new", "unchanged", "invalid"}}, "errors": [{sheet, row, column, message}],
    "file_error"}."""
    empty = {"rows": 0, "counts": {}, "errors": [], "committed": False, "file_error": ""}
    report = {**empty, **(job.report or {})}
    report.update(finished=job.is_finished, status=job.status, dry_run=job.dry_run, error=job.error)
    return report


def import_purge() -> int:
    """Uploaded files a day old, committed or not, are deleted (the reports stay)."""
    return ImportJob.objects.filter(created_at__lt=timezone.now() - FILE_KEPT, content__isnull=False).update(
        content=None
    )


# --- the run ---------------------------------------------------------------------------------------


def import_run(
    *, membership: Membership, file_name: str, content: bytes, kind: str = "", dry_run: bool, job=None
) -> dict:
    """Read and record every row; keep them only for a commit without a single error."""
    counts = {key: {NEW: 0, UNCHANGED: 0, INVALID: 0} for key in RECORDERS}
    try:
        sheets = read_file(file_name, content, kind)
    except FileRefused as exc:
        return {"rows": 0, "counts": counts, "errors": [], "committed": False, "file_error": str(exc)}
    problems: list[Problem] = list(sheets.problems)
    total = sheets.count
    if job is not None:
        # The rows are checked in one transaction, which a polling page cannot see into: say so before.
        ImportJob.job_progress(job.pk, 20, gettext_noop("Checking the rows"))
    organisation = membership.organisation
    ctx = Context(actor=membership.user, membership=membership)
    started = timezone.now()
    with transaction.atomic():
        # A committed run's job is held until its rows and its end are committed together: a second
        # run of the same job waits here, then finds it finished.
        if job is not None and not dry_run and not _job_locked_running(job.pk):
            raise JobGone
        for record in ImportedRecord.objects.filter(organisation=organisation).select_related("case"):
            ctx.known[(record.kind, record.external_ref)] = (record.case, record.object_id)
        for key, recorder in RECORDERS.items():
            seen: set[str] = set()
            for row in sheets.rows.get(key, []):
                outcome = _row(ctx, recorder, row, seen, problems, job)
                counts[key][outcome] += 1
        if not problems:
            _history_updates_close(ctx, started)
        committed = not dry_run and not problems
        report = {
            "rows": total,
            "counts": counts,
            "errors": [p.as_dict() for p in sorted(problems, key=_order)],
            "committed": committed,
            "file_error": "",
        }
        if not committed:
            transaction.set_rollback(True)
        elif job is not None:
            _job_done(job.pk, report)
    return report


HISTORY_REASON = "Imported history: the survivor's next update is owed from the day of the import"


def _history_updates_close(ctx: Context, started) -> None:
    """A step imported from the past (a FIR registered in 2019) opens "tell the survivor" a week
    after it, overdue for years, and nothing in a spreadsheet says whether she was told. Each
    imported case already owes her an update counted from the import (cases.services.case_open,
    `opened_on`), so these are closed, with why, rather than shown as overdue. Deadlines the file's
    later steps answer (a chargesheet meets the chargesheet clock) are met by the engine itself."""
    from cases.models import Deadline
    from cases.services import deadline_close_by_hand

    overdue = Deadline.objects.open().filter(
        case_id__in={case.pk for case, _id in ctx.known.values()},
        rule_code="survivor_update_after_event",
        due_at__lt=started,
        trigger_at__lt=started,
        status_changed_at__isnull=True,
    )
    for deadline in overdue.select_related("case"):
        if deadline.case_id in ctx.touched:
            deadline_close_by_hand(
                actor=ctx.actor,
                case=deadline.case,
                deadline=deadline,
                reason=HISTORY_REASON,
                expected_version=deadline.version,
            )


SHEET_ORDER = {key: position for position, key in enumerate(RECORDERS)}


def _order(problem: Problem):
    return (SHEET_ORDER.get(problem.sheet, len(SHEET_ORDER)), problem.sheet, problem.row, problem.column)


def _row(ctx: Context, recorder, row: Row, seen: set[str], problems: list[Problem], job) -> str:
    kind = recorder.kind
    found: list[Problem] = []

    def refuse(column: str, message) -> None:
        found.append(Problem(row.sheet, row.number, column, str(message)))

    ref = row.cells.get(kind.ref, "")
    if not ref:
        refuse(kind.ref, _("Give the row's reference: it is how a later import knows the row."))
    elif len(ref) > 100:
        refuse(kind.ref, _("At most 100 characters."))
    elif ref in seen:
        refuse(kind.ref, _("This reference is on another row of this sheet: each row needs its own."))
    elif (kind.key, ref) in ctx.known:
        seen.add(ref)
        return UNCHANGED  # already imported: neither read again nor overwritten
    seen.add(ref)
    values: dict[str, Any] = {}
    for column in kind.columns:
        text = row.cells.get(column.name, "")
        if text.startswith("="):
            refuse(column.name, _("A cell may not start with “=”: formulas are not read. Type the value itself."))
        elif not text:
            if column.required and column.name != kind.ref:
                refuse(column.name, _("This column is required."))
        elif len(text) > 2000:
            refuse(column.name, _("At most 2,000 characters."))
        elif column.name in kind.links:
            _link(ctx, kind.links[column.name], column, text, values, refuse)
        else:
            try:
                values[column.name] = column.parse(text)
            except CellError as exc:
                refuse(column.name, str(exc))
    if not found:
        try:
            with transaction.atomic():
                case, object_id = recorder.record(ctx, values)
                ImportedRecord.objects.create(
                    organisation=ctx.membership.organisation,
                    kind=kind.key,
                    external_ref=ref,
                    case=case,
                    object_id=object_id,
                    job=job,
                )
        except ValidationError as exc:
            for column, messages in _by_column(exc, kind.names).items():
                for message in messages:
                    refuse(column, message)
        except (Http404, PermissionDenied):
            refuse("", _("You may not record this on that case."))
        except IntegrityError:
            # A rule only the database knows (a value another record holds): the row, never a 500.
            refuse("", _("This row conflicts with a record already in Nyaya: check its values."))
        else:
            ctx.known[(kind.key, ref)] = (case, object_id)
            ctx.touched.add(case.pk)
    problems.extend(found)
    if found and ref:
        ctx.refused.add((kind.key, ref))
    return INVALID if found else NEW


def _link(ctx: Context, target: str, column, text: str, values: dict, refuse) -> None:
    """A cell naming a row of an earlier kind (or, for a list column, several: each must be known)
    becomes that record's (case, object id), or a list of them."""
    several = column.parse is as_list
    refs = as_list(text) if several else [text]
    linked = [ctx.known.get((target, ref)) for ref in refs]
    for position, (ref, found) in enumerate(zip(refs, linked, strict=True), start=1):
        if found is not None:
            continue
        # A list's references are told by their place in it: the report never repeats a cell.
        where = _("Reference %(n)s of %(total)s: ") % {"n": position, "total": len(refs)} if len(refs) > 1 else ""
        if (target, ref) in ctx.refused:
            refuse(column.name, where + _("The row with this reference has errors: correct it first."))
        else:
            refuse(column.name, where + _("No row with this reference on the sheet it links to, nor imported before."))
        return
    values[column.name] = linked if several else linked[0]


def _by_column(exc: ValidationError, names: list[str]) -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):
        return {"": [str(m) for m in exc.messages]}
    out: dict[str, list[str]] = {}
    for key, messages in exc.message_dict.items():
        out.setdefault(key if key in names else "", []).extend(str(m) for m in messages)
    return out
