"""How accused persons are shown: each phone number once, normalised, and their names in the
titles of deadlines about them for the people who may see those names.

Deadline titles are stored naming an accused by number only ("Chargesheet within 60 days of
remand (Accused #12): FIR 123/2026 at Pimpri PS"): titles reach masked coordinators, the overdue
board and notifications, and a stored name would leak there. The name is put in when a page is
drawn, from the deadline's subject (the arrest record, the bail application or the judgment's
outcome for that person), and only for someone whose CaseAccess shows accused persons' names
(can_see_investigation_details: caseworkers and lawyers on the team who see her documents, the
lead organisation's admin). Nothing here writes.
"""

import re

from cases.models import CaseAssignment
from cases.permissions import CaseAccess
from cases.selectors import case_list_visible_to
from consortium.standing import standing_of
from core.crypto import normalise_phone
from legal.models import BailApplication, FIRAccused, JudgmentOutcome

# str(Accused) is "Accused #<pk>" (never the name): the token the services put in titles.
_ACCUSED_TOKEN = re.compile(r"Accused #\d+")

# subject_key prefix -> (model, path to the Accused, path to the Case)
_ACCUSED_SUBJECTS = {
    "legal.firaccused": (FIRAccused, "accused", "fir__case_id"),
    "legal.bailapplication": (BailApplication, "court_accused__accused", "court_case__case_id"),
    "legal.judgmentoutcome": (JudgmentOutcome, "court_accused__accused", "court_accused__court_case__case_id"),
}


def phones_display(phones) -> list[str]:
    """Each number once, as core.crypto.normalise_phone reads it ("+91 99000 11122" and
    "099000-11122" are one number: 9900011122), in the order first recorded."""
    shown: list[str] = []
    for phone in phones or []:
        normalised = normalise_phone(str(phone))
        if normalised and normalised not in shown:
            shown.append(normalised)
    return shown


def subject_kind(deadline) -> str | None:
    """ "legal.firaccused" for a deadline about one accused person's arrest (or bail application,
    or judgment outcome); None for any other deadline."""
    label, _sep, pk = (deadline.subject_key or "").partition(":")
    return label if label in _ACCUSED_SUBJECTS and pk.isdigit() else None


def may_see_accused_names(access, deadline) -> bool:
    return access is not None and access.can_see_investigation_details and deadline.case_id == access.case.pk


def accused_names_by_subject(case, kind: str) -> dict[str, str]:
    """subject_key -> accused's name, for every subject of this kind on the case (one query).
    Callers check may_see_accused_names first."""
    model, accused_path, case_path = _ACCUSED_SUBJECTS[kind]
    rows = model.objects.filter(**{case_path: case.pk}).values_list("pk", f"{accused_path}__names")
    return {f"{kind}:{pk}": names[0] for pk, names in rows if names}  # names[0]: Accused.display_name


def deadline_title(deadline, name: str | None) -> str:
    """The title in the reader's language (Deadline.title_text) with the accused's name in place
    of "Accused #N" (the title alone when there is no name to show). The subject names the
    person; a title made before two records were merged may carry the other record's number."""
    if not name:
        return deadline.title_text
    return _ACCUSED_TOKEN.sub(lambda _match: name, deadline.title_text)


# --- lists across cases (My work, the home page) --------------------------------------------


def case_accesses(user, case_ids) -> dict[int, CaseAccess]:
    """case pk -> her CaseAccess, for the cases among case_ids she may see, in three queries.

    The same CaseAccess as cases.permissions.case_access() builds for one case (so every rule is
    still read from CaseAccess), built for many cases at once for lists that span cases."""
    case_ids = set(case_ids)
    if not case_ids or user is None or not user.is_authenticated:
        return {}
    standing = standing_of(user)
    roles: dict[int, set] = {}
    for case_id, role in (
        CaseAssignment.objects.active()
        .filter(case_id__in=case_ids, user=user, organisation_id__in=standing.organisation_ids)
        .values_list("case_id", "role")
    ):
        roles.setdefault(case_id, set()).add(role)
    return {
        case.pk: CaseAccess(
            case=case,
            user_id=user.pk,
            roles=frozenset(roles.get(case.pk, ())),
            is_lead_org_admin=standing.is_admin_of(case.lead_organisation_id),
            is_coordinator=standing.is_coordinator,
            identity_visible=bool(case.identity_visible),
        )
        for case in case_list_visible_to(user).filter(pk__in=case_ids).only("pk", "lead_organisation_id")
    }


def accused_names_across_cases(user, deadlines) -> dict[int, str]:
    """deadline pk -> the accused's name, for deadlines (of any of her cases) about one accused
    person, on the cases where her CaseAccess shows accused names. A constant number of queries."""
    about_accused = [d for d in deadlines if subject_kind(d)]
    accesses = case_accesses(user, {d.case_id for d in about_accused})
    allowed = {pk for pk, access in accesses.items() if access.can_see_investigation_details}
    result: dict[int, str] = {}
    for kind in {subject_kind(d) for d in about_accused}:
        model, accused_path, case_path = _ACCUSED_SUBJECTS[kind]
        wanted = {int(d.subject_key.partition(":")[2]) for d in about_accused if subject_kind(d) == kind}
        rows = model.objects.filter(pk__in=wanted, **{f"{case_path}__in": allowed}).values_list(
            "pk", case_path, f"{accused_path}__names"
        )
        names = {(f"{kind}:{pk}", case_id): names[0] for pk, case_id, names in rows if names}
        for deadline in about_accused:
            name = names.get((deadline.subject_key, deadline.case_id))
            if name:
                result[deadline.pk] = name
    return result
