"""Reads about accused persons: a case's accused, the other cases an accused appears in
(only those the reader may see), and the possible matches waiting for a coordinator.
"""

from cases.models import CaseAssignment, CaseRole
from cases.selectors import case_list_visible_to
from legal.models import (
    AccusedMatchAlert,
    CaseAccused,
)


def case_accused_list(case):
    return CaseAccused.objects.filter(case=case).select_related("accused").order_by("added_at", "pk")


def other_cases_of_accused(user, records, *, exclude_case) -> dict:
    """record pk -> the cases (visible to her, identity visible) where the same person is accused,
    as their CaseAccused rows (each with that case's own record). One query.

    `records` are Accused rows (each is one case's record); "the same person" is their
    AccusedPerson. A case she cannot see is not listed, not counted."""
    result: dict = {}
    persons = {record.pk: record.person_id for record in records}
    if not persons:
        return result
    links = (
        CaseAccused.objects.filter(
            accused__person_id__in=set(persons.values()),
            case__in=case_list_visible_to(user).filter(identity_visible=True),
        )
        .exclude(case=exclude_case)
        .select_related("case", "accused")
        .order_by("case__reference", "pk")
    )
    by_person: dict = {}
    for link in links:
        by_person.setdefault(link.accused.person_id, []).append(link)
    for pk, person_id in persons.items():
        if by_person.get(person_id):
            result[pk] = by_person[person_id]
    return result


def match_alerts_for_review():
    return AccusedMatchAlert.objects.filter(status=AccusedMatchAlert.Status.OPEN).select_related(
        "case", "case__lead_organisation", "created_by"
    )


def match_alert_cases(alerts) -> dict:
    """accused id -> the cases (references, states) each accused of the alerts is on."""
    ids = {a.accused_id for a in alerts} | {a.matches_id for a in alerts}
    result: dict = {}
    for link in CaseAccused.objects.filter(accused_id__in=ids).select_related(
        "case", "case__source_state", "case__destination_state"
    ):
        result.setdefault(link.accused_id, []).append(link)
    return result


def is_her_lawyer(user, case) -> bool:
    """A lawyer on the case team now: the one who decides what her own page shows of the accused."""
    return CaseAssignment.objects.active().filter(case=case, user=user, role=CaseRole.LAWYER).exists()
