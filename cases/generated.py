"""Generated PDFs kept past their time: the files are deleted and builds that died are failed.

The PDFs themselves are written by the top layer's `pdfs` package (it reads every app); what
happens to their rows once stored is the case's own business, and the access and retention jobs
(privacy) call it from here.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from .models import GeneratedDocument

Status = GeneratedDocument.Status
STALE_AFTER = datetime.timedelta(hours=1)  # a build still "running" after this died with its worker


STOPPED = gettext_noop("The build stopped before it finished. Try again.")


def generated_documents_purge(*, now=None) -> int:
    """Delete expired files (and erase any password never shown); fail builds that died."""
    now = now or timezone.now()
    purged = 0
    for document in GeneratedDocument.objects.filter(expires_at__lte=now).exclude(status=Status.EXPIRED):
        with transaction.atomic():
            row = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
            name = row.file.name
            row.file = ""
            row.password = ""
            row.status = Status.EXPIRED
            row.step = "Expired"
            row.save()
            if name:
                transaction.on_commit(lambda name=name, storage=row.file.storage: storage.delete(name))
        purged += 1
    stale = now - STALE_AFTER
    GeneratedDocument.objects.filter(status__in=[Status.PENDING, Status.RUNNING]).filter(
        Q(started_at__lt=stale) | Q(started_at__isnull=True, requested_at__lt=stale)
    ).update(status=Status.FAILED, error=STOPPED, finished_at=now)
    return purged
