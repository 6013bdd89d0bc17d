"""Her requests from her page (call me back, I cannot come on a date, change or stop a consent) and
her caseworker's answers.

Each request becomes a task for her lead caseworker with a due date, a timeline event and an in-app
notification, in one transaction. A consent change takes effect only when her caseworker records
it (DPDP Act 2023 s. 6(4): withdrawal must be as easy as giving consent, and is recorded by the data
fiduciary; s. 6(6): processing stops within a reasonable time): "stop it now" withdraws the consent
through cases.services.consent_withdraw, and her page then shows the confirmation.

Her words are kept encrypted (SurvivorRequest.message) and never logged.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, override

from cases import events
from cases import services as case_services
from cases.models import Case, CaseAssignment, CaseEvent, CaseRole, Task
from cases.notifications import notify
from cases.permissions import require, visible_access
from core.concurrency import ConcurrentEditError
from core.dates import day_text
from core.phrases import Phrase
from legal.models import Hearing, HearingStatus
from survivors.models import Consent, ConsentPurpose

from .models import SurvivorAccount, SurvivorRequest
from .services import account_usable

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Due dates of the task for her caseworker, in calendar days from the day she asks: consortium
# practice (a call back within two days; a consent change within three; DPDP Act 2023 s. 6(6) asks
# only that processing stop within "a reasonable time" of a withdrawal).
CALL_BACK_DAYS = 2
CANNOT_ATTEND_DAYS = 2
CONSENT_CHANGE_DAYS = 3
# Open requests of one kind she may have at once: more wait for an answer first (consortium
# practice; stops a stuck button or a playful child from filling her caseworker's list).
MAX_OPEN_PER_KIND = 3
MESSAGE_MAX = 300


Wants = SurvivorRequest.Wants


class Outcome(models.TextChoices):
    """Her caseworker's answer."""

    DONE = "done", _("Done")
    DECLINED = "declined", _("Not done (say why in the answer)")
    STOP_NOW = "stop_now", _("Stop the consent now (withdrawn on the record)")
    ALREADY_RECORDED = "already_recorded", _("Already recorded on the Consent page")


# The purpose of a consent in her words (the staff labels are survivors.models.ConsentPurpose).
PURPOSE_WORDS: dict[str, StrOrPromise] = {
    ConsentPurpose.CASE_MANAGEMENT: _("Our organisation working on your case"),
    ConsentPurpose.LEGAL_REPRESENTATION: _("A lawyer helping you with your case"),
    ConsentPurpose.SHARE_WITH_ORGANISATION: _("Sharing your file with another organisation"),
    ConsentPurpose.COLLECTIVE_SUPPORT: _("Support from a group of women who went through the same"),
    ConsentPurpose.COMPENSATION: _("Asking for the money owed to you"),
    ConsentPurpose.STATISTICS: _("Counting your case in numbers, without your name"),
    ConsentPurpose.SELF_ACCESS: _("This page (if it stops, you can no longer open it)"),
}


def purpose_words(consent: Consent) -> str:
    """The consent in her words, with the organisation it lets in (its short name)."""
    words = str(PURPOSE_WORDS.get(consent.purpose, consent.get_purpose_display()))
    organisation = consent.recipient_organisation
    return f"{words} ({organisation.short_name})" if organisation else words


# --- what she may choose ------------------------------------------------------------------------


def her_hearings(account: SurvivorAccount):
    """Her hearings still to come (scheduled, today or later) on her case's court cases."""
    return (
        Hearing.objects.filter(
            court_case__case_id=account.case_id, status=HearingStatus.SCHEDULED, on__gte=timezone.localdate()
        )
        .select_related("court_case__court")
        .order_by("on", "pk")
    )


def her_consents(account: SurvivorAccount):
    """Her consents in force on her case."""
    return (
        Consent.objects.in_force()
        .filter(case_id=account.case_id)
        .select_related("recipient_organisation")
        .order_by("purpose", "pk")
    )


def hearing_words(hearing: Hearing) -> str:
    return f"{day_text(hearing.on)}: {hearing.court_case.court.name}"


# --- her side: asking -----------------------------------------------------------------------------


def lead_caseworker(case: Case):
    """Who her requests go to: the lead caseworker on the case, else a caseworker of the lead
    organisation on the team (the longest on it); None if nobody."""
    team = CaseAssignment.objects.active().filter(case=case, user__is_active=True).select_related("user")
    lead = team.filter(role=CaseRole.LEAD_CASEWORKER).order_by("started_at", "pk").first()
    if lead is None:
        lead = (
            team.filter(role=CaseRole.CASEWORKER, organisation_id=case.lead_organisation_id)
            .order_by("started_at", "pk")
            .first()
        )
    return lead.user if lead else None


def _clean_message(message: str) -> str:
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": _("Please write at most %(n)d letters.") % {"n": MESSAGE_MAX}})
    return message


def _due(kind: str, hearing: Hearing | None) -> datetime.date:
    today = timezone.localdate()
    if kind == SurvivorRequest.Kind.CALL_BACK:
        return today + datetime.timedelta(days=CALL_BACK_DAYS)
    if kind == SurvivorRequest.Kind.CANNOT_ATTEND:
        assert hearing is not None
        # The earlier of two days and the day before the hearing, never before today.
        return max(today, min(today + datetime.timedelta(days=CANNOT_ATTEND_DAYS), hearing.on - datetime.timedelta(1)))
    return today + datetime.timedelta(days=CONSENT_CHANGE_DAYS)


def _task_title(kind: str, *, hearing: Hearing | None, consent: Consent | None, wants: str) -> str:
    """What the task says, in staff words (the assignee's language is chosen by the caller)."""
    if kind == SurvivorRequest.Kind.CALL_BACK:
        return str(_("Her page: call her back"))
    if kind == SurvivorRequest.Kind.CANNOT_ATTEND:
        assert hearing is not None
        return str(_("Her page: she cannot attend the hearing of %(day)s") % {"day": day_text(hearing.on)})
    assert consent is not None
    what = consent.get_purpose_display()
    if consent.recipient_organisation is not None:
        what = f"{what}, {consent.recipient_organisation.short_name}"
    if wants == Wants.STOP:
        return str(_("Her page: she asks to stop a consent (%(what)s)") % {"what": what})
    return str(_("Her page: she asks to change a consent (%(what)s)") % {"what": what})


EVENT_SUMMARIES: dict[str, str] = {
    SurvivorRequest.Kind.CALL_BACK: gettext_noop("Her page: she asked to be called back"),
    SurvivorRequest.Kind.CANNOT_ATTEND: gettext_noop("Her page: she said she cannot attend a hearing"),
    SurvivorRequest.Kind.CONSENT_CHANGE: gettext_noop("Her page: she asked to change or stop a consent"),
}


@transaction.atomic
def request_send(
    *,
    account: SurvivorAccount,
    kind: str,
    message: str = "",
    hearing: Hearing | None = None,
    consent: Consent | None = None,
    wants: str = "",
) -> SurvivorRequest:
    """Her request, a task for her lead caseworker, a timeline event and a notification. A hearing or
    consent not of her case, too many open requests of this kind, or nobody to send it to: refused,
    nothing saved."""
    # Her account row locked: two quick presses are counted one after the other.
    account = SurvivorAccount.objects.select_for_update().select_related("case").get(pk=account.pk)
    case = account.case
    if not account_usable(account):  # suspended, or her consent lapsed, since the page was loaded
        raise ValidationError(_("This could not be sent now. Please call your caseworker."))
    if kind not in SurvivorRequest.Kind.values:
        raise ValidationError(_("Choose what you are asking for."))
    message = _clean_message(message)
    if kind == SurvivorRequest.Kind.CANNOT_ATTEND:
        if hearing is None or not her_hearings(account).filter(pk=hearing.pk).exists():
            raise ValidationError({"hearing": _("Choose one of your dates.")})
        hearing = her_hearings(account).get(pk=hearing.pk)
        if account.requests.filter(kind=kind, hearing=hearing, status=SurvivorRequest.Status.OPEN).exists():
            raise ValidationError({"hearing": _("You already told your caseworker about this date.")})
    else:
        hearing = None
    if kind == SurvivorRequest.Kind.CONSENT_CHANGE:
        if consent is None or not her_consents(account).filter(pk=consent.pk).exists():
            raise ValidationError({"consent": _("Choose one of your consents.")})
        consent = her_consents(account).get(pk=consent.pk)
        if wants not in Wants.values:
            raise ValidationError({"wants": _("Say if you want to stop it or change it.")})
    else:
        consent, wants = None, ""
    if account.requests.filter(kind=kind, status=SurvivorRequest.Status.OPEN).count() >= MAX_OPEN_PER_KIND:
        raise ValidationError(
            _("You have %(n)d requests like this waiting already. Your caseworker will answer them soon.")
            % {"n": MAX_OPEN_PER_KIND}
        )
    assignee = lead_caseworker(case)
    if assignee is None:
        raise ValidationError(_("This could not be sent now. Please call your caseworker."))
    due_on = _due(kind, hearing)
    with override(assignee.preferred_language or settings.LANGUAGE_CODE):
        title = _task_title(kind, hearing=hearing, consent=consent, wants=wants)
    # A task she set has no staff author: it is set in her caseworker's name (Task.created_by is
    # required); its title says it came from her page.
    task = Task.objects.create(case=case, title=title[:200], assignee=assignee, due_on=due_on, created_by=assignee)
    request = SurvivorRequest.objects.create(
        account=account,
        case=case,
        kind=kind,
        hearing=hearing,
        consent=consent,
        wants=wants,
        message=message,
        task=task,
    )
    events.event_record(
        case=case,
        kind=CaseEvent.Kind.SELF_ACCESS,
        actor=None,
        summary=Phrase(EVENT_SUMMARIES[kind]),
        data={"account": account.pk, "request": request.pk, "task": task.pk, "wants": wants},
    )
    events.task_added_event(case=case, actor=None, task=task, assignee=assignee, due_on=due_on)
    notify(
        users=[assignee],
        case=case,
        kind="task",
        title=lambda: (
            _("%(ref)s: a request from her page, due %(day)s") % {"ref": case.reference, "day": day_text(due_on)}
        ),
        url=reverse("selfaccess_staff:her_requests", kwargs={"case_id": case.pk}),
    )
    return request


# --- her list ---------------------------------------------------------------------------------------


@dataclass
class HerRequestLine:
    request: SurvivorRequest
    what: str
    sent_on: str
    status: str
    is_open: bool
    due_on: str
    answer: str
    confirmation: str


def _what(request: SurvivorRequest, wants: str) -> str:
    if request.kind == SurvivorRequest.Kind.CALL_BACK:
        return str(_("Call me back"))
    if request.kind == SurvivorRequest.Kind.CANNOT_ATTEND:
        if request.hearing is None:
            return str(_("I cannot come on a date"))
        return str(_("I cannot come on %(day)s") % {"day": day_text(request.hearing.on)})
    name = purpose_words(request.consent) if request.consent else str(_("a consent"))
    if wants == Wants.STOP:
        return str(_("Stop: %(what)s") % {"what": name})
    return str(_("Change: %(what)s") % {"what": name})


HER_STATUS: dict[str, StrOrPromise] = {
    SurvivorRequest.Status.OPEN: _("Waiting for your caseworker"),
    SurvivorRequest.Status.DONE: _("Done"),
    SurvivorRequest.Status.CONFIRMED: _("Confirmed"),
    SurvivorRequest.Status.DECLINED: _("Not done"),
}


def _confirmation(request: SurvivorRequest) -> str:
    if request.status != SurvivorRequest.Status.CONFIRMED or request.answered_at is None:
        return ""
    day = day_text(timezone.localdate(request.answered_at))
    consent = request.consent
    if consent is not None and consent.withdrawn_at is not None:
        if consent.recipient_organisation is not None:
            return str(
                _("Confirmed on %(day)s: sharing with %(org)s has stopped.")
                % {"day": day, "org": consent.recipient_organisation.short_name}
            )
        return str(
            _("Confirmed on %(day)s: this has stopped: %(what)s.") % {"day": day, "what": purpose_words(consent)}
        )
    return str(_("Confirmed on %(day)s: your consent was changed as you asked.") % {"day": day})


def her_requests(account: SurvivorAccount, limit: int = 20) -> list[HerRequestLine]:
    """Her requests for her home page: open ones first, then the newest; what she asked, in her
    words, the status, her caseworker's answer and any confirmation. Call inside her language."""
    rows = (
        SurvivorRequest.objects.filter(account=account)
        .select_related("hearing", "consent__recipient_organisation", "task")
        .annotate(is_closed=models.Case(models.When(status=SurvivorRequest.Status.OPEN, then=0), default=1))
        .order_by("is_closed", "-created_at", "-pk")[:limit]
    )
    lines = []
    for request in rows:
        lines.append(
            HerRequestLine(
                request=request,
                what=_what(request, request.wants),
                sent_on=day_text(timezone.localdate(request.created_at)),
                status=str(HER_STATUS[request.status]),
                is_open=request.status == SurvivorRequest.Status.OPEN,
                due_on=day_text(request.task.due_on, missing="")
                if request.task and request.status == SurvivorRequest.Status.OPEN
                else "",
                answer=request.answer,
                confirmation=_confirmation(request),
            )
        )
    return lines


def promise(request: SurvivorRequest) -> str:
    """What she is told after sending: when her caseworker will answer."""
    due = request.task.due_on if request.task else None
    if due is None:
        return str(_("Your caseworker will answer you soon."))
    day = day_text(due)
    if request.kind == SurvivorRequest.Kind.CALL_BACK:
        return str(_("Your caseworker will call you by %(day)s.") % {"day": day})
    if request.kind == SurvivorRequest.Kind.CANNOT_ATTEND:
        return str(_("Your caseworker will call you about this date by %(day)s.") % {"day": day})
    return str(
        _("Your caseworker will answer by %(day)s. Until then, nothing changes: the consent stays as it is.")
        % {"day": day}
    )


# --- her caseworker's side -----------------------------------------------------------------------------


def requests_on_case(case: Case):
    """Her requests on this case for her caseworkers: open first (oldest due first), then answered."""
    return (
        SurvivorRequest.objects.filter(case=case)
        .select_related("hearing__court_case__court", "consent__recipient_organisation", "task", "answered_by")
        .annotate(is_closed=models.Case(models.When(status=SurvivorRequest.Status.OPEN, then=0), default=1))
        .order_by("is_closed", "task__due_on", "-created_at", "-pk")
    )


def open_count(case: Case) -> int:
    return SurvivorRequest.objects.filter(case=case, status=SurvivorRequest.Status.OPEN).count()


def outcomes_for(request: SurvivorRequest) -> list[tuple[str, StrOrPromise]]:
    if request.kind == SurvivorRequest.Kind.CONSENT_CHANGE:
        allowed = [Outcome.STOP_NOW, Outcome.ALREADY_RECORDED, Outcome.DECLINED]
    else:
        allowed = [Outcome.DONE, Outcome.DECLINED]
    return [(o.value, o.label) for o in allowed]


ANSWER_SUMMARIES: dict[str, str] = {
    SurvivorRequest.Status.DONE: gettext_noop("Her page: her request answered (done)"),
    SurvivorRequest.Status.DECLINED: gettext_noop("Her page: her request answered (not done, reason given)"),
    SurvivorRequest.Status.CONFIRMED: gettext_noop("Her page: her consent change confirmed on the record"),
}


@transaction.atomic
def request_answer(
    *, actor, case: Case, request: SurvivorRequest, outcome: str, answer: str = "", expected_version: int
) -> SurvivorRequest:
    """Her caseworker answers: done, declined (the answer says why), or for a consent change "stop it
    now" (withdrawn on the record, then confirmed) or "already recorded" (confirmed only if a consent
    was recorded or withdrawn on the case after she asked). The task is marked done."""
    require(visible_access(actor, case).can_record_consent and request.case_id == case.pk)
    locked = SurvivorRequest.objects.select_for_update().get(pk=request.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError(who=locked.answered_by.display_name if locked.answered_by else None, when=None)
    if locked.status != SurvivorRequest.Status.OPEN:
        raise ValidationError(_("This request was already answered."))
    answer = (answer or "").strip()
    if len(answer) > 1000:
        raise ValidationError({"answer": _("Keep the answer short: at most 1000 characters.")})
    if outcome not in dict(outcomes_for(locked)):
        raise ValidationError({"outcome": _("Choose an answer this request allows.")})
    if outcome == Outcome.DECLINED and not answer:
        raise ValidationError({"answer": _("Say why in the answer: she reads it on her page.")})
    if outcome == Outcome.DONE:
        status = SurvivorRequest.Status.DONE
    elif outcome == Outcome.DECLINED:
        status = SurvivorRequest.Status.DECLINED
    elif outcome == Outcome.STOP_NOW:
        consent = locked.consent
        if consent is None or consent.withdrawn_at is not None:
            raise ValidationError(
                {"outcome": _("This consent is no longer in force: choose “Already recorded on the Consent page”.")}
            )
        locked.consent = case_services.consent_withdraw(
            actor=actor, case=case, consent=consent, note="Withdrawn at her request, from her page."
        )
        status = SurvivorRequest.Status.CONFIRMED
    else:
        since = locked.created_at
        changed = Consent.objects.filter(case=case).filter(Q(recorded_at__gt=since) | Q(withdrawn_at__gt=since))
        if not changed.exists():
            raise ValidationError(
                {
                    "outcome": _(
                        "No consent was recorded or withdrawn on this case since she asked. Record the change on "
                        "the Consent page first, or stop the consent here."
                    )
                }
            )
        status = SurvivorRequest.Status.CONFIRMED
    locked.status = status
    locked.answer = answer
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.version += 1
    locked.save()
    if locked.task_id:
        task = Task.objects.get(pk=locked.task_id)
        if not task.is_done:
            case_services.task_set_done(actor=actor, case=case, task=task, done=True, expected_version=task.version)
    events.event_record(
        case=case,
        kind=CaseEvent.Kind.SELF_ACCESS,
        actor=actor,
        summary=Phrase(ANSWER_SUMMARIES[status]),
        data={"account": locked.account_id, "request": locked.pk, "answer": status},
    )
    return locked
