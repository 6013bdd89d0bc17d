"""Synthetic data at scale for the benchmarks: the demo consortium, then N cases built in bulk.

Opening 10^4 cases through cases.services.case_open() (plus team_add, consent_record,
note_add, ...) takes tens of minutes, so the rows are made in memory and inserted with
bulk_create, in the shape the services leave behind:

- a survivor per case, identity encrypted, with her blind-index search tokens (the same
  digests survivors.services.survivor_search_tokens_rebuild() writes: checked after the
  build against the real function);
- a case with a reference from the lead organisation's home state and the year it was
  opened, one to two forms of exploitation and means of recruitment, some closed;
- a lead caseworker assignment and one to three others: a colleague, the organisation's
  lawyer, a network lawyer, the partner NGO at the other end of the route or a survivor
  leader; people from outside the lead organisation join on a recorded consent, a few of
  which were later withdrawn or expired, and a few people left the team;
- 5 to 20 timeline events (opening, team and consent changes, notes, edits, closure),
  with the notes (some lawyers-only) as CaseNote rows;
- simple-history rows for survivors and cases, and the reference counters.

Everything comes from a seeded random generator and a seeded Faker: the same seed and the
same day give the same data. All data is synthetic.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker

from care.models import Rescue
from cases.demo import (
    DESTINATION_DISTRICTS,
    FORMS_WEIGHTED,
    LAWYER_NOTES,
    NOTES,
    OFFERS,
    VILLAGE_ENDINGS,
    VILLAGE_STEMS,
)
from cases.models import (
    Case,
    CaseAssignment,
    CaseEvent,
    CaseNote,
    CaseReferenceCounter,
    CaseRole,
    ExploitationForm,
    RecruitmentMeans,
    RiskLevel,
)
from cases.reference import load_case_reference_data
from consortium import demo as consortium_demo
from consortium.models import District, Membership, Organisation, Role, State
from core.crypto import blind_index, normalise_name, normalise_phone
from survivors.models import (
    ADULT_AGE,
    AgeBasis,
    Consent,
    ConsentPurpose,
    Language,
    Survivor,
    SurvivorSearchToken,
    UpdateChannel,
)
from survivors.services import survivor_match_tokens, survivor_search_tokens_rebuild

SEED = 1729
PASSWORD = "bench-password-123"
YEARS = 6  # cases were opened over the last six years
BATCH = 2000
CHUNK = 2000  # cases made and inserted at a time (memory is one chunk's, whatever the total)
EVENTS_PER_CASE = (5, 20)
TIMELINE_EVENTS = 20  # the case whose detail and timeline are measured has this many events

# The benchmark's people (demo logins, see consortium.demo.DEMO_LOGINS).
CASEWORKER = "cw_wb"
ORG_ADMIN = "admin_wb"
COORDINATOR = "coordinator"

SOURCE_STATES = [("WB", 5), ("JH", 4), ("OD", 3), ("BR", 1), ("AS", 1)]
DESTINATION_STATES = [("MH", 5), ("DL", 4), ("KA", 3), ("GJ", 1), ("UP", 1)]
ORG_FOR_STATE = {"WB": "SSF", "JH": "JGVM", "OD": "OMAS", "MH": "MMT", "DL": "DAS", "KA": "KNSK"}
COLLECTIVE_FOR_STATE = {"WB": "Utthan", "JH": "Ujala", "OD": "Ujala"}
HOME_LANGUAGE = {"WB": Language.BENGALI, "JH": Language.HINDI, "OD": Language.ODIA, "AS": Language.ASSAMESE}
PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CLOSURE_REASONS = [
    (Case.ClosureReason.JUSTICE_COMPLETE, 4),
    (Case.ClosureReason.LOST_CONTACT, 3),
    (Case.ClosureReason.SURVIVOR_WITHDREW, 2),
    (Case.ClosureReason.TRANSFERRED, 1),
    (Case.ClosureReason.DUPLICATE, 1),
    (Case.ClosureReason.OTHER, 1),
]
# Kinds of team members besides the lead: (kind, weight)
TEAM_KINDS = [("colleague", 5), ("nln_lawyer", 4), ("partner", 3), ("org_lawyer", 2), ("collective", 2)]
OUTSIDER_PURPOSE = {
    "nln_lawyer": ConsentPurpose.LEGAL_REPRESENTATION,
    "partner": ConsentPurpose.SHARE_WITH_ORGANISATION,
    "collective": ConsentPurpose.COLLECTIVE_SUPPORT,
    "coordinator": ConsentPurpose.SHARE_WITH_ORGANISATION,
}
TEAM_ROLE = {
    "colleague": CaseRole.CASEWORKER,
    "partner": CaseRole.CASEWORKER,
    "org_lawyer": CaseRole.LAWYER,
    "nln_lawyer": CaseRole.LAWYER,
    "collective": CaseRole.SURVIVOR_LEADER,
    "coordinator": CaseRole.COORDINATOR,
}


def search_digests(
    full_name: str, other_names, phone_numbers, *, guardian_phone: str = "", date_of_birth=None
) -> set[tuple[str, str]]:
    """The (kind, digest) pairs survivors.services.survivor_search_tokens_rebuild() stores: the case
    search's, and the possible duplicates' (survivor_match_tokens)."""
    digests = set()
    for name in [full_name, *other_names]:
        normalised = normalise_name(name)
        if not normalised:
            continue
        digests.add(("name", blind_index("name", normalised)))
        for word in normalised.split():
            if len(word) >= 3:
                digests.add(("name", blind_index("name", word)))
    for phone in phone_numbers:
        normalised = normalise_phone(phone)
        if normalised:
            digests.add(("phone", blind_index("phone", normalised)))
    matching = survivor_match_tokens(
        names=[full_name, *other_names],
        phones=phone_numbers,
        guardian_phone=guardian_phone,
        date_of_birth=date_of_birth,
    )
    return digests | {(str(kind), digest) for kind, digest in matching}


@dataclass
class Dataset:
    cases: int
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows inserted
    timeline_case_id: int | None = None  # led by CASEWORKER, TIMELINE_EVENTS events
    search_case_id: int | None = None  # led by CASEWORKER, for the reference and name searches


@dataclass
class _Spec:
    lead: Membership
    opened_at: datetime.datetime
    closed_on: datetime.date | None
    timeline: bool = False


class _Builder:
    def __init__(self, n_cases: int, seed: int):
        self.n = n_cases
        self.rng = random.Random(seed)
        self.fake = Faker("en_IN")
        self.fake.seed_instance(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.seed = seed
        self.counters: dict[tuple[str, int], int] = {}
        # Rows to insert, in dependency order.
        self.survivors: list[Survivor] = []
        self.cases: list[Case] = []
        self.case_forms: list[tuple[Case, int]] = []
        self.case_means: list[tuple[Case, int]] = []
        self.consents: list[Consent] = []
        self.assignments: list[CaseAssignment] = []
        self.notes: list[CaseNote] = []
        self.events: list[CaseEvent] = []
        self.event_consents: list[tuple[CaseEvent, Consent]] = []
        self.tokens: list[tuple[Survivor, str, str]] = []
        self._load_reference()

    # -- reference data and people -------------------------------------------------------

    def _load_reference(self):
        self.states = {s.code: s for s in State.objects.all()}
        self.districts: dict[int, list[District]] = {}
        for district in District.objects.order_by("state_id", "name"):
            self.districts.setdefault(district.state_id, []).append(district)
        self.orgs = {o.short_name: o for o in Organisation.objects.select_related("home_state")}
        self.forms = {f.code: f.pk for f in ExploitationForm.objects.all()}
        self.means = list(RecruitmentMeans.objects.values_list("pk", flat=True))
        members = list(
            Membership.objects.active()
            .select_related("user", "organisation__home_state")
            .order_by("organisation__short_name", "user__username")
        )
        self.caseworkers = [m for m in members if m.role == Role.CASEWORKER]
        self.by_org_role: dict[tuple[int, str], list[Membership]] = {}
        for m in members:
            self.by_org_role.setdefault((m.organisation_id, m.role), []).append(m)
        self.coordinator = next(m for m in members if m.role == Role.COORDINATOR)

    def _members(self, short_name: str, role: str) -> list[Membership]:
        org = self.orgs.get(short_name)
        return self.by_org_role.get((org.pk, role), []) if org else []

    # -- random helpers ------------------------------------------------------------------

    def _weighted(self, pairs):
        return self.rng.choices([v for v, _ in pairs], [w for _, w in pairs])[0]

    def _aware(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def _between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        span = max((end - start).total_seconds(), 60)
        return start + datetime.timedelta(seconds=self.rng.uniform(0, span))

    def _pseudonym(self, index: int) -> str:
        """Six characters that look random and never repeat: the case's index times an odd number,
        modulo 32^6, is a bijection (no set of the pseudonyms made so far to keep in memory)."""
        value = (index * 0x2545F491 + self.seed * 7919) % (1 << 30)
        return "S-" + "".join(PSEUDONYM_ALPHABET[(value >> shift) & 31] for shift in range(25, -1, -5))

    # -- generation ----------------------------------------------------------------------

    def spec_stream(self):
        """Who leads each case and when it was opened and closed, oldest first, one at a time.

        The opening moments are N sorted uniform draws over the last YEARS years, made in order
        without holding them (the running product of U^(1/k) gives the largest, then the next...;
        one minus it counts upwards), mapped onto office hours. A stream of its own, so walking
        it twice gives the same cases."""
        rng = random.Random(self.seed * 7919 + 1)
        span_days = YEARS * 365 + 1
        first_day = self.today - datetime.timedelta(days=YEARS * 365)
        latest = self.now - datetime.timedelta(minutes=5)
        largest = 1.0
        for remaining in range(self.n, 0, -1):
            largest *= (1.0 - rng.random()) ** (1.0 / remaining)
            position = (1.0 - largest) * span_days
            day = min(int(position), span_days - 1)
            minute = 9 * 60 + int((position - day) * 600)  # 09:00 to 18:59
            opened_on = first_day + datetime.timedelta(days=day)
            opened_at = min(self._aware(opened_on, minute // 60, minute % 60), latest)
            lead = self.caseworkers[rng.randrange(len(self.caseworkers))]
            age_days = (self.today - timezone.localdate(opened_at)).days
            p_closed = 0.1 if age_days < 365 else 0.35 if age_days < 3 * 365 else 0.6
            closed_on = None
            if age_days > 30 and rng.random() < p_closed:
                closed_on = timezone.localdate(opened_at) + datetime.timedelta(days=rng.randint(30, age_days))
            yield _Spec(lead=lead, opened_at=opened_at, closed_on=closed_on)

    def timeline_index(self) -> int:
        """The benchmark caseworker's newest open case gets a full timeline: found by walking the
        stream once (cheap: no rows are made)."""
        theirs = open_case = last = 0
        found_theirs = found_open = False
        for index, spec in enumerate(self.spec_stream()):
            last = index
            if spec.closed_on is None:
                open_case, found_open = index, True
                if spec.lead.user.username == CASEWORKER:
                    theirs, found_theirs = index, True
        return theirs if found_theirs else open_case if found_open else last

    def case(self, spec: _Spec, index: int) -> Case:
        rng, fake = self.rng, self.fake
        lead, org = spec.lead, spec.lead.organisation
        home = org.home_state.code
        # Source-state NGOs lead cases from home; destination-state NGOs lead those that end with them.
        if home in dict(SOURCE_STATES):
            source, destination = home, self._weighted(DESTINATION_STATES)
        else:
            source, destination = self._weighted(SOURCE_STATES), home
        opened_at = spec.opened_at
        opened_on = timezone.localdate(opened_at)
        rescued_on = opened_on - datetime.timedelta(days=rng.randint(0, 45))
        trafficked_on = rescued_on - datetime.timedelta(days=rng.randint(20, 900))
        left_home_on = trafficked_on - datetime.timedelta(days=rng.randint(0, 10)) if rng.random() < 0.9 else None
        if rng.random() < 0.04:
            rescued_on = None  # not known yet

        survivor = self._survivor(source, opened_at, left_home_on or trafficked_on, lead, index)
        year = opened_at.year
        self.counters[(home, year)] = self.counters.get((home, year), 0) + 1
        offer = rng.choice(OFFERS)
        case = Case(
            reference=f"{home}-{year}-{self.counters[(home, year)]:04d}",
            survivor=survivor,
            lead_organisation=org,
            source_state=self.states[source],
            source_district=survivor.origin_district,
            destination_state=self.states[destination],
            destination_district=self._district(destination, hubs=DESTINATION_DISTRICTS.get(destination)),
            destination_place=f"{fake.street_name()} area",
            left_home_on=left_home_on,
            trafficked_on=trafficked_on,
            rescued_on=rescued_on,
            escaped=rng.random() < 0.15,
            narrative=(
                f"Synthetic narrative. She was approached in her village with the offer of {offer}, "
                f"taken by train to {self.states[destination].name} and confined. "
                "She was rescued after a complaint by a relative."
            ),
            risk_level=self._weighted(
                [(RiskLevel.LOW, 3), (RiskLevel.MEDIUM, 5), (RiskLevel.HIGH, 2), (RiskLevel.CRITICAL, 1)]
            ),
            opened_at=opened_at,
            opened_by=lead.user,
            updated_by=lead.user,
        )
        case._history_user, case._history_date = lead.user, opened_at
        if spec.closed_on:
            case.status = Case.Status.CLOSED
            case.closed_on = spec.closed_on
            case.closure_reason = self._weighted(CLOSURE_REASONS)
        self.cases.append(case)

        forms = {self._weighted(FORMS_WEIGHTED)}
        if survivor.minor_at_offence and rng.random() < 0.5:
            forms.add("child_labour" if "forced_labour" in forms else "sexual_exploitation")
        self.case_forms += [(case, self.forms[code]) for code in sorted(forms)]
        self.case_means += [(case, pk) for pk in rng.sample(self.means, k=rng.randint(1, 2))]

        self._team_and_timeline(case, survivor, spec, index, source, destination)
        return case

    def _district(self, state_code: str, hubs=None) -> District | None:
        """A district of the state (a synthetic village there is her home); for a destination, one of
        the hubs where the demo knows the police stations, when it knows the state."""
        districts = self.districts.get(self.states[state_code].pk)
        if hubs and districts:
            districts = [d for d in districts if d.name in hubs] or districts
        return self.rng.choice(districts) if districts else None

    def _survivor(self, source: str, opened_at, offence_day: datetime.date, lead: Membership, index: int) -> Survivor:
        rng, fake = self.rng, self.fake
        opened_on = timezone.localdate(opened_at)
        minor = rng.random() < 0.35
        age_at_offence = rng.randint(12, 17) if minor else rng.randint(18, 34)
        first, last = fake.first_name_female(), fake.last_name()
        other_names = []
        if rng.random() < 0.3:
            other_names = [f"{first[:3]}i" if rng.random() < 0.5 else fake.first_name_female()]
        phones = [f"9{rng.randint(100000000, 999999999)}"]
        if rng.random() < 0.2:
            number = rng.randint(100000000, 999999999)
            phones.append(f"+91 9{str(number)[:4]} {str(number)[4:]}")
        language = HOME_LANGUAGE.get(source, Language.HINDI)
        survivor = Survivor(
            pseudonym=self._pseudonym(index),
            full_name=f"{first} {last}",
            other_names=other_names,
            languages_spoken=sorted({language, Language.HINDI}),
            preferred_language=language,
            preferred_channel=rng.choice(list(UpdateChannel.values)),
            phone_numbers=phones,
            origin_state=self.states[source],
            origin_district=self._district(source),
            origin_village=f"{rng.choice(VILLAGE_STEMS)}{rng.choice(VILLAGE_ENDINGS.get(source, ['pur', 'gaon']))}",
            origin_address=f"Ward {rng.randint(1, 30)}, near {fake.street_name()}" if rng.random() < 0.3 else "",
            family_contact=f"{fake.first_name()} ({rng.choice(['mother', 'father', 'brother', 'aunt'])}), "
            f"9{rng.randint(100000000, 999999999)}",
            identity_papers=rng.sample(
                ["aadhaar", "ration_card", "voter_id", "birth_certificate"], k=rng.randint(0, 3)
            ),
            age_recorded_on=opened_on,
            created_at=opened_at,
            updated_by=lead.user,
        )
        if rng.random() < 0.25:
            survivor.date_of_birth = offence_day - datetime.timedelta(days=age_at_offence * 365 + rng.randint(0, 364))
            survivor.age_basis = AgeBasis.DOCUMENT
        else:
            survivor.estimated_age = age_at_offence + (opened_on - offence_day).days // 365
            survivor.age_basis = rng.choice(
                [AgeBasis.MEDICAL, AgeBasis.SELF_REPORTED, AgeBasis.CWC, AgeBasis.ESTIMATED]
            )
        # As survivors.services.survivor_minor_flag_refresh(): her age on the earliest case date.
        age = survivor.age_on(offence_day)
        survivor.minor_at_offence = age is not None and age < ADULT_AGE
        if survivor.is_minor_now:
            survivor.guardian_name = f"{fake.first_name_female()} {last}"
            survivor.guardian_relation = "mother"
        survivor._history_user, survivor._history_date = lead.user, opened_at
        self.survivors.append(survivor)
        self.tokens += [
            (survivor, kind, digest)
            for kind, digest in sorted(
                search_digests(
                    survivor.full_name,
                    other_names,
                    phones,
                    guardian_phone=survivor.guardian_phone,
                    date_of_birth=survivor.date_of_birth,
                )
            )
        ]
        return survivor

    def _event(self, case, kind, when, actor, summary="", data=None, note=None) -> CaseEvent:
        event = CaseEvent(
            case=case, kind=kind, occurred_at=when, actor=actor, summary=str(summary)[:300], data=data or {}, note=note
        )
        self.events.append(event)
        return event

    def _consent(self, case, survivor, purpose, recipient, given_at, recorded_by, expires_on=None) -> Consent:
        minor_now = survivor.is_minor_now
        consent = Consent(
            case=case,
            purpose=purpose,
            recipient_organisation=recipient,
            given_by=Consent.GivenBy.GUARDIAN if minor_now else Consent.GivenBy.SURVIVOR,
            guardian_name="Guardian (see survivor record)" if minor_now else "",
            method=Consent.Method.THUMBPRINT if purpose == ConsentPurpose.CASE_MANAGEMENT else Consent.Method.WRITTEN,
            given_on=timezone.localdate(given_at),
            expires_on=expires_on,
            recorded_by=recorded_by,
            recorded_at=given_at,
        )
        self.consents.append(consent)
        recipient_text = f" — {recipient.short_name}" if recipient else ""
        event = self._event(
            case,
            CaseEvent.Kind.CONSENT_GIVEN,
            given_at,
            recorded_by,
            f"{consent.get_purpose_display()}{recipient_text} ({consent.get_given_by_display().lower()})",
        )
        self.event_consents.append((event, consent))
        return consent

    def _pick_team(self, lead: Membership, index: int, source: str, destination: str):
        """(kind, membership, organisation the consent names or None) for 1-3 people besides the lead."""
        rng, org = self.rng, lead.organisation
        pools = {
            "colleague": [m for m in self.by_org_role.get((org.pk, Role.CASEWORKER), []) if m.user_id != lead.user_id],
            "org_lawyer": self.by_org_role.get((org.pk, Role.LAWYER), []),
            "nln_lawyer": self._members("NLN", Role.LAWYER),
        }
        other_end = destination if org.home_state.code == source else source
        partner = self.orgs.get(ORG_FOR_STATE.get(other_end, ""))
        if partner and partner.pk != org.pk:
            pools["partner"] = self.by_org_role.get((partner.pk, Role.CASEWORKER), [])
        collective = COLLECTIVE_FOR_STATE.get(source)
        if collective:
            pools["collective"] = self._members(collective, Role.SURVIVOR_LEADER)
        kinds = [(k, w) for k, w in TEAM_KINDS if pools.get(k)]
        chosen, taken = [], {lead.user_id}
        for _ in range(rng.randint(1, 3)):
            if not kinds:
                break
            kind = self._weighted(kinds)
            kinds = [(k, w) for k, w in kinds if k != kind]
            people = [m for m in pools[kind] if m.user_id not in taken]
            if people:
                member = rng.choice(people)
                taken.add(member.user_id)
                chosen.append((kind, member))
        if index % 400 == 5:  # now and then the coordinator is on the team (identity visible to her)
            chosen.append(("coordinator", self.coordinator))
        return chosen

    def _team_and_timeline(self, case, survivor, spec: _Spec, index: int, source: str, destination: str):
        rng = self.rng
        lead, lead_user = spec.lead, spec.lead.user
        opened_at = case.opened_at
        end = self._aware(spec.closed_on, 17) if spec.closed_on else self.now
        end = max(end, opened_at + datetime.timedelta(minutes=30))
        first_event = len(self.events)

        self._event(
            case, CaseEvent.Kind.CASE_OPENED, opened_at, lead_user, f"Case opened by {lead.organisation.short_name}"
        )
        self.assignments.append(
            CaseAssignment(
                case=case,
                user=lead_user,
                organisation=lead.organisation,
                role=CaseRole.LEAD_CASEWORKER,
                started_at=opened_at,
                added_by=lead_user,
            )
        )
        self._event(
            case,
            CaseEvent.Kind.TEAM_ADDED,
            opened_at,
            lead_user,
            f"{lead_user.display_name} joined as lead caseworker",
            {"user": lead_user.pk, "role": CaseRole.LEAD_CASEWORKER},
        )
        self._consent(
            case,
            survivor,
            ConsentPurpose.CASE_MANAGEMENT,
            None,
            opened_at + datetime.timedelta(minutes=20),
            lead_user,
        )

        authors = [(lead_user, False)]
        for kind, member in self._pick_team(lead, index, source, destination):
            joined = min(opened_at + datetime.timedelta(hours=rng.randint(2, 24 * 60)), self._between(opened_at, end))
            consent = None
            if kind in OUTSIDER_PURPOSE:
                expires_on = None
                if kind == "collective" and rng.random() < 0.5:
                    expires_on = timezone.localdate(joined) + datetime.timedelta(days=365)
                consent = self._consent(
                    case,
                    survivor,
                    OUTSIDER_PURPOSE[kind],
                    member.organisation,
                    joined - datetime.timedelta(minutes=30),
                    lead_user,
                    expires_on,
                )
            role = TEAM_ROLE[kind]
            assignment = CaseAssignment(
                case=case,
                user=member.user,
                organisation=member.organisation,
                role=role,
                consent=consent,
                started_at=joined,
                added_by=lead_user,
            )
            self.assignments.append(assignment)
            self._event(
                case,
                CaseEvent.Kind.TEAM_ADDED,
                joined,
                lead_user,
                f"{member.user.display_name} ({member.organisation.short_name}) joined as {role.label.lower()}",
                {"user": member.user_id, "role": role},
            )
            authors.append((member.user, role == CaseRole.LAWYER))
            left = self._between(joined, end)
            if consent is not None and kind != "coordinator" and rng.random() < 0.05:
                consent.withdrawn_at = left
                consent.withdrawal_note = "She asked that this organisation stop receiving updates."
                assignment.ended_at, assignment.ended_by = left, lead_user
                self._event(
                    case,
                    CaseEvent.Kind.CONSENT_WITHDRAWN,
                    left,
                    lead_user,
                    f"{consent.get_purpose_display()} — {member.organisation.short_name}; "
                    f"access ended for {member.user.display_name}",
                )
            elif rng.random() < 0.05:
                assignment.ended_at, assignment.ended_by = left, lead_user
                self._event(
                    case,
                    CaseEvent.Kind.TEAM_REMOVED,
                    left,
                    lead_user,
                    f"{member.user.display_name} left the team ({role.label.lower()})",
                    {"user": member.user_id, "role": role},
                )

        mandatory = len(self.events) - first_event + (1 if spec.closed_on else 0)
        total = TIMELINE_EVENTS if spec.timeline else rng.randint(*EVENTS_PER_CASE)
        start = min(opened_at + datetime.timedelta(days=1), end - datetime.timedelta(minutes=10))
        for when in sorted(self._between(start, end) for _ in range(max(0, total - mandatory))):
            roll = rng.random()
            if roll < 0.65:
                author, is_lawyer = authors[0] if rng.random() < 0.7 else rng.choice(authors)
                lawyers_only = is_lawyer and rng.random() < 0.5
                note = CaseNote(
                    case=case,
                    author=author,
                    body=rng.choice(LAWYER_NOTES if lawyers_only else NOTES),
                    visibility=CaseNote.Visibility.LAWYERS if lawyers_only else CaseNote.Visibility.TEAM,
                    created_at=when,
                )
                self.notes.append(note)
                self._event(case, CaseEvent.Kind.NOTE_ADDED, when, author, note=note)
            elif roll < 0.9:
                case.version += 1
                self._event(case, CaseEvent.Kind.CASE_UPDATED, when, lead_user, "Case details edited")
            else:
                survivor.version += 1
                self._event(case, CaseEvent.Kind.SURVIVOR_UPDATED, when, lead_user, "Survivor details edited")
        if spec.closed_on:
            case.version += 1
            self._event(case, CaseEvent.Kind.CASE_CLOSED, end, lead_user, case.get_closure_reason_display())

    # -- insertion -----------------------------------------------------------------------

    def flush(self, timings: dict, rows: dict) -> None:
        """Insert the cases made since the last flush, in one transaction, and forget them: memory
        stays that of one chunk whatever the number of cases."""
        insert = rows_inserter()

        def timed(name, model, objs):
            started = time.perf_counter()
            insert(model, objs)
            timings[f"insert {name}"] = timings.get(f"insert {name}", 0.0) + time.perf_counter() - started
            rows[name] = rows.get(name, 0) + len(objs)

        forms_through = Case.exploitation_forms.through
        means_through = Case.recruitment_means.through
        with transaction.atomic():
            timed("survivor", Survivor, self.survivors)
            timed("case", Case, self.cases)
            timed(
                "case-exploitation form",
                forms_through,
                [forms_through(case_id=c.pk, exploitationform_id=f) for c, f in self.case_forms],
            )
            timed(
                "case-recruitment means",
                means_through,
                [means_through(case_id=c.pk, recruitmentmeans_id=m) for c, m in self.case_means],
            )
            timed("consent", Consent, self.consents)
            for assignment in self.assignments:  # its copy of the consent's dates and withdrawal, as save() takes
                assignment.copy_consent()
            timed("case assignment", CaseAssignment, self.assignments)
            timed("case note", CaseNote, self.notes)
            for event, consent in self.event_consents:
                event.data = {"consent": consent.pk}
            timed("case event", CaseEvent, self.events)
            timed(
                "survivor search token",
                SurvivorSearchToken,
                [SurvivorSearchToken(survivor=s, kind=k, digest=d) for s, k, d in self.tokens],
            )
            timed("survivor history", Survivor.history.model, history_rows(Survivor, self.survivors))
            timed("case history", Case.history.model, history_rows(Case, self.cases))
            # The rescue is one fact, the care record's (care.Rescue); the case's
            # "rescued on" and "escaped" are its copy, as case_open leaves them.
            timed(
                "rescue",
                Rescue,
                [
                    Rescue(
                        case=c,
                        rescued_at=self._aware(c.rescued_on, 0),
                        time_known=False,
                        state=c.destination_state,
                        district=c.destination_district,
                        place=c.destination_place,
                        agency=Rescue.Agency.SELF if c.escaped else Rescue.Agency.POLICE,
                        created_by_id=c.opened_by_id,
                        updated_by_id=c.opened_by_id,
                        created_at=c.opened_at,
                    )
                    for c in self.cases
                    if c.rescued_on
                ],
            )
        for name in (
            "survivors",
            "cases",
            "case_forms",
            "case_means",
            "consents",
            "assignments",
            "notes",
            "events",
            "event_consents",
            "tokens",
        ):
            getattr(self, name).clear()

    def save_counters(self) -> None:
        for (code, year), last in self.counters.items():
            CaseReferenceCounter.objects.update_or_create(state=self.states[code], year=year, defaults={"last": last})


def history_rows(model, objs) -> list:
    """simple-history's rows for newly made objects, as HistoryManager.bulk_history_create makes them
    (it would also insert them, with bulk_create)."""
    historical = model.history.model
    tracked = historical.tracked_fields
    return [
        _with_source(
            historical(
                history_date=getattr(obj, "_history_date", None) or timezone.now(),
                history_user=getattr(obj, "_history_user", None),
                history_change_reason="",
                history_type="+",
                **{f.attname: getattr(obj, f.attname) for f in tracked},
            ),
            obj,
        )
        for obj in objs
    ]


def _with_source(row, obj):
    row._copy_source = obj  # _copy_rows takes its already-prepared values (encrypted once, not twice)
    return row


def rows_inserter():
    """insert(model, objects), giving each object its primary key: PostgreSQL's COPY (several times
    faster than INSERT for millions of rows), or bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        return lambda model, objs: model.objects.bulk_create(objs, batch_size=BATCH)
    return _copy_rows


_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,
    models.DateTimeField,
    models.ForeignKey,
)
_copy_plans: dict = {}


def _copy_plan(model):
    """Per model: the columns, the foreign keys to take from their objects (made before they had an
    id), and per field whether its value goes as it is (a plain number, flag, date or key: psycopg
    adapts it) or through Django's preparation (choices, JSON, arrays, encryption, auto_now)."""
    if model not in _copy_plans:
        fields = list(model._meta.concrete_fields)
        plain = [
            (type(f) in _PLAIN or isinstance(f, models.ForeignKey))
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
            for f in fields
        ]
        foreign = [f for f in fields if f.is_relation and f.many_to_one]
        _copy_plans[model] = (fields, plain, foreign)
    return _copy_plans[model]


def _copy_rows(model, objs) -> None:
    """COPY the objects into their table, as bulk_create would insert them: primary keys from the
    table's sequence, each field's pre_save (auto_now...) and get_db_prep_save (encryption, JSON...)."""
    if not objs:
        return
    meta = model._meta
    fields, plain, foreign = _copy_plan(model)
    with connection.cursor() as cursor:
        if objs[0].pk is None:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objs)],
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        columns_plan = list(zip(fields, plain, strict=True))
        keep_values = bool(getattr(model, "history", None))  # its history rows reuse them
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                for field in foreign:  # set before the related object had its id, as bulk_create fixes up
                    if getattr(obj, field.attname) is None and field.is_cached(obj):
                        related = field.get_cached_value(obj)
                        if related is not None:
                            setattr(obj, field.attname, related.pk)
                source = getattr(getattr(obj, "_copy_source", None), "_copied", {})
                values = [
                    source[f.attname]
                    if f.attname in source
                    else getattr(obj, f.attname)
                    if is_plain
                    else f.get_db_prep_save(f.pre_save(obj, True), connection)
                    for f, is_plain in columns_plan
                ]
                if keep_values:
                    obj._copied = {f.attname: value for f, value in zip(fields, values, strict=True)}
                copy.write_row(values)
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias


def build_dataset(n_cases: int, *, seed: int = SEED, log=print, chunk: int = CHUNK) -> Dataset:
    dataset = Dataset(cases=n_cases)
    timings = dataset.timings

    started = time.perf_counter()
    consortium_demo.seed(password=PASSWORD)
    load_case_reference_data(ExploitationForm, RecruitmentMeans)
    timings["demo consortium"] = time.perf_counter() - started

    builder = _Builder(n_cases, seed)
    started = time.perf_counter()
    timeline_index = builder.timeline_index()
    timings["generate"] = time.perf_counter() - started
    caseworker_case_ids, sample_ids, timeline_case_id = [], [], None
    pending_cases, pending_sample, pending_timeline = [], [], None  # this chunk's, until inserted
    sample_every = max(1, n_cases // 5)
    log_every = max(chunk, n_cases // 10)
    build_started = time.perf_counter()
    for index, spec in enumerate(builder.spec_stream()):
        spec.timeline = index == timeline_index
        generated = time.perf_counter()
        case = builder.case(spec, index)
        timings["generate"] += time.perf_counter() - generated
        if spec.timeline:
            pending_timeline = case
        if case.opened_by.username == CASEWORKER:
            pending_cases.append(case)
        if index % sample_every == 0:
            pending_sample.append(case.survivor)
        if (index + 1) % chunk == 0 or index + 1 == n_cases:
            builder.flush(timings, dataset.rows)  # the objects have their ids now; keep only those
            caseworker_case_ids += [c.pk for c in pending_cases]
            sample_ids += [s.pk for s in pending_sample]
            if pending_timeline is not None:
                timeline_case_id = pending_timeline.pk
            pending_cases, pending_sample, pending_timeline = [], [], None
            if (index + 1) % log_every < chunk or index + 1 == n_cases:
                log(f"  {index + 1:,} of {n_cases:,} cases in {time.perf_counter() - build_started:.0f} s")
    builder.save_counters()

    started = time.perf_counter()
    _check_search_tokens(Survivor.objects.filter(pk__in=sample_ids))
    timings["check search tokens"] = time.perf_counter() - started

    if connection.vendor == "postgresql":
        # Autovacuum would have analysed the new rows within a minute; do it now.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - started

    dataset.timeline_case_id = timeline_case_id
    theirs = [pk for pk in caseworker_case_ids if pk != timeline_case_id]
    dataset.search_case_id = theirs[len(theirs) // 2] if theirs else timeline_case_id
    return dataset


def _check_search_tokens(survivors) -> None:
    """The bulk digests must equal what the app writes, or the search benchmarks measure nothing."""
    for survivor in survivors:
        bulk_made = set(SurvivorSearchToken.objects.filter(survivor=survivor).values_list("kind", "digest"))
        survivor_search_tokens_rebuild(survivor)
        app_made = set(SurvivorSearchToken.objects.filter(survivor=survivor).values_list("kind", "digest"))
        if bulk_made != app_made:
            raise RuntimeError(
                f"Search tokens built for the benchmark differ from survivor_search_tokens_rebuild() for "
                f"survivor {survivor.pk}: update bench/dataset.py:search_digests()."
            )


# --- workflows at scale ---------------------------------------------------------------------------
# The attrition the field reports (DOMAIN.md "System diagnosis"): most cases never reach trial
# (under 5% have charges framed) and about 1% of survivors are ever paid compensation.
P_FIR = 0.70  # a FIR is registered (else the complaint is never registered)
P_CHARGESHEET = 0.45  # of FIRs; a closure report on another 15%
P_CLOSURE = 0.15
P_COGNIZANCE = 0.55  # of chargesheets: a court takes cognizance
P_TRIAL = 0.22  # of court cases: charges are framed (the rest stall before the charge)
P_JUDGMENT = 0.35  # of trials
P_CONVICTED = 0.30  # of the accused judged
P_CLAIM = 0.30  # of cases: a claim is screened
P_APPLIED = 0.55  # of claims
P_AWARDED = 0.12  # of applications
P_PAID = 0.55  # of awards
PRE_TRIAL = ["appearance", "copies_supplied", "discharge_hearing"]
TRIAL = ["charges_framed", "prosecution_evidence", "accused_statement", "final_arguments", "judgment"]
RESCUE_TO_FIR_DAYS = (0, 45)


def build_workflows(seed: int, log=print) -> dict:
    """FIRs, transitions, accused, tags, court cases, judgments, claims, payments and deadlines on
    the cases build_dataset() made, in bulk and in the shape the services leave, with the field's
    attrition. Dates keep the law's order as the services validate it: the offence, her rescue,
    the FIR days to weeks later, the arrest and the first remand (the same day or the next),
    chargesheet, cognizance, charges, judgment; a claim after the offence, payment after award.
    FIRs are registered at real police stations of their district (legal.investigation.demo.STATIONS), courts are
    named by office and district."""
    from cases.models import Deadline, DeadlineRule, StageTransition
    from compensation.models import Claim, ClaimPayment, Scheme
    from consortium.models import User
    from legal.court.demo import court_names
    from legal.investigation.demo import STATIONS
    from legal.models import (
        FIR,
        Accused,
        AccusedPerson,
        Court,
        CourtAccused,
        FailurePoint,
        FailureTag,
        FIRAccused,
        Judgment,
        JudgmentOutcome,
    )
    from legal.models import CourtCase as CourtCaseModel

    rng = random.Random(seed)
    today = timezone.localdate()
    actor = User.objects.get(username="cw_wb")
    states = {s.code: s for s in State.objects.filter(code__in=list(STATIONS))}
    districts = {(d.state.code, d.name): d for d in District.objects.filter(state__code__in=list(STATIONS))}
    points = list(FailurePoint.objects.all())
    courts = {}

    def court_for(state, district):
        key = (state.code, district.name if district else "")
        if key not in courts:
            courts[key] = Court.objects.get_or_create(
                kind="sessions", state=state, district=district, name=court_names(state, district)["sessions"]
            )[0]
        return courts[key]

    scheme = Scheme.objects.filter(code="nalsa-2018").first() or Scheme.objects.first()
    line = scheme.lines.first()
    rule = DeadlineRule.objects.filter(is_active=True).first()
    cases = list(
        Case.objects.values_list(
            "pk",
            "trafficked_on",
            "rescued_on",
            "opened_at",
            "destination_state__code",
            "destination_district__name",
            "source_state__code",
            "source_district__name",
        )
    )
    counts = {}

    def day(base, offset):
        return min(today, base + datetime.timedelta(days=offset))

    def place(state_code, district_name):
        known = STATIONS[state_code]
        name = district_name if district_name in known else rng.choice(sorted(known))
        return states[state_code], districts.get((state_code, name)), rng.choice(known[name])

    firs, fir_meta = [], []
    for pk, trafficked_on, rescued_on, opened_at, dest, dest_district, source, source_district in cases:
        if rng.random() >= P_FIR:
            continue
        if dest in STATIONS:
            state, district, station = place(dest, dest_district)
        elif source in STATIONS:
            state, district, station = place(source, source_district)
        else:
            continue
        start = rescued_on or timezone.localdate(opened_at)
        offence = trafficked_on or start
        fir_date = day(max(start, offence), rng.randint(*RESCUE_TO_FIR_DAYS))
        firs.append(
            FIR(
                case_id=pk,
                chain_role="destination" if state.code == dest else "source",
                state=state,
                district=district,
                police_station=station,
                fir_number=f"{rng.randint(1, 999)}/{fir_date.year}",
                fir_date=fir_date,
                offence_on=offence,
                reported_on=max(offence, fir_date - datetime.timedelta(days=rng.randint(0, 2))),
                created_by=actor,
            )
        )
        fir_meta.append((pk, fir_date))
    with transaction.atomic():
        FIR.objects.bulk_create(firs, batch_size=5000)
    counts["FIRs"] = len(firs)

    def move(pk, workflow, key, transition, from_stage, to_stage, on):
        return StageTransition(
            case_id=pk,
            workflow=workflow,
            subject_key=key,
            transition=transition,
            from_stage=from_stage,
            to_stage=to_stage,
            effective_on=on,
        )

    moves, tags, court_plan = [], [], []
    accused_rows = []
    stages: dict[str, list[int]] = {}  # the FIR's stage is protected: set in bulk below
    for fir, (pk, fir_date) in zip(firs, fir_meta, strict=True):
        key = f"legal.fir:{fir.pk}"
        moves.append(move(pk, "investigation", key, "register_fir", "reported", "fir_registered", fir_date))
        started = day(fir_date, rng.randint(0, 10))
        fir.investigation_started_on = started
        moves.append(
            move(pk, "investigation", key, "start_investigation", "fir_registered", "under_investigation", started)
        )
        roll = rng.random()
        if roll < P_CHARGESHEET:
            fir.chargesheet_on = day(started, rng.randint(45, 200))
            stages.setdefault("chargesheet_filed", []).append(fir.pk)
            moves.append(
                move(
                    pk,
                    "investigation",
                    key,
                    "file_chargesheet",
                    "under_investigation",
                    "chargesheet_filed",
                    fir.chargesheet_on,
                )
            )
            if rng.random() < P_COGNIZANCE:
                court_plan.append((pk, fir))
        elif roll < P_CHARGESHEET + P_CLOSURE:
            fir.closure_report_on = day(started, rng.randint(60, 300))
            stages.setdefault("closure_report_filed", []).append(fir.pk)
            moves.append(
                move(
                    pk,
                    "investigation",
                    key,
                    "file_closure_report",
                    "under_investigation",
                    "closure_report_filed",
                    fir.closure_report_on,
                )
            )
        else:
            stages.setdefault("under_investigation", []).append(fir.pk)
        for _ in range(rng.randint(0, 2)):
            accused_rows.append((fir, rng.random() < 0.7, rng.random() < 0.4, rng.random() < 0.08))
        if rng.random() < 0.3:
            tags.append(FailureTag(fir=fir, failure_point=rng.choice(points), tagged_by=actor))
    # Each record is one person of its own (bulk_create skips Accused.save(), which makes one).
    persons = [AccusedPerson() for _ in accused_rows]
    accused = [Accused(names=["Bench accused"], created_by=actor) for _ in accused_rows]
    with transaction.atomic():
        FIR.objects.bulk_update(
            firs, ["investigation_started_on", "chargesheet_on", "closure_report_on"], batch_size=5000
        )
        for stage, pks in stages.items():
            for chunk in range(0, len(pks), 5000):
                FIR.objects.filter(pk__in=pks[chunk : chunk + 5000]).update(stage=stage)
        AccusedPerson.objects.bulk_create(persons, batch_size=5000)
        for record, person in zip(accused, persons, strict=True):
            record.person = person
        Accused.objects.bulk_create(accused, batch_size=5000)
        links = []
        for person, (fir, arrested, bailed, absconding) in zip(accused, accused_rows, strict=True):
            link = FIRAccused(fir=fir, accused=person, absconding=absconding and not arrested)
            if arrested:
                link.arrested_on = day(fir.fir_date, rng.randint(0, 8))
                link.arrested_at_time = datetime.time(rng.randint(5, 22), rng.choice([0, 15, 30, 45]))
                link.remanded_on = day(link.arrested_on, rng.choice([0, 1, 1]))
                link.custody = "" if bailed else "judicial"
                if bailed:
                    link.bail_status = "granted"
                    link.bail_applied_on = day(link.remanded_on, rng.randint(7, 40))
                    link.bail_granted_on = day(link.bail_applied_on, rng.randint(3, 20))
            links.append(link)
        FIRAccused.objects.bulk_create(links, batch_size=5000)
        FailureTag.objects.bulk_create(tags, batch_size=5000)
    counts.update(accused=len(accused), tags=len(tags))
    accused_by_fir = {}
    for link in links:
        accused_by_fir.setdefault(link.fir_id, []).append(link.accused)

    court_cases, court_steps = [], []
    for pk, fir in court_plan:
        filed = day(fir.chargesheet_on, rng.randint(0, 10))
        cognizance = day(filed, rng.randint(7, 90))
        if rng.random() >= P_TRIAL:
            path = PRE_TRIAL[: rng.randint(0, len(PRE_TRIAL))]  # stalled before the charge
        elif rng.random() < P_JUDGMENT:
            path = PRE_TRIAL + TRIAL
        else:
            path = PRE_TRIAL + TRIAL[: rng.randint(1, len(TRIAL) - 1)]
        steps, step = [], cognizance
        for stage in path:
            step = day(step, rng.randint(14, 120))
            steps.append((stage, step))
        reached = dict(steps)
        court_cases.append(
            CourtCaseModel(
                case_id=pk,
                court=court_for(fir.state, fir.district),
                filed_on=filed,
                cognizance_on=cognizance,
                charges_framed_on=reached.get("charges_framed"),
                judgment_on=reached.get("judgment"),
                created_by=actor,
            )
        )
        court_steps.append(steps)
    with transaction.atomic():
        CourtCaseModel.objects.bulk_create(court_cases, batch_size=5000)
        CourtCaseModel.firs.through.objects.bulk_create(
            [
                CourtCaseModel.firs.through(courtcase_id=cc.pk, fir_id=fir.pk)
                for cc, (_p, fir) in zip(court_cases, court_plan, strict=True)
            ],
            batch_size=5000,
        )
    judgments, court_accused = [], []
    for cc, (pk, fir), steps in zip(court_cases, court_plan, court_steps, strict=True):
        key = f"legal.courtcase:{cc.pk}"
        previous = "cognizance"
        for stage, on in steps:
            moves.append(move(pk, "court", key, stage, previous, stage, on))
            previous = stage
        for person in accused_by_fir.get(fir.pk, []):
            court_accused.append(CourtAccused(court_case=cc, accused=person, added_by=actor))
        if steps and steps[-1][0] == "judgment":
            judgments.append(Judgment(court_case=cc, on=steps[-1][1], recorded_by=actor))
    with transaction.atomic():
        CourtAccused.objects.bulk_create(court_accused, batch_size=5000)
        Judgment.objects.bulk_create(judgments, batch_size=5000)
        judged = {j.court_case_id: j for j in judgments}
        JudgmentOutcome.objects.bulk_create(
            [
                JudgmentOutcome(
                    judgment=judged[ca.court_case_id],
                    court_accused=ca,
                    outcome="convicted" if rng.random() < P_CONVICTED else "acquitted",
                    decided_on=judged[ca.court_case_id].on,
                )
                for ca in court_accused
                if ca.court_case_id in judged
            ],
            batch_size=5000,
        )
    counts.update(court_cases=len(court_cases), judgments=len(judgments))

    claims, claim_plan = [], []
    wb = State.objects.get(code="WB")
    for pk, trafficked_on, rescued_on, opened_at, *_places in cases:
        if rng.random() >= P_CLAIM:
            continue
        start = max(d for d in (trafficked_on, rescued_on, timezone.localdate(opened_at)) if d)
        screened = day(start, rng.randint(10, 120))
        applied = day(screened, rng.randint(10, 120)) if rng.random() < P_APPLIED else None
        awarded = day(applied, rng.randint(30, 400)) if applied and rng.random() < P_AWARDED else None
        stage = "awarded" if awarded else "applied" if applied else "screened"
        claims.append(
            Claim(
                case_id=pk,
                scheme=scheme,
                scheme_code=scheme.code,
                line=line,
                stage=stage,
                stage_on=awarded or applied or screened,
                screened_on=screened,
                applied_on=applied,
                awarded_on=awarded,
                awarded_amount=100000 if awarded else None,
                authority_level="dlsa",
                authority_state=wb,
                created_by=actor,
            )
        )
        claim_plan.append((pk, screened, applied, awarded))
    with transaction.atomic():
        Claim.objects.bulk_create(claims, batch_size=5000)
    payments = []
    for claim, (pk, _screened, applied, awarded) in zip(claims, claim_plan, strict=True):
        key = f"compensation.claim:{claim.pk}"
        if applied:
            moves.append(move(pk, "compensation", key, "apply", "screened", "applied", applied))
        if awarded:
            moves.append(move(pk, "compensation", key, "award", "applied", "awarded", awarded))
            if rng.random() < P_PAID:
                payments.append(
                    ClaimPayment(
                        claim=claim,
                        case_id=pk,
                        paid_on=day(awarded, rng.randint(10, 500)),
                        amount=50000,
                        mode="bank_transfer",
                        recorded_by=actor,
                    )
                )
    deadlines = [
        Deadline(
            case_id=pk,
            rule=rule,
            rule_code=rule.code,
            subject_key=f"bench:{pk}",
            title="Bench deadline",
            trigger_at=timezone.now() - datetime.timedelta(days=200),
            due_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 150)),
            due_on=today - datetime.timedelta(days=10),
            responsible_role="lead_caseworker",
        )
        for pk, *_rest in cases
        if rng.random() < 0.15
    ]
    for row in moves:
        # Recorded on the day it happened (late morning), as people mostly do.
        row.recorded_at = timezone.make_aware(datetime.datetime.combine(row.effective_on, datetime.time(11)))
    with transaction.atomic():
        ClaimPayment.objects.bulk_create(payments, batch_size=5000)
        StageTransition.objects.bulk_create(moves, batch_size=5000)
        Deadline.objects.bulk_create(deadlines, batch_size=5000)
    counts.update(claims=len(claims), payments=len(payments), transitions=len(moves), deadlines=len(deadlines))
    trial = len(
        {pk for (pk, _f), steps in zip(court_plan, court_steps, strict=True) if dict(steps).get("charges_framed")}
    )
    paid = len({p.case_id for p in payments})
    counts.update(cases_at_trial=trial, cases_paid=paid)
    log(
        "  workflows: "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
        + f" (at trial {trial / max(len(cases), 1):.1%}, paid {paid / max(len(cases), 1):.1%} of cases)"
    )
    return counts
