"""The world of the every-URL sweep and the form fuzzing (tests/test_url_sweep.py,
tests/test_form_fuzzing.py). All data synthetic.

Two cases, each furnished with a record of every kind a URL can name (FIR, charge, court case,
hearing, claim, custody order, generated dossier...):

- case A, led by `lead` (caseworker of org_wb), with a lawyer and a survivor leader on its team;
- case B, led by `other_cw` (caseworker of org_mh), nobody from org_wb on it.

Every persona sees one of them and not the other (the coordinator sees both, masked), so each
URL is asked for an object the persona may see and for one she may not.
"""

from types import SimpleNamespace

from django.utils import timezone

from cases import services as case_services
from cases.factories import give_consent
from cases.models import CaseRole, Deadline
from consortium.factories import OrganisationFactory, state
from consortium.models import Organisation, Role
from legal.accused import services as accused_services
from legal.reviews import services as review_services
from survivors.models import ConsentPurpose

# The survivors' identifying values: odd strings found nowhere else, so a page that shows
# one of them shows that survivor.
NAME_A, PHONE_A = "Mitali Quorvash", "98310 55501"
NAME_B, PHONE_B = "Zorvina Kellquist", "98310 66602"
PERSONAS = ["lead", "other_cw", "lawyer", "coordinator", "leader", "org_admin", "anonymous"]


def _member(role, org, first, last):
    from consortium.factories import MembershipFactory, UserFactory

    return MembershipFactory(user=UserFactory(first_name=first, last_name=last), organisation=org, role=role)


def build() -> SimpleNamespace:
    from tests.cases.helpers import open_survivor_case

    org_wb = OrganisationFactory(name="Sweep NGO West Bengal", short_name="SNW", home_state=state("WB"))
    org_mh = OrganisationFactory(name="Sweep NGO Maharashtra", short_name="SNM", home_state=state("MH"))
    secretariat = OrganisationFactory(
        name="Sweep Secretariat", short_name="SSEC", kind=Organisation.Kind.SECRETARIAT, home_state=state("WB")
    )
    collective = OrganisationFactory(
        name="Sweep Collective", short_name="SCO", kind=Organisation.Kind.SURVIVOR_COLLECTIVE, home_state=state("WB")
    )
    network = OrganisationFactory(
        name="Sweep Lawyers", short_name="SLN", kind=Organisation.Kind.LAWYERS_NETWORK, home_state=state("WB")
    )
    receiver = OrganisationFactory(name="Sweep Receiving NGO", short_name="SRN", home_state=state("JH"))
    people = {
        "lead": _member(Role.CASEWORKER, org_wb, "Lakshmi", "Leadworker"),
        "other_cw": _member(Role.CASEWORKER, org_mh, "Mona", "Mumbai"),
        "lawyer": _member(Role.LAWYER, network, "Lata", "Lawyer"),
        "coordinator": _member(Role.COORDINATOR, secretariat, "Chitra", "Coord"),
        "leader": _member(Role.SURVIVOR_LEADER, collective, "Sona", "Leader"),
        "org_admin": _member(Role.ORG_ADMIN, org_wb, "Anima", "Admin"),
        "anonymous": None,
    }
    lawyer_b = _member(Role.LAWYER, network, "Bina", "Barrister")
    extra_wb = _member(Role.CASEWORKER, org_wb, "Esha", "Extra")
    extra_mh = _member(Role.CASEWORKER, org_mh, "Farah", "Further")

    case_a = open_survivor_case(people["lead"], survivor={"full_name": NAME_A, "phone_numbers": [PHONE_A]})
    case_b = open_survivor_case(
        people["other_cw"],
        survivor={"full_name": NAME_B, "other_names": ["Kellu Qx"], "phone_numbers": [PHONE_B]},
    )
    lead, other = people["lead"], people["other_cw"]
    give_consent(case_a, actor=lead.user, purpose=ConsentPurpose.COLLECTIVE_SUPPORT, recipient=collective)
    case_services.team_add(actor=lead.user, case=case_a, membership=people["leader"], role=CaseRole.SURVIVOR_LEADER)
    give_consent(case_a, actor=lead.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=network)
    case_services.team_add(actor=lead.user, case=case_a, membership=people["lawyer"], role=CaseRole.LAWYER)
    give_consent(case_b, actor=other.user, purpose=ConsentPurpose.LEGAL_REPRESENTATION, recipient=network)
    case_services.team_add(actor=other.user, case=case_b, membership=lawyer_b, role=CaseRole.LAWYER)

    shelter = _shelter(state("MH"))
    kwargs_a = furnish(case_a, lead, lawyer=people["lawyer"], extra=extra_wb, receiver=receiver, shelter=shelter)
    kwargs_b = furnish(case_b, other, lawyer=lawyer_b, extra=extra_mh, receiver=receiver, shelter=shelter)
    # A possible duplicate of the two survivors waiting for a coordinator (cases/duplicates.py).
    from cases.models import SurvivorMatch

    SurvivorMatch.objects.create(
        case_a=case_a, case_b=case_b, raised_from=case_b, score=60, matched_on=["phone"], created_by=other.user
    )
    from dashboard.services import export_job_create

    jobs = {
        who: export_job_create(user=people[who].user, membership=people[who], kind="anonymised", fmt="csv", query="").pk
        for who in ("org_admin", "coordinator")
    }
    from api.tokens import token_create

    # A personal API token of each persona's (the token pages; tests/api sweeps the API itself).
    tokens = {
        who: token_create(actor=member.user, user=member.user, name="sweep", scope="read")[0].pk
        for who, member in people.items()
        if member is not None
    }
    from imports.models import ImportJob

    admin_mh = _member(Role.ORG_ADMIN, org_mh, "Manju", "Admin")
    import_jobs = {
        who: ImportJob.objects.create(
            user=member.user,
            organisation=member.organisation,
            file_name="old-cases.xlsx",
            status=ImportJob.Status.DONE,
            report={"rows": 1, "counts": {}, "errors": [], "committed": False, "file_error": ""},
        ).pk
        for who, member in (("org_admin", people["org_admin"]), ("admin_mh", admin_mh))
    }
    from cases.models import GeneratedDocument

    dossier = GeneratedDocument.objects.filter(case=case_a).first()
    return SimpleNamespace(
        dossier_built=dossier.downloadable,
        people=people,
        jobs=jobs,
        tokens=tokens,
        import_jobs=import_jobs,
        case_a=case_a,
        case_b=case_b,
        kwargs={case_a.pk: kwargs_a, case_b.pk: kwargs_b},
        orgs=SimpleNamespace(wb=org_wb, mh=org_mh, secretariat=secretariat, receiver=receiver, network=network),
        extra_wb=extra_wb,
        extra_mh=extra_mh,
        shelter=shelter,
    )


def _shelter(st):
    from care.models import ShelterHome
    from consortium.factories import UserFactory

    return ShelterHome.objects.create(
        name="Sweep Shakti Sadan", kind=ShelterHome.Kind.SHAKTI_SADAN, state=st, created_by=UserFactory()
    )


def furnish(case, lead, *, lawyer, extra, receiver, shelter) -> dict:
    """A record of every kind on `case`; the URL kwargs (beyond case_id) that name them, by URL name."""
    return {**_case_records(case, lead, extra), **_legal(case, lead), **_court(case, lead, lawyer)} | {
        **_compensation(case, lead),
        **_care(case, lead, receiver, shelter),
        **_referrals(case, lead, lawyer, receiver),
        **_privacy(case, lead),
        **_her_requests(case, lead),
    }


def _case_records(case, lead, extra):
    from cases.selectors import case_get_visible
    from pdfs import services as pdf_services
    from tests.cases.helpers import upload_document

    removable = case_services.team_add(actor=lead.user, case=case, membership=extra, role=CaseRole.CASEWORKER)
    statistics = give_consent(case, actor=lead.user, purpose=ConsentPurpose.STATISTICS)
    document = upload_document(case, lead.user)
    deadline = Deadline.objects.filter(case=case).open().first()
    task = case_services.task_add(actor=lead.user, case=case, title="Call the IO", assignee=lead.user)
    generated = pdf_services.generated_document_request(
        actor=lead.user, case=case_get_visible(lead.user, case.pk), kind="dossier"
    )
    pdf_services.generated_document_build(document_id=generated.pk)
    token = {"token": generated.token}
    return {
        "case_team_remove": {"assignment_id": removable.pk},
        "case_consent_withdraw": {"consent_id": statistics.pk},
        "case_document_download": {"document_id": document.pk},
        "case_deadline_close": {"deadline_id": deadline.pk},
        "case_deadline_answer": {"deadline_id": deadline.pk},
        "case_task_done": {"task_id": task.pk},
        "generated_document": token,
        "generated_retry": token,
        "generated_download": token,
    }


def _legal(case, lead):
    from legal.investigation import services
    from legal.models import FailurePoint
    from tests.legal.helpers import IO_PHONE, accused_data, add_charge, days, make_fir

    actor = lead.user
    fir = make_fir(case, actor, stage="fir_registered")
    fir = services.fir_update(actor=actor, fir=fir, expected_version=fir.version, **{"io_phone": IO_PHONE})
    charge = add_charge(fir, actor)
    other_fir = make_fir(case, actor, stage="reported", state_code="WB", chain_role="source")
    services.chain_link(actor=actor, fir=fir, other=other_fir)
    tag = services.failure_tag_add(actor=actor, fir=fir, failure_point=FailurePoint.objects.get(code="wrong_sections"))
    link = accused_services.accused_record(actor=actor, case=case, **accused_data(), role="recruiter")
    fir_link = services.fir_accused_add(actor=actor, fir=fir, accused=link.accused)
    exam = services.medical_exam_record(actor=actor, case=case, **{"examined_on": days(-3)})
    request = services.police_request_create(
        actor=actor,
        case=case,
        **{
            "subject": "age_proof",
            "from_police_station": "Pimpri PS",
            "to_state": state("WB"),
            "to_police_station": "Howrah PS",
            "sent_on": days(-10),
            "due_on": days(5),
        },
    )
    action = services.advocacy_create(
        actor=actor,
        case=case,
        **{"kind": "add_sections", "filed_with": "JMFC Pimpri", "filed_on": days(-5), "outcome": "pending"},
    )
    f = {"fir_id": fir.pk}
    return {
        "fir_edit": f,
        "fir_move": {**f, "transition": "start_investigation"},
        "fir_charges": f,
        "fir_charge_drop": {**f, "charge_id": charge.pk},
        "fir_ahtu": f,
        "fir_survivor_informed": f,
        "fir_chain": f,
        "fir_chain_unlink": {"fir_id": other_fir.pk},
        "fir_tags": f,
        "fir_tag_remove": {**f, "tag_id": tag.pk},
        "fir_accused_add": f,
        "fir_accused_edit": {**f, "link_id": fir_link.pk},
        "fir_accused_share": {**f, "link_id": fir_link.pk},
        "statement_new": f,
        "accused_edit": {"accused_id": link.accused_id},
        "medical_report": {"exam_id": exam.pk},
        "request_update": {"request_id": request.pk},
        "advocacy_outcome": {"action_id": action.pk},
        "_section_id": charge.section_id,
    }


def _court(case, lead, lawyer):
    from legal.court import services as court_services
    from legal.models import JudgmentOutcome
    from tests.legal.court_helpers import charge, file_appeal, make_court_case, record_judgment
    from tests.legal.helpers import days

    actor = lead.user
    decided = make_court_case(case, actor, stage="judgment_reserved")
    record_judgment(decided, actor)
    decided.refresh_from_db()
    appeal = file_appeal(decided, actor)
    outcome = JudgmentOutcome.objects.filter(judgment__court_case=decided).first()
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
    t, d = {"court_case_id": trial.pk}, {"court_case_id": decided.pk}
    return {
        "court_case_edit": t,
        "court_case_move": {**t, "transition": "stay"},
        "court_case_ecourts": t,
        "court_charges": t,
        "court_charge_drop": {**t, "charge_id": court_charge.pk},
        "hearing_new": t,
        "hearing_add": t,
        "hearing_record": {**t, "hearing_id": scheduled.pk},
        "bail_new": t,
        "bail_update": {**t, "application_id": bail.pk},
        "judgment_new": t,
        "sentence_record": {**d, "outcome_id": outcome.pk},
        "appeal_new": d,
        "appeal_update": {**d, "appeal_id": appeal.pk},
        "protection_update": {"protection_id": protection.pk},
        "review_detail": {"review_id": review.pk},
    }


def _compensation(case, lead):
    from tests.compensation.helpers import MATURITY_DAYS, days, pay
    from tests.compensation.steps import claim_at

    claim = claim_at(case, lead, "payment_pending")
    pay(claim, lead, "375000", mode="fixed_deposit", bank_name="Zyxwv Bank", fd_maturity_on=days(MATURITY_DAYS))
    c = {"claim_id": claim.pk}
    return {
        "claim_detail": c,
        "claim_edit": c,
        "claim_document_link": c,
        "claim_transition": {**c, "transition": "file_writ"},
        "claim_payment_new": c,
        "_scheme_id": claim.scheme_id,
    }


def _care(case, lead, receiver, shelter):
    from care import services
    from care.models import CustodyOrder, GoalStatus, RehabilitationGoal
    from tests.care.conftest import day, record_order, record_rescue

    record_rescue(case, lead, days_ago=30)
    order = record_order(case, lead, CustodyOrder.Kind.MAGISTRATE_CUSTODY, days_ago=29)
    stay = services.shelter_stay_record(actor=lead.user, case=case, shelter=shelter, admitted_on=day(29))
    give_consent(case, actor=lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=receiver)
    repatriation = services.repatriation_request(
        actor=lead.user, case=case, receiving_organisation=receiver, from_state=state("MH"), to_state=state("JH")
    )
    goal = services.goal_save(
        actor=lead.user,
        case=case,
        goal=RehabilitationGoal(
            area="education", description="Class 10", status=GoalStatus.PLANNED, responsible_organisation=receiver
        ),
    )
    return {
        "care_order_edit": {"order_id": order.pk},
        "care_stay_end": {"stay_id": stay.pk},
        "care_repatriation_move": {"repatriation_id": repatriation.pk, "transition": "cancel"},
        "care_goal_edit": {"goal_id": goal.pk},
        "_repatriation_id": repatriation.pk,
    }


def _referrals(case, lead, lawyer, receiver):
    """A legal-aid referral to the lawyers' network, accepted by the case's lawyer (on the team already),
    and a shelter referral sent to the receiving NGO, of which no persona is a member."""
    import datetime

    from referrals import services
    from referrals.models import Service

    respond_by = today() + datetime.timedelta(days=7)
    legal = services.referral_send(
        actor=lead.user,
        case=case,
        service=Service.LEGAL_AID,
        receiving_organisation=lawyer.organisation,
        respond_by=respond_by,
    )
    legal = services.referral_accept(actor=lawyer.user, referral=legal, expected_version=legal.version)
    waiting = services.referral_send(
        actor=lead.user, case=case, service=Service.SHELTER, receiving_organisation=receiver, respond_by=respond_by
    )
    r = {"referral_id": legal.pk}
    return {
        "referral_withdraw": r,
        "referral_acknowledge": r,
        "referral_close": r,
        "_referral_waiting_id": waiting.pk,
    }


def _privacy(case, lead):
    from django.apps import apps

    if not apps.is_installed("privacy"):
        return {}
    from privacy import services
    from privacy.models import ErasureRequest

    request = services.erasure_request_record(
        actor=lead.user, case=case, requested_on=timezone.localdate(), how=ErasureRequest.How.values[0]
    )
    hold = services.legal_hold_place(actor=lead.user, case=case, reason="Trial pending: Sessions Case 12/2026")
    return {
        "privacy_erasure_approve": {"request_id": request.pk},
        "privacy_erasure_decline": {"request_id": request.pk},
        "privacy_hold_lift": {"hold_id": hold.pk},
    }


def _her_requests(case, lead):
    """Her account (her self-access consent) and a call back she asked for from her page."""
    from django.apps import apps

    if not apps.is_installed("selfaccess"):
        return {}
    from cases.services import consent_record
    from selfaccess import services
    from selfaccess.models import SurvivorAccount
    from selfaccess.requests import request_send
    from survivors.models import Consent

    account = SurvivorAccount.objects.filter(case=case).first()
    if account is None:
        consent_record(
            actor=lead.user,
            case=case,
            purpose=ConsentPurpose.SELF_ACCESS,
            method=Consent.Method.WRITTEN,
            given_on=timezone.localdate(),
        )
        account, _code = services.account_open(actor=lead.user, case=case)
    request = request_send(account=account, kind="call_back")
    return {"her_request_answer": {"request_id": request.pk}, "_her_request_id": request.pk}


def today():
    return timezone.localdate()
