"""Writes about lawyers' reviews of a case file: a caseworker asks a lawyer on the team,
the lawyer answers the checklist and signs off. Same rules as the other legal services.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseAssignment, CaseRole
from cases.notifications import notify
from cases.permissions import require
from cases.selectors import case_get_visible
from core.concurrency import save_with_version
from legal.events import review_requested_event, review_signed_off_event
from legal.models import (
    REVIEW_CHECKLIST,
    CheckAnswer,
    LawyerReview,
)
from legal.recording import visible_access

# --- lawyer review ------------------------------------------------------------------------


def _review_url(review: LawyerReview) -> str:
    return reverse("legal:review_detail", kwargs={"case_id": review.case_id, "review_id": review.pk})


@transaction.atomic
def review_request(*, actor, case: Case, lawyer, question: str) -> LawyerReview:
    """A caseworker on the team asks a lawyer on the team to review the case file."""
    access = visible_access(actor, case)
    require(access.can_request_review)
    question = (question or "").strip()
    errors: dict = {}
    if len(question) < 10:
        errors["question"] = _("Ask the lawyer what to look at (a sentence or two).")
    is_team_lawyer = (
        lawyer is not None
        and CaseAssignment.objects.active().filter(case=case, user=lawyer, role=CaseRole.LAWYER).exists()
        and case_get_visible(lawyer, case.pk) is not None
    )
    if not is_team_lawyer:
        errors["lawyer"] = _("Choose a lawyer on the case team.")
    if errors:
        raise ValidationError(errors)
    review = LawyerReview.objects.create(
        case=case, requested_by=actor, lawyer=lawyer, question=question, updated_by=actor
    )
    review_requested_event(case=case, actor=actor, review=review)
    notify(
        users=[lawyer],
        case=case,
        title=lambda: (
            _("%(ref)s: %(name)s asks you to review the case file")
            % {"ref": case.reference, "name": actor.display_name}
        ),
        url=_review_url(review),
    )
    return review


CHECK_VALUES = set(CheckAnswer.values)


@transaction.atomic
def review_save(
    *, actor, review: LawyerReview, expected_version: int, findings: str, checklist: dict, sign_off: bool = False
) -> LawyerReview:
    """The lawyer's findings and checklist, saved as a draft or signed off (the caseworker who
    asked is then told, in the app and by email, without anything about the survivor)."""
    access = visible_access(actor, review.case)
    require(access.can_answer_review and review.lawyer_id == actor.pk)
    if not review.is_open:
        raise ValidationError(_("This review is already signed off."))
    findings = (findings or "").strip()
    errors: dict = {}
    for name, _label in REVIEW_CHECKLIST:
        value = checklist.get(name, getattr(review, name)) or ""
        if value not in CHECK_VALUES:
            errors[name] = _("Choose an answer.")
        elif sign_off and not value:
            errors[name] = _("Answer every point before signing off.")
        setattr(review, name, value)
    if sign_off and len(findings) < 10:
        errors["findings"] = _("Write your findings before signing off.")
    if errors:
        raise ValidationError(errors)
    review.findings = findings
    if sign_off:
        review.status, review.signed_off_at = LawyerReview.Status.SIGNED_OFF, timezone.now()
    save_with_version(review, expected_version=expected_version, actor=actor)
    if sign_off:
        case = review.case
        problems = sum(1 for item in review.checklist if item["answer"] == CheckAnswer.NO)
        review_signed_off_event(case=case, actor=actor, review=review, problems=problems)
        notify(
            users=[review.requested_by],
            case=case,
            title=lambda: (
                _("%(ref)s: %(lawyer)s signed off the review you asked for")
                % {"ref": case.reference, "lawyer": actor.display_name}
            ),
            url=_review_url(review),
        )
    return review
