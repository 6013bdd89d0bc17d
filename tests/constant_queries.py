"""The world and the row builders of tests/test_constant_queries.py. All data synthetic.

One world per module (built once, rolled back when the module ends): a lead NGO in West
Bengal with its caseworkers, admin and lawyer, a coordinator, a receiving NGO in Maharashtra,
the lead caseworker's own case (`home`) and a pool of cases led by a busy colleague (`pool`).
Each test adds the rows its page lists, in its own savepoint.

A row builder `rows(ctx, start, stop)` adds rows numbered start..stop-1. The first row goes
through the service that makes it; the others are copies of it (`copies`): the service's row
with its primary key and the fields that must differ changed, inserted in bulk, so that a page
reads rows in the shape the application leaves them while 100 of them take a fraction of a
second. A row's label ("Note 099") is what the page is checked to show.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone

from cases.factories import open_case
from cases.models import CaseAssignment, CaseRole
from consortium.factories import MembershipFactory, OrganisationFactory, UserFactory, state
from consortium.models import Membership, Organisation, Role, User
from legal.accused import services as accused_services
from legal.reviews import services as review_services

POOL_SIZE = 100
SIZES = (1, 25, 100)


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def label(prefix: str, i: int) -> str:
    """The label of row i (from 0): "Note 099" for the hundredth."""
    return f"{prefix} {i:03d}"


# --- copying rows ------------------------------------------------------------------------------


def _values(row, skip=()) -> dict:
    return {
        f.attname: getattr(row, f.attname)
        for f in type(row)._meta.concrete_fields
        if not f.primary_key and f.name not in skip and f.attname not in skip
    }


def copies(first, start: int, stop: int, **varying) -> list:
    """Copies start..stop-1 of `first` (a saved row); each keyword is a value or a function of
    the copy's number. One bulk insert; the copies are returned with their primary keys."""
    model = type(first)
    rows = []
    for i in range(start, stop):
        values = _values(first, skip=varying)
        for name, value in varying.items():
            values[name] = value(i) if callable(value) else value
        rows.append(model(**values))
    return model.objects.bulk_create(rows)


def copies_under(children, parents, fk: str, **varying) -> list:
    """Each of `children` (the rows under the first parent) again under each of `parents`.
    A keyword is a value or a function of (parent, child)."""
    rows = []
    for parent in parents:
        for child in children:
            values = _values(child, skip={fk, *varying})
            values[fk] = parent
            for name, value in varying.items():
                values[name] = value(parent, child) if callable(value) else value
            rows.append(type(child)(**values))
    return type(children[0]).objects.bulk_create(rows) if rows else []


def first_then_copies(key: str, make_first, **varying):
    """The usual row builder: row 0 from `make_first(ctx)` (a service), the rest copies of it;
    a keyword is a value or a function of (ctx, i)."""

    def rows(ctx, start, stop):
        if start == 0:
            ctx.kept[key] = make_first(ctx)
            start = 1
        if stop > start:
            bound = {k: (lambda i, f=v: f(ctx, i)) if callable(v) else v for k, v in varying.items()}
            copies(ctx.kept[key], start, stop, **bound)

    return rows


def each(*builders):
    """One row builder that runs several (a page listing several kinds of rows)."""

    def rows(ctx, start, stop):
        for builder in builders:
            builder(ctx, start, stop)

    return rows


# --- people ------------------------------------------------------------------------------------

_people = itertools.count()


def people_in(organisation, start: int, stop: int, *, role=Role.CASEWORKER) -> list[Membership]:
    """Active members start..stop-1 ("Person 007 Member") of an organisation (or of
    organisation(i), one each), made in bulk."""
    password = make_password("synthetic-password")
    made = User.objects.bulk_create(
        [
            User(
                username=f"member-{next(_people)}",
                first_name=label("Person", i),
                last_name="Member",
                email=f"member{i}@example.org",
                password=password,
            )
            for i in range(start, stop)
        ]
    )
    users = User.objects.filter(username__in=[u.username for u in made]).order_by("pk")
    of = organisation if callable(organisation) else (lambda i: organisation)
    return Membership.objects.bulk_create(
        [Membership(user=u, organisation=of(i), role=role) for i, u in zip(range(start, stop), users, strict=True)]
    )


def assign(cases, membership: Membership, *, role=CaseRole.CASEWORKER, added_by) -> None:
    """Her on the team of these cases, as team_add leaves someone of the lead organisation."""
    CaseAssignment.objects.bulk_create(
        [
            CaseAssignment(
                case=case, user=membership.user, organisation=membership.organisation, role=role, added_by=added_by
            )
            for case in cases
        ]
    )


# --- the world ---------------------------------------------------------------------------------


@dataclass
class World:
    org: Organisation  # the lead NGO (West Bengal)
    partner: Organisation  # a receiving NGO (Maharashtra)
    secretariat: Organisation
    lead: Membership  # lead caseworker of `home`
    busy: Membership  # lead caseworker of every case of `pool`
    admin: Membership  # admin of `org`
    lawyer: Membership  # lawyer of `org`, on the team of `home`
    coordinator: Membership
    receiver: Membership  # caseworker of `partner`
    home: object
    other: object  # a case of `partner`, led by `receiver`
    pool: list = field(default_factory=list)

    def who(self, name: str) -> Membership:
        return getattr(self, name)


@dataclass
class Ctx:
    """The world, and what a page's row builder keeps between sizes (its first row...)."""

    w: World
    kept: dict = field(default_factory=dict)


def build_world() -> World:
    from cases import services

    org = OrganisationFactory(name="Constant NGO West Bengal", short_name="CQWB", home_state=state("WB"))
    partner = OrganisationFactory(name="Constant NGO Maharashtra", short_name="CQMH", home_state=state("MH"))
    secretariat = OrganisationFactory(
        name="Constant Secretariat", short_name="CQSEC", kind=Organisation.Kind.SECRETARIAT, home_state=state("WB")
    )

    def member(role, organisation, first, last):
        return MembershipFactory(
            user=UserFactory(first_name=first, last_name=last), organisation=organisation, role=role
        )

    lead = member(Role.CASEWORKER, org, "Lakshmi", "Leadworker")
    busy = member(Role.CASEWORKER, org, "Bela", "Busyworker")
    world = World(
        org=org,
        partner=partner,
        secretariat=secretariat,
        lead=lead,
        busy=busy,
        admin=member(Role.ORG_ADMIN, org, "Anima", "Admin"),
        lawyer=member(Role.LAWYER, org, "Lata", "Lawyer"),
        coordinator=member(Role.COORDINATOR, secretariat, "Chitra", "Coordinator"),
        receiver=member(Role.CASEWORKER, partner, "Rohini", "Receiver"),
        home=open_case(lead, survivor={"full_name": "Mitali Quorvash"}, rescued_on=days(-60)),
        other=None,
    )
    world.other = open_case(world.receiver, source="MH", destination="WB")
    services.team_add(actor=lead.user, case=world.home, membership=world.lawyer, role=CaseRole.LAWYER)
    for i in range(POOL_SIZE):
        world.pool.append(
            open_case(
                busy,
                survivor={"full_name": f"Pool Survivor {i:03d}", "estimated_age": 19 + i % 20},
                forms=("forced_labour",) if i % 2 else ("sexual_exploitation",),
            )
        )
    return world


def on_home(ctx, i):
    return ctx.w.home


def on_pool(ctx, i):
    return ctx.w.pool[i]


# --- cases -------------------------------------------------------------------------------------


def reveal_pool(who: str, role=CaseRole.CASEWORKER):
    """She joins the team of pool cases start..stop-1: the cases she sees grow."""

    def rows(ctx, start, stop):
        assign(ctx.w.pool[start:stop], ctx.w.who(who), role=role, added_by=ctx.w.busy.user)

    return rows


def close_pool(ctx, start, stop):
    """Pool cases start..stop-1 closed, as case_close leaves them."""
    from cases.models import Case

    Case.objects.filter(pk__in=[c.pk for c in ctx.w.pool[start:stop]]).update(
        status=Case.Status.CLOSED, closed_on=days(-1), closure_reason=Case.ClosureReason.LOST_CONTACT
    )


def deadline_rows(case_of, *, rule="survivor_update", overdue=False):
    """Open deadlines (one rule, a subject each, "Deadline 007"), row i on case_of(ctx, i)."""

    def make_first(ctx):
        from cases.deadlines import deadline_start

        deadline = deadline_start(
            case=case_of(ctx, 0),
            rule_code=rule,
            trigger_at=now(),
            subject="cq:0",
            actor=ctx.w.lead.user,
            title=label("Deadline", 0),
        )
        if overdue:  # a live alarm, past due (not one entered from paper)
            deadline.due_at, deadline.due_on = now() - datetime.timedelta(days=3), days(-3)
            deadline.save()
        return deadline

    return first_then_copies(
        "deadline",
        make_first,
        case=lambda ctx, i: case_of(ctx, i),
        subject_key=lambda ctx, i: f"cq:{i}",
        title=lambda ctx, i: label("Deadline", i),
    )


def task_rows(case_of, assignee: str):
    def make_first(ctx):
        from cases import services

        case = case_of(ctx, 0)
        return services.task_add(
            actor=_actor_on(ctx, case),
            case=case,
            title=label("Task", 0),
            assignee=ctx.w.who(assignee).user,
            due_on=days(2),
        )

    return first_then_copies(
        "task", make_first, case=lambda ctx, i: case_of(ctx, i), title=lambda ctx, i: label("Task", i)
    )


def team_rows(ctx, start, stop):
    for membership in people_in(ctx.w.org, start, stop):
        assign([ctx.w.home], membership, added_by=ctx.w.lead.user)


def note_rows(ctx, start, stop):
    """Notes on her timeline (each a CaseNote and its CaseEvent, as note_add writes them)."""
    from cases import services
    from cases.models import CaseEvent

    if start == 0:
        services.note_add(actor=ctx.w.lead.user, case=ctx.w.home, body=label("Note", 0), visibility="team")
        ctx.kept["event"] = CaseEvent.objects.get(case=ctx.w.home, kind=CaseEvent.Kind.NOTE_ADDED)
        start = 1
    if stop > start:
        first = ctx.kept["event"]
        notes = copies(first.note, start, stop, body=lambda i: label("Note", i))
        note_of = dict(zip(range(start, stop), notes, strict=True))
        copies(first, start, stop, note=lambda i: note_of[i], occurred_at=lambda i: now())


def consent_rows(ctx, start, stop):
    from cases.factories import give_consent
    from survivors.models import ConsentPurpose

    def make_first(ctx):
        return give_consent(
            ctx.w.home, actor=ctx.w.lead.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=ctx.w.partner
        )

    first_then_copies("consent", make_first)(ctx, start, stop)


def document_rows(ctx, start, stop):
    from tests.cases.helpers import upload_document

    first_then_copies(
        "document",
        lambda ctx: upload_document(ctx.w.home, ctx.w.lead.user, title=label("Document", 0)),
        title=lambda ctx, i: label("Document", i),
    )(ctx, start, stop)


def access_rows(case_of):
    """Access-log entries ("Entry 007": the page or id read), newest last."""

    def rows(ctx, start, stop):
        from cases.models import AccessLogEntry

        AccessLogEntry.objects.bulk_create(
            [
                AccessLogEntry(
                    case=case_of(ctx, i),
                    user=ctx.w.lead.user,
                    action=AccessLogEntry.Action.VIEW_CASE,
                    target=label("Entry", i),
                    path=f"/cases/{case_of(ctx, i).pk}/",
                    ip_address="127.0.0.1",
                )
                for i in range(start, stop)
            ]
        )

    return rows


def survivor_update_rows(ctx, start, stop):
    def make_first(ctx):
        from cases import services
        from cases.models import SurvivorUpdate

        services.survivor_update_record(
            actor=ctx.w.lead.user,
            case=ctx.w.home,
            given_on=days(-1),
            channel="phone_call",
            language="bn",
            event="general",
            message=label("Told her", 0),
            response="",
        )
        return SurvivorUpdate.objects.get(case=ctx.w.home)

    first_then_copies("update", make_first, message=lambda ctx, i: label("Told her", i))(ctx, start, stop)


def generated_rows(ctx, start, stop):
    """Documents asked for (pdfs.services.generated_request leaves a pending row; the build runs later)."""
    from cases.models import GeneratedDocument

    GeneratedDocument.objects.bulk_create(
        [
            GeneratedDocument(case=ctx.w.home, kind=GeneratedDocument.Kind.DOSSIER, requested_by=ctx.w.lead.user)
            for _ in range(start, stop)
        ]
    )


def notification_rows(ctx, start, stop):
    """Reminders to the busy caseworker about her cases (cases.notifications.notify's rows)."""
    from cases.models import Notification

    Notification.objects.bulk_create(
        [
            Notification(
                user=ctx.w.busy.user,
                case=ctx.w.pool[i],
                kind=Notification.Kind.REMINDER,
                title=label("Reminder", i),
                url=reverse("cases:case_deadlines", kwargs={"case_id": ctx.w.pool[i].pk}),
            )
            for i in range(start, stop)
        ]
    )


# --- investigation -----------------------------------------------------------------------------


def fir_rows(case_of, *, with_children=True):
    """FIRs under investigation ("PS 007"), each with a section charged, a failure point tagged,
    an accused named and a statement, as the investigation services leave them."""

    def rows(ctx, start, stop):
        from legal.investigation import services
        from legal.models import FIR, Charge, FailurePoint, FailureTag, FIRAccused, Statement
        from tests.legal.helpers import accused_data, add_charge, make_fir

        if start == 0:
            actor = _actor_on(ctx, case_of(ctx, 0))
            fir = make_fir(case_of(ctx, 0), actor, stage="under_investigation", police_station=label("PS", 0))
            if with_children:
                add_charge(fir, actor)
                services.failure_tag_add(
                    actor=actor, fir=fir, failure_point=FailurePoint.objects.get(code="wrong_sections")
                )
                link = accused_services.accused_record(
                    actor=actor, case=fir.case, **accused_data(names=[label("Accused", 0)]), role="recruiter"
                )
                services.fir_accused_add(actor=actor, fir=fir, accused=link.accused)
                services.statement_record(actor=actor, fir=fir, **{"kind": "police", "on": days(-1)})
            ctx.kept["fir"] = FIR.objects.get(pk=fir.pk)
            start = 1
        if stop <= start:
            return
        first = ctx.kept["fir"]
        firs = copies(first, start, stop, case=lambda i: case_of(ctx, i), police_station=lambda i: label("PS", i))
        if with_children:
            for model in (Charge, FailureTag, FIRAccused, Statement):
                copies_under(list(model.objects.filter(fir=first)), firs, "fir")

    return rows


def _actor_on(ctx, case):
    return (ctx.w.busy if case in ctx.w.pool else ctx.w.lead).user


def accused_rows(ctx, start, stop):
    """Accused persons on her case ("Accused 007"), each his own record and person."""
    from legal.models import AccusedPerson, CaseAccused
    from tests.legal.helpers import accused_data

    if start == 0:
        link = accused_services.accused_record(
            actor=ctx.w.lead.user, case=ctx.w.home, **accused_data(names=[label("Accused", 0)]), role="recruiter"
        )
        ctx.kept["accused_link"] = CaseAccused.objects.select_related("accused").get(pk=link.pk)
        start = 1
    if stop <= start:
        return
    first = ctx.kept["accused_link"]
    persons = AccusedPerson.objects.bulk_create([AccusedPerson() for _ in range(start, stop)])
    person_of = dict(zip(range(start, stop), persons, strict=True))
    records = copies(
        first.accused, start, stop, person_id=lambda i: person_of[i].pk, names=lambda i: [label("Accused", i)]
    )
    record_of = dict(zip(range(start, stop), records, strict=True))
    copies(first, start, stop, accused_id=lambda i: record_of[i].pk)


def case_actions_rows(ctx, start, stop):
    """Interstate requests, advocacy actions and medical examinations on her case."""
    from legal.investigation import services

    def request(ctx):
        return services.police_request_create(
            actor=ctx.w.lead.user,
            case=ctx.w.home,
            **{
                "subject": "age_proof",
                "from_police_station": "Pimpri PS",
                "to_state": state("WB"),
                "to_police_station": label("Station", 0),
                "sent_on": days(-10),
                "due_on": days(5),
            },
        )

    def advocacy(ctx):
        return services.advocacy_create(
            actor=ctx.w.lead.user,
            case=ctx.w.home,
            **{"kind": "add_sections", "filed_with": label("Court", 0), "filed_on": days(-5), "outcome": "pending"},
        )

    def medical(ctx):
        return services.medical_exam_record(
            actor=ctx.w.lead.user, case=ctx.w.home, **{"examined_on": days(-3), "hospital": label("Hospital", 0)}
        )

    first_then_copies("request", request, to_police_station=lambda ctx, i: label("Station", i))(ctx, start, stop)
    first_then_copies("advocacy", advocacy, filed_with=lambda ctx, i: label("Court", i))(ctx, start, stop)
    first_then_copies(
        "medical",
        medical,
        hospital=lambda ctx, i: label("Hospital", i),
        examined_on=lambda ctx, i: days(-3 - i),
    )(ctx, start, stop)


def _sections(start, stop):
    """Sections start..stop-1, each a different section (one live charge per section): the
    law's own, then sections a coordinator added to the reference ("Offence 040")."""
    from legal.models import Section

    shipped = list(Section.objects.filter(act__code="bns").order_by("pk"))
    if len(shipped) < stop:
        copies(shipped[-1], len(shipped), stop, number=lambda i: str(9000 + i), title=lambda i: label("Offence", i))
        shipped = list(Section.objects.filter(act__code="bns").order_by("pk"))
    return shipped[start:stop]


def charge_rows(ctx, start, stop):
    """Sections charged on one FIR of her case."""
    from legal.models import Charge
    from tests.legal.helpers import make_fir

    if start == 0:
        fir = make_fir(ctx.w.home, ctx.w.lead.user, stage="fir_registered")
        ctx.kept["fir"] = fir
    fir = ctx.kept["fir"]
    sections = _sections(start, stop)
    if start == 0:
        from legal.investigation import services

        ctx.kept["charge"] = services.charge_add(
            actor=ctx.w.lead.user, fir=fir, act=sections[0].act, number=sections[0].number
        )
        sections, start = sections[1:], 1
    if sections:
        copies(ctx.kept["charge"], start, stop, section=lambda i: sections[i - start])
    ctx.kept["labels"] = [c.section.label for c in Charge.objects.filter(fir=fir).select_related("section__act")]


def linkable_fir_rows(ctx, start, stop):
    """FIRs of her cases another FIR may be linked with (the chain form offers them)."""
    from tests.legal.helpers import make_fir

    if start == 0:
        ctx.kept["target"] = make_fir(ctx.w.home, ctx.w.lead.user, stage="fir_registered", chain_role="source")
    fir_rows(on_home, with_children=False)(ctx, start, stop)


def chain_rows(ctx, start, stop):
    """Trafficking chains of the busy caseworker's cases: chain i links a source and a
    destination FIR of pool case i."""
    from legal.investigation import services
    from legal.models import FIR
    from tests.legal.helpers import make_fir

    if start == 0:
        case = ctx.w.pool[0]
        source = make_fir(case, ctx.w.busy.user, stage="fir_registered", state_code="WB", chain_role="source")
        destination = make_fir(case, ctx.w.busy.user, stage="fir_registered", chain_role="destination")
        services.chain_link(actor=ctx.w.busy.user, fir=source, other=destination)
        ctx.kept["chain_firs"] = list(FIR.objects.filter(pk__in=[source.pk, destination.pk]).order_by("pk"))
        start = 1
    if stop <= start:
        return
    first = ctx.kept["chain_firs"][0].chain
    chains = copies(first, start, stop, reference=lambda i: label("CH", i).replace(" ", "-"))
    for fir in ctx.kept["chain_firs"]:
        copies(
            fir,
            start,
            stop,
            case=lambda i: ctx.w.pool[i],
            chain=lambda i, chains=chains: chains[i - start],
        )


def match_alert_rows(ctx, start, stop):
    """Possible matches for the coordinators: the same accused recorded on two pool cases."""
    from legal.models import Accused, AccusedMatchAlert, AccusedPerson, CaseAccused

    if start == 0:
        data = {"names": [label("Trafficker", 0)], "phones": ["99000 22233"]}
        accused_services.accused_record(actor=ctx.w.busy.user, case=ctx.w.pool[0], **data, role="recruiter")
        # Recorded again by someone who cannot see the first case: an alert, not an offer.
        accused_services.accused_record(actor=ctx.w.receiver.user, case=ctx.w.other, **data, role="buyer")
        ctx.kept["alert"] = AccusedMatchAlert.objects.get()
        start = 1
    if stop <= start:
        return
    alert = ctx.kept["alert"]
    new_link = CaseAccused.objects.get(accused=alert.accused)
    old_link = CaseAccused.objects.get(accused=alert.matches)
    persons = AccusedPerson.objects.bulk_create([AccusedPerson() for _ in range(2 * (stop - start))])
    accused = copies(alert.accused, start, stop, person_id=lambda i: persons[2 * (i - start)].pk)
    matches = copies(
        alert.matches,
        start,
        stop,
        person_id=lambda i: persons[2 * (i - start) + 1].pk,
        names=lambda i: [label("Trafficker", i)],
    )
    copies(new_link, start, stop, accused=lambda i: accused[i - start])
    copies(old_link, start, stop, accused=lambda i: matches[i - start], case=lambda i: ctx.w.pool[i])
    copies(
        alert,
        start,
        stop,
        accused=lambda i: accused[i - start],
        matches=lambda i: matches[i - start],
        created_at=lambda i: now(),
    )
    assert Accused.objects.count() >= 2 * stop


def failure_point_rows(ctx, start, stop):
    from legal.investigation import services

    first_then_copies(
        "point",
        lambda ctx: services.failure_point_create(actor=ctx.w.coordinator.user, name=label("Failure", 0)),
        name=lambda ctx, i: label("Failure", i),
        code=lambda ctx, i: f"cq-failure-{i}",
    )(ctx, start, stop)


def section_rows(ctx, start, stop):
    """Sections kept by coordinators in the law reference ("Section 007" titles)."""
    from legal.models import Act
    from legal.reference.services import section_save

    def make_first(ctx):
        act = Act.objects.get(code="bns")
        return section_save(
            actor=ctx.w.coordinator.user,
            **{
                "act": act,
                "number": "900",
                "title": label("Section", 0),
                "source": "A section the test adds (synthetic), BNS.",
            },
            reason="A section the test adds (synthetic).",
        )

    first_then_copies(
        "section", make_first, number=lambda ctx, i: str(900 + i), title=lambda ctx, i: label("Section", i)
    )(ctx, start, stop)


def section_history_rows(ctx, start, stop):
    """Edits of one section, each kept in its history with the reason given ("Reason 007")."""
    from legal.models import Act, Section
    from legal.reference.services import section_save

    if start == 0:
        section = Section.objects.get(act=Act.objects.get(code="bns"), number="143")
        data = {f: getattr(section, f) for f in ("act", "number", "title", "source")}
        section_save(
            actor=ctx.w.coordinator.user,
            **{**data, "title": label("Title", 0)},
            reason=label("Reason", 0),
            section=section,
        )
        ctx.kept["section"] = section
        ctx.kept["record"] = section.history.order_by("-history_date", "-history_id").first()
        start = 1
    if stop > start:
        first = ctx.kept["record"]
        copies(
            first,
            start,
            stop,
            history_date=lambda i: first.history_date + datetime.timedelta(minutes=i),
            title=lambda i: label("Title", i),
            history_change_reason=lambda i: label("Reason", i),
        )


# --- court -------------------------------------------------------------------------------------


def court_case_rows(case_of):
    """Court cases at the discharge hearing ("CR 007"), each with its accused, a charge framed, a
    hearing to come and a pending bail application, as the court services leave them."""

    def rows(ctx, start, stop):
        from legal.court import services as court_services
        from legal.models import BailApplication, CourtAccused, CourtCase, CourtCharge, Hearing
        from tests.legal.court_helpers import charge, make_court_case

        if start == 0:
            case, actor = case_of(ctx, 0), _actor_on(ctx, case_of(ctx, 0))
            court_case = make_court_case(case, actor, stage="discharge_hearing", cnr="", case_number=label("CR", 0))
            charge(court_case, actor)
            court_services.hearing_schedule(actor=actor, court_case=court_case, on=days(3), purpose="other")
            court_services.bail_application_file(
                actor=actor,
                court_case=court_case,
                **{"court_accused": court_case.accused_links.first(), "filed_on": days(-1)},
            )
            ctx.kept["court_case"] = CourtCase.objects.get(pk=court_case.pk)
            start = 1
        if stop <= start:
            return
        first = ctx.kept["court_case"]
        court_cases = copies(first, start, stop, case=lambda i: case_of(ctx, i), case_number=lambda i: label("CR", i))
        links = copies_under(list(CourtAccused.objects.filter(court_case=first)), court_cases, "court_case")
        link_of = {link.court_case_id: link for link in links}
        copies_under(
            list(CourtCharge.objects.filter(court_case=first)),
            court_cases,
            "court_case",
            court_accused=lambda parent, child: link_of[parent.pk],
        )
        copies_under(
            list(BailApplication.objects.filter(court_case=first)),
            court_cases,
            "court_case",
            court_accused=lambda parent, child: link_of[parent.pk],
        )
        copies_under(list(Hearing.objects.filter(court_case=first)), court_cases, "court_case")
        through = CourtCase.firs.through
        through.objects.bulk_create(
            [
                through(courtcase_id=court_case.pk, fir_id=fir_id)
                for court_case in court_cases
                for fir_id in first.firs.values_list("pk", flat=True)
            ]
        )

    return rows


def hearing_rows(case_of, *, on=None, must_attend=False):
    """Hearings to come: row i a hearing of case_of(ctx, i), each case with its court case (or,
    all on one case, one court case with a hearing a day)."""

    def rows(ctx, start, stop):
        from legal.court import services as court_services
        from legal.models import CourtCase, Hearing
        from tests.legal.court_helpers import make_court_case

        day = on or days(2)
        if start == 0:
            case, actor = case_of(ctx, 0), _actor_on(ctx, case_of(ctx, 0))
            court_case = make_court_case(case, actor, stage="appearance", cnr="", case_number=label("CR", 0))
            court_services.hearing_schedule(
                actor=actor, court_case=court_case, on=day, purpose="other", survivor_must_attend=must_attend
            )
            ctx.kept["court_case"] = CourtCase.objects.get(pk=court_case.pk)
            ctx.kept["hearing"] = Hearing.objects.get(court_case=court_case)
            start = 1
        if stop <= start:
            return
        first = ctx.kept["court_case"]
        if case_of(ctx, 1) == case_of(ctx, 0):  # many hearings of one court case
            copies(ctx.kept["hearing"], start, stop, on=lambda i: day + datetime.timedelta(days=i))
            return
        court_cases = copies(first, start, stop, case=lambda i: case_of(ctx, i), case_number=lambda i: label("CR", i))
        copies(ctx.kept["hearing"], start, stop, court_case=lambda i: court_cases[i - start])

    return rows


def court_charge_rows(ctx, start, stop):
    """Sections framed against the accused of one court case."""
    from legal.models import CourtCharge
    from tests.legal.court_helpers import charge, make_court_case

    if start == 0:
        ctx.kept["court_case"] = make_court_case(ctx.w.home, ctx.w.lead.user, stage="appearance", cnr="")
    court_case = ctx.kept["court_case"]
    sections = _sections(start, stop)
    if start == 0:
        ctx.kept["charge"] = charge(court_case, ctx.w.lead.user, number=sections[0].number, framed_on=days(-1))[0]
        sections, start = sections[1:], 1
    if sections:
        copies(ctx.kept["charge"], start, stop, section=lambda i: sections[i - start])
    ctx.kept["labels"] = [
        c.section.label for c in CourtCharge.objects.filter(court_case=court_case).select_related("section__act")
    ]


def next_hearing_charge_rows(ctx, start, stop):
    """Sections framed in a court case whose hearing is next: the case overview's next-hearing
    panel reads them to say whether the trial is held in camera."""
    from legal.court import services as court_services

    court_charge_rows(ctx, start, stop)
    if start == 0:
        court_services.hearing_schedule(
            actor=ctx.w.lead.user, court_case=ctx.kept["court_case"], on=days(3), purpose="other"
        )


def review_rows(case_of):
    """Reviews asked of the lawyer ("Question 007?"), row i on case_of(ctx, i)."""

    def make_first(ctx):

        case = case_of(ctx, 0)
        return review_services.review_request(
            actor=_actor_on(ctx, case), case=case, lawyer=ctx.w.lawyer.user, question=label("Question", 0) + "?"
        )

    return first_then_copies(
        "review",
        make_first,
        case=lambda ctx, i: case_of(ctx, i),
        question=lambda ctx, i: label("Question", i) + "?",
    )


# --- compensation ------------------------------------------------------------------------------


def _claim_first(ctx, case, actor, *, documents=False):
    from tests.compensation.helpers import screen, upload_all_documents

    if documents:  # the claim's checklist offers her case's documents
        upload_all_documents(case, actor)
    return screen(case, actor, screened_on=days(-20))


def claim_rows(case_of):
    """Claims screened (NALSA 2018, rape), one per case: row i on case_of(ctx, i)."""

    def make_first(ctx):
        case = case_of(ctx, 0)
        return _claim_first(ctx, case, _actor_on(ctx, case))

    return first_then_copies("claim", make_first, case=lambda ctx, i: case_of(ctx, i))


def scheme_copies(ctx, start, stop, first_scheme):
    """Schemes start..stop-1: copies of a scheme and its lines under codes "cq-scheme-007"."""
    from compensation.models import SchemeLine

    schemes = copies(
        first_scheme,
        start,
        stop,
        code=lambda i: f"cq-scheme-{i:03d}",
        short_name=lambda i: label("Scheme", i),
        name=lambda i: label("Scheme", i),
    )
    lines = copies_under(list(SchemeLine.objects.filter(scheme=first_scheme)), schemes, "scheme")
    return schemes, lines


def claims_on_home_rows(ctx, start, stop):
    """Claims on her case, each under its own scheme (one claim per case and scheme)."""
    if start == 0:
        ctx.kept["claim"] = _claim_first(ctx, ctx.w.home, ctx.w.lead.user, documents=True)
        start = 1
    if stop <= start:
        return
    first = ctx.kept["claim"]
    schemes, lines = scheme_copies(ctx, start, stop, first.scheme)
    line_of = {(line.scheme_id, line.category): line for line in lines}
    copies(
        first,
        start,
        stop,
        scheme=lambda i: schemes[i - start],
        scheme_code=lambda i: schemes[i - start].code,
        line=lambda i: line_of[(schemes[i - start].pk, first.line.category)],
    )


def payment_rows(ctx, start, stop):
    """Payments of an award, on one claim ("Ref 007")."""
    from compensation.models import ClaimPayment
    from tests.compensation.helpers import awarded_claim, pay

    if start == 0:
        claim = awarded_claim(ctx.w.home, ctx.w.lead)
        ctx.kept["claim"] = claim
        pay(claim, ctx.w.lead, "1000", on=days(-1), reference=label("Ref", 0))
        ctx.kept["payment"] = ClaimPayment.objects.get(claim=claim)
        start = 1
    if stop > start:
        copies(ctx.kept["payment"], start, stop, reference=lambda i: label("Ref", i), amount=Decimal("10"))


def scheme_rows(ctx, start, stop):
    from compensation.models import Scheme

    if start == 0:
        ctx.kept["scheme"] = Scheme.objects.filter(code="nalsa-2018").order_by("-effective_from").first()
        scheme_copies(ctx, 0, 1, ctx.kept["scheme"])
        start = 1
    if stop > start:
        scheme_copies(ctx, start, stop, ctx.kept["scheme"])


# --- care --------------------------------------------------------------------------------------


def care_rows(ctx, start, stop):
    """Her care record: goals, services, support given, custody orders and shelter stays."""
    from care import services
    from care.models import (
        CustodyOrder,
        GoalStatus,
        RehabilitationGoal,
        ServiceReceived,
        ShelterHome,
        ShelterStay,
        SupportContact,
    )

    case, actor = ctx.w.home, ctx.w.lead.user
    if start == 0:
        ctx.kept["goal"] = services.goal_save(
            actor=actor,
            case=case,
            goal=RehabilitationGoal(
                area="education",
                description=label("Goal", 0),
                status=GoalStatus.PLANNED,
                responsible_organisation=case.lead_organisation,
            ),
        )
        ctx.kept["service"] = services.service_record(
            actor=actor,
            case=case,
            service=ServiceReceived(
                kind="education", received_on=days(-2), provided_by=case.lead_organisation, amount=Decimal("100")
            ),
        )
        ctx.kept["support"] = SupportContact.objects.create(
            case=case,
            kind="home_visit",
            happened_on=days(-2),
            organisation=case.lead_organisation,
            note=label("Visit", 0),
            recorded_by=actor,
        )
        ctx.kept["order"] = services.custody_order_save(
            actor=actor,
            case=case,
            order=CustodyOrder(
                kind=CustodyOrder.Kind.MAGISTRATE_CUSTODY,
                ordered_on=days(-50),
                state=state("MH"),
                order_number=label("Order", 0),
            ),
        )
        shelter = ShelterHome.objects.create(
            name=label("Home", 0), kind="ngo_shelter", state=state("MH"), created_by=actor
        )
        services.shelter_stay_record(actor=actor, case=case, shelter=shelter, admitted_on=days(-49))
        ctx.kept["stay"] = ShelterStay.objects.get(case=case)
        start = 1
    if stop <= start:
        return
    copies(ctx.kept["goal"], start, stop, description=lambda i: label("Goal", i))
    copies(ctx.kept["service"], start, stop)
    copies(ctx.kept["support"], start, stop, note=lambda i: label("Visit", i))
    copies(ctx.kept["order"], start, stop, order_number=lambda i: label("Order", i))
    shelters = copies(ctx.kept["stay"].shelter, start, stop, name=lambda i: label("Home", i))
    copies(ctx.kept["stay"], start, stop, shelter=lambda i: shelters[i - start], left_on=days(-48))


def repatriation_rows(ctx, start, stop):
    """Requests to the receiving NGO to take survivors home, one per pool case, each resting on
    her consent to share her case with it."""
    from care import services
    from care.models import Repatriation
    from cases.factories import give_consent
    from survivors.models import ConsentPurpose

    if start == 0:
        case = ctx.w.pool[0]
        consent = give_consent(
            case, actor=ctx.w.busy.user, purpose=ConsentPurpose.SHARE_WITH_ORGANISATION, recipient=ctx.w.partner
        )
        services.repatriation_request(
            actor=ctx.w.busy.user,
            case=case,
            receiving_organisation=ctx.w.partner,
            from_state=state("WB"),
            to_state=state("MH"),
            expected_handover_on=days(7),
        )
        ctx.kept["consent"], ctx.kept["repatriation"] = consent, Repatriation.objects.get(case=case)
        start = 1
    if stop > start:
        copies(ctx.kept["consent"], start, stop, case=lambda i: ctx.w.pool[i])
        copies(ctx.kept["repatriation"], start, stop, case=lambda i: ctx.w.pool[i])


def shelter_rows(ctx, start, stop):
    from care import services
    from care.models import ShelterHome

    def make_first(ctx):
        return services.shelter_save(
            actor_membership=ctx.w.admin,
            shelter=ShelterHome(name=label("Home", 0), kind="ngo_shelter", state=state("WB")),
        )

    first_then_copies("shelter", make_first, name=lambda ctx, i: label("Home", i))(ctx, start, stop)


# --- people, organisations, sign-in ------------------------------------------------------------


def member_rows(ctx, start, stop):
    people_in(ctx.w.org, start, stop)


def organisation_rows(ctx, start, stop):
    """Member organisations ("Org 007"), each with a caseworker."""
    made = Organisation.objects.bulk_create(
        [
            Organisation(
                name=label("Org", i), short_name=f"CQ{i:03d}", kind=Organisation.Kind.NGO, home_state=state("WB")
            )
            for i in range(start, stop)
        ]
    )
    Organisation.states.through.objects.bulk_create(
        [Organisation.states.through(organisation_id=o.pk, state_id=o.home_state_id) for o in made]
    )
    people_in(lambda i: made[i - start], start, stop)


def district_rows(ctx, start, stop):
    """Districts of a state (the state → district select lists them)."""
    from consortium.models import District

    District.objects.bulk_create([District(state=state("LD"), name=label("District", i)) for i in range(start, stop)])


def security_event_rows(ctx, start, stop):
    from consortium.models import SecurityEvent
    from consortium.security import security_event_record

    def make_first(ctx):
        return security_event_record(kind=SecurityEvent.Kind.MFA_FAILED, user=ctx.w.lead.user, ip_address="127.0.0.1")

    first_then_copies("event", make_first)(ctx, start, stop)


# --- privacy -----------------------------------------------------------------------------------


def privacy_rows(ctx, start, stop):
    """Erasure requests she made and were declined, and legal holds on her case."""
    from privacy import services

    def request(ctx):
        made = services.erasure_request_record(
            actor=ctx.w.admin.user, case=ctx.w.home, requested_on=days(-5), how="in_person"
        )
        return services.erasure_request_decline(
            actor=ctx.w.admin.user, case=ctx.w.home, request_id=made.pk, reason=label("Kept by law", 0)
        )

    def hold(ctx):
        return services.legal_hold_place(actor=ctx.w.admin.user, case=ctx.w.home, reason=label("Hold", 0))

    first_then_copies("request", request, decline_reason=lambda ctx, i: label("Kept by law", i))(ctx, start, stop)
    first_then_copies("hold", hold, reason=lambda ctx, i: label("Hold", i))(ctx, start, stop)


def retention_rows(ctx, start, stop):
    from privacy.models import RetentionRule

    if start == 0:
        ctx.kept["rule"] = RetentionRule.objects.order_by("pk").first()
    copies(
        ctx.kept["rule"],
        start,
        stop,
        code=lambda i: f"cq-rule-{i:03d}",
        record_type=lambda i: label("Records", i),
    )


def statistics_consent_rows(ctx, start, stop):
    """Her consent to anonymised statistics on pool cases (what a case export may include)."""
    from cases.factories import give_consent
    from survivors.models import ConsentPurpose

    first_then_copies(
        "consent",
        lambda ctx: give_consent(ctx.w.pool[0], actor=ctx.w.busy.user, purpose=ConsentPurpose.STATISTICS),
        case=lambda ctx, i: ctx.w.pool[i],
    )(ctx, start, stop)


# --- reference data kept by coordinators -------------------------------------------------------


def rule_rows(ctx, start, stop):
    """Deadline rules ("Rule 007"), each its own code."""
    from cases.models import DeadlineRule

    if start == 0:
        ctx.kept["rule"] = DeadlineRule.objects.get(code="survivor_update")
    copies(ctx.kept["rule"], start, stop, code=lambda i: f"cq-rule-{i:03d}", name=lambda i: label("Rule", i))


def rule_version_rows(ctx, start, stop):
    """Versions of one deadline rule, one a day (the oldest first)."""
    from cases.models import DeadlineRule

    if start == 0:
        ctx.kept["rule"] = DeadlineRule.objects.get(code="survivor_update")
    first = ctx.kept["rule"]
    copies(
        first,
        start,
        stop,
        effective_from=lambda i: first.effective_from - datetime.timedelta(days=1 + i),
        name=lambda i: label("Version", i),
    )


def calendar_rows(ctx, start, stop):
    """Holiday calendars ("Calendar 007"), each with a holiday this year."""
    from cases.models import Holiday, HolidayCalendar

    calendars = HolidayCalendar.objects.bulk_create(
        [
            HolidayCalendar(code=f"cq-calendar-{i:03d}", name=label("Calendar", i), kind="courts")
            for i in range(start, stop)
        ]
    )
    Holiday.objects.bulk_create(
        [Holiday(calendar=c, date=today().replace(month=1, day=1), name="New Year") for c in calendars]
    )


def holiday_rows(ctx, start, stop):
    """Holidays ("Holiday 007") of one state calendar this year."""
    from cases.models import Holiday, HolidayCalendar

    calendar = HolidayCalendar.objects.filter(state__isnull=False).order_by("pk").first()
    ctx.kept["calendar"] = calendar
    if start == 0:  # the shipped holidays of this year make way for the test's
        Holiday.objects.filter(calendar=calendar, date__year=today().year).delete()
    first_day = today().replace(month=1, day=1)
    Holiday.objects.bulk_create(
        [
            Holiday(calendar=calendar, date=first_day + datetime.timedelta(days=i), name=label("Holiday", i))
            for i in range(start, stop)
        ]
    )
