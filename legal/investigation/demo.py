"""Demo investigations for `seed_demo`: FIRs in every stage, chains across states, accused
persons (one of them on three cases in two states), arrests and bail, statements, medical
examinations, interstate requests, advocacy actions and failure tags.

Deterministic (fixed seed) and idempotent (nothing is done if the marker case already has
a FIR). Everything goes through legal.investigation.services, as a caseworker would have done it.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from care.models import Rescue
from care.services import rescue_save
from cases.codes import NEW_CODES_FROM
from cases.demo import MARKER_PSEUDONYM
from cases.models import Case, CaseAssignment, CaseRole
from consortium.models import District, Membership, Organisation, User
from legal.accused import services as accused_services
from legal.investigation import services
from legal.models import FIR, Act, CaseAccused, FailurePoint, FIRAccused, Section, Stage
from legal.reference.data import load_legal_reference_data

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
    Stage.CLOSURE_ACCEPTED: ["register_fir", "start_investigation", "file_closure_report", "accept_closure"],
    Stage.PROTEST_PETITION: ["register_fir", "start_investigation", "file_closure_report", "file_protest_petition"],
    Stage.COMPLAINT_CASE: [
        "register_fir",
        "start_investigation",
        "file_closure_report",
        "file_protest_petition",
        "take_as_complaint",
    ],
    Stage.FURTHER_INVESTIGATION: [
        "register_fir",
        "start_investigation",
        "file_closure_report",
        "file_protest_petition",
        "order_further_investigation",
    ],
}
# Further investigation after a chargesheet ends in a supplementary report (BNSS 193(9) / CrPC 173(8)).
SUPPLEMENTARY_PATH = [
    "register_fir",
    "start_investigation",
    "file_chargesheet",
    "order_further_investigation",
    "file_supplementary_report",
]
# Days from the previous step to this one (low, high). A step never falls after yesterday: when a
# path does not fit between the FIR and today its gaps shrink in proportion.
STEP_GAPS = {
    "transfer": (2, 9),
    "start_investigation": (0, 5),
    "file_chargesheet": (45, 85),
    "file_closure_report": (70, 130),
    "accept_closure": (20, 50),
    "file_protest_petition": (10, 30),
    "take_as_complaint": (20, 45),
    "order_further_investigation": (20, 60),
    "file_supplementary_report": (30, 75),
}
# From her rescue (or escape) to the FIR: days to weeks, as the field reports.
RESCUE_TO_FIR_DAYS = [0, 1, 1, 2, 3, 5, 8, 12, 18, 26, 37, 52]

# Real police stations of the demo's districts (state -> district -> stations). A FIR is registered
# at a station of its own district; nothing here is invented.
STATIONS = {
    "WB": {
        "South 24 Parganas": ["Canning PS", "Diamond Harbour PS", "Sonarpur PS", "Baruipur PS", "Kakdwip PS"],
        "North 24 Parganas": ["Basirhat PS", "Barasat PS", "Bongaon PS", "Habra PS"],
        "Murshidabad": ["Berhampore PS", "Domkal PS", "Lalgola PS"],
        "Nadia": ["Ranaghat PS", "Chakdaha PS"],
        "Malda": ["English Bazar PS", "Kaliachak PS"],
        "Kolkata": ["Bowbazar PS", "Burtolla PS", "Park Street PS", "Tollygunge PS"],
        "Howrah": ["Golabari PS", "Shibpur PS", "Bally PS"],
    },
    "JH": {
        "Gumla": ["Gumla PS", "Sisai PS"],
        "Simdega": ["Simdega PS", "Kolebira PS"],
        "Khunti": ["Khunti PS", "Torpa PS", "Murhu PS"],
        "Lohardaga": ["Lohardaga PS", "Kuru PS"],
        "Ranchi": ["Kotwali PS", "Lalpur PS", "Doranda PS"],
    },
    "OD": {
        "Koraput": ["Koraput Town PS", "Jeypore Town PS"],
        "Rayagada": ["Rayagada Town PS", "Gunupur PS"],
        "Balangir": ["Balangir Town PS", "Kantabanji PS", "Titlagarh PS"],
        "Nuapada": ["Nuapada PS", "Khariar PS", "Komna PS"],
        "Khordha": ["Capital PS", "Kharavela Nagar PS", "Khandagiri PS"],
    },
    "MH": {
        "Mumbai City": ["Nagpada PS", "D.B. Marg PS", "Colaba PS", "Azad Maidan PS"],
        "Mumbai Suburban": ["Andheri PS", "Kurla PS", "Bandra PS"],
        "Thane": ["Thane Nagar PS", "Naupada PS", "Kalwa PS", "Vashi PS"],
        "Pune": ["Faraskhana PS", "Shivajinagar PS", "Hadapsar PS", "Pimpri PS"],
    },
    "DL": {
        "Central Delhi": ["Kamla Market PS", "Paharganj PS", "Karol Bagh PS", "Daryaganj PS"],
        "New Delhi": ["Connaught Place PS", "Parliament Street PS"],
        "South Delhi": ["Hauz Khas PS", "Malviya Nagar PS", "Saket PS"],
    },
    "KA": {
        "Bengaluru Urban": ["Whitefield PS", "Hebbal PS", "Peenya PS", "Upparpet PS", "Cubbon Park PS"],
        "Mysuru": ["Lashkar PS", "Devaraja PS"],
    },
}
RANKS = ["Sub-Inspector", "Inspector", "Assistant Sub-Inspector"]
# Obviously fictional people: "Demo" in every name.
FIRST_NAMES = ["Raju", "Salma", "Kishore", "Prakash", "Meena", "Anwar", "Lalita", "Gopal", "Rekha", "Imran"]
DEMO_SURNAMES = ["Demowala", "Demobibi", "Demokar", "Demorao", "Demodevi", "Demokhan"]
ROLES = ["recruiter", "brothel_keeper", "transporter", "placement_agent", "employer", "buyer"]


def accused_spec(index: int) -> dict:
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


def _yesterday() -> datetime.date:
    return _days(-1)


def _lead(case: Case) -> User:
    return CaseAssignment.objects.active().get(case=case, role=CaseRole.LEAD_CASEWORKER).user


def station_place(state, district_hint=None, rng=None) -> tuple[District, str]:
    """A real police station and its district in `state`: in `district_hint` when the demo knows
    its stations, else in the first district of the state it knows."""
    known = STATIONS.get(state.code, {})
    name = district_hint.name if district_hint is not None and district_hint.state_id == state.pk else None
    if name not in known:
        name = sorted(known)[0] if known else None
    district = District.objects.filter(state=state, name=name).first() if name else None
    stations = known.get(name) or [f"{state.name} police"]
    return district, (rng.choice(stations) if rng else stations[0])


def _offence_on(case: Case) -> datetime.date | None:
    """The demo's offence date: the day she was trafficked (BNS 143 / IPC 370 is complete then)."""
    return case.trafficked_on


def fir_day_after_rescue(case: Case, rng: random.Random, *, not_before: datetime.date | None = None) -> datetime.date:
    """The FIR's registration: days to weeks after her rescue, never before the offence, never today
    or later."""
    rescued = case.rescued_on or case.trafficked_on or _days(-30)
    day = rescued + datetime.timedelta(days=rng.choice(RESCUE_TO_FIR_DAYS))
    if not_before is not None:
        day = max(day, not_before)
    floor = max(d for d in (case.trafficked_on, case.rescued_on, rescued) if d)
    return max(min(day, _yesterday()), min(floor, _yesterday()))


def path_days(path: list[str]) -> int:
    """The longest the steps of a path take after the FIR (for choosing which case can reach it)."""
    return sum(STEP_GAPS.get(name, (0, 0))[1] for name in path)


def stage_days(stage: str) -> int:
    return path_days(PATHS[stage])


def _step_dates(path: list[str], fir_date: datetime.date, rng: random.Random) -> dict[str, datetime.date]:
    gaps = [rng.randint(*STEP_GAPS[name]) if name in STEP_GAPS else 0 for name in path]
    room = max((_yesterday() - fir_date).days, 0)
    if sum(gaps) > room:
        gaps = [gap * room // sum(gaps) for gap in gaps]
    dates, day = {}, fir_date
    for name, gap in zip(path, gaps, strict=True):
        day += datetime.timedelta(days=gap)
        dates[name] = day
    return dates


def _transition_data(name: str, fir: FIR, rng: random.Random, on: datetime.date) -> dict:
    case = fir.case
    if fir.chain_role == "source":
        other_state, other_district = case.destination_state, case.destination_district
    else:
        other_state, other_district = case.source_state, case.source_district
    other_state = other_state or fir.state
    return {
        "record_rescue": {},  # the date is the care record's (_rescue_recorded)
        "register_fir": {
            "fir_number": f"{rng.randint(20, 480)}/{on.year}",
            "fir_date": on,
            "police_station": fir.police_station,
        },
        "register_zero_fir": {
            "fir_number": f"{rng.randint(1, 40)}/{on.year}",
            "fir_date": on,
            "police_station": fir.police_station,
        },
        "transfer": {
            "transferred_to_state": other_state,
            "transferred_to_station": station_place(other_state, other_district, rng)[1],
            "transferred_on": on,
        },
        "start_investigation": {
            "investigation_started_on": on,
            "io_name": f"Officer Demo {rng.choice('ABCDEFGH')}. {rng.choice(['Patil', 'Mondal', 'Singh', 'Rao'])}",
            "io_rank": rng.choice(RANKS),
            "io_phone": f"94000 {rng.randint(10000, 99999)}",
        },
        "file_chargesheet": {"chargesheet_on": on, "chargesheet_number": f"CS-{rng.randint(1, 99)}"},
        "file_closure_report": {"closure_report_on": on},
        "accept_closure": {"closure_accepted_on": on},
        "file_protest_petition": {"protest_petition_on": on},
        "take_as_complaint": {"complaint_taken_on": on},
        "order_further_investigation": {"further_investigation_on": on},
        "file_supplementary_report": {"supplementary_report_on": on},
    }[name]


def section_for(act: str, numbers: list[str]) -> Section:
    """The first of `numbers` the reference list holds (sub-section first, then the section)."""
    found = {s.number: s for s in Section.objects.filter(act__code=act, number__in=numbers).select_related("act")}
    for number in numbers:
        if number in found:
            return found[number]
    raise Section.DoesNotExist(f"{act} {numbers}")


def demo_sections(case: Case, offence_code: str) -> list[Section]:
    """What the police charge in the demo: trafficking under the code in force on the offence day
    (IPC 370 before 1 July 2024, BNS 143 after; a child: 370(4) / 143(4)), exploitation of a
    trafficked person (IPC 370A / BNS 144), and the special laws the facts call for."""
    forms = set(case.exploitation_forms.values_list("code", flat=True))
    child = bool(case.survivor.minor_at_offence)
    if offence_code == "ipc":
        wanted = [("ipc", ["370(4)", "370"] if child else ["370(2)", "370"])]
        exploitation = ("ipc", ["370A(1)", "370A"] if child else ["370A(2)", "370A"])
    else:
        wanted = [("bns", ["143(4)", "143"] if child else ["143(2)", "143"])]
        exploitation = ("bns", ["144(1)", "144"] if child else ["144(2)", "144"])
    if forms & {"sexual_exploitation", "domestic_servitude", "forced_labour", "bonded_labour"}:
        wanted.append(exploitation)
    if "sexual_exploitation" in forms:
        wanted.append(("itpa", ["5"]))
    if child and "sexual_exploitation" in forms:
        wanted.append(("pocso", ["4", "4(1)"]))
    if "bonded_labour" in forms or "forced_labour" in forms:
        wanted.append(("blsa", ["16"]))
    if "child_labour" in forms:
        wanted.append(("jja", ["79"]))
    sections = []
    for act, numbers in wanted:
        try:
            sections.append(section_for(act, numbers))
        except Section.DoesNotExist:
            continue
    return sections


def _charges(fir: FIR, actor, case: Case) -> None:
    for section in demo_sections(case, fir.offence_code):
        services.charge_add(actor=actor, fir=fir, act=section.act, number=section.number)


def make_fir(case, actor, rng, *, stage, state, role, fir_date, path=None, district=None, with_charges=True) -> FIR:
    """A FIR walked through the services to `stage` (or along `path`), its complaint, registration
    and steps dated from the case: the complaint on or before the FIR, never before the offence."""
    path = PATHS[stage] if path is None else path
    district, station = station_place(state, district, rng)
    offence_on = _offence_on(case)
    reported_on = fir_date - datetime.timedelta(days=rng.randint(0, 2))
    if offence_on:
        reported_on = max(reported_on, offence_on)
    data = {
        "state": state,
        "district": district,
        "police_station": station,
        "chain_role": role,
        "reported_on": reported_on,
        "offence_on": offence_on,
    }
    if _preliminary_enquiry_fits(case, path, reported_on):
        data["preliminary_enquiry_on"] = min(reported_on + datetime.timedelta(days=1), _yesterday())
    fir = services.fir_create(actor=actor, case=case, **data)
    dates = _step_dates(
        [p for p in path if p not in ("record_rescue", "register_fir", "register_zero_fir")], fir_date, rng
    )
    for name in path:
        if name == "start_investigation" and with_charges:
            _charges(fir, actor, case)
        if name == "record_rescue":
            _rescue_recorded(case, actor, rng, fir_date)
        on = dates.get(name, fir_date)
        fir = services.fir_transition(
            actor=actor,
            fir=fir,
            transition=name,
            expected_version=fir.version,
            data=_transition_data(name, fir, rng, on),
            note="Synthetic demo step.",
        )
    if fir.stage in (Stage.FIR_REGISTERED, Stage.TRANSFERRED) and not fir.io_rank:
        # The officer named when the FIR was registered: "Investigation started" shows him, and
        # saving it as shown keeps him (no random draw: the demo's other choices stay as they were).
        fir = services.fir_update(
            actor=actor,
            fir=fir,
            expected_version=fir.version,
            **{
                "io_name": f"Officer Demo {FIRST_NAMES[fir.pk % len(FIRST_NAMES)]}",
                "io_rank": RANKS[fir.pk % len(RANKS)],
                "io_phone": f"94000 {10000 + fir.pk:05d}",
            },
        )
    return fir


def _rescue_recorded(case: Case, actor, rng: random.Random, fir_date: datetime.date):
    """The rescue is recorded once, on the care record: the FIR's "Record the rescue" step reads it.
    The investigation demo runs before the care demo, which finds this record and builds on it."""
    existing = Rescue.objects.filter(case=case).first()
    if existing is not None:
        return existing
    day = min(case.rescued_on or fir_date, _yesterday())
    rescued_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(6, 20), 30)))
    rescue = Rescue(
        rescued_at=rescued_at,
        state=case.destination_state,
        district=case.destination_district,
        place="Demo locality (synthetic)",
        agency=Rescue.Agency.SELF
        if case.escaped
        else rng.choice([Rescue.Agency.AHTU, Rescue.Agency.POLICE, Rescue.Agency.NGO_WITH_POLICE]),
        agency_detail="" if case.escaped else "Demo unit (synthetic)",
    )
    return rescue_save(actor=actor, case=case, rescue=rescue)


LABOUR_ONLY = {"forced_labour", "bonded_labour"}


def _preliminary_enquiry_fits(case: Case, path: list[str], reported_on: datetime.date) -> bool:
    """BNSS 173(3): before registering a FIR for a cognizable offence punishable with three to seven
    years, the police may hold a preliminary enquiry (14 days). In the demo: an adult's complaint of
    bonded or forced labour only (BLSA 16: three years), not yet registered, made under the BNSS."""
    forms = set(case.exploitation_forms.values_list("code", flat=True))
    return (
        bool(forms)
        and forms <= LABOUR_ONLY
        and not case.survivor.minor_at_offence
        and not any(step.startswith("register") for step in path)
        and reported_on >= NEW_CODES_FROM
    )


def _arrest(fir, link, actor, rng, *, bail=None):
    """Arrest (with the hour), first remand the same day or the next (BNSS 58: production within
    24 hours), then bail in the weeks after the remand."""
    arrested = min(fir.fir_date + datetime.timedelta(days=rng.randint(0, 8)), _yesterday())
    remanded = min(arrested + datetime.timedelta(days=rng.choice([0, 1, 1])), _yesterday())
    data = {
        "arrested_on": arrested,
        "arrested_at_time": datetime.time(rng.randint(5, 22), rng.choice([0, 15, 30, 45])),
        "remanded_on": remanded,
        "custody": "judicial",
    }
    if bail == "granted":
        applied = min(remanded + datetime.timedelta(days=rng.randint(10, 20)), _yesterday())
        data |= {
            "bail_status": "granted",
            "bail_applied_on": applied,
            "bail_granted_on": min(applied + datetime.timedelta(days=rng.randint(5, 14)), _yesterday()),
        }
        data["custody"] = ""
    elif bail == "rejected":
        applied = min(remanded + datetime.timedelta(days=rng.randint(7, 15)), _yesterday())
        data |= {
            "bail_status": "rejected",
            "bail_applied_on": applied,
            "bail_rejected_on": min(applied + datetime.timedelta(days=rng.randint(5, 12)), _yesterday()),
        }
    link.refresh_from_db()
    return services.fir_accused_update(actor=actor, link=link, expected_version=link.version, **data)


# A police report is not in yet: the default-bail clock can run out.
NO_REPORT_STAGES = [Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION, Stage.FURTHER_INVESTIGATION]


def _default_bail_day(fir: FIR, remanded_on) -> datetime.date | None:
    """The day default bail accrues: the 60- or 90-day period counts the remand day, so it accrues
    on remand + 60 (or 90) when no police report was filed by then; None if that is not yet past."""
    if remanded_on is None:
        return None
    accrues = remanded_on + datetime.timedelta(days=services.default_bail_class(fir)[0])
    if accrues >= _yesterday():
        return None
    if fir.chargesheet_on is not None and fir.chargesheet_on < accrues:
        return None
    return accrues


def _default_bail(fir: FIR, link: FIRAccused, actor) -> FIRAccused:
    accrues = _default_bail_day(fir, link.remanded_on)
    if accrues is None:
        return link
    link.refresh_from_db()
    return services.fir_accused_update(
        actor=actor,
        link=link,
        expected_version=link.version,
        **{
            "custody": "",
            "bail_status": "granted",
            "bail_applied_on": accrues,
            "bail_granted_on": accrues,  # default bail is granted at once
            "default_bail": True,
        },
    )


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
    # Chains: the source-state FIR and the destination-state FIR of each shared case. The
    # longest investigations go to the cases rescued longest ago.
    chain_stages = [
        (Stage.UNDER_INVESTIGATION, Stage.CHARGESHEET_FILED),
        (Stage.TRANSFERRED, Stage.PROTEST_PETITION),
        (Stage.FIR_REGISTERED, Stage.UNDER_INVESTIGATION),
        (Stage.CHARGESHEET_FILED, Stage.FURTHER_INVESTIGATION),
        (Stage.UNDER_INVESTIGATION, Stage.CLOSURE_REPORT_FILED),
        (Stage.RESCUED, Stage.CHARGESHEET_FILED),
    ]
    chain_cases = shared[:6]
    by_age = sorted(chain_cases, key=lambda c: (c.rescued_on, c.pk))
    by_need = sorted(chain_stages[: len(chain_cases)], key=lambda pair: -max(stage_days(s) for s in pair))
    plan = {case.pk: pair for case, pair in zip(by_age, by_need, strict=True)}
    for case in chain_cases:
        actor = _lead(case)
        source_stage, destination_stage = plan[case.pk]
        # She is rescued in the destination state; the FIR there comes first, the source-state FIR
        # (her family's complaint, or the police at home) days to weeks later.
        fir_date = fir_day_after_rescue(case, rng)
        destination = make_fir(
            case,
            actor,
            rng,
            stage=destination_stage,
            state=case.destination_state,
            role="destination",
            fir_date=fir_date,
            district=case.destination_district,
        )
        source_date = min(fir_date + datetime.timedelta(days=rng.randint(6, 30)), _yesterday())
        source = make_fir(
            case,
            actor,
            rng,
            stage=source_stage,
            state=case.source_state,
            role="source",
            fir_date=source_date,
            district=case.source_district,
        )
        services.chain_link(actor=actor, fir=source, other=destination)
        chains.append((case, source, destination))
        created += 2

    # Every other stage on single-organisation cases, in their destination or source state; the
    # stages that take longest on the cases rescued longest ago.
    single_cases = single[:30]
    stages = [Stage.values[index % len(Stage.values)] for index in range(len(single_cases))]
    by_age = sorted(single_cases, key=lambda c: (c.rescued_on, c.pk))
    by_need = sorted(range(len(stages)), key=lambda i: (-stage_days(stages[i]), i))
    plan = {case.pk: stages[i] for case, i in zip(by_age, by_need, strict=True)}
    supplementary_done = False
    for index, case in enumerate(single_cases):
        actor = _lead(case)
        stage = plan[case.pk]
        in_destination = index % 3 != 2
        state = case.destination_state if in_destination else case.source_state
        path = None
        if stage == Stage.CHARGESHEET_FILED and not supplementary_done:
            path, supplementary_done = SUPPLEMENTARY_PATH, True
        make_fir(
            case,
            actor,
            rng,
            stage=stage,
            path=path,
            state=state,
            role="destination" if in_destination else "source",
            fir_date=fir_day_after_rescue(case, rng),
            district=case.destination_district if in_destination else case.source_district,
        )
        created += 1

    _seed_accused(rng, shared, single, chains)
    _seed_actions(rng, chains, single)
    _close_old_pocso_reports()
    return created


def _close_old_pocso_reports() -> None:
    """The police reported each older POCSO case to the CWC and the Special Court in time (POCSO
    s.19(6)); the caseworker records that from the paper file, so only recent ones stay open."""
    from cases.deadlines import deadline_close
    from cases.models import Deadline

    cutoff = timezone.now() - datetime.timedelta(days=3)
    for deadline in Deadline.objects.open().filter(rule_code="pocso_report_to_cwc", trigger_at__lt=cutoff):
        deadline_close(
            actor=_lead(deadline.case),
            deadline=deadline,
            reason="Reported to the CWC and the Special Court on the day (from the police file)",
            expected_version=deadline.version,
        )


def _seed_accused(rng, shared, single, chains):
    # One person accused on three cases in two states: two led by SSF (West Bengal), one by MMT
    # (Maharashtra), linked by people who may see the earlier cases. Each case keeps its own
    # record (what its team was told); the link only says they are the same person.
    cw_wb = User.objects.get(username="cw_wb")
    cw_mh = User.objects.get(username="cw_mh")
    name, aliases, phones, role = CHAIN_ACCUSED
    data = {"names": [name], "aliases": aliases, "phones": phones, "addresses": ["Demo Para, Canning"]}
    seen_by_wb, seen_by_mh = _visible_ids(cw_wb), _visible_ids(cw_mh)
    first = next(c for c, _s, _d in chains if c.pk in seen_by_wb and c.pk in seen_by_mh)
    link = accused_services.accused_record(actor=cw_wb, case=first, **data, role=role)
    accused = link.accused
    second = Case.objects.filter(pk__in=seen_by_wb, status=Case.Status.OPEN).exclude(pk=first.pk).order_by("pk")[0]
    accused_services.accused_record(
        actor=cw_wb, case=second, **{"names": [name], "aliases": aliases[:1]}, role="transporter", link_to=accused
    )
    mmt_case = next(c for c in single if c.lead_organisation.short_name == "MMT" and _lead(c).username == "cw_mh")
    mmt_link = accused_services.accused_record(
        actor=cw_mh,
        case=mmt_case,
        **{"names": [name], "phones": phones, "description": "Said to run a placement office in Demo Nagar"},
        role="buyer",
        link_to=accused,
    )
    mh_fir = FIR.objects.filter(case=mmt_case).first()
    if mh_fir is not None:
        services.fir_accused_add(actor=cw_mh, fir=mh_fir, accused=mmt_link.accused)

    # Arrests and bail on the chains' FIRs.
    for case, source, destination in chains:
        actor = _lead(case)
        links = list(CaseAccused.objects.filter(case=case))
        if not links:
            number = 100 + case.pk
            links = [
                accused_services.accused_record(
                    actor=actor, case=case, **accused_spec(number), role=ROLES[number % len(ROLES)]
                )
            ]
        for fir in (destination, source):
            if not fir.is_registered:
                continue
            fir.refresh_from_db()
            fir_link = services.fir_accused_add(actor=actor, fir=fir, accused=links[0].accused)
            _arrest(fir, fir_link, actor, rng, bail=rng.choice([None, "granted", "rejected"]))

    # Accused on some single cases, one with default bail and one absconding.
    for index, case in enumerate(single[:30:3]):
        actor = _lead(case)
        link = accused_services.accused_record(
            actor=actor, case=case, **accused_spec(index), role=ROLES[index % len(ROLES)]
        )
        fir = FIR.objects.filter(case=case).first()
        if fir is None or not fir.is_registered:
            continue
        fir_link = services.fir_accused_add(actor=actor, fir=fir, accused=link.accused, named_in_fir=index % 2 == 0)
        if index % 4 == 1:
            fir_link.refresh_from_db()
            services.fir_accused_update(
                actor=actor, link=fir_link, expected_version=fir_link.version, **{"absconding": True}
            )
        elif index % 4 == 2 and _default_bail_day(fir, fir.fir_date) is not None:
            _default_bail(fir, _arrest(fir, fir_link, actor, rng), actor)
        else:
            _arrest(fir, fir_link, actor, rng)
    if not FIRAccused.objects.filter(default_bail=True).exists():
        # One accused released on default bail: an old FIR still without a police report.
        for case in single[:30]:
            fir = FIR.objects.filter(case=case, stage__in=NO_REPORT_STAGES).order_by("fir_date").first()
            if fir is None or fir.fir_date is None or _default_bail_day(fir, fir.fir_date) is None:
                continue
            actor = _lead(case)
            links = list(CaseAccused.objects.filter(case=case).order_by("pk"))
            accused = links[0].accused if links else None
            if accused is None:
                accused = accused_services.accused_record(
                    actor=actor, case=case, **accused_spec(200 + case.pk), role="transporter"
                ).accused
            fir_link = FIRAccused.objects.filter(fir=fir, accused=accused).first()
            if fir_link is None:
                fir_link = services.fir_accused_add(actor=actor, fir=fir, accused=accused)
            if fir_link.absconding:
                continue
            if fir_link.arrested_on is None:
                fir_link = _arrest(fir, fir_link, actor, rng)
            if _default_bail_day(fir, fir_link.remanded_on) is not None:
                _default_bail(fir, fir_link, actor)
                break

    # A Jharkhand caseworker records a person with the same phone on a case of hers: she is told
    # nothing (she cannot see the West Bengal cases); the coordinator gets a possible match.
    jh_case = next(
        (c for c in single if c.lead_organisation.short_name == "JGVM" and _lead(c).username == "cw_jh"), None
    )
    if jh_case is not None:
        accused_services.accused_record(
            actor=_lead(jh_case),
            case=jh_case,
            **{"names": ["B. Sheth Demo"], "phones": ["9000077777"]},
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
        sent = max(_days(-rng.randint(40, 120)), destination.fir_date or destination.reported_on)
        services.police_request_create(
            actor=actor,
            case=case,
            **{
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
            **{
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
                unit=f"AHTU, {source.district.name if source.district else source.state.name}",
                on=min(source.fir_date + datetime.timedelta(days=1), _yesterday()),
                expected_version=source.version,
            )
        if destination.is_registered:
            destination.refresh_from_db()
            services.fir_survivor_informed(
                actor=actor,
                fir=destination,
                on=max(_days(-rng.randint(1, 30)), destination.fir_date),
                expected_version=destination.version,
            )
            services.statement_record(
                actor=actor,
                fir=destination,
                **{
                    "kind": "police",
                    "on": min(destination.fir_date + datetime.timedelta(days=1), _yesterday()),
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
                **{
                    "kind": "magistrate",
                    "on": min(destination.fir_date + datetime.timedelta(days=12), _yesterday()),
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
                **{"fir": destination, "examined_on": destination.fir_date, "hospital": "District Hospital (demo)"},
            )
        if index == 1:
            services.medical_exam_record(
                actor=actor,
                case=case,
                **{
                    "fir": destination,
                    "examined_on": destination.fir_date,
                    "hospital": "Civil Hospital (demo)",
                    "report_on": min(destination.fir_date + datetime.timedelta(days=5), _yesterday()),
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
            actor=_lead(recent),
            case=recent,
            **{"examined_on": max(_days(-9), recent.rescued_on), "hospital": "Demo Medical College"},
        )


def _advocacy(rng, case, actor, fir, index):
    place = fir.district.name if fir.district else fir.state.name
    kinds = [
        ("add_sections", f"Court of the Judicial Magistrate First Class, {place}", "partly"),
        ("protest_petition", f"Court of the Chief Judicial Magistrate, {place}", "granted"),
        ("ahtu_transfer", f"Superintendent of Police, {place}", "pending"),
        ("senior_officer", f"Deputy Inspector General of Police, {fir.state.name}", "no_response"),
        ("cancel_bail", f"Court of Sessions, {place}", "rejected"),
        ("commission", f"State Commission for Women, {fir.state.name}", "pending"),
    ]
    kind, filed_with, outcome = kinds[index % len(kinds)]
    filed_on = max(fir.reported_on, _days(-90)) + datetime.timedelta(days=2)
    filed_on = min(filed_on, _yesterday())
    services.advocacy_create(
        actor=actor,
        case=case,
        **{
            "fir": fir,
            "kind": kind,
            "filed_with": filed_with,
            "filed_on": filed_on,
            "outcome": outcome,
            "outcome_on": None if outcome == "pending" else filed_on + datetime.timedelta(days=rng.randint(3, 9)),
            "note": "Synthetic demo action.",
        },
    )
