"""Writes about cases: open, edit, close, team, consent, notes, documents, break-glass.

Each service takes keyword-only arguments, checks the actor's permission on the
case (cases.permissions), runs in one transaction and writes its event to the
case timeline. Errors meant for the user are ValidationError.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consortium.models import District, Membership, Organisation, Role, State
from consortium.tasks import send_notification_email
from core.arguments import UNSET, given
from core.concurrency import lock_for_edit, save_with_version
from core.history import record_history
from core.phrases import Phrase
from survivors import services as survivor_services
from survivors.models import Consent, ConsentPurpose, Survivor
from survivors.services import SurvivorDetails

from . import documents, duplicates, events
from .audit import access_log_record
from .intake import section as intake_section
from .models import (
    AccessLogEntry,
    Case,
    CaseAssignment,
    CaseDocument,
    CaseNote,
    CaseReferenceCounter,
    CaseRole,
    CaseUserObjectPermission,
    ExploitationForm,
    RecruitmentMeans,
)
from .permissions import require, visible_access

REVEAL_HOURS = 8

# Which organisation roles may hold which role on a case team.
CASE_ROLE_NEEDS: dict[str, set[str]] = {
    CaseRole.LEAD_CASEWORKER: {Role.CASEWORKER, Role.ORG_ADMIN},
    CaseRole.CASEWORKER: {Role.CASEWORKER, Role.ORG_ADMIN},
    CaseRole.LAWYER: {Role.LAWYER},
    CaseRole.COORDINATOR: {Role.COORDINATOR},
    CaseRole.SURVIVOR_LEADER: {Role.SURVIVOR_LEADER},
}

# Consent purposes that let a person from another organisation join in a given role.
CASE_ROLE_CONSENT: dict[str, set[str]] = {
    CaseRole.LEAD_CASEWORKER: {ConsentPurpose.SHARE_WITH_ORGANISATION},
    CaseRole.CASEWORKER: {ConsentPurpose.SHARE_WITH_ORGANISATION},
    CaseRole.LAWYER: {ConsentPurpose.LEGAL_REPRESENTATION, ConsentPurpose.SHARE_WITH_ORGANISATION},
    CaseRole.COORDINATOR: {ConsentPurpose.SHARE_WITH_ORGANISATION},
    CaseRole.SURVIVOR_LEADER: {ConsentPurpose.COLLECTIVE_SUPPORT, ConsentPurpose.SHARE_WITH_ORGANISATION},
}


def _next_reference(state, year: int) -> str:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(
                    state=state, year=year
                )
                counter.last += 1
                counter.save(update_fields=["last"])
                return f"{state.code}-{year}-{counter.last:04d}"
        except IntegrityError:
            continue  # another request created the counter row first: take the lock and retry
    raise RuntimeError("Could not allocate a case reference.")


@transaction.atomic
def case_open(
    *,
    actor_membership: Membership,
    survivor: SurvivorDetails,
    source_state: State | None = UNSET,
    source_district: District | None = UNSET,
    destination_state: State | None = UNSET,
    destination_district: District | None = UNSET,
    destination_place: str = UNSET,
    left_home_on: datetime.date | None = UNSET,
    trafficked_on: datetime.date | None = UNSET,
    narrative: str = UNSET,
    risk_level: str = UNSET,
    exploitation_forms: Iterable[ExploitationForm] = (),
    recruitment_means: Iterable[RecruitmentMeans] = (),
    lead_caseworker=None,
    intake: Mapping[str, dict] | None = None,
    opened_on: datetime.date | None = None,
) -> Case:
    """Open a case for a new survivor in the actor's organisation. The opener or a chosen colleague leads it.

    `survivor`: what is recorded about her (survivors.services.SurvivorDetails). The case's rescue
    date is not an argument: it is a copy of the care record's rescue (case_rescue_date_sync),
    given in `intake`: what another app records at intake, by section key (cases.intake), saved in
    the same transaction: e.g. {"rescue": {rescued_on, rescued_time or None, state, district,
    place, agency, agency_detail}}, the care record's rescue (care.services.rescue_at_intake), so
    the deadlines it starts open at once. A section's refusals are keyed by its fields
    ("rescued_at", "state"...).

    `opened_on`: a case opened on paper before it was recorded here (a bulk import, imports/):
    the case is dated that day, which may be long past but not in the future. The survivor is
    then owed her next update from the day it is recorded here: nothing says when she was last
    told, and a duty overdue for years would hide the ones that are not."""
    sections = [(intake_section(key), data) for key, data in (intake or {}).items() if data]
    actor = actor_membership.user
    if actor_membership.role not in (Role.CASEWORKER, Role.ORG_ADMIN):
        raise ValidationError(_("Only caseworkers and organisation admins open cases."))
    organisation = actor_membership.organisation
    lead_caseworker = lead_caseworker or actor
    lead_membership = Membership.objects.active().filter(user=lead_caseworker, organisation=organisation).first()
    if lead_membership is None or lead_membership.role not in CASE_ROLE_NEEDS[CaseRole.LEAD_CASEWORKER]:
        raise ValidationError({"lead_caseworker": _("The lead caseworker must be a caseworker of your organisation.")})
    if opened_on is not None and opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("The case cannot be opened in the future.")})

    recorded = survivor_services.survivor_create(actor=actor, details=survivor)
    case = Case(
        survivor=recorded,
        lead_organisation=organisation,
        opened_by=actor,
        updated_by=actor,
        **given(
            source_state=source_state,
            source_district=source_district,
            destination_state=destination_state,
            destination_district=destination_district,
            destination_place=destination_place,
            left_home_on=left_home_on,
            trafficked_on=trafficked_on,
            narrative=narrative,
            risk_level=risk_level,
        ),
    )
    if opened_on is not None:
        case.opened_at = timezone.make_aware(datetime.datetime.combine(opened_on, datetime.time(0, 0)))
    case.reference = _next_reference(organisation.home_state, timezone.localdate().year)
    record_history(case, actor)
    case.save()
    case.exploitation_forms.set(exploitation_forms)
    case.recruitment_means.set(recruitment_means)
    survivor_services.survivor_minor_flag_refresh(recorded)
    CaseAssignment.objects.create(
        case=case, user=lead_caseworker, organisation=organisation, role=CaseRole.LEAD_CASEWORKER, added_by=actor
    )
    events.case_opened_event(case=case, actor=actor, organisation=organisation)
    events.lead_caseworker_joined_event(case=case, actor=actor, user=lead_caseworker)
    from .deadlines import deadline_start

    # From the first day, she is to be told how her case stands at least every 90 days.
    deadline_start(
        case=case,
        rule_code="survivor_update",
        trigger_at=case.opened_at if opened_on is None else timezone.now(),
        subject="case",
        actor=actor,
        title=Phrase(gettext_noop("Tell the survivor how her case stands")),
        trigger_label=_("case opened"),
    )
    for section, data in sections:
        section.save(actor=actor, case=case, data=data)
    duplicates.survivor_matches_raise(actor=actor, case=case)
    return case


@transaction.atomic
def case_update(*, actor, case: Case, expected_version: int, exploitation_forms=None, recruitment_means=None) -> Case:
    """Save edits already applied to `case` (e.g. by a ModelForm), refusing a lost update."""
    access = visible_access(actor, case)
    require(access.can_edit)
    save_with_version(case, expected_version=expected_version, actor=actor)
    if exploitation_forms is not None:
        case.exploitation_forms.set(exploitation_forms)
    if recruitment_means is not None:
        case.recruitment_means.set(recruitment_means)
    survivor_services.survivor_minor_flag_refresh(case.survivor)
    events.case_updated_event(case=case, actor=actor)
    return case


def _refuse_identity_after_erasure(survivor: Survivor) -> None:
    """Once her identity is erased at her request, nothing that identifies her (any encrypted
    field) is entered again, whoever types it."""
    from .sensitive import is_encrypted_field

    # Read afresh: the form's copy of her may predate the erasure (and is saved whole after this).
    survivor.identity_erased_at = (
        Survivor.objects.filter(pk=survivor.pk).values_list("identity_erased_at", flat=True).first()
    )
    if survivor.identity_erased_at is None:
        return
    typed = [
        f
        for f in Survivor._meta.concrete_fields
        if is_encrypted_field(Survivor, f.name) and getattr(survivor, f.name) not in (None, "", [], {})
    ]
    if typed:
        raise ValidationError(
            {
                f.name: _("Her identity was erased at her request: this is not entered again. Leave it empty.")
                for f in typed
            }
        )


@transaction.atomic
def survivor_update(*, actor, case: Case, survivor: Survivor, expected_version: int) -> Survivor:
    access = visible_access(actor, case)
    require(access.can_edit and access.identity_visible and survivor.pk == case.survivor_id)
    _refuse_identity_after_erasure(survivor)
    save_with_version(survivor, expected_version=expected_version, actor=actor)
    survivor_services.survivor_search_tokens_rebuild(survivor)
    survivor_services.survivor_minor_flag_refresh(survivor)
    events.survivor_updated_event(case=case, actor=actor)
    duplicates.survivor_matches_raise(actor=actor, case=case)
    return survivor


@transaction.atomic
def case_rescue_date_sync(
    *, actor, case: Case, rescued_on: datetime.date | None, escaped: bool, opening: bool = False
) -> Case:
    """Copy the rescue's day (and whether she escaped) from the care record onto the case.

    The rescue is recorded once, in care.models.Rescue; Case.rescued_on and Case.escaped
    are its copy for lists, sorting and exports, written here only (care.services.rescue_save
    calls this with the rescue it saved, or None and False when none is recorded). The copy bumps
    the case's version, so a case form opened before the rescue was saved is refused as stale
    rather than undoing it. `opening`: at intake, by the case's opener.
    """
    if opening:
        require(case.opened_by_id == actor.pk)
    else:
        access = visible_access(actor, case)
        require(access.can_edit or access.can_record_care)
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.rescued_on == rescued_on and current.escaped == escaped:
        return current
    current.rescued_on, current.escaped = rescued_on, escaped
    save_with_version(current, expected_version=current.version, actor=actor)
    case.rescued_on, case.escaped, case.version = current.rescued_on, current.escaped, current.version
    return current


@transaction.atomic
def case_close(*, actor, case: Case, expected_version: int, reason: str, closed_on: datetime.date) -> Case:
    access = visible_access(actor, case)
    require(access.can_edit)
    if not case.is_open:
        raise ValidationError(_("The case is already closed."))
    if reason not in Case.ClosureReason.values:
        raise ValidationError({"closure_reason": _("Choose why the case is closed.")})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("A case cannot be closed on a future date.")})
    case.status, case.closure_reason, case.closed_on = Case.Status.CLOSED, reason, closed_on
    save_with_version(case, expected_version=expected_version, actor=actor)
    events.case_closed_event(case=case, actor=actor)
    return case


@transaction.atomic
def case_reopen(*, actor, case: Case, expected_version: int) -> Case:
    access = visible_access(actor, case)
    require(access.can_edit)
    if case.is_open:
        raise ValidationError(_("The case is already open."))
    case.status, case.closure_reason, case.closed_on = Case.Status.OPEN, "", None
    save_with_version(case, expected_version=expected_version, actor=actor)
    events.case_reopened_event(case=case, actor=actor)
    return case


def _consent_for_outsider(case: Case, membership: Membership, role: str) -> Consent | None:
    # Locked until the assignment that copies its dates is saved: a withdrawal at the same moment
    # (consent_withdraw locks it too) waits, then ends this assignment with the others.
    return (
        Consent.objects.in_force()
        .filter(case=case, recipient_organisation=membership.organisation, purpose__in=CASE_ROLE_CONSENT[role])
        .order_by("-given_on", "-pk")
        .select_for_update()
        .first()
    )


@transaction.atomic
def team_add(*, actor, case: Case, membership: Membership, role: str) -> CaseAssignment:
    """Add a person to the team. From another organisation only with the survivor's consent in force."""
    access = visible_access(actor, case)
    require(access.can_manage_team)
    return _team_assign(actor=actor, case=case, membership=membership, role=role)


@transaction.atomic
def team_join_on_handover(*, actor, case: Case, membership: Membership) -> CaseAssignment:
    """She joins the team as caseworker because she accepted a handover addressed to her organisation.

    Only care's repatriation_transition() calls this, after checking that the
    request is addressed to `membership.organisation` and that `actor` is accepting it. The
    consent check is the one of team_add: from outside the lead organisation, only with the
    survivor's consent in force for that organisation. Already on the team: nothing changes.
    """
    if membership.user_id != actor.pk:
        raise ValidationError(_("Only the person accepting the handover joins the team this way."))
    current = CaseAssignment.objects.active().filter(case=case, user=actor).first()
    if current is not None:
        return current
    return _team_assign(
        actor=actor, case=case, membership=membership, role=CaseRole.CASEWORKER, reason=_("accepted the handover")
    )


def _team_assign(*, actor, case: Case, membership: Membership, role: str, reason: str = "") -> CaseAssignment:
    """The checks and writes of adding someone, once the caller has decided the actor may add her."""
    if role not in CaseRole.values:
        raise ValidationError({"role": _("Choose a role on the case.")})
    membership = Membership.objects.active().select_related("user", "organisation").filter(pk=membership.pk).first()
    if membership is None:
        raise ValidationError({"membership": _("This person is not an active member of an organisation.")})
    if membership.role not in CASE_ROLE_NEEDS[role]:
        raise ValidationError(
            {
                "role": _("%(name)s is a %(org_role)s and cannot be %(case_role)s on a case.")
                % {
                    "name": membership.user.display_name,
                    "org_role": membership.get_role_display().lower(),
                    "case_role": CaseRole(role).label.lower(),
                }
            }
        )
    consent = None
    if membership.organisation_id != case.lead_organisation_id:
        consent = _consent_for_outsider(case, membership, role)
        if consent is None:
            raise ValidationError(
                _(
                    "%(org)s is outside the lead organisation. Record the survivor's consent to share her case "
                    "with %(org)s (for this purpose) first."
                )
                % {"org": membership.organisation.name}
            )
    if CaseAssignment.objects.active().filter(case=case, user=membership.user).exists():
        raise ValidationError(_("%(name)s is already on the team.") % {"name": membership.user.display_name})
    # An assignment whose consent lapsed is still open in the table: close it before re-adding.
    CaseAssignment.objects.filter(case=case, user=membership.user, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_by=actor
    )
    if role == CaseRole.LEAD_CASEWORKER and CaseAssignment.objects.active().filter(case=case, role=role).exists():
        raise ValidationError({"role": _("The case already has a lead caseworker. Remove her first.")})
    assignment = CaseAssignment.objects.create(
        case=case,
        user=membership.user,
        organisation=membership.organisation,
        role=role,
        consent=consent,
        added_by=actor,
    )
    events.team_added_event(
        case=case, actor=actor, membership=membership, assignment=assignment, consent=consent, reason=reason
    )
    return assignment


@transaction.atomic
def team_remove(*, actor, case: Case, assignment: CaseAssignment) -> CaseAssignment:
    """Removal takes effect at once: the next request no longer finds the case."""
    access = visible_access(actor, case)
    require(access.can_manage_team and assignment.case_id == case.pk)
    if assignment.ended_at is not None:
        return assignment
    assignment.ended_at = timezone.now()
    assignment.ended_by = actor
    assignment.save(update_fields=["ended_at", "ended_by"])
    events.team_removed_event(case=case, actor=actor, assignment=assignment)
    return assignment


@transaction.atomic
def consent_record(
    *,
    actor,
    case: Case,
    purpose: str,
    method: str,
    given_on: datetime.date,
    given_by: str = Consent.GivenBy.SURVIVOR,
    recipient_organisation: Organisation | None = None,
    guardian_name: str = "",
    legal_basis: str = "",
    witness_name: str = "",
    expires_on: datetime.date | None = None,
) -> Consent:
    """Her consent to one purpose: who gave it (she, her guardian, or a recorded legal basis), how,
    when, and until when. Refused with the field at fault (survivors.services.validate_consent);
    recorded as consent_record_several records each of its purposes."""
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Choose a purpose from the list.")})
    return consent_record_several(
        actor=actor,
        case=case,
        purposes=[purpose],
        given_by=given_by,
        method=method,
        given_on=given_on,
        recipient_organisation=recipient_organisation,
        guardian_name=guardian_name,
        legal_basis=legal_basis,
        witness_name=witness_name,
        expires_on=expires_on,
    )[0]


@transaction.atomic
def consent_record_several(
    *,
    actor,
    case: Case,
    purposes,
    given_by: str,
    method: str,
    given_on,
    recipient_organisation=None,
    guardian_name: str = "",
    legal_basis: str = "",
    witness_name: str = "",
    expires_on=None,
) -> list[Consent]:
    """Her consent to several purposes given at once (one date, one way given): one consent row
    per purpose, all or none, and one timeline event listing them."""
    access = visible_access(actor, case)
    require(access.can_record_consent)
    purposes = list(dict.fromkeys(purposes or []))
    if not purposes:
        raise ValidationError({"purposes": _("Tick at least one purpose she consented to.")})
    unknown = [p for p in purposes if p not in ConsentPurpose.values]
    if unknown:
        raise ValidationError({"purposes": _("Choose purposes from the list.")})
    consents = []
    errors: dict[str, list] = {}
    for purpose in purposes:
        consent = Consent(
            case=case,
            recorded_by=actor,
            purpose=purpose,
            recipient_organisation=recipient_organisation,
            given_by=given_by,
            guardian_name=(guardian_name or "").strip(),
            legal_basis=(legal_basis or "").strip(),
            method=method,
            witness_name=(witness_name or "").strip(),
            given_on=given_on,
            expires_on=expires_on,
        )
        try:
            survivor_services.validate_consent(consent, case.survivor)
            consent.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, [])
                errors[field] += [m for m in messages if m not in errors[field]]
        consents.append(consent)
    if errors:
        raise ValidationError(errors)
    for consent in consents:
        consent.save()
    events.consent_given_event(case=case, actor=actor, consents=consents)
    return consents


@transaction.atomic
def consent_withdraw(*, actor, case: Case, consent: Consent, note: str = "") -> Consent:
    """Withdrawal ends the access it granted at once (the visibility query checks it too)."""
    access = visible_access(actor, case)
    require(access.can_record_consent and consent.case_id == case.pk)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at:
        raise ValidationError(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawal_note = note[:300]
    consent.save(update_fields=["withdrawn_at", "withdrawal_note"])
    ended = list(CaseAssignment.objects.filter(consent=consent, ended_at__isnull=True).select_related("user"))
    CaseAssignment.objects.filter(pk__in=[a.pk for a in ended]).update(ended_at=consent.withdrawn_at, ended_by=actor)
    events.consent_withdrawn_event(case=case, actor=actor, consent=consent, ended=ended)
    return consent


@transaction.atomic
def note_add(*, actor, case: Case, body: str, visibility: str) -> CaseNote:
    access = visible_access(actor, case)
    require(access.can_add_note)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the note first.")})
    if visibility not in CaseNote.Visibility.values:
        raise ValidationError({"visibility": _("Choose who may read the note.")})
    if visibility == CaseNote.Visibility.LAWYERS and not access.can_see_lawyer_notes:
        raise ValidationError({"visibility": _("Only lawyers on the case write lawyers-only notes.")})
    note = CaseNote.objects.create(case=case, author=actor, body=body, visibility=visibility)
    events.note_added_event(case=case, actor=actor, note=note)
    return note


@transaction.atomic
def document_upload(*, actor, case: Case, doc_type: str, title: str, uploaded) -> CaseDocument:
    access = visible_access(actor, case)
    require(access.can_upload)
    if doc_type not in CaseDocument.Type.values:
        raise ValidationError({"doc_type": _("Choose the type of document.")})
    mime, extension, data = documents.validate_upload(uploaded)
    document = CaseDocument(
        case=case,
        doc_type=doc_type,
        title=title.strip() or str(CaseDocument.Type(doc_type).label),
        original_name=(uploaded.name or "")[:255],
        content_type=mime,
        extension=extension,
        size=len(data),
        sha256=documents.sha256(data),
        uploaded_by=actor,
    )
    document.file.save("upload", documents.encrypted_content(data), save=False)
    document.save()
    events.document_added_event(case=case, actor=actor, document=document)
    return document


@transaction.atomic
def identity_reveal(*, actor, case: Case, reason: str, request) -> CaseUserObjectPermission:
    """Break-glass: a coordinator sees a masked identity for a few hours, with a stated reason.

    Logged in the access log and on the timeline; the lead caseworker is told by email.
    """
    access = visible_access(actor, case)
    require(access.can_break_glass)
    reason = reason.strip()
    if len(reason) < 15:
        raise ValidationError({"reason": _("Explain why you need to see her identity (at least 15 characters).")})
    permission = Permission.objects.get(codename="reveal_identity", content_type__app_label="cases")
    grant, _created = CaseUserObjectPermission.objects.update_or_create(
        user=actor,
        permission=permission,
        content_object=case,
        defaults={"expires_at": timezone.now() + datetime.timedelta(hours=REVEAL_HOURS), "reason": reason[:500]},
    )
    access_log_record(request=request, action=AccessLogEntry.Action.BREAK_GLASS, case=case, reason=reason)
    events.identity_revealed_event(case=case, actor=actor, hours=REVEAL_HOURS)
    leads = (
        CaseAssignment.objects.active()
        .filter(case=case, role=CaseRole.LEAD_CASEWORKER)
        .values_list("user_id", flat=True)
    )
    for user_id in leads:
        send_notification_email.delay_on_commit(
            user_id=user_id,
            subject=_("Nyaya: identity revealed on case %(ref)s") % {"ref": case.reference},
            body=_(
                "%(name)s used break-glass access to see the survivor's identity on case %(ref)s. "
                "The stated reason is in the case's access log."
            )
            % {"name": actor.display_name, "ref": case.reference},
        )
    return grant


# --- deadlines, tasks and keeping the survivor informed -------------------------------------

SURVIVOR_UPDATE_RULES = ["survivor_update", "survivor_update_after_event"]


@transaction.atomic
def deadline_close_by_hand(*, actor, case: Case, deadline, reason: str, expected_version: int):
    from .deadlines import deadline_close

    access = visible_access(actor, case)
    require(access.can_manage_deadlines and deadline.case_id == case.pk)
    return deadline_close(actor=actor, deadline=deadline, reason=reason, expected_version=expected_version)


@transaction.atomic
def task_add(*, actor, case: Case, title: str, assignee, due_on=None):
    from .models import Task
    from .notifications import notify

    access = visible_access(actor, case)
    require(access.can_add_task)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Say what needs doing.")
    if due_on and due_on < timezone.localdate():
        errors["due_on"] = _("The due date is in the past.")
    if assignee is None or not CaseAssignment.objects.active().filter(case=case, user=assignee).exists():
        errors["assignee"] = _("Choose someone on the case team.")
    if errors:
        raise ValidationError(errors)
    task = Task.objects.create(case=case, title=title, assignee=assignee, due_on=due_on, created_by=actor)
    events.task_added_event(case=case, actor=actor, task=task, assignee=assignee, due_on=due_on)
    if assignee.pk != actor.pk:
        from django.urls import reverse

        notify(
            users=[assignee],
            case=case,
            kind="task",
            title=lambda: (
                _("%(ref)s: a new task for you from %(name)s") % {"ref": case.reference, "name": actor.display_name}
            ),
            url=reverse("cases:case_deadlines", kwargs={"case_id": case.pk}),
        )
    return task


@transaction.atomic
def task_set_done(*, actor, case: Case, task, done: bool, expected_version: int):
    from .models import Task

    access = visible_access(actor, case)
    require(access.can_see_tasks and task.case_id == case.pk)
    # A stale page is the same refusal as on every other record (a 409 through the API).
    locked = lock_for_edit(Task, task.pk, expected_version, editor_field="done_by", time_field="done_at")
    if done == locked.is_done:
        return locked
    locked.done_at, locked.done_by = (timezone.now(), actor) if done else (None, None)
    locked.version += 1
    locked.save()
    events.task_done_event(case=case, actor=actor, task=locked, done=done)
    return locked


@transaction.atomic
def survivor_update_record(
    *, actor, case: Case, given_on, channel: str, language: str, message: str, response: str = "", event: str = ""
):
    """Record that she was told how her case stands; the next update falls due 90 days later."""
    from survivors.models import Language, UpdateChannel

    from .deadlines import deadline_fulfil, deadline_start
    from .models import SurvivorUpdate
    from .survivor_messages import EVENT_LABELS

    access = visible_access(actor, case)
    require(access.can_record_survivor_update)
    errors = {}
    if given_on is None or given_on > timezone.localdate():
        errors["given_on"] = _("Give the day she was told (not in the future).")
    elif given_on < timezone.localdate(case.opened_at) - datetime.timedelta(days=366):
        errors["given_on"] = _("This is long before the case was opened. Check the year.")
    if channel not in UpdateChannel.values:
        errors["channel"] = _("Choose how she was told.")
    if language not in Language.values:
        errors["language"] = _("Choose the language she was told in.")
    if not (message or "").strip():
        errors["message"] = _("Write what she was told.")
    if event and event not in EVENT_LABELS:
        errors["event"] = _("Choose what the update was about.")
    if errors:
        raise ValidationError(errors)
    update = SurvivorUpdate.objects.create(
        case=case,
        given_on=given_on,
        channel=channel,
        language=language,
        event=event,
        message=message.strip(),
        response=(response or "").strip(),
        recorded_by=actor,
    )
    deadline_fulfil(case=case, rule_codes=SURVIVOR_UPDATE_RULES, actor=actor)
    deadline_start(
        case=case,
        rule_code="survivor_update",
        trigger_at=given_on,
        subject="case",
        actor=actor,
        title=Phrase(gettext_noop("Tell the survivor how her case stands")),
        trigger_label=_("last update given to her"),
    )
    events.survivor_told_event(
        case=case,
        actor=actor,
        update=update,
        about=EVENT_LABELS.get(event or "general", ""),
        channel_label=UpdateChannel(channel).label,
        language_label=Language(language).label,
    )
    return update


def survivor_update_due_after_event(*, case: Case, actor, event: str, happened_on) -> None:
    """A major event happened: she must hear of it within a week (unless an update is already due sooner)."""
    from .deadlines import deadline_start
    from .models import Deadline

    if Deadline.objects.open().filter(case=case, rule_code="survivor_update_after_event").exists():
        return
    from .survivor_messages import EVENT_LABELS

    deadline_start(
        case=case,
        rule_code="survivor_update_after_event",
        trigger_at=happened_on,
        subject="case",
        actor=actor,
        # The event's label is English (EVENT_LABELS): shown in the reader's language.
        title=Phrase(gettext_noop("Tell the survivor: %(event)s"), event=EVENT_LABELS.get(event, event)),
        trigger_label=EVENT_LABELS.get(event, event),
    )
