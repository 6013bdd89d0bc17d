"""Possible duplicate survivors (cases/duplicates.py): found without disclosure, reviewed by a
coordinator, confirmed as another episode or the same one, or rejected for good. All data synthetic.

The survivor of the other case has odd values found nowhere else, so "not in the page" cannot
pass by coincidence."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cases import duplicates, services
from cases.factories import open_case
from cases.models import AccessLogEntry, Case, CaseEvent, ExploitationForm, Notification, SurvivorMatch
from consortium.factories import OrganisationFactory, state
from consortium.models import District, Role
from survivors.models import Survivor
from tests.sweep.harness import normalise

from .helpers import days

OTHER_NAME = "Rupali Xendravati"
OTHER_PHONE = "98765 43219"
OTHER_PHONE_DIGITS = "9876543219"
OTHER_GUARDIAN_PHONE = "91234 00871"
OTHER_DOB = datetime.date(2007, 3, 14)
OPEN_URL = "/cases/new/"
REVIEW_URL = "/cases/possible-duplicates/"
MESSAGE = str(duplicates.MATCH_MESSAGE)
Signal = SurvivorMatch.Signal


def logged_in(who) -> Client:
    client = Client()
    client.force_login(getattr(who, "user", who))
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def org_jh(db):
    return OrganisationFactory(name="Test NGO Jharkhand Zyphr", short_name="TZJ", home_state=state("JH"))


@pytest.fixture
def other_cw(make_member, org_jh):
    return make_member(Role.CASEWORKER, org_jh, first_name="Mona", last_name="Elsewhere")


@pytest.fixture
def other_case(other_cw):
    """Her case in another organisation and other states, which the lead cannot see."""
    return open_case(
        other_cw,
        survivor={
            "full_name": OTHER_NAME,
            "phone_numbers": [OTHER_PHONE],
            "guardian_phone": OTHER_GUARDIAN_PHONE,
            "date_of_birth": OTHER_DOB,
        },
        source="JH",
        destination="KA",
    )


def open_post(lead, **survivor):
    data = {
        "survivor-full_name": "Anjali Vexbridge",
        "survivor-sex": "female",
        "survivor-estimated_age": "19",
        "survivor-age_basis": "self_reported",
        "survivor-languages_spoken": ["bn"],
        "survivor-preferred_language": "bn",
        "survivor-preferred_channel": "phone_call",
        "survivor-phone_numbers": "98300 11122",
        "case-source_state": state("WB").pk,
        "case-source_district": District.objects.filter(state=state("WB")).order_by("name").first().pk,
        "case-destination_state": state("MH").pk,
        "case-destination_district": District.objects.filter(state=state("MH")).order_by("name").first().pk,
        "case-trafficked_on": days(-110).isoformat(),
        "case-exploitation_forms": [ExploitationForm.objects.get(code="forced_labour").pk],
        "case-narrative": "Synthetic: went for work in a garment unit.",
        "case-risk_level": "high",
        "open-lead_caseworker": lead.pk,
    }
    data.update({f"survivor-{name}": value for name, value in survivor.items()})
    return data


def open_through_page(lead, **survivor):
    """Open a case on the page as she does; the page she lands on."""
    response = logged_in(lead).post(OPEN_URL, open_post(lead, **survivor), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain, response.content.decode()[:2000]
    return response


def matches_of(case) -> list[SurvivorMatch]:
    return list(SurvivorMatch.objects.filter(case_a__in=[case.pk]) | SurvivorMatch.objects.filter(case_b=case.pk))


# --- what the caseworker learns --------------------------------------------------------------


def assert_nothing_of(page: str, case: Case) -> None:
    for text in (
        case.reference,
        case.lead_organisation.name,
        case.lead_organisation.short_name,
        "Jharkhand",
        "Karnataka",
        case.survivor.pseudonym,
        OTHER_NAME,
        "Xendravati",
        OTHER_PHONE,
        OTHER_PHONE_DIGITS,
    ):
        assert text not in page, text


def test_caseworker_learns_only_that_a_possible_match_exists(lead, other_case, coordinator):
    response = open_through_page(lead, phone_numbers="+91 " + OTHER_PHONE)
    page = response.content.decode()
    assert messages_of(response) == [f"Case {Case.objects.latest('pk').reference} opened.", MESSAGE]
    assert MESSAGE.replace(":", "") in page.replace(":", "") or MESSAGE in page
    assert_nothing_of(page, other_case)
    new_case = Case.objects.latest("pk")
    [match] = matches_of(new_case)
    assert (match.score, match.matched_on, match.raised_from) == (60, [Signal.PHONE], new_case)
    # Her own case's timeline says a match was sent for review, without naming the other case.
    event = CaseEvent.objects.get(case=new_case, kind=CaseEvent.Kind.SURVIVOR_MATCH)
    assert other_case.reference not in event.summary
    assert not CaseEvent.objects.filter(case=other_case, kind=CaseEvent.Kind.SURVIVOR_MATCH).exists()
    # Coordinators are told there is something to review, nothing more.
    [note] = Notification.objects.filter(user=coordinator.user)
    assert note.url == REVIEW_URL
    assert other_case.reference not in note.title + note.body and new_case.reference not in note.title + note.body


def test_the_message_is_the_same_for_one_match_or_two(lead, other_case, make_member, org_mh):
    one = open_through_page(lead, phone_numbers=OTHER_PHONE)
    # A second survivor with her phone, in yet another organisation, whose case matches too.
    elsewhere = make_member(Role.CASEWORKER, org_mh)
    open_case(elsewhere, survivor={"full_name": "Someone Qelp", "phone_numbers": [OTHER_PHONE]})
    two = open_through_page(lead, phone_numbers=OTHER_PHONE, full_name="Anjali Vexbridge Two")
    assert len(matches_of(Case.objects.latest("pk"))) == 3  # the other two cases and the first one opened here
    assert messages_of(one)[1:] == messages_of(two)[1:] == [MESSAGE]


def test_the_message_does_not_depend_on_the_other_cases_organisation(lead, other_case, org_wb, make_member):
    """A match in her own organisation is said exactly as one in another."""
    colleague = make_member(Role.CASEWORKER, org_wb)
    open_case(colleague, survivor={"full_name": "Same Org Qelp", "guardian_phone": "90000 12345"})
    same_org = open_through_page(lead, guardian_phone="+91 90000 12345", full_name="A Qwerty")
    other_org = open_through_page(lead, guardian_phone=OTHER_GUARDIAN_PHONE, full_name="B Qwerty")
    assert messages_of(same_org)[1:] == messages_of(other_org)[1:] == [MESSAGE]


def test_no_message_without_a_match(lead, other_case):
    response = open_through_page(lead)
    assert MESSAGE not in " ".join(messages_of(response))
    assert SurvivorMatch.objects.count() == 0


def test_an_edit_of_her_identity_that_matches_is_said_the_same_way(lead, other_case):
    client = logged_in(lead)
    case = open_case(lead, survivor={"full_name": "Pallavi Drosk"})
    assert SurvivorMatch.objects.count() == 0
    edit = reverse("cases:survivor_edit", args=[case.pk])
    survivor = case.survivor
    data = {
        "survivor-full_name": survivor.full_name,
        "survivor-sex": survivor.sex,
        "survivor-estimated_age": 19,
        "survivor-age_basis": "self_reported",
        "survivor-preferred_language": survivor.preferred_language,
        "survivor-preferred_channel": survivor.preferred_channel,
        "survivor-guardian_phone": OTHER_GUARDIAN_PHONE,
        "survivor-version": survivor.version,
    }
    response = client.post(edit, data, follow=True)
    assert response.redirect_chain, response.context["form"].errors
    assert messages_of(response) == ["Survivor details saved.", MESSAGE]
    assert_nothing_of(response.content.decode(), other_case)
    [match] = matches_of(case)
    assert match.matched_on == [Signal.GUARDIAN_PHONE]


# --- scoring ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signals", "score", "raised"),
    [
        ([Signal.PHONE], 60, True),
        ([Signal.GUARDIAN_PHONE], 60, True),
        ([Signal.NAME], 30, False),
        ([Signal.DATE_OF_BIRTH], 20, False),
        ([Signal.NAME, Signal.DATE_OF_BIRTH], 50, True),
        ([Signal.NAME, Signal.GUARDIAN_PHONE], 90, True),
        ([Signal.NAME, Signal.PHONE, Signal.GUARDIAN_PHONE, Signal.DATE_OF_BIRTH], 100, True),
        ([Signal.NAME, Signal.NAME], 30, False),  # a sign counts once
        ([], 0, False),
    ],
)
def test_scoring(signals, score, raised):
    assert duplicates.match_score(signals) == score
    assert duplicates.is_possible_duplicate(signals) is raised
    assert duplicates.THRESHOLD == 50


@pytest.mark.parametrize(
    ("survivor", "expected"),
    [
        ({"full_name": OTHER_NAME}, None),  # a whole name alone is weak
        ({"full_name": "someone", "other_names": ["  rupali   XENDRAVATI "]}, None),  # other names too, normalised
        ({"full_name": "Rupali Someone", "date_of_birth": OTHER_DOB}, None),  # a word and a date: not a name
        ({"full_name": "Rúpali Xendravati", "date_of_birth": OTHER_DOB}, [Signal.DATE_OF_BIRTH, Signal.NAME]),
        ({"full_name": "X Y", "date_of_birth": OTHER_DOB}, None),  # a date of birth alone
        ({"full_name": "X Y", "phone_numbers": ["0" + OTHER_PHONE_DIGITS]}, [Signal.PHONE]),
        ({"full_name": "X Y", "phone_numbers": ["43219"]}, None),  # too short to be a phone
        ({"full_name": "X Y", "guardian_phone": OTHER_GUARDIAN_PHONE}, [Signal.GUARDIAN_PHONE]),
        ({"full_name": "X Y", "phone_numbers": [OTHER_GUARDIAN_PHONE]}, None),  # her phone vs his: not compared
    ],
)
def test_what_raises_a_pair(lead, other_case, survivor, expected):
    case = open_case(lead, survivor={"phone_numbers": [], **survivor})
    found = matches_of(case)
    if expected is None:
        assert found == []
    else:
        assert [(m.case_a_id, m.case_b_id, m.matched_on) for m in found] == [(other_case.pk, case.pk, expected)]


# --- the coordinators' review page -------------------------------------------------------------


@pytest.fixture
def match(lead, other_case):
    case = open_case(lead, survivor={"full_name": "Anjali Vexbridge", "phone_numbers": [OTHER_PHONE]})
    [found] = matches_of(case)
    return found


@pytest.fixture
def lawyer(make_member):
    return make_member(Role.LAWYER, OrganisationFactory(kind="lawyers_network"))


@pytest.fixture
def org_admin(make_member, org_wb):
    return make_member(Role.ORG_ADMIN, org_wb)


def test_review_page_is_the_coordinators_only(match, coordinator, lead, other_cw, lawyer, org_admin):
    page = logged_in(coordinator).get(REVIEW_URL)
    assert page.status_code == 200
    review = reverse("cases:survivor_match_review", args=[match.pk])
    missing_review = reverse("cases:survivor_match_review", args=[999999])
    for who in (lead, other_cw, lawyer, org_admin):
        client = logged_in(who)
        missing = client.get("/cases/999999/")
        assert missing.status_code == 404
        for response in (
            client.get(REVIEW_URL),
            client.post(review, {"decision": "rejected"}),
            client.post(missing_review, {"decision": "rejected"}),
        ):
            assert response.status_code == 404
            assert normalise(response.content, response.request["PATH_INFO"]) == normalise(
                missing.content, "/cases/999999/"
            )
    assert SurvivorMatch.objects.get(pk=match.pk).status == SurvivorMatch.Status.OPEN
    anonymous = Client().get(REVIEW_URL)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert AccessLogEntry.objects.filter(
        user=coordinator.user, action=AccessLogEntry.Action.VIEW_LIST, target="possible duplicate survivors"
    ).exists()


def test_review_page_is_masked_without_break_glass(match, coordinator, other_case):
    page = logged_in(coordinator).get(REVIEW_URL).content.decode()
    new_case = Case.objects.get(pk=match.case_b_id)
    for shown in (
        other_case.reference,
        new_case.reference,
        other_case.survivor.pseudonym,
        new_case.survivor.pseudonym,
        "TZJ",
        "Jharkhand",
        "phone",
        "score 60 of 100",
    ):
        assert shown in page, shown
    for hidden in (OTHER_NAME, "Anjali Vexbridge", OTHER_PHONE, OTHER_PHONE_DIGITS, "Xendravati"):
        assert hidden not in page, hidden


REASON = "Comparing a possible duplicate survivor (synthetic test)."


def test_names_side_by_side_only_with_a_reveal_on_both(match, coordinator, other_case):
    client = logged_in(coordinator)
    new_case = Case.objects.get(pk=match.case_b_id)
    client.post(reverse("cases:identity_reveal", args=[other_case.pk]), {"reason": REASON})
    page = client.get(REVIEW_URL).content.decode()
    assert OTHER_NAME not in page and "Anjali Vexbridge" not in page  # one reveal is not enough
    client.post(reverse("cases:identity_reveal", args=[new_case.pk]), {"reason": REASON})
    page = client.get(REVIEW_URL).content.decode()
    assert OTHER_NAME in page and "Anjali Vexbridge" in page
    assert OTHER_PHONE not in page and OTHER_PHONE_DIGITS not in page
    logged = AccessLogEntry.objects.filter(
        user=coordinator.user, action=AccessLogEntry.Action.VIEW_IDENTITY, target="possible duplicates"
    )
    assert set(logged.values_list("case_id", flat=True)) == {other_case.pk, new_case.pk}


# --- decisions -------------------------------------------------------------------------------


def review(coordinator, match, decision, note=""):
    return logged_in(coordinator).post(
        reverse("cases:survivor_match_review", args=[match.pk]), {"decision": decision, "note": note}, follow=True
    )


def test_confirm_another_episode(match, coordinator, other_case):
    response = review(coordinator, match, "retrafficked", "Same mother's phone; trafficked again in 2026.")
    assert messages_of(response) == ["Possible duplicate reviewed."]
    match.refresh_from_db()
    assert match.status == SurvivorMatch.Status.RETRAFFICKED
    assert match.reviewed_by == coordinator.user
    assert match.review_note == "Same mother's phone; trafficked again in 2026."
    assert match.reviewed_at is not None and match.kept_case is None
    assert set(Case.objects.filter(pk__in=[match.case_a_id, match.case_b_id]).values_list("status", flat=True)) == {
        Case.Status.OPEN
    }
    logged = AccessLogEntry.objects.filter(user=coordinator.user, action=AccessLogEntry.Action.REVIEW_MATCH)
    assert set(logged.values_list("case_id", flat=True)) == {match.case_a_id, match.case_b_id}
    assert CaseEvent.objects.filter(case_id=match.raised_from_id, kind=CaseEvent.Kind.SURVIVOR_MATCH).count() == 2


def test_confirm_the_same_episode_closes_the_later_case(match, coordinator, other_case, lead):
    review(coordinator, match, "same_episode")
    match.refresh_from_db()
    later = Case.objects.get(pk=match.case_b_id)
    assert match.status == SurvivorMatch.Status.SAME_EPISODE
    assert match.kept_case == other_case
    assert (later.status, later.closure_reason) == (Case.Status.CLOSED, Case.ClosureReason.DUPLICATE)
    other_case.refresh_from_db()
    assert other_case.status == Case.Status.OPEN
    # Nothing copied, no one gains access: the lead still sees only her case.
    assert logged_in(lead).get(reverse("cases:case_detail", args=[other_case.pk])).status_code == 404
    assert later.survivor.full_name == "Anjali Vexbridge"


def test_reject_and_never_again(match, coordinator, lead):
    review(coordinator, match, "rejected")
    match.refresh_from_db()
    assert match.status == SurvivorMatch.Status.REJECTED
    case = Case.objects.get(pk=match.case_b_id)
    survivor = case.survivor
    survivor.other_names = ["Another Qname"]
    services.survivor_update(actor=lead.user, case=case, survivor=survivor, expected_version=survivor.version)
    assert SurvivorMatch.objects.count() == 1
    assert SurvivorMatch.objects.get().status == SurvivorMatch.Status.REJECTED
    assert not duplicates.survivor_match_pending(case)


def test_a_reviewed_pair_is_not_reviewed_again(match, coordinator):
    review(coordinator, match, "rejected")
    response = review(coordinator, match, "retrafficked")
    assert messages_of(response) == ["This possible duplicate was already reviewed."]
    match.refresh_from_db()
    assert match.status == SurvivorMatch.Status.REJECTED


def test_a_decision_must_be_chosen(match, coordinator):
    response = review(coordinator, match, "merge-everything")
    assert messages_of(response) == ["Choose: another episode, the same episode, or different people."]
    match.refresh_from_db()
    assert match.status == SurvivorMatch.Status.OPEN
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.REVIEW_MATCH).exists()


# --- her history ---------------------------------------------------------------------------------


@pytest.fixture
def two_episodes(lead, make_member, org_wb, coordinator):
    """Two cases of one survivor in the same organisation, each led by a different caseworker,
    confirmed as two episodes."""
    colleague = make_member(Role.CASEWORKER, org_wb, first_name="Tara", last_name="Colleague")
    first = open_case(colleague, survivor={"full_name": "Priya Qanthal", "phone_numbers": [OTHER_PHONE]})
    second = open_case(lead, survivor={"full_name": "Priya Q", "phone_numbers": [OTHER_PHONE]})
    [match] = matches_of(second)
    review(coordinator, match, "retrafficked")
    return first, second, colleague


def test_history_is_shown_to_whoever_sees_both(two_episodes, org_admin):
    first, second, _colleague = two_episodes
    page = logged_in(org_admin).get(reverse("cases:case_detail", args=[second.pk])).content.decode()
    assert "Her other episodes" in page
    assert first.reference in page


def test_history_is_hidden_from_whoever_sees_one(two_episodes, lead):
    first, second, colleague = two_episodes
    for who, case, other in ((lead, second, first), (colleague, first, second)):
        page = logged_in(who).get(reverse("cases:case_detail", args=[case.pk])).content.decode()
        assert "Her other episodes" not in page
        assert other.reference not in page
        timeline = logged_in(who).get(reverse("cases:case_timeline", args=[case.pk])).content.decode()
        assert other.reference not in timeline


def test_history_for_a_coordinator_needs_her_identity_on_both(two_episodes, coordinator):
    first, second, _colleague = two_episodes
    client = logged_in(coordinator)
    detail = reverse("cases:case_detail", args=[second.pk])
    assert "Her other episodes" not in client.get(detail).content.decode()
    client.post(reverse("cases:identity_reveal", args=[second.pk]), {"reason": REASON})
    assert "Her other episodes" not in client.get(detail).content.decode()
    client.post(reverse("cases:identity_reveal", args=[first.pk]), {"reason": REASON})
    page = client.get(detail).content.decode()
    assert "Her other episodes" in page and first.reference in page


def test_episodes_are_followed_across_several_confirmed_pairs(two_episodes, coordinator, make_member, org_mh):
    first, second, _colleague = two_episodes
    third = open_case(make_member(Role.CASEWORKER, org_mh), survivor={"full_name": "P", "phone_numbers": [OTHER_PHONE]})
    # The third is new: it pairs with both.
    pending = list(SurvivorMatch.objects.filter(status=SurvivorMatch.Status.OPEN))
    assert {m.other_case_id(third.pk) for m in pending} == {first.pk, second.pk}
    review(coordinator, pending[0], "retrafficked")
    assert duplicates.episodes_of(third.pk) == {first.pk, second.pk}
    # A new case is not known as hers yet: it pairs with all three, for a coordinator to confirm.
    elsewhere = make_member(Role.CASEWORKER, org_mh)
    fourth = open_case(elsewhere, survivor={"full_name": "Q", "phone_numbers": [OTHER_PHONE]})
    assert {m.other_case_id(fourth.pk) for m in matches_of(fourth)} == {first.pk, second.pk, third.pk}


def test_a_case_already_known_as_hers_is_not_raised_again(two_episodes, lead):
    first, second, _colleague = two_episodes
    survivor = Survivor.objects.get(pk=second.survivor_id)
    survivor.other_names = ["Priya Qanthal"]  # now the name matches too
    services.survivor_update(actor=lead.user, case=second, survivor=survivor, expected_version=survivor.version)
    assert SurvivorMatch.objects.count() == 1


def test_the_case_list_leads_coordinators_to_the_review(coordinator, lead):
    link = f'href="{REVIEW_URL}"'
    assert link in logged_in(coordinator).get(reverse("cases:case_list")).content.decode()
    assert link not in logged_in(lead).get(reverse("cases:case_list")).content.decode()
