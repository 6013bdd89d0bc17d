"""A dashboard export whose worker died is built by the same task delivered again, once."""

import pytest

from dashboard import services
from dashboard.models import ExportJob
from dashboard.services import export_job_create, export_job_run

from .test_exports import consented  # noqa: F401 - the fixture

Status = ExportJob.Status


class WorkerKilled(BaseException):
    pass


@pytest.fixture
def queued(consented, people, django_capture_on_commit_callbacks):  # noqa: F811
    coordinator = people["coordinator"]
    with django_capture_on_commit_callbacks(execute=False):
        return export_job_create(user=coordinator.user, membership=coordinator, kind="anonymised", fmt="csv", query="")


def test_an_export_killed_mid_way_is_finished_once_by_its_task_delivered_again(queued, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(services, "encrypt_bytes", lambda content: (_ for _ in ()).throw(WorkerKilled()))
        with pytest.raises(WorkerKilled):
            export_job_run(job_id=str(queued.pk), task_id="task-1")
    queued.refresh_from_db()
    assert queued.status == Status.RUNNING and queued.content is None

    assert export_job_run(job_id=str(queued.pk), task_id="task-2") == "skipped"  # a copy: left alone
    assert export_job_run(job_id=str(queued.pk), task_id="task-1") == "done"
    queued.refresh_from_db()
    assert queued.status == Status.DONE and queued.rows == 3 and queued.content
    content, finished = bytes(queued.content), queued.finished_at

    assert export_job_run(job_id=str(queued.pk), task_id="task-1") == "done"  # after it was done: nothing
    queued.refresh_from_db()
    assert bytes(queued.content) == content and queued.finished_at == finished


def test_an_export_past_its_soft_time_limit_fails_with_a_message(queued, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def too_long(*args, **kwargs):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(services, "case_export", too_long)
    assert export_job_run(job_id=str(queued.pk), task_id="task-1") == "failed"
    queued.refresh_from_db()
    assert queued.status == Status.FAILED and queued.error.startswith("The export took too long")
    assert queued.content is None
