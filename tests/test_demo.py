"""The demo consortium (`seed_demo`): every feature shows up for the demo logins, and seeding
again changes nothing. The demo is the shared one of tests/conftest.py (seeded once per test
process, copied in for each module, rolled back at the end); each test runs in a savepoint."""

import datetime
from collections import Counter

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from care.models import (
    CustodyOrder,
    FamilyTracing,
    GoalStatus,
    RehabilitationGoal,
    RehabilitationPlan,
    Repatriation,
    Rescue,
    ServiceReceived,
    ShelterHome,
    ShelterStay,
    SupportContact,
)
from cases.models import CaseAssignment, Deadline
from compensation.demo import seed_compensation
from compensation.models import Claim, ClaimPayment, Scheme
from compensation.models import Stage as ClaimStage
from consortium import demo
from consortium.models import Membership, Organisation, Role, User
from legal.court import selectors as court_selectors
from legal.models import (
    FIR,
    AccusedMatchAlert,
    AdvocacyAction,
    Appeal,
    BailApplication,
    CaseAccused,
    CourtCase,
    CourtStage,
    FailureTag,
    FIRAccused,
    Hearing,
    JudgmentOutcome,
    LawyerReview,
    PoliceRequest,
    TraffickingChain,
    WitnessProtection,
)
from legal.models import Stage as FirStage
from selfaccess.models import SurvivorAccount


def _snapshot():
    return (
        sorted(User.objects.values_list("username", "first_name", "last_name", "password")),
        sorted(Organisation.objects.values_list("short_name", "name", "kind", "home_state__code")),
        sorted(Membership.objects.values_list("user__username", "organisation__short_name", "role", "is_active")),
        sorted(FIR.objects.values_list("pk", "stage", "version")),
        CaseAccused.objects.count(),
        PoliceRequest.objects.count(),
        AdvocacyAction.objects.count(),
        FailureTag.objects.count(),
        Claim.objects.count(),
        [m.objects.count() for m in CARE_MODELS],
        Deadline.objects.count(),
        sorted(CourtCase.objects.values_list("pk", "stage", "version")),
        Hearing.objects.count(),
        BailApplication.objects.count(),
        LawyerReview.objects.count(),
        sorted(SurvivorAccount.objects.values_list("case__reference", "status", "code_digest", "version")),
    )


CARE_MODELS = [
    Rescue,
    CustodyOrder,
    ShelterStay,
    ShelterHome,
    Repatriation,
    RehabilitationGoal,
    ServiceReceived,
    SupportContact,
]


def test_the_demo_copied_in_is_the_demo_seeded_row_for_row(demo_db):
    """Modules after the first get the demo copied from the rows the first seeding stored
    (tests/demo_snapshot.py): copying them in and reading them back gives the same bytes."""
    from tests import demo_snapshot

    demo_snapshot.load_demo()  # copies: the module's fixture already seeded or copied once
    stored = demo_snapshot._snapshot
    assert stored and demo_snapshot._take() == stored
    assert User.objects.filter(username="cw_wb").exists()


def test_seeding_again_changes_nothing(demo_db):
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
    assert seed_compensation() == 0


def test_the_consortium(demo_db):
    orgs = Organisation.objects.all()
    assert orgs.count() >= 8
    assert orgs.filter(kind=Organisation.Kind.SURVIVOR_COLLECTIVE).count() == 2
    assert orgs.filter(kind=Organisation.Kind.LAWYERS_NETWORK).count() == 1
    states = set(orgs.values_list("home_state__code", flat=True))
    assert {"WB", "JH", "OD", "MH", "DL", "KA"} <= states

    for login in demo.DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert user.check_password("nyaya-demo-2026")
        for short, role in login.memberships:
            assert Membership.objects.filter(user=user, organisation__short_name=short, role=role).exists()
    assert Membership.objects.get(user__username="coordinator").role == Role.COORDINATOR
    assert User.objects.get(username=demo.SUPERUSER).is_superuser


def test_demo_logins_can_log_in(client, demo_db):
    for login in demo.DEMO_LOGINS:
        response = client.post("/accounts/login/", {"username": login.username, "password": "nyaya-demo-2026"})
        assert response.status_code == 302, login.username
        assert client.get("/").status_code == 200
        client.post("/accounts/logout/")


def test_demo_claims(client, demo_db):
    claims = list(Claim.objects.select_related("case"))
    pairs = Counter((c.scheme_code, c.stage) for c in claims)
    # Every stage of every scheme she claims under (a guideline such as the CVCF minimums is not
    # claimed under; a scheme without a time limit never lapses).
    for scheme in Scheme.objects.filter(kind="scheme", is_active=True, effective_until__isnull=True):
        for stage in ClaimStage.values:
            if stage == ClaimStage.LAPSED and scheme.time_bar_months is None:
                assert pairs[(scheme.code, stage)] == 0, scheme.code
                continue
            assert pairs[(scheme.code, stage)] >= 1, (scheme.code, stage)

    cw_wb = User.objects.get(username="cw_wb")
    hers = set(CaseAssignment.objects.active().filter(user=cw_wb).values_list("case_id", flat=True))
    nalsa = {c.stage: c for c in claims if c.scheme_code == "nalsa-2018"}
    unpaid = nalsa[ClaimStage.AWARDED]
    assert unpaid.case_id in hers and unpaid.days_unpaid > 730 and unpaid.amount_paid == 0
    assert nalsa[ClaimStage.LAPSED].case_id in hers
    partly = nalsa[ClaimStage.PARTLY_DISBURSED]
    assert partly.case_id in hers and 0 < partly.amount_paid < partly.awarded_amount
    assert ClaimPayment.objects.filter(claim=partly, mode="fixed_deposit").exists()

    client.force_login(cw_wb)
    listing = client.get(reverse("compensation:claim_list"), {"unpaid_days": "730"}).content.decode()
    assert unpaid.case.reference in listing
    client.force_login(User.objects.get(username="coordinator"))
    assert f"{len(claims)} claims" in client.get(reverse("compensation:claim_list")).content.decode()
    detail = client.get(reverse("compensation:claim_detail", kwargs={"case_id": partly.case_id, "claim_id": partly.pk}))
    assert detail.status_code == 200 and "Synthetic Gramin Bank" not in detail.content.decode()


def test_demo_investigations(demo_db):
    assert set(FIR.objects.values_list("stage", flat=True)) == set(FirStage.values)
    chains = [c for c in TraffickingChain.objects.all() if len({f.state_id for f in c.firs.all()}) >= 2]
    assert len(chains) >= 3
    assert any({f.chain_role for f in c.firs.all()} >= {"source", "destination"} for c in chains)
    wide = [
        links
        for links in (
            list(CaseAccused.objects.filter(accused__person_id=person).select_related("case__lead_organisation"))
            for person in set(CaseAccused.objects.values_list("accused__person_id", flat=True))
        )
        if len(links) >= 3
    ]
    assert wide, "one accused person on three cases"
    assert len({link.case.lead_organisation.home_state_id for link in wide[0]}) == 2
    # Each case keeps its own record of that person: three records, one per case.
    assert len({link.accused_id for link in wide[0]}) == len(wide[0])
    assert AccusedMatchAlert.objects.filter(status="open").exists()
    assert any(r.is_overdue for r in PoliceRequest.objects.all())
    assert AdvocacyAction.objects.exclude(outcome="pending").exists()
    assert FailureTag.objects.exists()
    statuses = set(Deadline.objects.filter(rule_code__startswith="chargesheet").values_list("status", flat=True))
    assert {"open", "met"} <= statuses


def test_demo_care(demo_db, client):
    assert ShelterHome.objects.filter(is_active=True).count() >= 6
    assert ShelterHome.objects.filter(is_active=False).exists()
    assert set(Repatriation.objects.values_list("stage", flat=True)) == set(Repatriation.Stage.values)
    senders = set(Repatriation.objects.values_list("sending_organisation__short_name", flat=True))
    receivers = set(Repatriation.objects.values_list("receiving_organisation__short_name", flat=True))
    assert senders == {"MMT", "DAS", "KNSK"} and receivers == {"SSF", "JGVM", "OMAS"}

    overdue = Deadline.objects.overdue().filter(rule_code="repatriation_acknowledgement")
    assert overdue.count() == 1
    assert Repatriation.objects.get(case=overdue.get().case, stage="handed_over")

    child_orders = set(CustodyOrder.objects.values_list("kind", flat=True))
    assert {"cwc_production", "cwc_interim", "cwc_sir", "cwc_final"} - child_orders <= {"cwc_interim"}
    assert {"magistrate_custody", "magistrate_release", "magistrate_final"} <= child_orders
    assert set(RehabilitationGoal.objects.values_list("status", flat=True)) == set(GoalStatus.values)

    leader = User.objects.get(username="leader_wb")
    supported = set(SupportContact.objects.filter(recorded_by=leader).values_list("case_id", flat=True))
    assert len(supported) == 2
    for case_id in supported:
        assert CaseAssignment.objects.active().filter(case_id=case_id, user=leader).exists()
        assert RehabilitationPlan.objects.filter(case_id=case_id).exists()
    client.force_login(leader)
    page = client.get(reverse("care:case_care", args=[min(supported)]))
    assert page.status_code == 200 and "Rehabilitation plan" in page.content.decode()

    # The receiving caseworkers find work waiting in their inbox.
    for username in ("cw_wb", "cw_jh"):
        client.force_login(User.objects.get(username=username))
        assert 'class="count-badge">1<' in client.get(reverse("home")).content.decode(), username


def test_demo_shows_her_way_home_and_family_tracing(demo_db, client):
    """A child's home investigation, transfer and arrival at her home district's CWC, every deadline met
    (JJ Act s.95); an adult's home verification ordered with its report still due (ITPA s.17A); tracing."""
    received = CustodyOrder.objects.filter(kind="cwc_transfer_received").select_related("answers__answers").first()
    assert received is not None
    transfer = received.answers
    report = transfer.answers
    assert (transfer.kind, report.kind, report.answers.kind) == (
        "cwc_transfer",
        "home_investigation_report",
        "home_investigation_requested",
    )
    child_case = received.case
    met = Deadline.objects.filter(case=child_case, rule_code__in=["home_investigation_report", "cwc_transfer_escort"])
    assert sorted(met.values_list("status", flat=True)) == ["met", "met"]

    due = Deadline.objects.filter(rule_code="home_verification_report", status="open", entered_after_due=False)
    assert due.exists(), "an adult's verification report is still due"
    assert Deadline.objects.filter(rule_code="home_verification_report", status="met").exists()
    outcomes = set(FamilyTracing.objects.values_list("outcome", flat=True))
    assert {"traced_safe", "continuing"} <= outcomes

    lead = child_case.assignments.filter(role="lead_caseworker").first()
    client.force_login(User.objects.get(pk=lead.user_id))
    page = client.get(reverse("care:case_care", args=[child_case.pk])).content.decode()
    assert "Her way home: home investigation and transfer (JJ Act s.95)" in page
    assert page.count("home-step home-step-done") == 4 and "Family tracing" in page


def test_demo_court_shows_every_court_feature(client, demo_db):
    assert set(CourtCase.objects.values_list("stage", flat=True)) == set(CourtStage.values)
    assert Hearing.objects.filter(status="adjourned").exclude(adjournment_reason="").count() >= 5
    assert Hearing.objects.filter(survivor_deposed=True).exists()
    assert JudgmentOutcome.objects.filter(outcome="convicted").exists()
    acquitted = JudgmentOutcome.objects.filter(outcome="acquitted", court_accused__appeals__isnull=False)
    assert acquitted.exists() or Appeal.objects.filter(court_case__stage="appeal").exists()
    today = timezone.localdate()
    days = court_selectors.bail_decision_days()
    assert any(court_selectors.bail_is_overdue(a, today=today, days=days) for a in BailApplication.objects.all())
    assert WitnessProtection.objects.filter(status="granted").exists()
    assert CourtCase.objects.filter(ecourts_stage__gt="", ecourts_stage_mapped="").exists()  # flagged phrase
    assert Deadline.objects.filter(rule__workflow="court", status="open").exists()
    for username in ("lawyer_wb", "lawyer_mh"):
        lawyer = User.objects.get(username=username)
        statuses = set(LawyerReview.objects.filter(lawyer=lawyer).values_list("status", flat=True))
        assert statuses == {"open", "signed_off"}, username
        assert court_selectors.hearings_coming(lawyer, days=7), username
        client.force_login(lawyer)
        assert "Your hearings this week" in client.get(reverse("home")).content.decode()
    cw_wb = User.objects.get(username="cw_wb")
    must = court_selectors.hearings_coming(cw_wb, days=30, must_attend_only=True)
    next_week = [h for h in must if 7 <= (h.on - today).days <= 14]
    assert next_week and next_week[0].on - today >= datetime.timedelta(days=7)


def test_demo_shows_the_law_in_force(demo_db):
    """A CrPC-era case (BNSS-only limits: no date, the law does not apply), a transitional case
    (IPC charges, BNSS procedure), a POCSO trial in a Special Court, claims under both versions of
    the bonded-labour scheme, a claim where the offender was not traced, and an accused on default
    bail counted from the first remand."""
    crpc = [f for f in FIR.objects.exclude(fir_date=None) if f.procedure == "crpc"]
    assert crpc and all(f.offence_code == "ipc" for f in crpc)
    not_applicable = Deadline.objects.filter(status="n_a", rule_code="victim_informed_of_progress")
    assert not_applicable.exists() and not_applicable.exclude(close_reason="").exists()
    assert any(f.is_transitional for f in FIR.objects.exclude(fir_date=None))
    pocso = CourtCase.objects.filter(court__kind="special_pocso", charges__section__act__code="pocso")
    assert pocso.exists()
    bonded = Claim.objects.filter(scheme_code="bonded-labour-2016").select_related("scheme")
    assert {c.scheme.effective_from.year for c in bonded} >= {2016, 2022}
    # A labour complaint the police enquire into before registering (BNSS 173(3), 14 days).
    assert FIR.objects.filter(preliminary_enquiry_on__isnull=False, fir_date__isnull=True).exists()
    # Offender never traced (closure accepted, no trial): she applies under BNSS 396(4).
    untraced = Claim.objects.filter(route="untraced_offender").select_related("case").first()
    assert untraced is not None and not untraced.case.court_cases.exists()
    released = FIRAccused.objects.filter(default_bail=True)
    assert released.exists()
    for link in released:
        assert (link.bail_applied_on - link.remanded_on).days in (60, 90), link.pk


def test_demo_shows_erasure_a_waiting_request_and_a_legal_hold(client, demo_db):
    """Privacy in the demo (privacy/demo.py): a closed SSF case whose survivor was erased at her
    request, a request waiting for admin_wb, and a legal hold; cw_wb and admin_wb see them."""
    from consortium.models import User
    from privacy.models import ErasureRequest, LegalHold
    from survivors.models import Survivor

    erased = ErasureRequest.objects.get(status=ErasureRequest.Status.ERASED)
    survivor = Survivor.objects.get(pk=erased.survivor_id)
    assert survivor.identity_erased_at is not None and survivor.full_name == "" and survivor.phone_numbers == []
    assert erased.case.status == "closed" and erased.recorded_by.username == "cw_wb"
    assert erased.decided_by.username == "admin_wb"
    waiting = ErasureRequest.objects.get(status=ErasureRequest.Status.PENDING)
    hold = LegalHold.objects.get()
    assert waiting.case.lead_organisation.short_name == hold.case.lead_organisation.short_name == "SSF"

    client.force_login(User.objects.get(username="cw_wb"))
    page = client.get(reverse("cases:survivor_detail", args=[erased.case_id])).content.decode()
    assert "Identity erased on" in page and "at her request" in page
    client.force_login(User.objects.get(username="admin_wb"))
    privacy = client.get(reverse("privacy:case_privacy", args=[waiting.case_id]))
    assert privacy.status_code == 200 and "Approve" in privacy.content.decode()


def test_demo_shows_possible_duplicate_survivors(client, demo_db):
    """cases/duplicates_demo.py: a re-trafficked survivor whose history admin_wb sees and cw_wb does
    not, a rejected pair, and an open pair on the coordinator's review page."""
    from cases.models import SurvivorMatch

    matches = SurvivorMatch.objects.filter(case_a__survivor__pseudonym__startswith="S-DUP")
    assert sorted(matches.values_list("status", flat=True)) == ["open", "rejected", "retrafficked"]
    episode = matches.get(status="retrafficked")
    first, second = episode.case_a, episode.case_b
    client.force_login(User.objects.get(username="admin_wb"))
    page = client.get(reverse("cases:case_detail", args=[second.pk])).content.decode()
    assert "Her other episodes" in page and first.reference in page
    client.force_login(User.objects.get(username="cw_wb"))
    page = client.get(reverse("cases:case_detail", args=[second.pk])).content.decode()
    assert "Her other episodes" not in page and first.reference not in page
    client.force_login(User.objects.get(username="coordinator"))
    page = client.get(reverse("cases:survivor_matches")).content.decode()
    waiting = matches.get(status="open")
    assert waiting.case_a.reference in page and waiting.case_b.reference in page
    assert "Phulmani" not in page  # masked


def test_demo_her_own_page(client, demo_db):
    """selfaccess/demo.py: her account on cw_wb's richest West Bengal case opens with the code and PIN
    `make run` prints; a minor's account rests on her guardian's consent; one is suspended; SSF shows
    first names on her page."""
    from selfaccess import codes, services
    from selfaccess import demo as her_demo
    from survivors.models import Consent

    account = services.account_for_code("mynq te26 demq", ip="127.0.0.9")  # as she may type it
    assert account is not None and services.account_usable(account)
    assert services.pin_check(account=account, pin=her_demo.DEMO_PIN, ip="127.0.0.9")
    case = account.case
    assert case.source_state.code == "WB" and case.lead_organisation.short_name == "SSF"
    assert case.assignments.filter(user__username="cw_wb", role="lead_caseworker", ended_at=None).exists()
    assert case.firs.exists() and ClaimPayment.objects.filter(claim__case=case).exists()
    assert Hearing.objects.filter(
        court_case__case=case, survivor_must_attend=True, status="scheduled", on__gte=timezone.localdate()
    ).exists()
    assert account.consent.purpose == "self_access" and account.consent.given_by == Consent.GivenBy.SURVIVOR

    minor = SurvivorAccount.objects.get(code_digest=codes.code_digest(her_demo.MINOR_CODE))
    assert minor.case.survivor.is_minor_now and minor.consent.given_by == Consent.GivenBy.GUARDIAN
    assert minor.status == "active" and not minor.has_pin  # she chooses her PIN on her first visit
    suspended = SurvivorAccount.objects.get(status=SurvivorAccount.Status.SUSPENDED)
    assert suspended.suspension_reason == "phone taken" and suspended.suspended_by.username == "cw_wb"
    assert services.account_for_code(her_demo.SUSPENDED_CODE, ip="127.0.0.9") is None
    assert SurvivorAccount.objects.count() == 3
    assert list(Organisation.objects.filter(first_names_to_survivors=True).values_list("short_name", flat=True)) == [
        "SSF"
    ]

    # The timeline says what her caseworker did (opened her page, confirmed a consent change) and
    # what she asked from her page (no staff actor): one open call back, one confirmed change.
    events = list(case.events.filter(kind="self_access").values_list("actor__username", flat=True))
    assert sorted(map(str, events)) == ["None", "None", "cw_wb", "cw_wb"]
    asked = dict(case.survivor_requests.values_list("kind", "status"))
    assert asked == {"call_back": "open", "consent_change": "confirmed"}


def test_make_run_prints_how_to_open_her_page(capsys, demo_db):
    """`make run` (demo_logins) names her page, its code and PIN, her case and its lead."""
    call_command("demo_logins")
    out = capsys.readouterr().out
    reference = SurvivorAccount.objects.get(status="active", pin_hash__gt="").case.reference
    assert (
        f"Her own page: http://127.0.0.1:8000/my/ — code MYNQ-TE26-DEMQ, PIN 4826 (the case {reference}, lead cw_wb)"
        in out
    )
