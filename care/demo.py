"""Demo survivor care for `seed_demo`: shelters, rescues, custody and CWC orders, repatriations
in every stage, rehabilitation plans and survivor-collective support. Synthetic data only.

Deterministic (fixed seed, cases chosen by what they are, not by chance) and idempotent: if the
marker case already has a rescue record, nothing is done. Everything goes through the services
(care.services, cases.services); only timestamps of the timeline and the transition
log are moved into the past afterwards, as cases.demo does, so that timelines read in order.

What a newcomer finds (logins in README):
- cw_mh: adult custody with its 10-day and 3-week deadlines; an adult's home verification (ITPA
  s.17A) answered before her final order (mmt_caseworker3: another ordered, its report still due);
  a child's Child Welfare Committee orders ending in repatriation, sent to Sabuj Sathi Foundation;
  a child's home investigation, transfer and arrival at her home district's CWC (JJ Act s.95),
  with family tracing; a cancelled repatriation.
- cw_wb: that request waiting in "Incoming handovers"; a survivor received from Mumbai, her
  arrival acknowledged, and her rehabilitation plan.
- cw_dl / cw_jh: a handover to Jharkhand awaiting acknowledgement past due; travel arranged.
- Karnataka (knsk_caseworker1) to Odisha (omas_caseworker1): one accepted, one refused.
- leader_wb: two cases where she sees the plan and has recorded her support.
"""

import datetime
import random
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from faker import Faker

from cases import services as case_services
from cases.demo import (
    DESTINATION_ORG,
    MARKER_PSEUDONYM,
    SOURCE_DISTRICTS,
    VILLAGE_ENDINGS,
    VILLAGE_STEMS,
    magistrate_office,
)
from cases.models import Case, CaseAssignment, CaseEvent, CaseRole, ExploitationForm, StageTransition
from consortium.models import District, Membership, Organisation, State
from survivors.models import Consent, ConsentPurpose, Language
from survivors.services import SurvivorDetails

from . import services
from .models import (
    CustodyOrder,
    FamilyTracing,
    GoalStatus,
    RehabilitationGoal,
    Repatriation,
    Rescue,
    ServiceReceived,
    ShelterHome,
    SupportContact,
)
from .selectors import is_child_at_rescue

SEED = 9091
Kind = CustodyOrder.Kind
Stage = Repatriation.Stage

# name, kind, state, district, in use
SHELTERS = [
    ("Sahara Ujjawala Home (demo)", ShelterHome.Kind.UJJAWALA, "MH", "Thane", True),
    ("Mumbai Children's Home No. 3 (demo)", ShelterHome.Kind.CHILDRENS_HOME, "MH", "Mumbai City", True),
    ("Asha Protective Home (demo)", ShelterHome.Kind.PROTECTIVE_HOME, "DL", "North West Delhi", True),
    ("Nanhe Kadam Children's Home (demo)", ShelterHome.Kind.CHILDRENS_HOME, "DL", "South Delhi", True),
    ("Karunya Swadhar Greh (demo)", ShelterHome.Kind.SWADHAR_GREH, "KA", "Bengaluru Urban", True),
    ("Bengaluru Children's Home for Girls (demo)", ShelterHome.Kind.CHILDRENS_HOME, "KA", "Bengaluru Urban", True),
    ("Sabuj Swadhar Greh (demo)", ShelterHome.Kind.SWADHAR_GREH, "WB", "Howrah", True),
    ("Ranchi Open Shelter (demo)", ShelterHome.Kind.OPEN_SHELTER, "JH", "Ranchi", True),
    ("Kalinga Ujjawala Home (demo)", ShelterHome.Kind.UJJAWALA, "OD", "Khordha", True),
    ("Old Transit Home (demo, closed)", ShelterHome.Kind.NGO_SHELTER, "MH", "Pune", False),
]
# Shelters by state: (for adults, for children)
SHELTER_FOR = {
    "MH": ("Sahara Ujjawala Home (demo)", "Mumbai Children's Home No. 3 (demo)"),
    "DL": ("Asha Protective Home (demo)", "Nanhe Kadam Children's Home (demo)"),
    "KA": ("Karunya Swadhar Greh (demo)", "Bengaluru Children's Home for Girls (demo)"),
}
# Authorities and rescuing agencies are named by office and the district where she was found
# (real offices; no invented unit): e.g. "Child Welfare Committee, Pune".
AGENCY_DETAIL = {
    "ahtu": "Anti-Human Trafficking Unit, {place}",
    "police": "{place} police",
    "ngo_with_police": "{org} with {place} police",
    "railway_police": "Government Railway Police, {place}",
    "childline": "Childline 1098, {place}",
}


def _place(case: Case) -> str:
    district = case.destination_district
    return district.name if district else case.destination_state.name


def _cwc(case: Case) -> str:
    """JJ Act s.27: a Child Welfare Committee in every district."""
    return f"Child Welfare Committee, {_place(case)}"


def _magistrate(case: Case, on: datetime.date) -> str:
    """The magistrate of the place of rescue (ITPA s.17)."""
    return f"{magistrate_office(case.destination_state.code, _place(case), on)}, {_place(case)}"


# Goals of a plan: (area, status, description, responsible organisation short name)
PLAN_GOALS = [
    ("livelihood", GoalStatus.IN_PROGRESS, "Tailoring course, then a sewing machine to work from home", "SSF"),
    ("livelihood", GoalStatus.PLANNED, "Small grocery stall in the village market (micro-business)", "SSF"),
    ("identity_papers", GoalStatus.ACHIEVED, "Aadhaar card re-issued in her own name", "SSF"),
    ("bank_account", GoalStatus.ACHIEVED, "Savings account at the village branch, in her sole name", "SSF"),
    ("ration_card", GoalStatus.IN_PROGRESS, "Ration card for her household", "SSF"),
    ("education", GoalStatus.DROPPED, "Open school, Class 10 (she chose work first)", "SSF"),
    ("psychological", GoalStatus.IN_PROGRESS, "Weekly counselling sessions", "SSF"),
    ("health", GoalStatus.ACHIEVED, "Follow-up treatment at the block health centre", "SSF"),
    ("legal_aid", GoalStatus.PLANNED, "Victim compensation application with legal aid", "NLN"),
]
PRIORITIES = [
    "I want to earn my own money and not depend on anyone. I want my little sister to stay in school.",
    "Amar nijer ekta dokan chai. I want a shop of my own near home, and that nobody in the village talks about me.",
    "First I want to feel safe at home. Then work: tailoring, because I learnt some before.",
]
SUPPORT = [
    (SupportContact.Kind.HOME_VISIT, "Visited her at home. She is cheerful; her mother is supportive now."),
    (SupportContact.Kind.PEER_SUPPORT, "Met with two other sisters from the collective. She spoke for the first time."),
    (SupportContact.Kind.COURT_ACCOMPANIMENT, "Went with her to the sessions court; the hearing was adjourned."),
    (SupportContact.Kind.PHONE_CALL, "Called her before the bank visit; she asked us to come along."),
    (SupportContact.Kind.OFFICE_ACCOMPANIMENT, "Accompanied her to the block office for the ration card."),
]
# New cases led in Karnataka (no demo case is led there yet): pseudonym, first name, surname.
KARNATAKA_CASES = [("S-DKA01", "Jharana", "Majhifake"), ("S-DKA02", "Basanti", "Naikfake")]


def _member(username: str) -> Membership | None:
    return Membership.objects.active().filter(user__username=username).select_related("organisation", "user").first()


def _staff(short_name: str, number: int = 1) -> Membership | None:
    return _member(f"{short_name.lower()}_caseworker{number}")


def _lead_of(case: Case):
    assignment = (
        CaseAssignment.objects.active().filter(case=case, role=CaseRole.LEAD_CASEWORKER).select_related("user").first()
    )
    return assignment.user if assignment else None


def _at(day: datetime.date, hour: int = 11, minute: int = 0) -> datetime.datetime:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return min(moment, timezone.now() - datetime.timedelta(minutes=30))


@contextmanager
def _dated(case: Case, when: datetime.datetime):
    """Timeline events and transitions written inside the block are dated `when` (demo only)."""
    last_event = CaseEvent.objects.filter(case=case).aggregate(m=Max("pk"))["m"] or 0
    last_move = StageTransition.objects.filter(case=case).aggregate(m=Max("pk"))["m"] or 0
    yield
    CaseEvent.objects.filter(case=case, pk__gt=last_event).backdate_for_demo(occurred_at=when)
    StageTransition.objects.filter(case=case, pk__gt=last_move).backdate_for_demo(
        recorded_at=when, effective_on=timezone.localtime(when).date()
    )


class Seeder:
    def __init__(self, record_examination: Callable[..., object]):
        self.record_examination = record_examination
        self.rng = random.Random(SEED)
        self.fake = Faker("en_IN")
        self.fake.seed_instance(SEED)
        self.today = timezone.localdate()
        self.orgs = {o.short_name: o for o in Organisation.objects.all()}
        self.shelters = {}
        self.created = 0
        self.scripted: set[int] = set()

    def days_ago(self, n: int) -> datetime.date:
        return self.today - datetime.timedelta(days=n)

    # --- building blocks ------------------------------------------------------------------

    def shelters_seed(self):
        keeper = _member("coordinator")
        for name, kind, state_code, district_name, active in SHELTERS:
            existing = ShelterHome.objects.filter(name=name).first()
            if existing is None and keeper is not None:
                state = State.objects.get(code=state_code)
                existing = services.shelter_save(
                    actor_membership=keeper,
                    shelter=ShelterHome(
                        name=name,
                        kind=kind,
                        state=state,
                        district=District.objects.filter(state=state, name=district_name).first(),
                        is_active=active,
                    ),
                )
                self.created += 1
            self.shelters[name] = existing

    def shelter_in(self, state_code: str, child: bool) -> ShelterHome | None:
        names = SHELTER_FOR.get(state_code)
        return self.shelters.get(names[1 if child else 0]) if names else None

    def rescue(self, case: Case, actor, *, examined=True, when=None) -> Rescue:
        recorded = Rescue.objects.filter(case=case).first()
        if recorded is not None:  # recorded at intake (cases.demo) or by the investigation demo, which run first
            return recorded
        state_code = case.destination_state.code
        escaped = case.escaped
        rescued_at = when or _at(case.rescued_on, self.rng.randint(6, 21), self.rng.choice([0, 15, 30, 45]))
        child = is_child_at_rescue(case, timezone.localtime(rescued_at).date())
        if escaped:
            agency, detail = Rescue.Agency.SELF, ""
        else:
            agency = self.rng.choice(
                [Rescue.Agency.AHTU, Rescue.Agency.POLICE, Rescue.Agency.NGO_WITH_POLICE]
                + ([Rescue.Agency.CHILDLINE] if child else [Rescue.Agency.RAILWAY_POLICE])
            )
            org = DESTINATION_ORG.get(state_code, "NGO")
            detail = AGENCY_DETAIL[agency].format(place=_place(case), org=org)
        examined_at = rescued_at + datetime.timedelta(hours=self.rng.randint(3, 20)) if examined else None
        if examined_at and examined_at > timezone.now():
            examined_at = None
        rescue = Rescue(
            rescued_at=rescued_at,
            state=case.destination_state,
            district=case.destination_district,
            place=f"{self.fake.street_name()} area" if not escaped else "",
            agency=agency,
            agency_detail=detail,
            others_rescued=None if escaped else self.rng.choice([0, 1, 2, 3, 5]),
            notes="" if escaped else "Synthetic note: rescued after a tip-off from a relative; statement taken.",
        )
        with _dated(case, rescued_at):
            services.rescue_save(actor=actor, case=case, rescue=rescue)
        self.created += 1
        if examined_at is not None:
            self.examination(case, actor, timezone.localtime(examined_at))
        return rescue

    def examination(self, case: Case, actor, moment: datetime.datetime) -> None:
        """Her medical examination, recorded once: the one record (legal.MedicalExamination) and its one
        service, as the Care tab's "Record the medical examination" does. That service is legal's,
        a layer above care: seed_demo hands it in (`seed_care(record_examination=...)`)."""
        with _dated(case, moment):
            self.record_examination(
                actor=actor,
                case=case,
                **{"examined_on": moment.date(), "examined_time": moment.time().replace(second=0, microsecond=0)},
            )

    def order(self, case, actor, kind, day, *, state=None, authority=None, **fields) -> CustodyOrder | None:
        if day > self.today:
            return None
        state = state or case.destination_state
        if authority is None:
            authority = _cwc(case) if kind in CustodyOrder.CHILD_KINDS else _magistrate(case, day)
        order = CustodyOrder(kind=kind, ordered_on=day, state=state, authority=authority, **fields)
        with _dated(case, _at(day, 15)):
            services.custody_order_save(actor=actor, case=case, order=order)
        self.created += 1
        return order

    def cwc_story(self, case, actor, rescue, *, final_outcome=CustodyOrder.Outcome.RESTORED, final_after=100):
        state = case.destination_state.code
        produced = rescue.rescued_on + datetime.timedelta(days=1)
        home = self.shelter_in(state, child=True)
        self.order(
            case,
            actor,
            Kind.CWC_PRODUCTION,
            produced,
            order_number=f"CWC {_place(case)}/{produced:%Y}/{self.rng.randint(100, 999)}",
            outcome=CustodyOrder.Outcome.SHELTER,
            shelter=home,
            notes="Interim placement ordered until the social investigation is complete.",
        )
        self.order(case, actor, Kind.CWC_SIR, produced + datetime.timedelta(days=12))
        self.order(
            case,
            actor,
            Kind.CWC_FINAL,
            produced + datetime.timedelta(days=final_after),
            outcome=final_outcome,
            order_number=f"CWC {_place(case)}/{produced:%Y}/F{self.rng.randint(10, 99)}",
        )

    def adult_custody(self, case, actor, rescue, *, released_after=8, inquiry_after=18, outcome=None):
        state = case.destination_state.code
        ordered = rescue.rescued_on + datetime.timedelta(days=1)
        self.order(
            case,
            actor,
            Kind.MAGISTRATE_CUSTODY,
            ordered,
            outcome=CustodyOrder.Outcome.SHELTER,
            shelter=self.shelter_in(state, child=False),
            order_number=f"ITPA/{ordered:%Y}/{self.rng.randint(10, 99)}",
        )
        if released_after is not None:
            self.order(case, actor, Kind.MAGISTRATE_RELEASE, ordered + datetime.timedelta(days=released_after))
        if inquiry_after is not None:
            self.order(
                case,
                actor,
                Kind.MAGISTRATE_FINAL,
                ordered + datetime.timedelta(days=inquiry_after),
                outcome=outcome or CustodyOrder.Outcome.REPATRIATION,
            )

    def home_verification(self, case, actor, ordered_on, *, report_after=None, finding=CustodyOrder.Finding.GENUINE):
        """ITPA s.17A: the magistrate has her family verified by an organisation; its report, if it came."""
        ordered = self.order(
            case,
            actor,
            Kind.HOME_VERIFICATION_ORDERED,
            ordered_on,
            order_number=f"ITPA/17A/{ordered_on:%Y}/{self.rng.randint(10, 99)}",
            addressed_to=f"{self.orgs['SSF'].name} (home verification in {case.source_state.name})",
        )
        if ordered is not None and report_after is not None:
            self.order(
                case,
                actor,
                Kind.HOME_VERIFICATION,
                ordered_on + datetime.timedelta(days=report_after),
                answers=ordered,
                authority=self.orgs["SSF"].name,
                finding=finding,
            )
        return ordered

    def tracing(self, case, actor, day, outcome, traced_by, *, order=None, notes=""):
        if day > self.today:
            return None
        tracing = FamilyTracing(outcome=outcome, traced_on=day, traced_by=traced_by, order=order, notes=notes)
        with _dated(case, _at(day, 16)):
            services.family_tracing_record(actor=actor, case=case, tracing=tracing)
        self.created += 1
        return tracing

    def transfer_story(self, case, actor, rescue):
        """JJ Act s.95: a child from another district. The CWC asks her home district for a home
        investigation report, receives it, orders her transfer with an escort order to the SJPU, and the
        CWC of her home district receives her within the 15 days. Every deadline met."""
        home = case.source_district
        home_cwc = f"Child Welfare Committee, {home.name if home else case.source_state.name}"
        produced = rescue.rescued_on + datetime.timedelta(days=1)
        self.order(
            case,
            actor,
            Kind.CWC_PRODUCTION,
            produced,
            order_number=f"CWC {_place(case)}/{produced:%Y}/{self.rng.randint(100, 999)}",
            outcome=CustodyOrder.Outcome.SHELTER,
            shelter=self.shelter_in(case.destination_state.code, child=True),
        )
        self.order(case, actor, Kind.CWC_SIR, produced + datetime.timedelta(days=12))
        asked = self.order(
            case,
            actor,
            Kind.HOME_INVESTIGATION_REQUESTED,
            produced + datetime.timedelta(days=4),
            order_number=f"CWC {_place(case)}/{produced:%Y}/HIR{self.rng.randint(10, 99)}",
            addressed_to=f"District Child Protection Unit, {home.name if home else case.source_state.name}",
            home_district=home,
        )
        self.tracing(
            case,
            actor,
            produced + datetime.timedelta(days=8),
            FamilyTracing.Outcome.CONTINUING,
            "Sabuj Sathi Foundation field team",
            order=asked,
            notes="Village found; her mother works away from home. A second visit is planned.",
        )
        self.tracing(
            case,
            actor,
            produced + datetime.timedelta(days=13),
            FamilyTracing.Outcome.TRACED_SAFE,
            f"District Child Protection Unit, {home.name if home else case.source_state.name}",
            order=asked,
            notes="Mother and grandmother met at home; the school takes her back in the new term.",
        )
        report = asked and self.order(
            case,
            actor,
            Kind.HOME_INVESTIGATION_REPORT,
            produced + datetime.timedelta(days=15),
            answers=asked,
            authority=f"District Child Protection Unit, {home.name if home else case.source_state.name}",
            finding=CustodyOrder.Finding.GENUINE,
        )
        transfer_on = produced + datetime.timedelta(days=19)
        transfer = self.order(
            case,
            actor,
            Kind.CWC_TRANSFER,
            transfer_on,
            answers=report or None,
            order_number=f"CWC {_place(case)}/{produced:%Y}/T{self.rng.randint(10, 99)}",
            receiving_authority=home_cwc,
            home_district=home,
            escort_order_on=transfer_on + datetime.timedelta(days=1),
            notes="Escort order to the SJPU; she travels with her case file and the home investigation report.",
        )
        if transfer is not None:
            self.order(
                case,
                actor,
                Kind.CWC_TRANSFER_RECEIVED,
                transfer_on + datetime.timedelta(days=9),
                answers=transfer,
                state=case.source_state,
                authority=home_cwc,
                escorted_by="SJPU escort led by a woman sub-inspector",
            )

    def consent(self, case, actor, organisation, *, given_on, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION):
        minor = case.survivor.is_minor_now
        given_on = min(given_on, self.today)
        with _dated(case, _at(given_on, 12)):
            return case_services.consent_record(
                actor=actor,
                case=case,
                purpose=purpose,
                recipient_organisation=organisation,
                given_by=Consent.GivenBy.LEGAL_BASIS if minor else Consent.GivenBy.SURVIVOR,
                legal_basis=f"{_cwc(case)}: final order" if minor else "",
                method=Consent.Method.WRITTEN,
                given_on=given_on,
            )

    def repatriation(self, case, sender, receiver_short, *, requested, stage, receiver=None, handed=None, **extra):
        """Send a request and walk it to `stage`, each step dated in the past."""
        receiving = self.orgs[receiver_short]
        receiver = receiver or _staff(receiver_short)
        if receiving.pk != case.lead_organisation_id:
            self.consent(case, sender, receiving, given_on=requested - datetime.timedelta(days=2))
        with _dated(case, _at(requested, 10)):
            repatriation = services.repatriation_request(
                actor=sender,
                case=case,
                receiving_organisation=receiving,
                from_state=case.destination_state,
                to_state=case.source_state,
                to_district=case.source_district,
                requested_on=requested,
                expected_handover_on=extra.get("expected", requested + datetime.timedelta(days=14)),
                note_for_receiver=extra.get(
                    "note", "She travels with a female escort. Please arrange the first counselling session."
                ),
            )
        self.created += 1
        accepted = requested + datetime.timedelta(days=extra.get("accept_after", 3))
        travel = accepted + datetime.timedelta(days=extra.get("travel_after", 5))
        handed = handed or _at(travel, 14, 30)
        steps = {
            Stage.ACCEPTED: ("accept", receiver.user, {"accepted_on": accepted}, _at(accepted, 11)),
            Stage.TRAVEL_ARRANGED: (
                "arrange_travel",
                sender,
                {"travel_on": travel, "travel_mode": "train", "escort": "Caseworker and a woman constable"},
                _at(min(travel, self.today) - datetime.timedelta(days=2 if travel <= self.today else 0), 16),
            ),
            Stage.HANDED_OVER: ("hand_over", sender, {"handed_over_at": handed, "handover_place": "Station"}, handed),
            Stage.ARRIVAL_ACKNOWLEDGED: (
                "acknowledge_arrival",
                receiver.user,
                {"acknowledged_at": handed + datetime.timedelta(hours=20)},
                handed + datetime.timedelta(hours=20),
            ),
            Stage.REFUSED: (
                "refuse",
                receiver.user,
                {
                    "closing_reason": Repatriation.ClosingReason.OTHER_ORGANISATION,
                    "closing_note": "Her family has moved to Jharkhand; an organisation there is better placed.",
                },
                _at(accepted, 12),
            ),
            Stage.CANCELLED: (
                "cancel",
                sender,
                {
                    "closing_reason": Repatriation.ClosingReason.SURVIVOR_CHOICE,
                    "closing_note": "She chose to stay in Mumbai for a job placement arranged by the shelter.",
                },
                _at(travel - datetime.timedelta(days=1), 12),
            ),
        }
        path = {
            Stage.REQUESTED: [],
            Stage.ACCEPTED: [Stage.ACCEPTED],
            Stage.TRAVEL_ARRANGED: [Stage.ACCEPTED, Stage.TRAVEL_ARRANGED],
            Stage.HANDED_OVER: [Stage.ACCEPTED, Stage.TRAVEL_ARRANGED, Stage.HANDED_OVER],
            Stage.ARRIVAL_ACKNOWLEDGED: [
                Stage.ACCEPTED,
                Stage.TRAVEL_ARRANGED,
                Stage.HANDED_OVER,
                Stage.ARRIVAL_ACKNOWLEDGED,
            ],
            Stage.REFUSED: [Stage.REFUSED],
            Stage.CANCELLED: [Stage.ACCEPTED, Stage.CANCELLED],
        }[stage]
        for target in path:
            name, actor, values, when = steps[target]
            repatriation = Repatriation.objects.get(pk=repatriation.pk)
            with _dated(case, when):
                repatriation = services.repatriation_transition(
                    actor=actor,
                    case=case,
                    repatriation=repatriation,
                    transition=name,
                    expected_version=repatriation.version,
                    values=values,
                )
        return repatriation

    def plan(self, case, actor, *, goals=PLAN_GOALS, priorities=None, start=None):
        start = start or max(case.rescued_on or self.days_ago(200), self.days_ago(300))
        with _dated(case, _at(start + datetime.timedelta(days=2), 12)):
            services.plan_priorities_save(
                actor=actor,
                case=case,
                priorities=priorities or self.rng.choice(PRIORITIES),
                recorded_on=min(start + datetime.timedelta(days=2), self.today),
            )
        span = max((self.today - start).days, 10)
        made = {}
        for index, (area, status, description, responsible) in enumerate(goals):
            begun = start + datetime.timedelta(days=3 + index * span // (len(goals) * 3))
            ended = None
            if status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED):
                ended = min(begun + datetime.timedelta(days=span // 2), self.today)
            goal = RehabilitationGoal(
                area=area,
                description=description,
                status=status,
                start_on=begun if status != GoalStatus.PLANNED else None,
                target_on=begun + datetime.timedelta(days=180),
                ended_on=ended,
                responsible_organisation=self.orgs.get(responsible) or case.lead_organisation,
            )
            with _dated(case, _at(min(begun, self.today), 13)):
                made[area] = services.goal_save(actor=actor, case=case, goal=goal)
            self.created += 1
        return made, start, span

    def services_received(self, case, actor, goals, start, span):
        rows = [
            ("medical", "health", None, 0.1, "SSF"),
            ("psychological", "psychological", None, 0.2, "SSF"),
            ("vocational_training", "livelihood", Decimal("6500"), 0.3, "SSF"),
            ("documents", "identity_papers", None, 0.35, "SSF"),
            ("livelihood_grant", "livelihood", Decimal("25000"), 0.6, "SSF"),
            ("micro_enterprise", "livelihood", Decimal("15000.50"), 0.8, "SSF"),
            ("legal_aid", "legal_aid", None, 0.9, "NLN"),
        ]
        for kind, area, amount, share, provider in rows:
            received = min(start + datetime.timedelta(days=int(span * share)), self.today)
            with _dated(case, _at(received, 15)):
                services.service_record(
                    actor=actor,
                    case=case,
                    service=ServiceReceived(
                        kind=kind,
                        received_on=received,
                        goal=goals.get(area),
                        provided_by=self.orgs.get(provider) or case.lead_organisation,
                        amount=amount,
                    ),
                )
            self.created += 1

    def support(self, case, leader, start, span, count=4):
        for index, (kind, note) in enumerate(SUPPORT[:count]):
            when = min(start + datetime.timedelta(days=10 + index * span // (count + 1)), self.today)
            with _dated(case, _at(when, 17)):
                services.support_record(
                    actor=leader.user, case=case, contact=SupportContact(kind=kind, happened_on=when, note=note)
                )
            self.created += 1

    def karnataka_case(self, pseudonym, first, last, *, rescued_days_ago):
        lead = _staff("KNSK")
        existing = Case.objects.filter(survivor__pseudonym=pseudonym).first()
        if existing or lead is None:
            return existing
        odisha, karnataka = State.objects.get(code="OD"), State.objects.get(code="KA")
        # Her home: a synthetic village in a source district of Odisha (where she is from).
        home = District.objects.get(
            state=odisha, name=SOURCE_DISTRICTS["OD"][int(pseudonym[-1]) % len(SOURCE_DISTRICTS["OD"])]
        )
        village = f"{self.rng.choice(VILLAGE_STEMS)}{self.rng.choice(VILLAGE_ENDINGS['OD'])}"
        rescued_on = self.days_ago(rescued_days_ago)
        trafficked_on = rescued_on - datetime.timedelta(days=self.rng.randint(60, 300))
        case = case_services.case_open(
            actor_membership=lead,
            survivor=SurvivorDetails(
                pseudonym=pseudonym,
                full_name=f"{first} {last}",
                estimated_age=self.rng.randint(20, 26),
                age_recorded_on=self.today,
                age_basis="self_reported",
                languages_spoken=[Language.ODIA, Language.HINDI],
                preferred_language=Language.ODIA,
                phone_numbers=[f"9{self.rng.randint(100000000, 999999999)}"],
                origin_state=odisha,
                origin_district=home,
                origin_village=village,
            ),
            source_state=odisha,
            source_district=home,
            destination_state=karnataka,
            destination_district=District.objects.filter(state=karnataka, name="Bengaluru Urban").first(),
            destination_place=f"{self.fake.street_name()} garment unit",
            trafficked_on=trafficked_on,
            left_home_on=trafficked_on,
            narrative="Synthetic narrative: promised work in a garment unit, confined in a hostel, unpaid.",
            risk_level="medium",
            exploitation_forms=ExploitationForm.objects.filter(code="forced_labour"),
            # Recorded at intake as the care record's rescue; the case keeps its copy.
            intake={
                "rescue": {
                    "rescued_on": rescued_on,
                    "rescued_time": datetime.time(self.rng.randint(6, 21), 30),
                    "state": karnataka,
                    "district": District.objects.filter(state=karnataka, name="Bengaluru Urban").first(),
                    "place": f"{self.fake.street_name()} hostel",
                    "agency": Rescue.Agency.LABOUR_DEPARTMENT,
                    "agency_detail": "Labour department, Bengaluru (synthetic)",
                }
            },
        )
        self.consent(case, lead.user, None, given_on=rescued_on, purpose=ConsentPurpose.CASE_MANAGEMENT)
        return case

    # --- the scripted stories -------------------------------------------------------------

    def open_cases(self, lead_short, **filters):
        return list(
            Case.objects.filter(lead_organisation__short_name=lead_short, status=Case.Status.OPEN, **filters)
            .select_related("survivor", "source_state", "source_district", "destination_state", "destination_district")
            .exclude(pk__in=self.scripted)
            .order_by("reference")
        )

    def pick(self, cases, *, child=None, escaped=None, older_than=None, newer_than=None):
        for case in cases:
            if case.pk in self.scripted or case.rescued_on is None:
                continue
            if escaped is not None and case.escaped != escaped:
                continue
            if child is not None and is_child_at_rescue(case, case.rescued_on) != child:
                continue
            age = (self.today - case.rescued_on).days
            if older_than is not None and age < older_than:
                continue
            if newer_than is not None and age > newer_than:
                continue
            self.scripted.add(case.pk)
            return case
        return None

    def mumbai_stories(self):
        mmt = self.open_cases("MMT")
        # A child: CWC production, interim placement, report and final order for repatriation,
        # then the request to Sabuj Sathi Foundation, waiting in cw_wb's incoming handovers.
        child = self.pick(mmt, child=True, escaped=False, older_than=150)
        if child:
            actor = _lead_of(child)
            rescue = self.rescue(child, actor)
            self.cwc_story(child, actor, rescue, final_outcome=CustodyOrder.Outcome.REPATRIATION, final_after=110)
            self.repatriation(
                child,
                actor,
                "SSF",
                requested=self.days_ago(3),
                stage=Stage.REQUESTED,
                expected=self.days_ago(-10),
                note="The CWC ordered her repatriation. Please arrange production before the Child Welfare "
                f"Committee of her home district ({child.source_district.name}) on arrival (JJ Act s.95).",
            )
        # An adult: magistrate's custody and inquiry, repatriated to SSF, arrival acknowledged, her plan.
        adult = self.pick(mmt, child=False, escaped=False, older_than=200)
        if adult:
            actor = _lead_of(adult)
            rescue = self.rescue(adult, actor)
            self.adult_custody(adult, actor, rescue)
            # ITPA s.17A: her family verified before the magistrate's final order (day 18 of custody).
            verification = self.home_verification(
                adult, actor, rescue.rescued_on + datetime.timedelta(days=4), report_after=9
            )
            self.tracing(
                adult,
                actor,
                rescue.rescued_on + datetime.timedelta(days=10),
                FamilyTracing.Outcome.TRACED_SAFE,
                "Sabuj Sathi Foundation field team",
                order=verification,
            )
            requested = rescue.rescued_on + datetime.timedelta(days=25)
            self.repatriation(
                adult, actor, "SSF", requested=requested, stage=Stage.ARRIVAL_ACKNOWLEDGED, receiver=_member("cw_wb")
            )
            goals, start, span = self.plan(adult, _member("cw_wb").user, start=requested + datetime.timedelta(days=12))
            self.services_received(adult, _member("cw_wb").user, goals, start, span)
        # Another adult: she chose to stay; the repatriation was cancelled.
        stayed = self.pick(mmt, child=False, escaped=False, older_than=60)
        if stayed:
            actor = _lead_of(stayed)
            rescue = self.rescue(stayed, actor)
            self.repatriation(
                stayed, actor, "SSF", requested=rescue.rescued_on + datetime.timedelta(days=20), stage=Stage.CANCELLED
            )
        # A recent rescue: protective custody running, its 10-day limit and 3-week inquiry open.
        recent = self.pick(mmt, child=False, newer_than=12)
        if recent:
            actor = _lead_of(recent)
            rescue = self.rescue(recent, actor)
            self.adult_custody(recent, actor, rescue, released_after=None, inquiry_after=None)
        # Custody during the inquiry, and a home verification (ITPA s.17A) ordered: its report is still due.
        waiting = self.pick(mmt, child=False, escaped=False, older_than=3, newer_than=45)
        if waiting:
            actor = _lead_of(waiting)
            rescue = self.rescue(waiting, actor)
            custody_on = max(rescue.rescued_on + datetime.timedelta(days=1), self.days_ago(12))
            self.order(
                waiting,
                actor,
                Kind.MAGISTRATE_CUSTODY,
                custody_on,
                outcome=CustodyOrder.Outcome.SHELTER,
                shelter=self.shelter_in(waiting.destination_state.code, child=False),
                order_number=f"ITPA/{custody_on:%Y}/{self.rng.randint(10, 99)}",
            )
            ordered_on = custody_on + datetime.timedelta(days=2)
            verification = self.home_verification(waiting, actor, ordered_on)
            self.tracing(
                waiting, actor, ordered_on + datetime.timedelta(days=1), FamilyTracing.Outcome.CONTINUING,
                "Sabuj Sathi Foundation field team", order=verification,
                notes="Her parents' village is found; they have not yet been met.",
            )  # fmt: skip
        # A child from another district: home investigation, transfer and arrival at her home district's CWC.
        transferred = self.pick(mmt, child=True, escaped=False, older_than=45)
        if transferred:
            actor = _lead_of(transferred)
            self.transfer_story(transferred, actor, self.rescue(transferred, actor))

    def delhi_stories(self):
        das = self.open_cases("DAS")
        jh_receiver = _member("cw_jh")
        # Handed over to Jharkhand six days ago: the acknowledgement is overdue.
        overdue = self.pick(das, child=False, escaped=False, older_than=60)
        if overdue:
            actor = _lead_of(overdue)
            self.rescue(overdue, actor)
            handed = _at(self.days_ago(6), 9, 30)
            self.repatriation(
                overdue,
                actor,
                "JGVM",
                requested=self.days_ago(20),
                stage=Stage.HANDED_OVER,
                receiver=jh_receiver,
                handed=handed,
                accept_after=4,
                travel_after=7,
            )
        # Travel arranged for next week.
        travelling = self.pick(das, child=False, escaped=False, older_than=30)
        if travelling:
            actor = _lead_of(travelling)
            self.rescue(travelling, actor)
            self.repatriation(
                travelling,
                actor,
                "JGVM",
                requested=self.days_ago(10),
                stage=Stage.TRAVEL_ARRANGED,
                receiver=_staff("JGVM"),
                accept_after=2,
                travel_after=12,
            )
        # A child rescued last week: produced before the CWC; report and final order are due.
        child = self.pick(das, child=True, newer_than=30)
        if child:
            actor = _lead_of(child)
            rescue = self.rescue(child, actor)
            self.cwc_story(child, actor, rescue)

    def karnataka_stories(self):
        accepted = self.karnataka_case(*KARNATAKA_CASES[0], rescued_days_ago=40)
        refused = self.karnataka_case(*KARNATAKA_CASES[1], rescued_days_ago=70)
        for case, stage, requested in ((accepted, Stage.ACCEPTED, 6), (refused, Stage.REFUSED, 15)):
            if case is None or Repatriation.objects.filter(case=case).exists():  # told already
                continue
            self.scripted.add(case.pk)
            actor = _lead_of(case)
            rescue = self.rescue(case, actor)
            self.adult_custody(case, actor, rescue, released_after=9, inquiry_after=19)
            self.repatriation(
                case,
                actor,
                "OMAS",
                requested=self.days_ago(requested),
                stage=stage,
                accept_after=2,
                receiver=_staff("OMAS", 2 if stage == Stage.REFUSED else 1),
            )

    def leader_stories(self):
        leader = _member("leader_wb")
        if leader is None:
            return
        cases = list(
            Case.objects.filter(
                status=Case.Status.OPEN,
                assignments__in=CaseAssignment.objects.active().filter(user=leader.user),
            )
            .select_related("survivor", "destination_state", "destination_district")
            .exclude(pk__in=self.scripted)
            .order_by("reference")
            .distinct()[:2]
        )
        for index, case in enumerate(cases):
            self.scripted.add(case.pk)
            actor = _lead_of(case)
            if case.rescued_on:
                rescue = self.rescue(case, actor)
                if is_child_at_rescue(case, rescue.rescued_on):
                    self.cwc_story(case, actor, rescue)
            goals, start, span = self.plan(case, actor, priorities=PRIORITIES[index % len(PRIORITIES)])
            self.services_received(case, actor, goals, start, span)
            self.support(case, leader, start, span, count=4 - index)

    def everyone_else(self):
        """Every other open case with a rescue (recorded at intake): a child's CWC orders as far as the
        dates reach; a short plan on some."""
        cases = (
            Case.objects.filter(status=Case.Status.OPEN, rescued_on__isnull=False)
            .exclude(pk__in=self.scripted)
            .exclude(pk__in=CustodyOrder.objects.values("case_id"))
            .select_related("survivor", "destination_state", "destination_district", "lead_organisation")
            .order_by("reference")
        )
        missed_production = False
        for case in cases:
            actor = _lead_of(case)
            if actor is None:
                continue
            recent = (self.today - case.rescued_on).days <= 10
            rescue = self.rescue(case, actor, examined=not recent or self.rng.random() < 0.5)
            if is_child_at_rescue(case, rescue.rescued_on):
                if recent and not missed_production:
                    missed_production = True  # one child not yet produced: the 24-hour deadline is overdue
                    continue
                self.cwc_story(case, actor, rescue)
            if self.rng.random() < 0.3:
                goals = self.rng.sample(PLAN_GOALS, k=3)
                self.plan(case, actor, goals=[(a, s, d, case.lead_organisation.short_name) for a, s, d, _ in goals])


@transaction.atomic
def seed_care(*, record_examination: Callable[..., object]) -> int:
    """The care stories; `record_examination` is legal.investigation.services.medical_exam_record, given by the
    demo command in the top layer (care does not import legal)."""
    marker = Case.objects.filter(survivor__pseudonym=MARKER_PSEUDONYM).first()
    seeder = Seeder(record_examination)
    seeder.shelters_seed()
    # Seeded already when the stories' custody orders exist (every case has its rescue from intake).
    if marker is None or CustodyOrder.objects.exists():
        return seeder.created
    seeder.mumbai_stories()
    seeder.delhi_stories()
    seeder.karnataka_stories()
    seeder.leader_stories()
    seeder.everyone_else()
    return seeder.created
