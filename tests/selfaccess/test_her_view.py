"""Her home page: every stage of every workflow in her three languages, her next hearing and who
goes with her, her money, her papers, what she was last told, who looked at her file, the accused
her lawyer chose to show her, and her language switch."""

import datetime
import html
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import AccessLogEntry, CaseRole, SurvivorUpdate
from compensation.factories import ClaimFactory
from compensation.models import ClaimPayment
from compensation.plain_language import WORKFLOWS, stage_text
from consortium.factories import MembershipFactory, OrganisationFactory, UserFactory, state
from consortium.models import Role
from legal.factories import AccusedFactory, CourtCaseFactory, FIRFactory, HearingFactory
from legal.models import FIRAccused
from selfaccess import services
from selfaccess.models import SurvivorAccount
from selfaccess.selectors import her_language, who_looked
from survivors.models import ConsentPurpose
from tests.cases.helpers import open_survivor_case
from tests.selfaccess.conftest import PIN, give_self_access_consent, sign_in_as_her

HOME = "/my/home/"
LANGUAGES = ("bn", "hi", "en")


def _member(role, org, first, last):
    return MembershipFactory(
        user=UserFactory(first_name=first, last_name=last, email=f"{last.lower()}@example.org"),
        organisation=org,
        role=role,
    )


def _build():
    from care import services as care_services
    from cases import services as case_services
    from cases.factories import give_consent
    from referrals import services as referral_services

    org = OrganisationFactory(
        name="Her Page NGO", short_name="HPN", home_state=state("WB"), first_names_to_survivors=True
    )
    receiver = OrganisationFactory(name="Home Area NGO", short_name="HAN", home_state=state("JH"))
    lead = _member(Role.CASEWORKER, org, "Lakshmi", "Leadworker")
    case = open_survivor_case(lead)
    give_self_access_consent(lead, case)
    account, _code = services.account_open(actor=lead.user, case=case)
    account = services.pin_choose(account=account, pin=PIN, again=PIN)
    fir = FIRFactory(case=case)
    court_case = CourtCaseFactory(case=case)
    claim = ClaimFactory(case=case)
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=receiver)
    repatriation = care_services.repatriation_request(
        actor=lead.user, case=case, receiving_organisation=receiver, from_state=state("MH"), to_state=state("JH")
    )
    referral = referral_services.referral_send(
        actor=lead.user,
        case=case,
        service="shelter",
        receiving_organisation=receiver,
        respond_by=timezone.localdate() + datetime.timedelta(days=7),
    )
    del case_services
    return {
        "account": account,
        "lead": lead,
        "case": case,
        "records": {
            "investigation": fir,
            "court": court_case,
            "compensation": claim,
            "repatriation": repatriation,
            "referral": referral,
        },
    }


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """Her case with one record of each workflow, built once for the module (rolled back after)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


STAGES = [(flow.key, state_) for flow in WORKFLOWS for state_ in flow.states]


def test_every_workflow_has_stages():
    assert {key for key, _s in STAGES} == {"investigation", "court", "compensation", "repatriation", "referral"}
    assert len(STAGES) > 40


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("workflow", "stage"), STAGES)
def test_each_stage_in_her_language(client, db, built, workflow, stage, language):
    record = built["records"][workflow]
    type(record).objects.filter(pk=record.pk).update(stage=stage)
    SurvivorAccount.objects.filter(pk=built["account"].pk).update(language=language)
    sign_in_as_her(client, built["account"])
    response = client.get(HOME)
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override(language):
        text = stage_text(workflow, stage)
        now, after = html.escape(str(text.now)), html.escape(str(text.next))
    assert now in body
    assert after in body
    assert f'<html lang="{language}">' in body


# --- function-scoped cases (the conftest's `case`, `account`, `her`) ------------------------------


def test_home_logs_her_read(her, account):
    before = AccessLogEntry.objects.filter(case=account.case, action=AccessLogEntry.Action.SELF_VIEW).count()
    assert her.get(HOME).status_code == 200
    entry = AccessLogEntry.objects.filter(case=account.case, action=AccessLogEntry.Action.SELF_VIEW).first()
    assert (
        AccessLogEntry.objects.filter(case=account.case, action=AccessLogEntry.Action.SELF_VIEW).count() == before + 1
    )
    assert entry.user is None and entry.target == "her page"


def test_language_default_is_her_preferred_else_hindi(account):
    assert account.language == ""
    account.case.survivor.preferred_language = "bn"
    assert her_language(account) == "bn"
    account.case.survivor.preferred_language = "or"
    assert her_language(account) == "hi"
    account.language = "en"
    assert her_language(account) == "en"


def test_language_switch_saves_and_shows(her, account):
    response = her.post(reverse("selfaccess:her_language"), {"language": "bn"})
    assert response.status_code == 302 and response["Location"] == reverse("selfaccess:her_home")
    account.refresh_from_db()
    assert account.language == "bn"
    body = her.get(HOME).content.decode()
    assert '<html lang="bn">' in body


def test_language_switch_refuses_other_language(her, account):
    response = her.post(reverse("selfaccess:her_language"), {"language": "fr"}, follow=True)
    account.refresh_from_db()
    assert account.language == ""
    assert response.status_code == 200
    with translation.override(her_language(account)):
        message = translation.gettext("Choose Bengali, Hindi or English.")
    assert html.escape(message) in response.content.decode()


def test_language_switch_is_post_only(her):
    assert her.get(reverse("selfaccess:her_language")).status_code == 405


def test_staff_is_sent_to_sign_in(client, lead, account):
    client.force_login(lead.user)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"] == "/my/"
    response = client.post(reverse("selfaccess:her_language"), {"language": "bn"})
    assert response.status_code == 302 and response["Location"] == "/my/"
    account.refresh_from_db()
    assert account.language == ""


def test_anonymous_is_sent_to_sign_in(client, account):
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"] == "/my/"


def _english(account):
    SurvivorAccount.objects.filter(pk=account.pk).update(language="en")


def test_next_hearing_with_escort(her, account, lead, case):
    _english(account)
    court_case = CourtCaseFactory(case=case)
    HearingFactory(court_case=court_case, on=timezone.localdate() - datetime.timedelta(days=3))  # passed
    day = timezone.localdate() + datetime.timedelta(days=9)
    HearingFactory(court_case=court_case, on=day, survivor_must_attend=True, escort=lead.user)
    HearingFactory(court_case=court_case, on=day + datetime.timedelta(days=20))
    body = her.get(HOME).content.decode()
    from core.dates import day_text

    assert day_text(day, "en") in body
    assert court_case.court.name in body
    assert "You must go on this day." in body
    assert "Your lead caseworker from TNW will go with you." in body
    assert "Leadworker" not in body and "Lakshmi" not in body  # TNW does not show first names


def test_escort_first_name_where_allowed(her, account, lead, case):
    _english(account)
    lead.organisation.first_names_to_survivors = True
    lead.organisation.save()
    HearingFactory(court_case=CourtCaseFactory(case=case), escort=lead.user)
    body = her.get(HOME).content.decode()
    assert "Your lead caseworker from TNW (Lakshmi) will go with you." in body
    assert "Leadworker" not in body


def test_money_and_papers(her, account, lead, case):
    _english(account)
    claim = ClaimFactory(case=case, applied_on=timezone.localdate() - datetime.timedelta(days=40))
    type(claim).objects.filter(pk=claim.pk).update(
        stage="payment_pending", awarded_amount=Decimal("300000"), awarded_on=timezone.localdate()
    )
    ClaimPayment.objects.create(
        claim=claim,
        case=case,
        paid_on=timezone.localdate(),
        amount=Decimal("100000"),
        mode="bank_transfer",
        recorded_by=lead.user,
    )
    claim.refresh_from_db()
    body = her.get(HOME).content.decode()
    from core.money import rupees

    assert rupees(Decimal("300000")) in body
    assert rupees(Decimal("100000")) in body
    assert rupees(Decimal("200000")) in body  # still due
    from compensation.models import Requirement

    labels = dict(Requirement.choices)
    for code in claim.missing_requirements():
        assert html.escape(str(labels[code])) in body
    for paper in case.survivor.identity_papers_display:
        assert html.escape(paper) in body


def test_last_told(her, account, lead, case):
    _english(account)
    for n, on in enumerate((timezone.localdate() - datetime.timedelta(days=9), timezone.localdate())):
        SurvivorUpdate.objects.create(
            case=case,
            given_on=on,
            channel="phone",
            language="en",
            message=f"Update number {n}",
            recorded_by=lead.user,
        )
    body = her.get(HOME).content.decode()
    assert "Update number 1" in body and "Update number 0" not in body


# --- who looked at her file ------------------------------------------------------------------


def _log(case, user, action=AccessLogEntry.Action.VIEW_CASE, days_ago=1):
    AccessLogEntry.objects.create(
        case=case, user=user, action=action, at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def test_who_looked_counts_roles_and_first_names(her, account, lead, case, outsider, django_assert_num_queries):
    _english(account)
    open_org = OrganisationFactory(name="Open Names Trust", short_name="ONT", first_names_to_survivors=True)
    lawyer = _member(Role.LAWYER, open_org, "Priya", "Pleader")
    from cases import services as case_services
    from cases.factories import give_consent

    give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=open_org)
    case_services.team_add(actor=lead.user, case=case, membership=lawyer, role=CaseRole.LAWYER)
    for _ in range(3):
        _log(case, lead.user)
    _log(case, lead.user, AccessLogEntry.Action.VIEW_IDENTITY, days_ago=2)
    _log(case, lawyer.user, AccessLogEntry.Action.DOWNLOAD_DOCUMENT)
    _log(case, lawyer.user, AccessLogEntry.Action.EXPORT, days_ago=5)
    _log(case, outsider.user, AccessLogEntry.Action.BREAK_GLASS)  # no assignment: her membership role
    _log(case, lead.user, AccessLogEntry.Action.VIEW_CASE, days_ago=200)  # too long ago
    _log(case, lead.user, AccessLogEntry.Action.DENIED)  # not a look
    AccessLogEntry.objects.create(case=case, user=None, action=AccessLogEntry.Action.SELF_VIEW)  # hers
    with django_assert_num_queries(1):
        looked = who_looked(case)
    by_org = {(row.organisation, row.role, row.first_name): row.times for row in looked}
    assert by_org == {
        ("TNW", "Lead caseworker", ""): 4,
        ("ONT", "Lawyer", "Priya"): 2,
        ("ELT", "Caseworker", ""): 1,
    }
    body = her.get(HOME).content.decode()
    assert "Priya, Lawyer, ONT" in body
    assert "Lead caseworker, TNW" in body
    for never in ("Pleader", "Leadworker", "Lakshmi", "Olga", "Outsider", "@example", lead.user.username):
        assert never not in body


def test_who_looked_merges_people_without_first_names(lead, case, make_member):
    colleague = make_member(Role.CASEWORKER, lead.organisation, first_name="Rina", last_name="Roy")
    _log(case, lead.user)
    _log(case, colleague.user)
    _log(case, colleague.user)
    rows = who_looked(case)
    # Both are from TNW (no first names); the lead is the lead caseworker, her colleague a caseworker.
    assert {(r.organisation, r.role, r.times) for r in rows} == {
        ("TNW", "Lead caseworker", 1),
        ("TNW", "Caseworker", 2),
    }


# --- the accused -----------------------------------------------------------------------------


def _accused(case, name, **fields):
    fir = FIRFactory(case=case)
    accused = AccusedFactory(names=[name], created_by=case.opened_by)
    return FIRAccused.objects.create(fir=fir, accused=accused, **fields)


def test_only_shared_accused_are_shown(her, account, case):
    _english(account)
    _accused(case, "Shown Qvaccused", shared_with_survivor=True, arrested_on=timezone.localdate(), custody="judicial")
    _accused(case, "Hidden Zxaccused")
    body = her.get(HOME).content.decode()
    assert "Shown Qvaccused" in body
    assert "This person has been arrested and is held in jail." in body
    assert "Hidden Zxaccused" not in body


def test_minor_sees_no_accused_and_her_texts(client, lead, make_member):
    case = open_survivor_case(lead)
    type(case.survivor).objects.filter(pk=case.survivor.pk).update(minor_at_offence=True)
    give_self_access_consent(lead, case)
    account, _code = services.account_open(actor=lead.user, case=case)
    account = services.pin_choose(account=account, pin=PIN, again=PIN)
    SurvivorAccount.objects.filter(pk=account.pk).update(language="en")
    _accused(case, "Shown Qvaccused", shared_with_survivor=True)
    from compensation.plain_language import MINOR, TEXTS

    workflow, stage = next(
        (flow, st)
        for flow, texts in MINOR.items()
        for st, text in texts.items()
        if flow in ("investigation", "court", "compensation") and text.next != TEXTS[flow][st].next
    )
    record = {
        "investigation": lambda: FIRFactory(case=case),
        "court": lambda: CourtCaseFactory(case=case),
        "compensation": lambda: ClaimFactory(case=case),
    }[workflow]()
    type(record).objects.filter(pk=record.pk).update(stage=stage)
    sign_in_as_her(client, account)
    body = client.get(HOME).content.decode()
    assert "Shown Qvaccused" not in body
    with translation.override("en"):
        assert html.escape(str(stage_text(workflow, stage, minor=True).next)) in body
        assert html.escape(str(stage_text(workflow, stage).next)) not in body


# --- her lawyer's button on the investigation tab ------------------------------------------------


def test_her_lawyer_shows_and_hides_an_accused(client, her, account, case, lead, make_member):
    from cases import services as case_services
    from cases.factories import give_consent
    from cases.models import CaseEvent

    _english(account)
    lawyer_org = OrganisationFactory(name="Lawyers Network QZ", short_name="LNQ")
    lawyer = make_member(Role.LAWYER, lawyer_org, first_name="Lata", last_name="Lexington")
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=lawyer_org)
    case_services.team_add(actor=lead.user, case=case, membership=lawyer, role=CaseRole.LAWYER)
    link = _accused(case, "Marked Qvaccused")
    url = reverse("legal:fir_accused_share", args=[case.pk, link.fir_id, link.pk])
    from django.test import Client

    staff = Client()
    # The lead caseworker (not a lawyer) is refused as if the accused did not exist.
    staff.force_login(lead.user)
    assert staff.post(url, {"shared": "1"}).status_code == 404
    link.refresh_from_db()
    assert not link.shared_with_survivor
    assert "Marked Qvaccused" not in her.get(HOME).content.decode()
    # Her lawyer sees the button and uses it.
    staff.force_login(lawyer.user)
    tab = staff.get(reverse("legal:investigation", args=[case.pk])).content.decode()
    assert "Show on her page" in tab
    response = staff.post(url, {"shared": "1"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.shared_with_survivor
    event = CaseEvent.objects.filter(case=case).order_by("-pk").first()
    assert event.kind == CaseEvent.Kind.INVESTIGATION and event.data["accused"] == link.accused_id
    assert event.actor == lawyer.user
    body = her.get(HOME).content.decode()
    assert "Marked Qvaccused" in body and "This person has not been arrested yet." in body
    assert "Hide from her page" in staff.get(reverse("legal:investigation", args=[case.pk])).content.decode()
    staff.post(url, {"shared": "0"})
    link.refresh_from_db()
    assert not link.shared_with_survivor
    assert "Marked Qvaccused" not in her.get(HOME).content.decode()


def test_share_button_404_for_another_case(client, lead, case, outsider):
    link = _accused(case, "Other Qvaccused")
    client.force_login(outsider.user)
    url = reverse("legal:fir_accused_share", args=[case.pk, link.fir_id, link.pk])
    assert client.post(url, {"shared": "1"}).status_code == 404
    link.refresh_from_db()
    assert not link.shared_with_survivor
