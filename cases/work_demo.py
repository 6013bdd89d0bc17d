"""Demo data for deadlines, tasks, survivor updates and notifications (part of `seed_demo`).

Runs after every workflow's demo, so their deadlines exist. Deterministic and idempotent:
if the marker case already has an update given to the survivor, nothing is done. At the
end the deadline scan runs once, so every demo login finds reminders and alerts waiting.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from consortium.models import Membership
from core.phrases import Phrase

from . import services
from .deadlines import deadline_start
from .demo import MARKER_PSEUDONYM
from .models import Case, CaseAssignment, CaseEvent, CaseRole, SurvivorUpdate
from .reminders import deadline_scan
from .survivor_messages import draft_message

SEED = 90
RESPONSES = [
    "She wants to continue and asked when she will have to go to court.",
    "She is worried about the accused's family in the village; asked us not to visit her house.",
    "She agreed to give her statement by video link from her district.",
    "She asked about the compensation money and whether she needs a bank account in her own name.",
    "She said she is busy with the tailoring course and prefers calls after 6 pm.",
    "",
]
TASKS = [
    "Arrange travel and an escort for her statement",
    "Get a certified copy of the FIR from the police station",
    "Follow up with the investigating officer on the arrest",
    "Collect her school certificate for age proof",
    "Open a bank account in her name for the compensation",
    "Ask the DLSA for the status of the claim",
]


@transaction.atomic
def seed_work() -> int:
    marker = Case.objects.filter(survivor__pseudonym=MARKER_PSEUDONYM).first()
    if marker is None or SurvivorUpdate.objects.filter(case=marker).exists():
        return 0
    rng = random.Random(SEED)
    today = timezone.localdate()
    cases = list(Case.objects.select_related("survivor").order_by("pk"))
    updates = 0
    for index, case in enumerate(cases):
        lead = (
            CaseAssignment.objects.active()
            .filter(case=case, role=CaseRole.LEAD_CASEWORKER)
            .select_related("user")
            .first()
        )
        if lead is None:
            continue
        actor = lead.user
        # The first update was due 90 days after the (back-dated) opening.
        deadline_start(
            case=case,
            rule_code="survivor_update",
            trigger_at=case.opened_at,
            subject="case",
            actor=actor,
            title=Phrase(gettext_noop("Tell the survivor how her case stands")),
            trigger_label="case opened",
        )
        opened = timezone.localdate(case.opened_at)
        span = max((today - opened).days, 1)
        if not case.is_open or (index % 8 == 3 and span < 150):
            continue  # a few recent cases have had no update yet: overdue or due soon
        # Most were told recently (within 80 days); on some the last update is long past due.
        latest = rng.randint(95, 200) if index % 6 == 0 else rng.randint(1, 80)
        older = [rng.randint(latest, span) for _ in range(rng.randint(0, 2))] if span > latest else []
        days_back = sorted((d for d in (*older, latest) if d <= span), reverse=True) or [min(latest, span)]
        survivor = case.survivor
        for back in days_back:
            given_on = today - datetime.timedelta(days=min(back, span))
            services.survivor_update_record(
                actor=actor,
                case=case,
                given_on=given_on,
                channel=survivor.preferred_channel,
                language=survivor.preferred_language if survivor.preferred_language in ("bn", "hi") else "hi",
                event="general",
                message=draft_message("general", survivor.preferred_language, on=given_on),
                response=rng.choice(RESPONSES),
            )
            updates += 1
            event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SURVIVOR_UPDATE).order_by("-pk").first()
            when = timezone.make_aware(datetime.datetime.combine(given_on, datetime.time(16, 0)))
            CaseEvent.objects.filter(pk=event.pk).backdate_for_demo(occurred_at=when)
            CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DEADLINE, pk__gt=event.pk).backdate_for_demo(
                occurred_at=when
            )
    _tasks(rng, today)
    deadline_scan()
    return updates


def _member(username):
    return Membership.objects.active().filter(user__username=username).select_related("user").first()


def _tasks(rng, today):
    """Tasks for the demo logins on their own cases: some due, some overdue, some done."""
    for username in ("cw_wb", "cw_jh", "cw_mh", "cw_dl", "lawyer_wb", "lawyer_mh", "leader_wb"):
        member = _member(username)
        if member is None:
            continue
        assignments = list(
            CaseAssignment.objects.active()
            .filter(user=member.user, case__status=Case.Status.OPEN)
            .select_related("case")
            .order_by("case_id")[:3]
        )
        for number, assignment in enumerate(assignments):
            case = assignment.case
            lead = CaseAssignment.objects.active().filter(case=case, role=CaseRole.LEAD_CASEWORKER).first()
            giver = lead.user if lead else member.user
            task = services.task_add(
                actor=giver,
                case=case,
                title=rng.choice(TASKS),
                assignee=member.user,
                due_on=today + datetime.timedelta(days=rng.choice([1, 3, 6, 12])),
            )
            if number == 0:
                # Given a while ago and now overdue.
                type(task).objects.filter(pk=task.pk).update(due_on=today - datetime.timedelta(days=rng.randint(2, 9)))
            elif number == 2:
                services.task_set_done(
                    actor=member.user, case=case, task=task, done=True, expected_version=task.version
                )
