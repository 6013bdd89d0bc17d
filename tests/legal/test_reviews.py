"""A lawyer's review of the case file: asked by a caseworker on the team, queued for the lawyer
with its age, answered with findings and a checklist, signed off; the caseworker who asked is
told in the app and by email (naming the case by reference only) and reads the findings."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import CaseAssignment, CaseEvent, CaseRole, Notification
from consortium.models import Role
from core.concurrency import ConcurrentEditError
from legal.models import LawyerReview
from legal.reviews import selectors as review_selectors
from legal.reviews import services as review_services
from tests.cases.helpers import FULL_NAME

QUESTION = "Please check whether BNS 143 and POCSO 4 are both charged, and her age proof."
ANSWERS = {
    "sections_right": "no",
    "statements_consistent": "yes",
    "evidence_listed": "yes",
    "age_proven": "na",
    "compensation_sought": "no",
}
FINDINGS = "FINDINGS-Qz: BNS 144 is missing; apply to add it before the charge hearing."


@pytest.fixture
def review(case, lead, lawyer):
    return review_services.review_request(actor=lead.user, case=case, lawyer=lawyer.user, question=QUESTION)


def sign_off(review, lawyer, **overrides):
    review.refresh_from_db()
    return review_services.review_save(
        actor=lawyer.user,
        review=review,
        expected_version=review.version,
        findings=overrides.pop("findings", FINDINGS),
        checklist=overrides.pop("checklist", ANSWERS),
        sign_off=overrides.pop("sign_off", True),
    )


def test_asking_queues_it_for_the_lawyer_and_tells_her(case, lead, lawyer, review):
    assert list(review_selectors.review_queue(lawyer.user)) == [review]
    note = Notification.objects.get(user=lawyer.user)
    assert case.reference in note.title and FULL_NAME not in note.title + note.body
    assert note.url == reverse("legal:review_detail", kwargs={"case_id": case.pk, "review_id": review.pk})
    event = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.REVIEW).get()
    assert "Lata Lawyer" in event.summary and QUESTION not in event.summary


@pytest.mark.parametrize(
    ("question", "who", "field"),
    [("Too short", "lawyer", "question"), (QUESTION, "caseworker", "lawyer"), (QUESTION, "nobody", "lawyer")],
)
def test_bad_requests_are_field_errors(case, lead, lawyer, make_member, org_wb, question, who, field):
    target = {"lawyer": lawyer.user, "caseworker": lead.user, "nobody": None}[who]
    with pytest.raises(ValidationError) as error:
        review_services.review_request(actor=lead.user, case=case, lawyer=target, question=question)
    assert field in error.value.message_dict
    assert not LawyerReview.objects.exists()


def test_a_lawyer_not_on_the_team_cannot_be_asked(case, lead, make_member):
    from consortium.factories import OrganisationFactory, state
    from consortium.models import Organisation

    outsider = make_member(
        Role.LAWYER, OrganisationFactory(kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB"))
    )
    with pytest.raises(ValidationError):
        review_services.review_request(actor=lead.user, case=case, lawyer=outsider.user, question=QUESTION)


def test_the_lawyer_cannot_ask_herself_and_outsiders_get_not_found(case, lawyer, make_member, org_mh):
    with pytest.raises(Http404):
        review_services.review_request(actor=lawyer.user, case=case, lawyer=lawyer.user, question=QUESTION)
    with pytest.raises(Http404):
        review_services.review_request(
            actor=make_member(Role.CASEWORKER, org_mh).user, case=case, lawyer=lawyer.user, question=QUESTION
        )


def test_queue_lists_open_reviews_oldest_first_with_their_age(case, lead, lawyer, review):
    older = review_services.review_request(actor=lead.user, case=case, lawyer=lawyer.user, question=QUESTION + " (2)")
    LawyerReview.objects.filter(pk=older.pk).update(requested_at=timezone.now() - datetime.timedelta(days=12))
    queue = list(review_selectors.review_queue(lawyer.user))
    assert queue == [older, review] and queue[0].age_days == 12


def test_sign_off_tells_the_caseworker_who_asked(client, case, lead, lawyer, review):
    from cases.notifications import notification_emails_send
    from consortium.models import User

    signed = sign_off(review, lawyer)
    mail.outbox.clear()
    notification_emails_send(frequency=User.EmailFrequency.IMMEDIATE)  # as after the transaction commits
    assert signed.status == LawyerReview.Status.SIGNED_OFF and signed.signed_off_at
    assert list(review_selectors.review_queue(lawyer.user)) == []
    note = Notification.objects.get(user=lead.user)
    assert case.reference in note.title and "signed off" in note.title
    emails = [m for m in mail.outbox if lead.user.email in m.to]
    assert emails and case.reference in emails[0].subject
    assert FULL_NAME not in emails[0].subject + emails[0].body and FINDINGS not in emails[0].body
    # She reads the findings and the checklist on the case.
    client.force_login(lead.user)
    body = client.get(
        reverse("legal:review_detail", kwargs={"case_id": case.pk, "review_id": review.pk})
    ).content.decode()
    assert FINDINGS in body and "Not applicable" in body
    tab = client.get(reverse("legal:court", kwargs={"case_id": case.pk})).content.decode()
    assert "signed off" in tab


def test_drafts_stay_with_the_lawyer(client, case, lead, lawyer, review):
    sign_off(review, lawyer, sign_off=False, checklist={"sections_right": "yes"})
    review.refresh_from_db()
    assert review.is_open and review.sections_right == "yes" and review.findings == FINDINGS
    assert not Notification.objects.filter(user=lead.user).exists()
    client.force_login(lead.user)
    body = client.get(
        reverse("legal:review_detail", kwargs={"case_id": case.pk, "review_id": review.pk})
    ).content.decode()
    assert FINDINGS not in body and "Waiting for" in body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"findings": ""}, "findings"),
        ({"checklist": {**ANSWERS, "age_proven": ""}}, "age_proven"),
        ({"checklist": {**ANSWERS, "sections_right": "perhaps"}}, "sections_right"),
    ],
)
def test_sign_off_needs_findings_and_every_answer(case, lawyer, review, overrides, field):
    with pytest.raises(ValidationError) as error:
        sign_off(review, lawyer, **overrides)
    assert field in error.value.message_dict
    review.refresh_from_db()
    assert review.is_open and review.version == 1


def test_only_the_lawyer_asked_answers_and_only_once(case, lead, lawyer, review, make_member):
    from cases.factories import give_consent
    from survivors.models import ConsentPurpose

    second = make_member(Role.LAWYER, lawyer.organisation)
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=lawyer.organisation)
    case_services.team_add(actor=lead.user, case=case, membership=second, role=CaseRole.LAWYER)
    for person in (lead.user, second.user):
        with pytest.raises(Http404):
            review_services.review_save(
                actor=person, review=review, expected_version=1, findings=FINDINGS, checklist=ANSWERS, sign_off=True
            )
    sign_off(review, lawyer)
    with pytest.raises(ValidationError, match="already signed off"):
        sign_off(review, lawyer)


def test_a_stale_answer_is_a_conflict(case, lawyer, review):
    review_services.review_save(
        actor=lawyer.user, review=review, expected_version=1, findings="Draft one Qz", checklist={}, sign_off=False
    )
    with pytest.raises(ConcurrentEditError):
        review_services.review_save(
            actor=lawyer.user, review=review, expected_version=1, findings=FINDINGS, checklist=ANSWERS, sign_off=True
        )
    review.refresh_from_db()
    assert review.findings == "Draft one Qz" and review.is_open


def test_a_lawyer_who_leaves_the_team_no_longer_sees_the_review(case, lead, lawyer, review):
    assignment = CaseAssignment.objects.active().get(case=case, user=lawyer.user)
    case_services.team_remove(actor=lead.user, case=case, assignment=assignment)
    assert list(review_selectors.review_queue(lawyer.user)) == []
    with pytest.raises(Http404):
        sign_off(review, lawyer)


def test_review_pages(client, case, lead, lawyer, review):
    client.force_login(lead.user)
    page = reverse("legal:review_new", kwargs={"case_id": case.pk})
    bad = client.post(page, {"lawyer": lawyer.user.pk, "question": "short"})
    assert bad.context["form"].errors.get("question")
    assert client.post(page, {"lawyer": lawyer.user.pk, "question": QUESTION + " again"}).status_code == 302
    client.force_login(lawyer.user)
    queue = client.get(reverse("legal:review_queue")).content.decode()
    assert case.reference in queue and "Waiting for you" in queue
    detail = reverse("legal:review_detail", kwargs={"case_id": case.pk, "review_id": review.pk})
    incomplete = client.post(detail, {"version": 1, "findings": FINDINGS, "action": "sign_off"})
    assert incomplete.status_code == 200 and incomplete.context["form"].errors.get("sections_right")
    saved = client.post(detail, {"version": 1, "findings": "Draft Qz", "sections_right": "yes", "action": "save"})
    assert saved.status_code == 302
    done = client.post(detail, {"version": 2, "findings": FINDINGS, **ANSWERS, "action": "sign_off"})
    assert done.status_code == 302 and done["Location"] == reverse("legal:review_queue")
    review.refresh_from_db()
    assert not review.is_open


def test_no_lawyer_on_the_team_says_so(client, lead):
    from tests.cases.helpers import open_survivor_case

    other = open_survivor_case(lead, survivor={"full_name": "No Lawyer Survivor Qq"})
    client.force_login(lead.user)
    body = client.get(reverse("legal:review_new", kwargs={"case_id": other.pk})).content.decode()
    assert "No lawyer on the team" in body
