"""Possible duplicate survivors: found without disclosure, reviewed by a coordinator.

When a caseworker records a survivor (cases.services.case_open, survivor_update), her search
tokens (survivors.services.survivor_match_tokens: keyed hashes of whole names, phones, her
guardian's phone, her date of birth) are compared with every other survivor's. A survivor in
another case whose tokens score at least THRESHOLD becomes a pair to review (SurvivorMatch).

What the recorder learns: one sentence, the same whatever matched and however many cases matched
(MATCH_MESSAGE, shown by the view when her case has a pair to review). Nothing about the other
case: not its reference, organisation, state, dates, nor how many.

Scoring (each kind of sign counts once, SCORES):
- her phone, or her guardian's phone, on the other survivor's record: 60, enough alone;
- a whole name (full name or another name, normalised; never a single word): 30, not enough alone;
- her date of birth: 20, not enough alone.
So a name needs a second sign (date of birth: 50; guardian's phone: 90). A date of birth alone
(many are estimated as 1 January) never raises a pair.

A coordinator reviews each pair (survivor_match_review): the same person in another episode
(re-trafficked: both cases stay, each team keeps exactly its access), the same episode (the case
opened later is closed as a duplicate of the one kept; nothing is copied between them), or
different people (the pair is never raised again). "One person" is read through the confirmed
pairs (`episodes_of`); her other episodes are shown on a case only to someone who sees both
cases with her identity (`other_episodes_visible_to`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consortium.models import Membership, Role
from consortium.standing import standing_of
from core.concurrency import save_with_version
from survivors.models import SurvivorSearchToken
from survivors.services import survivor_tokens_of

from . import events
from .audit import access_log_record
from .models import AccessLogEntry, Case, SurvivorMatch
from .notifications import notify
from .permissions import require
from .selectors import case_list_visible_to
from .sensitive import redact_phones

Signal = SurvivorMatch.Signal
Token = SurvivorSearchToken.Kind

# The one sentence the recorder is told: the same for one match or several, whatever matched.
MATCH_MESSAGE = gettext_lazy("Possible match with a survivor in another case: a coordinator will review it.")

SCORES = {Signal.PHONE: 60, Signal.GUARDIAN_PHONE: 60, Signal.NAME: 30, Signal.DATE_OF_BIRTH: 20}
THRESHOLD = 50
MAX_SCORE = 100  # shown out of 100; stronger evidence than that reads as 100

SIGNAL_OF_TOKEN = {
    Token.PHONE: Signal.PHONE,
    Token.GUARDIAN_PHONE: Signal.GUARDIAN_PHONE,
    Token.WHOLE_NAME: Signal.NAME,
    Token.DATE_OF_BIRTH: Signal.DATE_OF_BIRTH,
}

DECISIONS = {
    "retrafficked": SurvivorMatch.Status.RETRAFFICKED,
    "same_episode": SurvivorMatch.Status.SAME_EPISODE,
    "rejected": SurvivorMatch.Status.REJECTED,
}


def match_score(signals) -> int:
    """The score of the kinds of sign that matched (each counted once), at most MAX_SCORE."""
    return min(MAX_SCORE, sum(SCORES.get(signal, 0) for signal in set(signals)))


def is_possible_duplicate(signals) -> bool:
    return match_score(signals) >= THRESHOLD


@dataclass(frozen=True)
class Side:
    """One case of a pair on the review page; `name` only when both identities are revealed."""

    case: Case
    name: str


@dataclass(frozen=True)
class Candidate:
    case_id: int
    signals: tuple[str, ...]
    score: int


def survivor_match_candidates(case: Case) -> list[Candidate]:
    """The other cases whose survivor's tokens score at least THRESHOLD against this case's survivor.

    Two reads: the tokens (digest index), then the cases of the survivors found."""
    tokens = survivor_tokens_of(case.survivor)
    if not tokens:
        return []
    wanted = {(str(kind), digest) for kind, digest in tokens}
    found: dict[int, set[str]] = {}
    for survivor_id, kind, digest in (
        SurvivorSearchToken.objects.filter(digest__in=[d for _k, d in wanted], kind__in=list(SIGNAL_OF_TOKEN))
        .exclude(survivor_id=case.survivor_id)
        .values_list("survivor_id", "kind", "digest")
    ):
        if (kind, digest) in wanted:
            found.setdefault(survivor_id, set()).add(SIGNAL_OF_TOKEN[Token(kind)])
    found = {pk: signals for pk, signals in found.items() if is_possible_duplicate(signals)}
    if not found:
        return []
    candidates = []
    for case_id, survivor_id in (
        Case.objects.filter(survivor_id__in=found).exclude(pk=case.pk).order_by("pk").values_list("pk", "survivor_id")
    ):
        signals = found[survivor_id]
        candidates.append(Candidate(case_id, tuple(sorted(signals)), match_score(signals)))
    return candidates


def episodes_of(case_id: int) -> set[int]:
    """The other cases confirmed to be of the same survivor (re-trafficked or the same episode),
    through confirmed pairs, however many steps apart. Ids only: nothing of visibility here."""
    known = {case_id}
    frontier = {case_id}
    while frontier:
        pairs = SurvivorMatch.objects.filter(status__in=SurvivorMatch.CONFIRMED).filter(
            Q(case_a_id__in=frontier) | Q(case_b_id__in=frontier)
        )
        reached = {pk for pair in pairs.values_list("case_a_id", "case_b_id") for pk in pair} - known
        known |= reached
        frontier = reached
    return known - {case_id}


def _coordinator_ids() -> list[int]:
    return list(Membership.objects.active().filter(role=Role.COORDINATOR).values_list("user_id", flat=True).distinct())


@transaction.atomic
def survivor_matches_raise(*, actor, case: Case) -> list[SurvivorMatch]:
    """Raise the pairs her record makes with survivors in other cases; the new ones.

    A step of case_open and survivor_update (inside their transaction, after their own checks and
    after her tokens were rebuilt), not a page's service: the opener of a case for a colleague
    may not see it. A pair already reviewed is left as decided (a rejected pair is never raised
    again); an open pair takes the stronger evidence; cases already known to be hers are skipped.
    Coordinators are told that there is something to review, and nothing more."""
    candidates = survivor_match_candidates(case)
    if not candidates:
        return []
    hers = episodes_of(case.pk)
    raised = []
    for candidate in candidates:
        if candidate.case_id in hers:
            continue
        case_a, case_b = sorted((case.pk, candidate.case_id))
        match = SurvivorMatch.objects.select_for_update().filter(case_a_id=case_a, case_b_id=case_b).first()
        if match is None:
            raised.append(
                SurvivorMatch.objects.create(
                    case_a_id=case_a,
                    case_b_id=case_b,
                    raised_from=case,
                    score=candidate.score,
                    matched_on=list(candidate.signals),
                    created_by=actor,
                )
            )
        elif match.status == SurvivorMatch.Status.OPEN and candidate.score > match.score:
            match.score, match.matched_on = candidate.score, list(candidate.signals)
            match.save(update_fields=["score", "matched_on"])
    if raised:
        events.survivor_match_raised_event(case=case, actor=actor)
        coordinators = [pk for pk in _coordinator_ids() if pk != actor.pk]
        if coordinators:
            notify(
                users=coordinators,
                title=lambda: _("A possible duplicate survivor is waiting for your review"),
                url=reverse("cases:survivor_matches"),
            )
    return raised


def survivor_match_pending(case: Case) -> bool:
    """Has her case a pair waiting for a coordinator? What the recorder's page says (MATCH_MESSAGE),
    yes or no only: never which case, nor how many."""
    return (
        SurvivorMatch.objects.filter(status=SurvivorMatch.Status.OPEN)
        .filter(Q(case_a_id=case.pk) | Q(case_b_id=case.pk))
        .exists()
    )


def require_coordinator(actor) -> None:
    """Only coordinators review pairs; anyone else is answered as if nothing were there (404)."""
    require(actor is not None and actor.is_authenticated and standing_of(actor).is_coordinator)


@transaction.atomic
def survivor_match_review(*, actor, match: SurvivorMatch, decision: str, note: str = "", request) -> SurvivorMatch:
    """A coordinator's decision on a pair, logged in both cases' access logs.

    - "retrafficked": the same person, another episode: both cases stay as they are, each team
      keeps exactly its access; her other episodes show on a case to whoever sees both.
    - "same_episode": the same person and episode: the case opened later is closed as a
      duplicate of the other (kept_case); nothing is copied between them, no one gains access.
    - "rejected": different people; the pair is not raised again."""
    require_coordinator(actor)
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose: another episode, the same episode, or different people.")})
    match = SurvivorMatch.objects.select_for_update().get(pk=match.pk)
    if match.status != SurvivorMatch.Status.OPEN:
        raise ValidationError(_("This possible duplicate was already reviewed."))
    match.status = DECISIONS[decision]
    match.reviewed_at, match.reviewed_by = timezone.now(), actor
    match.review_note = redact_phones((note or "").strip())[:500]
    if match.status == SurvivorMatch.Status.SAME_EPISODE:
        kept, duplicate = sorted(
            Case.objects.select_for_update().filter(pk__in=(match.case_a_id, match.case_b_id)),
            key=lambda c: (c.opened_at, c.pk),
        )
        match.kept_case = kept
        if duplicate.is_open:
            duplicate.status, duplicate.closure_reason = Case.Status.CLOSED, Case.ClosureReason.DUPLICATE
            duplicate.closed_on = timezone.localdate()
            save_with_version(duplicate, expected_version=duplicate.version, actor=actor)
            events.case_closed_event(case=duplicate, actor=actor)
    match.save()
    events.survivor_match_reviewed_event(case=match.raised_from, actor=actor)
    for case_id in (match.case_a_id, match.case_b_id):
        target = f"possible duplicate {match.pk}: {match.status}"
        if request is None:  # reviewed outside a request (the demo)
            AccessLogEntry.objects.create(
                case_id=case_id, user=actor, action=AccessLogEntry.Action.REVIEW_MATCH, target=target
            )
        else:
            access_log_record(
                request=request,
                action=AccessLogEntry.Action.REVIEW_MATCH,
                case=Case.objects.get(pk=case_id),
                target=target,
            )
    return match


# --- reads -----------------------------------------------------------------------------------


def survivor_matches_for_review(user, *, reviewed: bool = False, limit: int = 50) -> list[SurvivorMatch]:
    """Open pairs (or the latest reviewed ones), each with both cases, their lead organisations and
    states; `revealed` is true when she sees both survivors' identities now (a break-glass reveal in
    force on both), and then `names` holds both full names. A coordinator's page only."""
    query = SurvivorMatch.objects.filter(
        ~Q(status=SurvivorMatch.Status.OPEN) if reviewed else Q(status=SurvivorMatch.Status.OPEN)
    ).select_related(
        *(
            f"{side}__{rel}"
            for side in ("case_a", "case_b")
            for rel in ("lead_organisation", "source_state", "destination_state", "survivor")
        ),
        "reviewed_by",
        "kept_case",
    )
    query = query.order_by("-reviewed_at", "-pk") if reviewed else query.order_by("created_at", "pk")
    matches = list(query[:limit])
    ids = {pk for match in matches for pk in (match.case_a_id, match.case_b_id)}
    # identity_visible: annotated by the visibility selector, not a field.
    identity_visible = set(
        case_list_visible_to(user).filter(pk__in=ids, identity_visible=True).values_list("pk", flat=True)  # type: ignore[misc]
    )
    for match in matches:
        match.revealed = match.case_a_id in identity_visible and match.case_b_id in identity_visible
        match.sides = [
            Side(case=side, name=side.survivor.full_name if match.revealed else "")
            for side in (match.case_a, match.case_b)
        ]
    return matches


def survivor_matches_open_count() -> int:
    return SurvivorMatch.objects.filter(status=SurvivorMatch.Status.OPEN).count()


def other_episodes_visible_to(user, case: Case, access) -> list[Case]:
    """Her other episodes (cases confirmed to be of the same survivor) that this reader may see
    with her identity, on a case whose identity she sees; else nothing, and no hint of them."""
    if not access.identity_visible:
        return []
    others = episodes_of(case.pk)
    if not others:
        return []
    from .case_stage import case_stages

    # identity_visible: annotated by the visibility selector, not a field.
    episodes = list(
        case_list_visible_to(user)
        .filter(pk__in=others, identity_visible=True)  # type: ignore[misc]
        .select_related("lead_organisation")
        .order_by("opened_at", "pk")
    )
    stages = case_stages([episode.pk for episode in episodes])
    for episode in episodes:
        episode.justice_stage = stages[episode.pk] if episode.is_open else None
    return episodes
