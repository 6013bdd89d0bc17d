"""Who may open which court page.

The cast of tests/legal/test_access_matrix.py plus a lawyer of the same lawyers' network who is
not on this case's team, around one case with two court cases (one decided and under appeal,
one at trial) and every court record: charge, hearings, bail application, judgment outcome,
appeal, witness protection and a lawyer's review. Someone outside the case gets a 404
identical to the 404 for a case that does not exist.
"""

from types import SimpleNamespace

import pytest
from django.urls import get_resolver, reverse

from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation
from legal.court import services as court_services
from legal.models import JudgmentOutcome
from legal.reviews import services as review_services
from tests.access_matrix import MISSING_CASE, G, L, N, R, call, cast_around, login_as, persona_problems
from tests.cases.helpers import FULL_NAME
from tests.url_names import qualified

from .court_helpers import CNR, charge, file_appeal, make_court_case, record_judgment
from .helpers import ACCUSED_NAME, days

PERSONAS = [
    "lead",
    "teammate",
    "colleague",
    "org_admin",
    "other_org_caseworker",
    "other_org_admin",
    "coordinator",
    "leader_without_consent",
    "leader_on_team",
    "lawyer",
    "outside_lawyer",
    "anonymous",
]
#          lead team coll admin mhcw mhadm coord sl0 slT lawyer outL anon
RECORD = [G, G, N, G, N, N, N, N, N, G, N, L]
RECORD_POST = [R, R, N, R, N, N, N, N, N, R, N, L]
MATRIX = {
    "court": ("get", [G, G, N, G, N, N, G, N, G, G, N, L]),
    "court_case_new": ("get", RECORD),
    "court_case_edit": ("get", RECORD),
    "court_case_move": ("get", RECORD),
    "court_case_ecourts": ("get", RECORD),
    "court_charges": ("get", RECORD),
    "court_charge_drop": ("post", RECORD_POST),
    "hearing_new": ("get", RECORD),
    "hearing_add": ("get", RECORD),
    "hearing_record": ("get", RECORD),
    "bail_new": ("get", RECORD),
    "bail_update": ("get", RECORD),
    "judgment_new": ("get", RECORD),
    "sentence_record": ("get", RECORD),
    "appeal_new": ("get", RECORD),
    "appeal_update": ("get", RECORD),
    "protection_new": ("get", RECORD),
    "protection_update": ("get", RECORD),
    "review_new": ("get", [G, G, N, G, N, N, N, N, N, N, N, L]),
    "review_detail": ("get", [G, G, N, G, N, N, N, N, N, G, N, L]),
    "case_file": ("get", [G, G, N, G, N, N, N, N, N, G, N, L]),
}
# The lawyer answering her review (POST); everyone else who may read it is refused.
REVIEW_ANSWER = [N, N, N, N, N, N, N, N, N, G, N, L]
CROSS_CASE = {
    "review_queue": ("get", [G, G, G, G, G, G, G, G, G, G, G, L]),
    "hearing_calendar": ("get", [G, G, G, G, G, G, G, G, G, G, G, L]),
}


@pytest.fixture
def world(make_member, org_wb, org_mh, secretariat, lead, case):
    collective = OrganisationFactory(
        name="Test Collective C", short_name="TCC", kind=Organisation.Kind.SURVIVOR_COLLECTIVE, home_state=state("WB")
    )
    network = OrganisationFactory(
        name="Test Lawyers C", short_name="TLC", kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB")
    )
    people = cast_around(
        case,
        lead,
        make_member,
        org_wb=org_wb,
        org_mh=org_mh,
        secretariat=secretariat,
        collective=collective,
        lawyers_network=network,
    )
    lawyer = people["lawyer"]

    actor = lead.user
    decided = make_court_case(case, actor, stage="judgment_reserved")
    record_judgment(decided, actor)
    decided.refresh_from_db()
    appeal = file_appeal(decided, actor)
    outcome = JudgmentOutcome.objects.get(judgment__court_case=decided)
    trial = make_court_case(case, actor, stage="appearance", cnr="", accused=[decided.accused_links.first().accused])
    [court_charge] = charge(trial, actor)
    scheduled = court_services.hearing_schedule(actor=actor, court_case=trial, on=days(5), purpose="copies")
    bail = court_services.bail_application_file(
        actor=actor, court_case=trial, **{"court_accused": trial.accused_links.first(), "filed_on": days(-2)}
    )
    protection = court_services.witness_protection_apply(
        actor=actor, case=case, **{"applied_on": days(-3), "competent_authority": "Competent Authority, Qzbad"}
    )
    review = review_services.review_request(
        actor=actor, case=case, lawyer=lawyer.user, question="Please check the sections charged on the FIR."
    )
    kwargs = {
        "court_case_edit": {"court_case_id": trial.pk},
        "court_case_move": {"court_case_id": trial.pk, "transition": "stay"},
        "court_case_ecourts": {"court_case_id": trial.pk},
        "court_charges": {"court_case_id": trial.pk},
        "court_charge_drop": {"court_case_id": trial.pk, "charge_id": court_charge.pk},
        "hearing_new": {"court_case_id": trial.pk},
        "hearing_add": {"court_case_id": trial.pk},
        "hearing_record": {"court_case_id": trial.pk, "hearing_id": scheduled.pk},
        "bail_new": {"court_case_id": trial.pk},
        "bail_update": {"court_case_id": trial.pk, "application_id": bail.pk},
        "judgment_new": {"court_case_id": trial.pk},
        "sentence_record": {"court_case_id": decided.pk, "outcome_id": outcome.pk},
        "appeal_new": {"court_case_id": decided.pk},
        "appeal_update": {"court_case_id": decided.pk, "appeal_id": appeal.pk},
        "protection_update": {"protection_id": protection.pk},
        "review_detail": {"review_id": review.pk},
    }
    return SimpleNamespace(case=case, trial=trial, decided=decided, people=people, kwargs=kwargs, review=review)


def url_for(world, name, case_id=None):
    kwargs = dict(world.kwargs.get(name, {}))
    if name not in CROSS_CASE:
        kwargs["case_id"] = case_id or world.case.pk
    return reverse(qualified(name), kwargs=kwargs)


def check(client, world, name, method, expected, url, missing_url=None):
    secrets = (world.case.reference, FULL_NAME, ACCUSED_NAME, CNR, str(world.trial.court))
    return persona_problems(
        client, world.people, PERSONAS, expected, method, url, missing_url=missing_url, secrets=secrets
    )


def test_matrix_covers_every_court_url():
    names = {p.name for module in ("legal.court.urls", "legal.reviews.urls") for p in get_resolver(module).url_patterns}
    assert names == set(MATRIX) | set(CROSS_CASE), "a URL was added or removed: update the matrix"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_case_url_answers_each_persona(client, world, name):
    method, expected = MATRIX[name]
    url = url_for(world, name)
    problems = check(client, world, name, method, expected, url, url_for(world, name, case_id=MISSING_CASE))
    assert not problems, "\n".join(problems)


def test_only_the_lawyer_asked_may_answer_a_review(client, world):
    url = url_for(world, "review_detail")
    problems = check(client, world, "review_detail", "post", REVIEW_ANSWER, url)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(CROSS_CASE))
def test_cross_case_url_answers_each_persona(client, world, name):
    method, expected = CROSS_CASE[name]
    problems = check(client, world, name, method, expected, url_for(world, name))
    assert not problems, "\n".join(problems)


def test_foreign_sub_object_ids_are_404(client, world):
    """A court case, hearing, bail application, outcome, appeal, protection or review of another
    case, through this case's URL: 404."""
    from tests.cases.helpers import open_survivor_case

    other = open_survivor_case(world.people["lead"], survivor={"full_name": "Second Survivor Zz"})
    login_as(client, world.people["lead"])
    for name, kwargs in world.kwargs.items():
        response = call(client, MATRIX[name][0], reverse(qualified(name), kwargs={"case_id": other.pk, **kwargs}))
        assert response.status_code == 404, name


def test_sub_objects_of_another_court_case_of_the_same_case_are_404(client, world):
    login_as(client, world.people["lead"])
    swapped = {
        "hearing_record": {
            "court_case_id": world.decided.pk,
            "hearing_id": world.kwargs["hearing_record"]["hearing_id"],
        },
        "bail_update": {
            "court_case_id": world.decided.pk,
            "application_id": world.kwargs["bail_update"]["application_id"],
        },
        "sentence_record": {
            "court_case_id": world.trial.pk,
            "outcome_id": world.kwargs["sentence_record"]["outcome_id"],
        },
        "appeal_update": {"court_case_id": world.trial.pk, "appeal_id": world.kwargs["appeal_update"]["appeal_id"]},
        "court_charge_drop": {
            "court_case_id": world.decided.pk,
            "charge_id": world.kwargs["court_charge_drop"]["charge_id"],
        },
    }
    for name, kwargs in swapped.items():
        response = call(client, MATRIX[name][0], reverse(qualified(name), kwargs={"case_id": world.case.pk, **kwargs}))
        assert response.status_code == 404, name


def test_unknown_transition_is_404(client, world):
    login_as(client, world.people["lead"])
    for name in ("delete", "pronounce_judgment", "file_appeal"):
        url = reverse(
            "legal:court_case_move",
            kwargs={"case_id": world.case.pk, "court_case_id": world.trial.pk, "transition": name},
        )
        assert client.get(url).status_code == 404


def test_refusals_on_a_visible_case_are_logged(client, world):
    from cases.models import AccessLogEntry

    login_as(client, world.people["coordinator"])
    assert client.get(url_for(world, "court_case_new")).status_code == 404
    entry = AccessLogEntry.objects.filter(case=world.case, action="denied").latest("pk")
    assert entry.user == world.people["coordinator"].user and "court_case_new" in entry.target


def test_masked_coordinator_sees_progress_but_not_who_or_what_was_said(client, world):
    from .court_helpers import DEPOSITION_NOTE

    login_as(client, world.people["coordinator"])
    body = client.get(url_for(world, "court")).content.decode()
    assert str(world.trial) in body and "Accused #" in body and 'aria-current="step"' in body
    for secret in (FULL_NAME, ACCUSED_NAME, DEPOSITION_NOTE, "Record a court case", "Please check the sections"):
        assert secret not in body, secret


def test_survivor_leader_sees_stages_but_not_accused_or_reviews(client, world):
    login_as(client, world.people["leader_on_team"])
    body = client.get(url_for(world, "court")).content.decode()
    assert str(world.trial) in body
    for secret in (ACCUSED_NAME, "Please check the sections", "Witness protection"):
        assert secret not in body, secret


@pytest.mark.parametrize("persona", ["lead", "lawyer", "org_admin"])
def test_team_sees_accused_and_reviews(client, world, persona):
    login_as(client, world.people[persona])
    body = client.get(url_for(world, "court")).content.decode()
    assert ACCUSED_NAME in body and "Please check the sections" in body and "Competent Authority, Qzbad" in body
