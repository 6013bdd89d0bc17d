"""Demo investigations for `seed_demo`: FIRs in every stage, chains across states, accused
persons (one of them on three cases in two states), arrests and bail, statements, medical
examinations, interstate requests, advocacy actions and failure tags.

Deterministic (fixed seed) and idempotent (nothing is done if the marker case already has
a FIR). Everything goes through legal.services, as a caseworker would have done it.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from cases.demo import MARKER_PSEUDONYM
from cases.models import Case, CaseAssignment, CaseRole
from consortium.models import District, Membership, Organisation, User

from . import services
from .models import FIR, Act, CaseAccused, FailurePoint, Section, Stage
from .reference import load_legal_reference_data

SEED = 5005

# Each stage reached from a new complaint by these transitions.
PATHS = {
    Stage.REPORTED: [],
    Stage.RESCUED: ["record_rescue"],
    Stage.FIR_REGISTERED: ["register_fir"],
    Stage.ZERO_FIR: ["register_zero_fir"],
    Stage.TRANSFERRED: ["register_zero_fir", "transfer"],
    Stage.UNDER_INVESTIGATION: ["register_fir", "start_investigation"],
    Stage.CHARGESHEET_FILED: ["register_fir", "start_investigation", "file_chargesheet"],
    Stage.CLOSURE_REPORT_FILED: ["register_fir", "start_investigation", "file_closure_report"],
    Stage.PROTEST_PETITION: ["register_fir", "start_investigation", "file_closure_report", "file_protest_petition"],
    Stage.FURTHER_INVESTIGATION: [
        "register_fir",
        "start_investigation",
        "file_closure_report",
        "file_protest_petition",
        "order_further_investigation",
    ],
}
STATIONS = {
    "WB": ["Howrah PS", "Canning PS", "Diamond Harbour PS", "Basirhat PS", "Sonarpur PS"],
    "JH": ["Gumla PS", "Simdega PS", "Khunti PS", "Lohardaga PS"],
    "OD": ["Koraput PS", "Rayagada PS", "Bolangir PS"],
    "MH": ["Pimpri PS", "Kamathipura PS", "Bhiwandi PS", "Vashi PS", "Thane Nagar PS"],
    "DL": ["GB Road PS", "Shakurpur PS", "Kamla Market PS"],
    "KA": ["Whitefield PS", "Peenya PS", "Hebbal PS"],
}
RANKS = ["Sub-Inspector", "Inspector", "Assistant Sub-Inspector"]
# Obviously fictional people: "Demo" in every name.
FIRST_NAMES = ["Raju", "Salma", "Kishore", "Prakash", "Meena", "Anwar", "Lalita", "Gopal", "Rekha", "Imran"]
DEMO_SURNAMES = ["Demowala", "Demobibi", "Demokar", "Demorao", "Demodevi", "Demokhan"]
ROLES = ["recruiter", "brothel_keeper", "transporter", "placement_agent", "employer", "buyer"]


def _accused_spec(index: int) -> dict:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = DEMO_SURNAMES[index % len(DEMO_SURNAMES)]
    return {
        "names": [f"{first} {last}"],
        "aliases": [f"{first[:3]}u Demo"] if index % 2 else [],
        "phones": [f"90000 2{index:04d}"],
    }


CHAIN_ACCUSED = ("Bablu Demosheth", ["Seth Demo", "B. Demosheth"], ["+91 90000 77777"], "recruiter")


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _lead(case: Case) -> User:
    return CaseAssignment.objects.active().get(case=case, role=CaseRole.LEAD_CASEWORKER).user


def _transition_data(name: str, fir: FIR, rng: random.Random, fir_day: int) -> dict:
    destination = fir.case.destination_state if fir.chain_role == "source" else fir.case.source_state
    other_state = destination or fir.state
    return {
        "record_rescue": {"rescued_on": _days(fir_day - 1)},
        "register_fir": {
            "fir_number": f"{rng.randint(20, 480)}/{_days(fir_day).year}",
            "fir_date": _days(fir_day),
            "police_station": fir.police_station,
        },
        "register_zero_fir": {
            "fir_number": f"{rng.randint(1, 40)}/{_days(fir_day).year}",
            "fir_date": _days(fir_day),
            "police_station": fir.police_station,
        },
        "transfer": {
            "transferred_to_state": other_state,
            "transferred_to_station": rng.choice(STATIONS.get(other_state.code, ["Central PS"])),
            "transferred_on": _days(fir_day + 4),
        },
        "start_investigation": {
            "investigation_started_on": _days(fir_day + 6),
            "io_name": f"Officer Demo {rng.choice('ABCDEFGH')}. {rng.choice(['Patil', 'Mondal', 'Singh', 'Rao'])}",
            "io_rank": rng.choice(RANKS),
            "io_phone": f"94000 {rng.randint(10000, 99999)}",
        },
        "file_chargesheet": {"chargesheet_on": _days(fir_day + 70), "chargesheet_number": f"CS-{rng.randint(1, 99)}"},
        "file_closure_report": {"closure_report_on": _days(fir_day + 80)},
        "file_protest_petition": {"protest_petition_on": _days(fir_day + 95)},
        "order_further_investigation": {"further_investigation_on": _days(fir_day + 120)},
    }[name]


def _charges(fir: FIR, actor, case: Case) -> None:
    new = fir.uses_new_codes
    wanted = [("bns", "143") if new else ("ipc", "370")]
    forms = set(case.exploitation_forms.values_list("code", flat=True))
    if "sexual_exploitation" in forms:
        wanted.append(("itpa", "5"))
    if case.survivor.minor_at_offence and "sexual_exploitation" in forms:
        wanted.append(("pocso", "4"))
    if "bonded_labour" in forms or "forced_labour" in forms:
        wanted.append(("blsa", "16"))
    if "child_labour" in forms:
        wanted.append(("jja", "79"))
    acts = {a.code: a for a in Act.objects.all()}
    for act, number in wanted:
        services.charge_add(actor=actor, fir=fir, act=acts[act], number=number)


def _make_fir(case, actor, rng, *, stage, state, role, fir_day, station=None, with_charges=True) -> FIR:
    district = District.objects.filter(state=state).order_by("name")
    fir = services.fir_create(
        actor=actor,
        case=case,
        data={
            "state": state,
            "district": rng.choice(list(district)) if district.exists() else None,
            "police_station": station or rng.choice(STATIONS.get(state.code, ["Central PS"])),
            "chain_role": role,
            "reported_on": _days(fir_day - 2),
        },
    )
    for name in PATHS[stage]:
        if name == "start_investigation" and with_charges:
            _charges(fir, actor, case)
        fir = services.fir_transition(
            actor=actor,
            fir=fir,
            transition=name,
            expected_version=fir.version,
            data=_transition_data(name, fir, rng, fir_day),
            note="Synthetic demo step.",
        )
    return fir


def _arrest(fir, link, actor, rng, fir_day, *, bail=None):
    data = {"arrested_on": _days(fir_day + rng.randint(1, 8)), "custody": "judicial"}
    if bail == "granted":
        data |= {
            "bail_status": "granted",
            "bail_applied_on": _days(fir_day + 20),
            "bail_granted_on": _days(fir_day + 35),
        }
        data["custody"] = ""
    elif bail == "rejected":
        data |= {
            "bail_status": "rejected",
            "bail_applied_on": _days(fir_day + 15),
            "bail_rejected_on": _days(fir_day + 25),
        }
    link.refresh_from_db()
    return services.fir_accused_update(actor=actor, link=link, expected_version=link.version, data=data)


def _tag(fir, actor, code, note=""):
    point = FailurePoint.objects.get(code=code)
    services.failure_tag_add(actor=actor, fir=fir, failure_point=point, note=note)


@transaction.atomic
def seed_legal() -> int:
    """Returns how many FIRs were created (0 when the demo investigations already exist)."""
    load_legal_reference_data(Act, Section, FailurePoint)
    marker = Case.objects.filter(survivor__pseudonym=MARKER_PSEUDONYM).first()
    if marker is None or FIR.objects.filter(case=marker).exists():
        return 0
    rng = random.Random(SEED)
    cases = list(
        Case.objects.filter(status=Case.Status.OPEN)
        .select_related("source_state", "destination_state", "survivor", "lead_organisation")
        .order_by("pk")
    )
    shared, single = [], []
    for case in cases:
        orgs = set(
            CaseAssignment.objects.active()
            .filter(case=case, role__in=[CaseRole.LEAD_CASEWORKER, CaseRole.CASEWORKER])
            .values_list("organisation_id", flat=True)
        )
        (shared if len(orgs) > 1 else single).append(case)

    created = 0
    chains = []
    # Chains: the source-state FIR and the destination-state FIR of each shared case.
    chain_stages = [
        (Stage.UNDER_INVESTIGATION, Stage.CHARGESHEET_FILED),
        (Stage.TRANSFERRED, Stage.PROTEST_PETITION),
        (Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION),
        (Stage.CHARGESHEET_FILED, Stage.FURTHER_INVESTIGATION),
        (Stage.UNDER_INVESTIGATION, Stage.CLOSURE_REPORT_FILED),
        (Stage.RESCUED, Stage.CHARGESHEET_FILED),
    ]
    for index, case in enumerate(shared[:6]):
        actor = _lead(case)
        source_stage, destination_stage = chain_stages[index]
        fir_day = -rng.randint(150, 420)
        destination = _make_fir(
            case, actor, rng, stage=destination_stage, state=case.destination_state, role="destination", fir_day=fir_day
        )
        source = _make_fir(
            case, actor, rng, stage=source_stage, state=case.source_state, role="source", fir_day=fir_day + 10
        )
        services.chain_link(actor=actor, fir=source, other=destination)
        chains.append((case, source, destination))
        created += 2

    # Every other stage on single-organisation cases, in their destination or source state.
    stages = list(Stage.values)
    for index, case in enumerate(single[:30]):
        actor = _lead(case)
        stage = stages[index % len(stages)]
        in_destination = index % 3 != 2
        state = case.destination_state if in_destination else case.source_state
        _make_fir(
            case,
            actor,
            rng,
            stage=stage,
            state=state,
            role="destination" if in_destination else "source",
            fir_day=-rng.randint(60, 500),
        )
        created += 1

    _seed_accused(rng, shared, single, chains)
    _seed_actions(rng, chains, single)
    return created


def _seed_accused(rng, shared, single, chains):
    # One person accused on three cases in two states: two led by SSF (West Bengal), one by MMT
    # (Maharashtra), linked by people who may see the earlier cases.
    cw_wb = User.objects.get(username="cw_wb")
    cw_mh = User.objects.get(username="cw_mh")
    name, aliases, phones, role = CHAIN_ACCUSED
    data = {"names": [name], "aliases": aliases, "phones": phones, "addresses": ["Demo Para, Canning"]}
    seen_by_wb, seen_by_mh = _visible_ids(cw_wb), _visible_ids(cw_mh)
    first = next(c for c, _s, _d in chains if c.pk in seen_by_wb and c.pk in seen_by_mh)
    link = services.accused_record(actor=cw_wb, case=first, data=data, role=role)
    accused = link.accused
    second = Case.objects.filter(pk__in=seen_by_wb, status=Case.Status.OPEN).exclude(pk=first.pk).order_by("pk")[0]
    services.accused_record(actor=cw_wb, case=second, data={"names": [name]}, role="transporter", link_to=accused)
    mmt_case = next(c for c in single if c.lead_organisation.short_name == "MMT" and _lead(c).username == "cw_mh")
    services.accused_record(actor=cw_mh, case=mmt_case, data={"names": [name]}, role="buyer", link_to=accused)
    mh_fir = FIR.objects.filter(case=mmt_case).first()
    if mh_fir is not None:
        services.fir_accused_add(actor=cw_mh, fir=mh_fir, accused=accused)

    # Arrests and bail on the chains' FIRs.
    for case, source, destination in chains:
        actor = _lead(case)
        links = list(CaseAccused.objects.filter(case=case))
        if not links:
            number = 100 + case.pk
            links = [
                services.accused_record(
                    actor=actor, case=case, data=_accused_spec(number), role=ROLES[number % len(ROLES)]
                )
            ]
        for fir in (destination, source):
            if not fir.is_registered:
                continue
            fir.refresh_from_db()
            fir_link = services.fir_accused_add(actor=actor, fir=fir, accused=links[0].accused)
            fir_day = (fir.fir_date - timezone.localdate()).days
            _arrest(fir, fir_link, actor, rng, fir_day, bail=rng.choice([None, "granted", "rejected"]))

    # Accused on some single cases, one with default bail and one absconding.
    for index, case in enumerate(single[:30:3]):
        actor = _lead(case)
        link = services.accused_record(
            actor=actor, case=case, data=_accused_spec(index), role=ROLES[index % len(ROLES)]
        )
        fir = FIR.objects.filter(case=case).first()
        if fir is None or not fir.is_registered:
            continue
        fir_link = services.fir_accused_add(actor=actor, fir=fir, accused=link.accused, named_in_fir=index % 2 == 0)
        fir_day = (fir.fir_date - timezone.localdate()).days
        if index % 4 == 1:
            fir_link.refresh_from_db()
            services.fir_accused_update(
                actor=actor, link=fir_link, expected_version=fir_link.version, data={"absconding": True}
            )
        elif index % 4 == 2:
            fir_link = _arrest(fir, fir_link, actor, rng, fir_day)
            services.fir_accused_update(
                actor=actor,
                link=fir_link,
                expected_version=fir_link.version,
                data={
                    "custody": "",
                    "bail_status": "granted",
                    "bail_applied_on": _days(fir_day + 61),
                    "bail_granted_on": _days(fir_day + 63),
                    "default_bail": True,
                },
            )
        else:
            _arrest(fir, fir_link, actor, rng, fir_day)

    # A Jharkhand caseworker records a person with the same phone on a case of hers: she is told
    # nothing (she cannot see the West Bengal cases); the coordinator gets a possible match.
    jh_case = next(
        (c for c in single if c.lead_organisation.short_name == "JGVM" and _lead(c).username == "cw_jh"), None
    )
    if jh_case is not None:
        services.accused_record(
            actor=_lead(jh_case),
            case=jh_case,
            data={"names": ["B. Sheth Demo"], "phones": ["9000077777"]},
            role="recruiter",
        )


def _visible_ids(user) -> set:
    from cases.selectors import case_list_visible_to

    return set(case_list_visible_to(user).filter(identity_visible=True).values_list("pk", flat=True))


def _seed_actions(rng, chains, single):
    organisations = {o.short_name: o for o in Organisation.objects.all()}
    for index, (case, source, destination) in enumerate(chains):
        actor = _lead(case)
        membership = Membership.objects.active().filter(user=actor).select_related("organisation").first()
        sent = _days(-rng.randint(40, 120))
        services.police_request_create(
            actor=actor,
            case=case,
            data={
                "fir": destination,
                "subject": "age_proof" if index % 2 == 0 else "chargesheet_copy",
                "from_police_station": destination.police_station,
                "to_state": case.source_state,
                "to_police_station": source.police_station,
                "details": "Synthetic request: school certificate from the source district.",
                "sent_on": sent,
                "due_on": sent + datetime.timedelta(days=30),
            },
        )
        request = services.police_request_create(
            actor=actor,
            case=case,
            data={
                "fir": source,
                "subject": "statement",
                "from_organisation": membership.organisation,
                "to_state": case.destination_state,
                "to_organisation": organisations.get("MMT") if case.destination_state.code == "MH" else None,
                "to_police_station": "" if case.destination_state.code == "MH" else destination.police_station,
                "sent_on": _days(-20),
                "due_on": _days(10),
            },
        )
        if index % 2 == 0:
            services.police_request_remind(actor=actor, request=request, sent_on=_days(-5), note="Phoned the office.")
        else:
            request.refresh_from_db()
            services.police_request_close(
                actor=actor,
                request=request,
                expected_version=request.version,
                status="answered",
                responded_on=_days(-3),
                response="Statement recorded by video link.",
            )
        if source.is_registered and source.state.code == "WB" and index % 2 == 0:
            source.refresh_from_db()
            services.fir_ahtu_transfer(
                actor=actor,
                fir=source,
                unit="AHTU, Demo District",
                on=source.fir_date + datetime.timedelta(days=1),
                expected_version=source.version,
            )
        if destination.is_registered:
            destination.refresh_from_db()
            services.fir_survivor_informed(
                actor=actor, fir=destination, on=_days(-rng.randint(1, 30)), expected_version=destination.version
            )
            services.statement_record(
                actor=actor,
                fir=destination,
                data={
                    "kind": "police",
                    "on": destination.fir_date + datetime.timedelta(days=1),
                    "recorded": True,
                    "in_survivor_language": index % 3 != 0,
                    "by_female_officer": True,
                    "support_person_present": index % 2 == 0,
                    "coercion_alleged": index == 1,
                },
            )
            services.statement_record(
                actor=actor,
                fir=destination,
                data={
                    "kind": "magistrate",
                    "on": destination.fir_date + datetime.timedelta(days=12),
                    "recorded": index != 2,
                    "in_survivor_language": True,
                    "by_female_officer": index % 2 == 1,
                    "support_person_present": True,
                    "coercion_alleged": False,
                },
            )
        _advocacy(rng, case, actor, destination if destination.is_registered else source, index)
        if index == 0:
            services.medical_exam_record(
                actor=actor,
                case=case,
                data={"fir": destination, "examined_on": destination.fir_date, "hospital": "District Hospital (demo)"},
            )
        if index == 1:
            services.medical_exam_record(
                actor=actor,
                case=case,
                data={
                    "fir": destination,
                    "examined_on": destination.fir_date,
                    "hospital": "Civil Hospital (demo)",
                    "report_on": destination.fir_date + datetime.timedelta(days=5),
                },
            )
    # Failure tags on single cases: the points the consortium counts.
    codes = [c for c, _name in FailurePoint.objects.values_list("code", "name")]
    for index, fir in enumerate(FIR.objects.filter(case__in=single).select_related("case").order_by("pk")):
        if index % 3 == 0:
            _tag(fir, _lead(fir.case), codes[index % len(codes)], note="Synthetic demo observation.")
        if fir.is_registered and not fir.charges.exists():
            _tag(fir, _lead(fir.case), "wrong_sections")
    # One recent rescue with the medical examination and report still due.
    recent = next((c for c in single if FIR.objects.filter(case=c, stage=Stage.RESCUED).exists()), None)
    if recent is not None:
        services.medical_exam_record(
            actor=_lead(recent), case=recent, data={"examined_on": _days(-9), "hospital": "Demo Medical College"}
        )


def _advocacy(rng, case, actor, fir, index):
    kinds = [
        ("add_sections", "Judicial Magistrate First Class (demo)", "partly"),
        ("protest_petition", "Chief Judicial Magistrate (demo)", "granted"),
        ("ahtu_transfer", "Superintendent of Police (demo)", "pending"),
        ("senior_officer", "Deputy Inspector General (demo)", "no_response"),
        ("cancel_bail", "Sessions Court (demo)", "rejected"),
        ("commission", "State Commission for Women (demo)", "pending"),
    ]
    kind, filed_with, outcome = kinds[index % len(kinds)]
    filed_on = max(fir.reported_on, _days(-90)) + datetime.timedelta(days=2)
    filed_on = min(filed_on, _days(-10))
    services.advocacy_create(
        actor=actor,
        case=case,
        data={
            "fir": fir,
            "kind": kind,
            "filed_with": filed_with,
            "filed_on": filed_on,
            "outcome": outcome,
            "outcome_on": None if outcome == "pending" else filed_on + datetime.timedelta(days=rng.randint(3, 9)),
            "note": "Synthetic demo action.",
        },
    )


def seed_court() -> int:
    """Court proceedings on the demo lawyers' cases (see legal/court_demo.py). Runs after the
    compensation demo, whose claims a judgment's compensation order then updates."""
    from .court_demo import seed_court as seed

    return seed()
