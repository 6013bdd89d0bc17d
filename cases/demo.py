"""Demo cases for `seed_demo`: about 60 synthetic cases with teams, consent, notes and documents.

Deterministic (fixed seed) and idempotent: if the demo cases exist, nothing is done.
Everything goes through the real services, so the demo shows what users would
have produced; only timestamps are moved into the past afterwards so timelines
look lived-in.
"""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from faker import Faker

from consortium.models import District, Membership, Organisation, Role, State
from survivors.models import Consent, ConsentPurpose, Language, UpdateChannel
from survivors.services import SurvivorDetails

from . import services
from .codes import NEW_CODES_FROM
from .models import Case, CaseAssignment, CaseEvent, CaseNote, CaseRole, ExploitationForm, RecruitmentMeans
from .reference import load_case_reference_data

SEED = 4242
CASE_COUNT = 60
MARKER_PSEUDONYM = "S-DEMO01"

# lead organisation short name -> (named lead login, source state, likely destinations)
LEADS = [
    ("SSF", "cw_wb", "WB", ["MH", "DL", "KA"]),
    ("JGVM", "cw_jh", "JH", ["DL", "MH"]),
    ("OMAS", None, "OD", ["KA", "MH"]),
    ("MMT", "cw_mh", "WB", ["MH"]),
    ("DAS", "cw_dl", "JH", ["DL"]),
]
DESTINATION_ORG = {"MH": "MMT", "DL": "DAS", "KA": "KNSK"}
# Where the demo survivors come from and where they were exploited: districts the field reports
# as source districts and destination hubs. legal.investigation.demo names real police stations of each.
SOURCE_DISTRICTS = {
    "WB": ["South 24 Parganas", "North 24 Parganas", "Murshidabad", "Nadia", "Malda"],
    "JH": ["Gumla", "Simdega", "Khunti", "Lohardaga"],
    "OD": ["Koraput", "Rayagada", "Balangir", "Nuapada"],
}
DESTINATION_DISTRICTS = {
    "MH": ["Mumbai City", "Mumbai Suburban", "Thane", "Pune"],
    "DL": ["Central Delhi", "New Delhi", "South Delhi"],
    "KA": ["Bengaluru Urban", "Mysuru"],
}
# Synthetic village names (a survivor's home address stays synthetic); the district and state
# recorded with it are hers.
VILLAGE_STEMS = ["Kali", "Sona", "Hari", "Madhab", "Nutan", "Rangi", "Chandi", "Bhola", "Shanti", "Laxmi"]
VILLAGE_ENDINGS = {
    "WB": ["danga", "pur", "tala", "para"],
    "JH": ["toli", "tand", "dih"],
    "OD": ["pada", "guda", "pali"],
}
# Two cases on fixed dates, so the demo always holds both kinds whatever day it is seeded:
# index -> (trafficked on, rescued on).
FIXED_DATES = {
    # CrPC era: offence, rescue and FIR before 1 July 2024 (IPC charges, CrPC investigation and
    # trial; the BNSS-only time limits do not apply, BNSS s.531(2)(a)).
    2: (datetime.date(2022, 11, 14), datetime.date(2023, 4, 18)),
    # Transitional: offence before 1 July 2024, rescue and FIR after (IPC charges, BNSS procedure).
    3: (datetime.date(2024, 3, 11), datetime.date(2024, 7, 15)),
}
# Under the CrPC the districts of a metropolitan area had Metropolitan Magistrates (CrPC ss.8, 16);
# the BNSS has none (its classes of criminal courts, BNSS s.6: Sessions, Judicial Magistrates of the
# first and second class, Executive Magistrates), so a proceeding begun from 1 July 2024 goes before
# a Judicial Magistrate of the First Class.
METROPOLITAN_DISTRICTS = {"Kolkata", "Mumbai City", "Mumbai Suburban", "Bengaluru Urban"}


def magistrate_office(state_code: str, district_name: str, on: datetime.date | None = None) -> str:
    metropolitan = state_code == "DL" or district_name in METROPOLITAN_DISTRICTS
    if metropolitan and on is not None and on < NEW_CODES_FROM:
        return "Metropolitan Magistrate"
    return "Judicial Magistrate First Class"


HOME_LANGUAGE = {"WB": Language.BENGALI, "JH": Language.HINDI, "OD": Language.ODIA}
FORMS_WEIGHTED = [
    ("sexual_exploitation", 6),
    ("forced_labour", 2),
    ("domestic_servitude", 3),
    ("bonded_labour", 1),
    ("forced_marriage", 2),
    ("child_labour", 1),
]
OFFERS = ["a job in a garment unit", "domestic work", "marriage", "a job in a beauty parlour"]
NOTES = [
    "Spoke with her by phone; she is safe at home and wants to continue with the case.",
    "Home visit done. Family supportive. Discussed the next steps of the complaint.",
    "Accompanied her to the hospital for the medical follow-up.",
    "She asked for help to get a new ration card; forwarded to the livelihood team.",
    "Counselling session held. She is sleeping better and attending the tailoring course.",
    "Police called for her statement; we will arrange transport and an escort.",
    "Called the investigating officer for an update; no answer yet, will follow up next week.",
]
LAWYER_NOTES = [
    "Review: FIR omits the trafficker's phone number and the place of confinement. Apply to add them.",
    "Sections charged do not include BNS 143; draft an application to add the trafficking section.",
]


def demo_pdf_bytes(title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.drawString(72, 780, "SYNTHETIC DEMO DOCUMENT - not a real record")
    pdf.drawString(72, 760, title)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _district(state_code: str, name: str) -> District:
    return District.objects.get(state__code=state_code, name=name)


def _member(username: str) -> Membership | None:
    return Membership.objects.active().filter(user__username=username).select_related("organisation").first()


@transaction.atomic
def seed_cases() -> int:
    load_case_reference_data(ExploitationForm, RecruitmentMeans)
    if Case.objects.filter(survivor__pseudonym=MARKER_PSEUDONYM).exists():
        return 0
    rng = random.Random(SEED)
    fake = Faker("en_IN")
    fake.seed_instance(SEED)
    today = timezone.localdate()
    forms = {f.code: f for f in ExploitationForm.objects.all()}
    means = list(RecruitmentMeans.objects.all())
    orgs = {o.short_name: o for o in Organisation.objects.all()}
    nln_lawyers = {u: _member(u) for u in ("lawyer_wb", "lawyer_mh")}
    leader = _member("leader_wb")
    coordinator = _member("coordinator")
    created = 0

    for index in range(CASE_COUNT):
        short, named_lead, source, destinations = LEADS[index % len(LEADS)]
        organisation = orgs[short]
        colleagues = list(
            Membership.objects.active()
            .filter(organisation=organisation, role=Role.CASEWORKER)
            .select_related("user")
            .order_by("user__username")
        )
        lead = _member(named_lead) if named_lead and rng.random() < 0.7 else rng.choice(colleagues)
        destination = rng.choice(destinations)
        minor = index == 1 or rng.random() < 0.4
        trafficked_on = today - datetime.timedelta(days=rng.randint(60, 2200))
        left_home_on = trafficked_on - datetime.timedelta(days=rng.randint(0, 10))
        rescued_on = trafficked_on + datetime.timedelta(days=rng.randint(20, 400))
        if rescued_on >= today:
            rescued_on = today - datetime.timedelta(days=rng.randint(5, 30))
        if index in FIXED_DATES:
            trafficked_on, rescued_on = FIXED_DATES[index]
            left_home_on = trafficked_on - datetime.timedelta(days=2)
        age_at_offence = rng.randint(13, 17) if minor else rng.randint(18, 32)
        age_now = age_at_offence + (today - trafficked_on).days // 365
        first, last = fake.first_name_female(), fake.last_name()
        survivor_data = {
            "pseudonym": MARKER_PSEUDONYM if index == 0 else f"S-D{index:03d}{rng.choice('ABCDEFGHJK')}",
            "full_name": f"{first} {last}",
            "other_names": [f"{first[:3]}i"] if rng.random() < 0.3 else [],
            "estimated_age": age_now,
            "age_recorded_on": today,
            "age_basis": rng.choice(["document", "medical", "self_reported", "cwc"]),
            "languages_spoken": sorted({HOME_LANGUAGE.get(source, Language.HINDI), Language.HINDI}),
            "preferred_language": HOME_LANGUAGE.get(source, Language.HINDI),
            "preferred_channel": rng.choice(list(UpdateChannel.values)),
            "phone_numbers": [f"9{rng.randint(100000000, 999999999)}"],
            "origin_state": State.objects.get(code=source),
            "origin_district": _district(source, rng.choice(SOURCE_DISTRICTS[source])),
            "origin_village": f"{rng.choice(VILLAGE_STEMS)}{rng.choice(VILLAGE_ENDINGS[source])}",
            "family_contact": f"{fake.first_name()} ({rng.choice(['mother', 'father', 'brother', 'aunt'])}), "
            f"9{rng.randint(100000000, 999999999)}",
            "guardian_name": f"{fake.first_name_female()} {last}" if age_now < 18 else "",
            "guardian_relation": "mother" if age_now < 18 else "",
            "identity_papers": rng.sample(["aadhaar", "ration_card", "voter_id", "birth_certificate"], k=2),
        }
        form_codes = {rng.choices([c for c, _ in FORMS_WEIGHTED], [w for _, w in FORMS_WEIGHTED])[0]}
        if minor and rng.random() < 0.5:
            form_codes.add("child_labour" if "forced_labour" in form_codes else "sexual_exploitation")
        # The rescue is recorded at intake, as the care record's rescue (its deadlines open at once):
        # the case's "rescued on" is its copy. Drawn in the order the demo always drew these values,
        # the hour and agency from a generator of their own, so the rest of the demo stays as it was.
        district = _district(destination, rng.choice(DESTINATION_DISTRICTS[destination]))
        place = f"{fake.street_name()} area"
        rescue_data = _rescue_at_intake(
            random.Random(SEED * 1000 + index),
            rescued_on=rescued_on,
            escaped=rng.random() < 0.15,
            state=State.objects.get(code=destination),
            district=district,
            place=place,
        )
        case = services.case_open(
            actor_membership=lead,
            survivor=SurvivorDetails(**survivor_data),
            source_state=State.objects.get(code=source),
            source_district=survivor_data["origin_district"],
            destination_state=State.objects.get(code=destination),
            destination_district=rescue_data["district"],
            destination_place=rescue_data["place"],
            left_home_on=left_home_on,
            trafficked_on=trafficked_on,
            narrative=(
                "Synthetic narrative. She was approached in her village with the offer of "
                f"{rng.choice(OFFERS)}, "
                f"taken by train to {State.objects.get(code=destination).name} and confined. "
                "She was rescued after a complaint by a relative."
            ),
            risk_level=rng.choices(["low", "medium", "high", "critical"], [3, 5, 2, 1])[0],
            exploitation_forms=[forms[c] for c in form_codes],
            recruitment_means=rng.sample(means, k=rng.randint(1, 2)),
            lead_caseworker=lead.user,
            intake={"rescue": rescue_data},
        )
        actor = lead.user
        opened_at = timezone.make_aware(datetime.datetime.combine(rescued_on, datetime.time(11, 0)))
        _consent(case, actor, ConsentPurpose.CASE_MANAGEMENT, None, minor_now=age_now < 18, given_on=rescued_on)

        # A second caseworker of the lead organisation on some cases.
        others = [m for m in colleagues if m.user_id != lead.user_id]
        if others and rng.random() < 0.5:
            services.team_add(actor=actor, case=case, membership=rng.choice(others), role=CaseRole.CASEWORKER)

        # Source-led cases shared with the destination-state NGO (interstate chain).
        destination_org = orgs.get(DESTINATION_ORG[destination])
        if destination_org and destination_org != organisation and (index in (0, 5) or rng.random() < 0.35):
            consent = _consent(
                case,
                actor,
                ConsentPurpose.SHARE_WITH_ORGANISATION,
                destination_org,
                minor_now=age_now < 18,
                given_on=rescued_on,
            )
            partner = (
                Membership.objects.active()
                .filter(organisation=destination_org, role=Role.CASEWORKER)
                .order_by("user__username")
                .first()
            )
            if partner:
                services.team_add(actor=actor, case=case, membership=partner, role=CaseRole.CASEWORKER)
            if index % 11 == 7:  # she later withdrew it: the partner's access ended
                services.consent_withdraw(
                    actor=actor,
                    case=case,
                    consent=consent,
                    note="She asked that the Mumbai office stop receiving updates.",
                )

        # Legal representation by the lawyers' network.
        if rng.random() < 0.5 or index in (0, 5):
            lawyer = nln_lawyers["lawyer_wb" if source == "WB" or index % 2 else "lawyer_mh"]
            _consent(
                case,
                actor,
                ConsentPurpose.LEGAL_REPRESENTATION,
                orgs["NLN"],
                minor_now=age_now < 18,
                given_on=rescued_on,
            )
            services.team_add(actor=actor, case=case, membership=lawyer, role=CaseRole.LAWYER)
            services.note_add(
                actor=lawyer.user, case=case, body=rng.choice(LAWYER_NOTES), visibility=CaseNote.Visibility.LAWYERS
            )

        # Survivor-collective support in West Bengal.
        if source == "WB" and short == "SSF" and rng.random() < 0.5:
            expired = index % 4 == 2
            _consent(
                case,
                actor,
                ConsentPurpose.COLLECTIVE_SUPPORT,
                orgs["Utthan"],
                minor_now=age_now < 18,
                given_on=today - datetime.timedelta(days=400 if expired else 30),
                expires_on=today - datetime.timedelta(days=35) if expired else today + datetime.timedelta(days=335),
            )
            if not expired and leader:
                services.team_add(actor=actor, case=case, membership=leader, role=CaseRole.SURVIVOR_LEADER)

        if index == 5 and coordinator:  # one case where the coordinator is on the team (identity visible)
            _consent(
                case,
                actor,
                ConsentPurpose.SHARE_WITH_ORGANISATION,
                orgs["Secretariat"],
                minor_now=age_now < 18,
                given_on=rescued_on,
            )
            services.team_add(actor=actor, case=case, membership=coordinator, role=CaseRole.COORDINATOR)

        for body in rng.sample(NOTES, k=rng.randint(1, 3)):
            services.note_add(actor=actor, case=case, body=body, visibility=CaseNote.Visibility.TEAM)

        if index % 3 == 0:
            for doc_type, title in rng.sample(
                [
                    ("fir_copy", "FIR copy"),
                    ("medical_report", "Medical examination report"),
                    ("age_proof", "School certificate"),
                ],
                k=rng.randint(1, 2),
            ):
                services.document_upload(
                    actor=actor,
                    case=case,
                    doc_type=doc_type,
                    title=title,
                    uploaded=SimpleUploadedFile(
                        f"{doc_type}.pdf", demo_pdf_bytes(title), content_type="application/pdf"
                    ),
                )

        if index % 13 == 4:
            case.refresh_from_db()
            services.case_close(
                actor=actor,
                case=case,
                expected_version=case.version,
                reason=rng.choice(["justice_complete", "lost_contact", "survivor_withdrew"]),
                closed_on=today - datetime.timedelta(days=rng.randint(1, 50)),
            )

        backdate_case(case, opened_at, today)
        created += 1
    _seed_paper_deadline()
    return created


def _consent(case, actor, purpose, recipient, *, minor_now, given_on, expires_on=None):
    return services.consent_record(
        actor=actor,
        case=case,
        purpose=purpose,
        recipient_organisation=recipient,
        given_by=Consent.GivenBy.GUARDIAN if minor_now else Consent.GivenBy.SURVIVOR,
        guardian_name="Guardian (see survivor record)" if minor_now else "",
        method=Consent.Method.THUMBPRINT if purpose == ConsentPurpose.CASE_MANAGEMENT else Consent.Method.WRITTEN,
        given_on=given_on,
        expires_on=expires_on,
    )


SETUP_KINDS = {CaseEvent.Kind.CASE_OPENED, CaseEvent.Kind.TEAM_ADDED, CaseEvent.Kind.CONSENT_GIVEN}


def _rescue_at_intake(rng: random.Random, *, rescued_on, escaped, state, district, place) -> dict:
    """The rescue as intake records it (cases.services.case_open): where she was exploited, by whom,
    and the hour where the paper file gives one (some say only the day: "time not recorded").
    The agencies are care.models.Rescue.Agency's values (care sits above cases; the intake
    section refuses one it does not know)."""
    hour = None if rng.random() < 0.2 else datetime.time(rng.randint(6, 21), rng.choice([0, 15, 30, 45]))
    agency = "self" if escaped else rng.choice(["ahtu", "police", "ngo_with_police", "railway_police"])
    return {
        "rescued_on": rescued_on,
        "rescued_time": hour,
        "state": state,
        "district": district,
        "place": place,
        "agency": agency,
        "agency_detail": "" if escaped else "Demo unit (synthetic)",
    }


def backdate_case(case: Case, opened_at, today) -> None:
    """Move this case's events into the past (demo only): set-up on the first days,
    the rest spread between then and today, in the order they were recorded."""
    end = timezone.make_aware(datetime.datetime.combine(today, datetime.time(10)))
    events = list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("pk", "kind", "note_id"))
    later = [e for e in events if e[1] not in SETUP_KINDS]
    span = max((end - opened_at).total_seconds(), 3600)
    Case.objects.filter(pk=case.pk).update(opened_at=opened_at)
    CaseAssignment.objects.filter(case=case).update(started_at=opened_at)
    setup_step = later_step = 0
    for pk, kind, note_id in events:
        if kind in SETUP_KINDS:
            when = opened_at + datetime.timedelta(hours=3 * setup_step)
            setup_step += 1
        else:
            later_step += 1
            when = opened_at + datetime.timedelta(seconds=span * later_step / (len(later) + 1))
        CaseEvent.objects.filter(pk=pk).backdate_for_demo(occurred_at=when)
        if note_id:
            CaseNote.objects.filter(pk=note_id).backdate_for_demo(created_at=when)


def _seed_paper_deadline() -> None:
    """A fact entered from the paper file after its deadline had passed: on a case cw_wb leads,
    the FIR registered the day after her rescue, long ago. Its 90-day progress report (BNSS
    193(3)(ii)) asks "was it met?" on the Deadlines tab and in cw_wb's My work, and is on no
    overdue list."""
    from .deadlines import PAPER_GRACE_DAYS, deadline_answer_from_paper, deadline_start

    today = timezone.localdate()
    latest = today - datetime.timedelta(days=91 + PAPER_GRACE_DAYS + 30)
    assignment = (
        CaseAssignment.objects.filter(
            user__username="cw_wb",
            role=CaseRole.LEAD_CASEWORKER,
            ended_at__isnull=True,
            case__status=Case.Status.OPEN,
            case__rescued_on__lt=latest,
        )
        .select_related("case", "user")
        .order_by("case_id")[:2]
    )
    if not assignment:
        return
    for n, lead in enumerate(assignment):
        case = lead.case
        started = deadline_start(
            case=case,
            rule_code="victim_informed_of_progress",
            trigger_at=case.rescued_on + datetime.timedelta(days=1),
            subject="demo:paper-fir",
            actor=lead.user,
            title="Police inform her how the investigation stands (FIR from the paper file)",
            trigger_label="FIR registered (from the paper file)",
        )
        if n == 1 and started is not None:
            # The second paper file says she was never told: answered "missed", a failure the
            # dashboard's deadline table counts (never an overdue alarm).
            deadline_answer_from_paper(
                actor=lead.user,
                case=case,
                deadline=started,
                met=False,
                expected_version=started.version,
                note="The file has no letter from the police to her.",
            )
