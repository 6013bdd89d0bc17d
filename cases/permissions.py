"""What one person may do on one case: decided here, used by services and templates.

Visibility itself (may she know the case exists?) is cases.selectors; this
module answers the next question for a case she can see.
"""

from dataclasses import dataclass, field
from typing import TypeVar

from django.http import Http404

from consortium.standing import standing_kept, standing_of

from .models import Case, CaseRole
from .selectors import assignments_in_force_of, case_get_visible

T = TypeVar("T")

EDITOR_ROLES = {CaseRole.LEAD_CASEWORKER, CaseRole.CASEWORKER}
UPLOADER_ROLES = EDITOR_ROLES | {CaseRole.LAWYER}


@dataclass(frozen=True)
class CaseAccess:
    case: Case
    user_id: int
    roles: frozenset = field(default_factory=frozenset)  # her roles on this case's team
    is_lead_org_admin: bool = False
    is_coordinator: bool = False
    identity_visible: bool = False

    @property
    def on_team(self) -> bool:
        return bool(self.roles)

    @property
    def can_edit(self) -> bool:
        return bool(self.roles & EDITOR_ROLES) or self.is_lead_org_admin

    @property
    def can_manage_team(self) -> bool:
        return CaseRole.LEAD_CASEWORKER in self.roles or self.is_lead_org_admin

    @property
    def can_record_consent(self) -> bool:
        return self.can_edit

    @property
    def can_see_notes(self) -> bool:
        return self.identity_visible and (self.on_team or self.is_lead_org_admin)

    @property
    def can_add_note(self) -> bool:
        return self.can_see_notes

    @property
    def can_see_lawyer_notes(self) -> bool:
        return CaseRole.LAWYER in self.roles

    @property
    def can_see_documents(self) -> bool:
        # Survivor leaders support her in person; statements and reports stay with caseworkers and lawyers.
        return self.identity_visible and (bool(self.roles & UPLOADER_ROLES) or self.is_lead_org_admin)

    @property
    def can_upload(self) -> bool:
        return self.can_see_documents

    @property
    def can_see_narrative(self) -> bool:
        return self.identity_visible

    # --- investigation (legal app) ---

    @property
    def can_see_investigation(self) -> bool:
        """FIR stages, sections, deadlines, requests, advocacy, failure tags and the chain:
        everyone who may see the case, masked coordinators included (none of it names her)."""
        return True

    @property
    def can_see_investigation_details(self) -> bool:
        """Accused persons' names and phones, statements, medical examinations, officers' phones:
        the people who see her documents (not survivor leaders, not masked viewers)."""
        return self.can_see_documents

    @property
    def can_record_investigation(self) -> bool:
        """Caseworkers on the team, the lead organisation's admin and lawyers on the team."""
        return self.identity_visible and (self.can_edit or CaseRole.LAWYER in self.roles)

    # --- court and lawyer review (legal app) ---

    @property
    def can_see_court(self) -> bool:
        """Court cases, stages, hearing dates, whether she must attend, sections charged, bail and
        judgment outcomes (accused by number only): everyone who may see the case."""
        return True

    @property
    def can_see_court_details(self) -> bool:
        """Accused persons' names, what happened at hearings, her deposition, bail conditions,
        witness protection: the people who see her documents (not survivor leaders, not masked)."""
        return self.can_see_documents

    @property
    def can_record_court(self) -> bool:
        """Lawyers and caseworkers on the team, and the lead organisation's admin."""
        return self.identity_visible and (self.can_edit or CaseRole.LAWYER in self.roles)

    @property
    def can_see_reviews(self) -> bool:
        return self.can_see_documents

    @property
    def can_request_review(self) -> bool:
        """Caseworkers on the team (and the lead organisation's admin) ask a lawyer on the team."""
        return self.identity_visible and self.can_edit

    @property
    def can_answer_review(self) -> bool:
        return self.identity_visible and CaseRole.LAWYER in self.roles

    @property
    def can_see_case_file(self) -> bool:
        """The printable case file holds her statements and the accused: as sensitive as documents."""
        return self.can_see_documents

    # --- generated PDFs (pdfs/) ---

    @property
    def can_request_dossier(self) -> bool:
        """Everyone who may see the case; what it holds follows dossier_is_full (a masked
        coordinator or a survivor leader gets stages, dates and outcomes without identity)."""
        return True

    @property
    def dossier_is_full(self) -> bool:
        """Identity, narrative, statements, accused by name, documents: as the printable case file."""
        return self.can_see_case_file

    @property
    def can_request_compensation_application(self) -> bool:
        """It names her and points to her bank passbook: caseworkers and lawyers on the team
        (and the lead organisation's admin), who file claims and see her documents."""
        return self.can_manage_compensation and self.can_see_documents

    @property
    def can_request_survivor_letter(self) -> bool:
        """Caseworkers and lawyers on the team (and the lead organisation's admin)."""
        return self.identity_visible and (self.can_edit or CaseRole.LAWYER in self.roles)

    @property
    def can_read_access_log(self) -> bool:
        return self.is_lead_org_admin or self.is_coordinator

    @property
    def can_break_glass(self) -> bool:
        return self.is_coordinator and not self.identity_visible

    # --- deadlines, tasks, survivor updates ---------------------------------------------------

    @property
    def can_manage_deadlines(self) -> bool:
        """Close a deadline by hand (with a reason): the people who act on the case."""
        return self.can_edit or CaseRole.LAWYER in self.roles

    @property
    def can_see_tasks(self) -> bool:
        # Task texts are written by staff and may name people: identity-visible team and admins.
        return self.identity_visible and (self.on_team or self.is_lead_org_admin)

    @property
    def can_add_task(self) -> bool:
        return self.can_see_tasks

    @property
    def can_see_survivor_updates(self) -> bool:
        return self.identity_visible and (self.on_team or self.is_lead_org_admin)

    @property
    def can_record_survivor_update(self) -> bool:
        # A survivor leader on the team often is the one who tells her (channel "collective").
        return self.identity_visible and (self.can_edit or CaseRole.SURVIVOR_LEADER in self.roles)

    @property
    def can_manage_compensation(self) -> bool:
        # Caseworkers and lawyers on the team, and admins of the lead organisation, file and follow claims.
        return bool(self.roles & UPLOADER_ROLES) or self.is_lead_org_admin

    @property
    def can_see_bank_details(self) -> bool:
        # Her bank account, deposit numbers and transaction references: as sensitive as her documents.
        return self.can_see_documents

    # --- survivor care (care): rescue, custody, repatriation, rehabilitation ---

    @property
    def can_see_care_records(self) -> bool:
        """Rescue, custody orders, CWC, medical examination, shelter stays and repatriation.

        Everyone who may see the case, except a survivor leader whose only role on it is
        support: she sees the rehabilitation plan and the support log, nothing more.
        """
        return bool(self.roles - {CaseRole.SURVIVOR_LEADER}) or self.is_lead_org_admin or self.is_coordinator

    @property
    def can_see_care(self) -> bool:
        """The Care tab itself (its content narrows with the properties around this one)."""
        return self.can_see_care_records or self.can_record_collective_support

    @property
    def can_see_care_text(self) -> bool:
        """Free text in care records that may identify her or where she is (places, shelter names,
        notes, her priorities in her own words): never for a masked viewer."""
        return self.identity_visible

    @property
    def can_record_care(self) -> bool:
        return self.can_edit

    @property
    def can_record_medical_examination(self) -> bool:
        """The examination is one record (legal.MedicalExamination) entered from the Care tab or the
        Investigation tab: whoever records care (caseworkers on the team, the lead organisation's
        admin) or the investigation's details (lawyers on the team too) may record it."""
        return self.can_record_care or (self.can_record_investigation and self.can_see_investigation_details)

    @property
    def can_record_collective_support(self) -> bool:
        # Her assignment is active only while the consent it rests on is in force.
        return CaseRole.SURVIVOR_LEADER in self.roles


_NOT_READ = object()


def case_access(user, case: Case) -> CaseAccess:
    """Her access to a case from case_list_visible_to() (annotated with identity_visible)."""
    standing = standing_of(user)
    joined = getattr(case, "my_roles", _NOT_READ)
    if isinstance(joined, str) or joined is None:  # read with the case (case_get_visible), for this same person
        roles = frozenset(role for role in (joined or "").split(",") if role)
    else:
        roles = frozenset(assignments_in_force_of(user).filter(case=case).values_list("role", flat=True))
    return CaseAccess(
        case=case,
        user_id=user.pk,
        roles=roles,
        is_lead_org_admin=standing.is_admin_of(case.lead_organisation_id),
        is_coordinator=standing.is_coordinator,
        identity_visible=bool(getattr(case, "identity_visible", False)),
    )


def require(allowed: bool) -> None:
    """A case she can see but may not act on in this way: 404, telling nothing more."""
    if not allowed:
        raise Http404


def found_or_404(obj: T | None) -> T:
    """The record, or a 404 when there is none (another case's record, or none at all: she
    learns nothing from the difference)."""
    if obj is None:
        raise Http404
    return obj


def visible_access(actor, case: Case) -> CaseAccess:
    """What she may do on the case, the case re-read through the visibility selector: every
    service starts here (services trust no caller). A case she cannot see is a 404, as one that
    does not exist."""
    with standing_kept(actor):
        visible = case_get_visible(actor, case.pk)
        if visible is None:
            raise Http404
        return case_access(actor, visible)


def acting_organisation(actor, access: CaseAccess):
    """The organisation she acts for on the case (a repatriation's or a referral's sender): that of
    her earliest place in force on the team, else (the lead organisation's admin, not on the team)
    the lead organisation; anyone else: 404."""
    assignment = (
        assignments_in_force_of(actor)
        .filter(case_id=access.case.pk)
        .select_related("organisation")
        .order_by("started_at")
        .first()
    )
    if assignment is not None:
        return assignment.organisation
    require(access.is_lead_org_admin)
    return access.case.lead_organisation
