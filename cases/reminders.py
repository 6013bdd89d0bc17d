"""The periodic deadline scan: reminders before a deadline, escalation after it passes.

Run by Celery beat every 15 minutes (`cases.tasks.deadline_scan`), or by hand with
`python manage.py run_deadline_scan` when no broker runs (the embedded default).

Idempotent: every step of every deadline is written once to DeadlineNotice (unique
per deadline and step), in the same transaction as the notifications it produces, so a
second run, or two scans at once, never sends a step twice. After an outage the next
scan catches up: of the reminders whose time has come only the latest is sent (the
earlier ones are marked skipped, they would only be noise), and every escalation step
reached is sent, since each goes to different people.

Bounded work: candidates are found in SQL per rule version and step (an indexed range
on due_at, minus the steps already handled) and handled in batches of BATCH rows, so
memory does not grow with the number of open deadlines.
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from consortium.models import Membership, Role, User
from core.dates import moment_text

from .models import CaseAssignment, CaseRole, Deadline, DeadlineNotice, DeadlineRule, Notification
from .models.deadlines import title_in_language

BATCH = 1000


@dataclass
class ScanResult:
    reminders: int = 0
    escalations: int = 0
    skipped: int = 0
    notifications: int = 0
    steps: dict = field(default_factory=lambda: defaultdict(int))

    def as_dict(self) -> dict:
        return {
            "reminders": self.reminders,
            "escalations": self.escalations,
            "skipped": self.skipped,
            "notifications": self.notifications,
        }


def reminder_step(days: int) -> str:
    return f"reminder:{days}"


def escalation_step(index: int) -> str:
    return f"escalation:{index}"


def deadline_scan(*, now: datetime.datetime | None = None, batch: int = BATCH) -> ScanResult:
    now = now or timezone.now()
    result = ScanResult()
    coordinators = _coordinators()
    for rule in DeadlineRule.objects.filter(deadlines__status=Deadline.Status.OPEN).distinct().order_by("pk"):
        reminders = sorted({d for d in rule.reminder_days if isinstance(d, int) and d >= 0})
        for position, days in enumerate(reminders):
            # A reminder closer to the due date than this one (or this one) already handled: nothing to do.
            closer_or_same = [reminder_step(d) for d in reminders[: position + 1]]
            # Reminders further from the due date are superseded by this one.
            superseded = [reminder_step(d) for d in reminders[position + 1 :]]
            candidates = (
                Deadline.objects.live()
                .filter(rule=rule, due_at__gt=now, due_at__lte=now + datetime.timedelta(days=days))
                .exclude(Exists(DeadlineNotice.objects.filter(deadline=OuterRef("pk"), step__in=closer_or_same)))
            )
            _run_batches(
                candidates,
                batch,
                result,
                coordinators,
                now,
                step=reminder_step(days),
                audience="responsible",
                skip_steps=superseded,
                kind=Notification.Kind.REMINDER,
            )
        for index, step in enumerate(rule.escalation_steps or []):
            candidates = (
                Deadline.objects.live()
                .filter(rule=rule, due_at__lte=now - datetime.timedelta(days=step["after_days"]))
                .exclude(Exists(DeadlineNotice.objects.filter(deadline=OuterRef("pk"), step=escalation_step(index))))
            )
            _run_batches(
                candidates,
                batch,
                result,
                coordinators,
                now,
                step=escalation_step(index),
                audience=step["notify"],
                skip_steps=[],
                kind=Notification.Kind.ESCALATION,
            )
    return result


def _coordinators() -> list[int]:
    return list(Membership.objects.active().filter(role=Role.COORDINATOR).values_list("user_id", flat=True).distinct())


def _run_batches(candidates, batch, result, coordinators, now, *, step, audience, skip_steps, kind):
    last_pk = 0
    while True:
        # Keyset pagination: each batch starts after the last one, so rows handled (or lost to a
        # concurrent scan) are not read again and the cost stays linear in the candidates.
        rows = list(
            candidates.filter(pk__gt=last_pk)
            .order_by("pk")
            .values(
                "pk",
                "case_id",
                "case__reference",
                "case__lead_organisation_id",
                "title",
                "title_phrase",
                "due_at",
                "responsible_role",
            )[:batch]
        )
        if not rows:
            return
        last_pk = rows[-1]["pk"]
        _handle_batch(rows, result, coordinators, now, step=step, audience=audience, skip_steps=skip_steps, kind=kind)
        if len(rows) < batch:
            return


def _insert(model, columns: list[str], rows: list[tuple], *, ignore_conflicts: bool = False) -> None:
    """Plain INSERTs with executemany: the scan writes up to hundreds of thousands of small rows,
    and building a model instance and preparing each field for each row (bulk_create) was most of
    its time. Values must already be in database form (see _db_value)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    # Table and column names come from the models and are quoted; every value is a parameter.
    sql = "INSERT INTO {table} ({columns}) VALUES ({values}){conflict}".format(  # noqa: S608
        table=quote(model._meta.db_table),
        columns=", ".join(quote(model._meta.get_field(name).column) for name in columns),
        values=", ".join(["%s"] * len(columns)),
        conflict=" ON CONFLICT DO NOTHING" if ignore_conflicts else "",
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(sql, rows[start : start + 1000])


def _db_value(model, name: str, value):
    field = model._meta.get_field(name)
    return field.get_db_prep_save(value, connection)


@transaction.atomic
def _handle_batch(rows, result, coordinators, now, *, step, audience, skip_steps, kind):
    scan = uuid.uuid4()
    recipients = _recipients(rows, audience, coordinators)
    scan_db, now_db = _db_value(DeadlineNotice, "scan", scan), _db_value(DeadlineNotice, "sent_at", now)
    notice_columns = ["deadline", "step", "scan", "sent_at", "recipients", "skipped"]
    _insert(
        DeadlineNotice,
        notice_columns,
        [(row["pk"], step, scan_db, now_db, len(recipients[row["pk"]]), False) for row in rows]
        + [(row["pk"], s, scan_db, now_db, 0, True) for row in rows for s in skip_steps],
        ignore_conflicts=True,
    )
    # Only the steps this scan wrote are sent: a concurrent scan that wrote them first sends them.
    mine = set(DeadlineNotice.objects.filter(scan=scan, step=step).values_list("deadline_id", flat=True))
    rows = [row for row in rows if row["pk"] in mine]
    if not rows:
        return
    # Each person is told in the language kept on her account (one query for the batch; the
    # texts are translated once per language, then filled in per deadline).
    everyone = set().union(*recipients.values()) if recipients else set()
    languages = dict(
        User.objects.filter(pk__in=everyone).exclude(preferred_language="").values_list("pk", "preferred_language")
    )
    texts: dict[str, _Texts] = {}
    created_db = _db_value(Notification, "created_at", now)
    notifications = []
    for row in rows:
        said = {}
        for user_id in recipients[row["pk"]]:
            language = languages.get(user_id, settings.LANGUAGE_CODE)
            if language not in said:
                with override(language):
                    if language not in texts:
                        texts[language] = _Texts(kind, audience, now)
                    said[language] = texts[language](row)
            title, body, url = said[language]
            notifications.append((user_id, row["case_id"], row["pk"], kind, title, body, url, created_db))
    _insert(Notification, ["user", "case", "deadline", "kind", "title", "body", "url", "created_at"], notifications)
    if kind == Notification.Kind.REMINDER:
        result.reminders += len(rows)
        result.skipped += len(rows) * len(skip_steps)
    else:
        result.escalations += len(rows)
    result.notifications += len(notifications)
    result.steps[step] += len(rows)


def _recipients(rows, audience, coordinators) -> dict[int, set]:
    """deadline id -> people to tell. Everyone chosen can see the case (team, lead-org admin, coordinator)."""
    if audience == "coordinator":
        return {row["pk"]: set(coordinators) for row in rows}
    if audience == "org_admin":
        org_ids = {row["case__lead_organisation_id"] for row in rows}
        admins = defaultdict(set)
        for org_id, user_id in (
            Membership.objects.active()
            .filter(role=Role.ORG_ADMIN, organisation_id__in=org_ids)
            .values_list("organisation_id", "user_id")
        ):
            admins[org_id].add(user_id)
        return {row["pk"]: admins[row["case__lead_organisation_id"]] for row in rows}
    team = defaultdict(lambda: defaultdict(set))  # case -> role -> users
    for case_id, user_id, role in (
        CaseAssignment.objects.active()
        .filter(case_id__in={row["case_id"] for row in rows}, user__is_active=True)
        .values_list("case_id", "user_id", "role")
    ):
        team[case_id][role].add(user_id)
    chosen = {}
    for row in rows:
        roles = team[row["case_id"]]
        leads = roles[CaseRole.LEAD_CASEWORKER]
        if audience == "responsible":
            chosen[row["pk"]] = roles[row["responsible_role"]] or leads
        else:  # lead_caseworker
            chosen[row["pk"]] = leads or roles[CaseRole.CASEWORKER]
    return chosen


class _Texts:
    """Notification texts for one batch: translated once, filled in per deadline (the scan
    writes many thousands; gettext per row was a third of its time)."""

    BECAUSE = {
        "lead_caseworker": _lazy("You are told as the case's lead caseworker."),
        "responsible": _lazy("You are responsible for it on the case team."),
        "org_admin": _lazy("You are told as an admin of the lead organisation."),
        "coordinator": _lazy("You are told as a consortium coordinator."),
    }

    def __init__(self, kind, audience, now):
        self.kind, self.today = kind, timezone.localtime(now).date()
        self.title = _("%(reference)s: %(title)s, %(when)s")
        self.due_today, self.due_in = _("due today"), _("due in %(days)d days")
        self.overdue, self.overdue_by = _("overdue"), _("overdue by %(days)d days")
        self.reminder_body = _("Due %(due)s.")
        self.escalation_body = _("It was due %(due)s. %(because)s")
        self.because = str(self.BECAUSE.get(audience, ""))
        sentinel = 987654321
        self.url = reverse("cases:case_deadlines", kwargs={"case_id": sentinel}).replace(str(sentinel), "{}")

    def __call__(self, row) -> tuple[str, str, str]:
        due = timezone.localtime(row["due_at"])
        due_text = moment_text(due)
        if self.kind == Notification.Kind.REMINDER:
            days = (due.date() - self.today).days
            when = self.due_today if days <= 0 else self.due_in % {"days": days}
            body = self.reminder_body % {"due": due_text}
        else:
            days = (self.today - due.date()).days
            when = self.overdue if days <= 0 else self.overdue_by % {"days": days}
            body = self.escalation_body % {"due": due_text, "because": self.because}
        # The deadline's title in the recipient's language: its phrase, else the stored text
        # through the catalogue (a rule's English name).
        what = title_in_language(row["title"], row["title_phrase"], plain=gettext)
        title = self.title % {"reference": row["case__reference"], "title": what, "when": when}
        return title[:200], body, self.url.format(row["case_id"])
