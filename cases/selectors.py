"""Reads about cases. Who may see a case is decided here, once, in SQL.

Every list, search, count, export, API and dashboard starts from
case_list_visible_to(user). It answers with an annotated queryset:
- on_team: the person is on the case team now (assignment not ended, and any
  consent it rests on neither withdrawn nor expired);
- identity_visible: she may see who the survivor is (team member, admin of the
  lead organisation, or a break-glass grant that has not expired).
Coordinators see every case, masked unless identity_visible.

Her memberships go into the SQL as values (read once per request, consortium/standing.py),
and each test (on the team, admin of the lead organisation, a break-glass grant) is an
uncorrelated subquery or a plain comparison, evaluated once per query rather than per case.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Aggregate,
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.utils import timezone

from consortium.models import Membership
from consortium.standing import standing_kept, standing_of
from core.crypto import blind_index, normalise_name, normalise_phone
from core.fields import EncryptedMixin
from survivors.models import Survivor, SurvivorSearchToken

from .models import Case, CaseAssignment, CaseUserObjectPermission, RiskLevel

RISK_RANK = CaseWhen(
    *[When(risk_level=level, then=Value(rank)) for rank, level in enumerate(RiskLevel.values)],
    default=Value(0),
    output_field=IntegerField(),
)


def _no_cases() -> QuerySet[Case]:
    false = Value(False, output_field=BooleanField())
    return Case.objects.annotate(on_team=false, identity_visible=false).none()


def assignments_in_force_of(user) -> QuerySet[CaseAssignment]:
    """Her places on case teams in force now, through the organisations she is an active member of
    (read once per request, consortium/standing.py): what "on the team" means for visibility,
    for her roles on a case (`case_access`) and for the list of her cases."""
    return CaseAssignment.objects.active().filter(user=user, organisation_id__in=standing_of(user).organisation_ids)


def case_list_visible_to(user) -> QuerySet[Case]:
    if user is None or not user.is_authenticated:
        return _no_cases()
    # Her organisations and roles, read once per request (consortium/standing.py), go into the
    # SQL as values: the query holds no membership subqueries.
    standing = standing_of(user)
    if not standing.memberships:
        return _no_cases()
    # The cases whose team she is on, as one uncorrelated subquery over her assignments in force
    # (an index-only scan of assignment_in_force_by_person: each assignment carries its consent's
    # dates, so no consent is joined): read once per query, not once per case.
    on_team = Q(pk__in=assignments_in_force_of(user).values("case_id"))
    admin_ids = standing.admin_organisation_ids
    true = Value(True, output_field=BooleanField())
    if not admin_ids and not standing.is_coordinator:
        # A caseworker, lawyer or survivor leader sees exactly the cases she is on the team of, and
        # may see the survivor on each: both columns are the constant true, and the one test is the
        # WHERE, a semi-join that PostgreSQL runs from the smaller side (walking the newest cases and
        # probing (case, person) in the open-assignment index, or from her assignments).
        return Case.objects.filter(on_team).annotate(on_team=true, identity_visible=true)
    visible = on_team | Q(lead_organisation_id__in=admin_ids) if admin_ids else on_team
    cases = Case.objects.annotate(on_team=ExpressionWrapper(on_team, output_field=BooleanField()))
    if not standing.is_coordinator:
        # She sees only cases she is on the team of or whose lead organisation she administers,
        # and on every one of those she may see who the survivor is.
        return cases.filter(visible).annotate(identity_visible=true)
    revealed = Q(
        pk__in=CaseUserObjectPermission.objects.filter(user=user, permission_id=_reveal_permission_id())
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .values("content_object_id")
    )
    return cases.annotate(identity_visible=ExpressionWrapper(visible | revealed, output_field=BooleanField()))


def _reveal_permission_id() -> int | None:
    """The id of the break-glass permission (cases.reveal_identity), put into the query as a value.

    Named by its id, her break-glass grants are found by (person, permission) in the grants'
    unique index whatever other grants she holds: joined by codename, or through a subquery,
    PostgreSQL could not tell from its statistics that this permission is rare and read all her
    grants. The id is kept on the content type that Django caches for the process, so it is read
    once and forgotten with it (ContentType.objects.clear_cache(), when the database's rows are
    replaced); none found is not kept, and reveals nothing."""
    content_type = ContentType.objects.get_for_model(Case)
    known = getattr(content_type, "_reveal_identity_permission_id", None)
    if known is None:
        known = (
            Permission.objects.filter(content_type=content_type, codename="reveal_identity")
            .values_list("pk", flat=True)
            .first()
        )
        if known is not None:
            content_type._reveal_identity_permission_id = known
    return known


PLACES = ("source_state", "source_district", "destination_state", "destination_district")


class _Joined(Aggregate):
    """Text values joined with commas: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _my_roles(user) -> Subquery:
    """Her roles on the case (the outer query's row), joined with commas: what `case_access` asks
    of her assignments in force, read in the case's own statement."""
    return Subquery(
        assignments_in_force_of(user)
        .filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(joined=_Joined("role"))
        .values("joined")
    )


def case_get_visible(user, case_id) -> Case | None:
    """One case if this person may see it, else None (callers answer 404).

    With her survivor and the lead organisation, which every case page shows; not with the four
    places (`case_with_places`), which only the overview does: each table joined to this query,
    run on every case page, made PostgreSQL weigh more join orders, and with the places its
    planning took 4.8 ms for a 0.4 ms execution (0.3 ms of planning without them, issue 17).
    Her roles on it come in the same statement (`my_roles`, read by `case_access`)."""
    with standing_kept(user):
        return (
            case_list_visible_to(user)
            .select_related("survivor", "lead_organisation")
            .annotate(my_roles=_my_roles(user))
            .filter(pk=case_id)
            .first()
        )


def case_with_places(case: Case) -> Case:
    """The case with its source and destination states and districts, read in one statement."""
    places = Case.objects.select_related(*PLACES).only("pk", *PLACES).get(pk=case.pk)
    for name in PLACES:
        field = Case._meta.get_field(name)
        field.set_cached_value(case, field.get_cached_value(places))
    return case


def case_search(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """A reference from its beginning ("WB-2026" finds WB-2026-0042), or the survivor's exact name
    or phone through the blind index.

    References are made in capitals (cases.services._next_reference), so the text is put in
    capitals and matched as a prefix: `reference LIKE 'WB-2026%'` is answered from the unique
    index on reference (on PostgreSQL its varchar_pattern_ops twin, which Django makes for a unique
    CharField), where a match anywhere in it read every case."""
    text = (text or "").strip()
    if not text:
        return cases
    digests = []
    name = normalise_name(text)
    if name:
        digests.append(blind_index("name", name))
    phone = normalise_phone(text)
    if len(phone) >= 6:
        digests.append(blind_index("phone", phone))
    # The survivors with a matching token are read first (one look-up in the digest index, a handful
    # of ids) and go into the query as values: "reference LIKE 'X%' OR survivor_id IN (ids)" is then
    # answered by two index scans ORed together, a few rows that visibility is tested on. As a
    # subquery it could not be: PostgreSQL walked every case she may see testing both, which grew
    # with the data (a caseworker's name search at 448,000 cases: over a second).
    survivor_ids = (
        list(SurvivorSearchToken.objects.filter(digest__in=digests).values_list("survivor_id", flat=True).distinct())
        if digests
        else []
    )
    match = Q(reference__startswith=text.upper())
    if survivor_ids:
        # Only cases whose identity she may see can be found by name or phone:
        # a masked viewer must not learn that a named person has a case.
        match |= Q(survivor_id__in=survivor_ids) & Q(identity_visible=True)
    return cases.filter(match)


def case_list_for_page(user, *, search="", filters=None, ordering="-opened_at") -> QuerySet[Case]:
    """The case list's rows (the web page and the API): what she may see, searched, filtered by
    `filters` (state, organisation, exploitation_form, status, minor), in `ordering`."""
    cases = case_filter(case_search(case_list_visible_to(user), search), filters or {})
    order = ordering
    if ordering.lstrip("-") == "risk_level":
        # Risk levels are stored as words: order by their rank, not alphabetically.
        cases = cases.annotate(risk_rank=RISK_RANK)
        order = ordering.replace("risk_level", "risk_rank")
    elif ordering == "-rescued_on":
        # Cases with no rescue date last, on every database (an index of that order: case_rescued_nulls_last).
        order = F("rescued_on").desc(nulls_last=True)
    return (
        cases.select_related("survivor", "lead_organisation", "source_state", "destination_state")
        .defer(*_ENCRYPTED_NOT_LISTED)
        .prefetch_related("exploitation_forms")
        .order_by(order, "-pk")
    )


def case_filter(cases: QuerySet[Case], filters) -> QuerySet[Case]:
    """The case list's filters, one meaning for the web page and the API."""
    if state := filters.get("state"):
        cases = cases.filter(Q(source_state=state) | Q(destination_state=state))
    if organisation := filters.get("organisation"):
        cases = cases.filter(lead_organisation=organisation)
    if form := filters.get("exploitation_form"):
        # A semi-join, not a join: each case stays one row, so the list needs no DISTINCT
        # (which sorted every column, encrypted ones included, and cost seconds at 100k).
        cases = cases.filter(
            Exists(Case.exploitation_forms.through.objects.filter(case_id=OuterRef("pk"), exploitationform=form))
        )
    if status := filters.get("status"):
        cases = cases.filter(status=status)
    if filters.get("minor") == "yes":
        cases = cases.filter(survivor__minor_at_offence=True)
    elif filters.get("minor") == "no":
        cases = cases.filter(survivor__minor_at_offence=False)
    return cases


def stages_reached(case, workflow: str) -> dict[str, set[str]]:
    """subject key -> the stages each record of one workflow on the case has entered (its FIRs, its
    claims...), from one read of their history: a stepper shows a stage passed without being
    entered as skipped."""
    from .models import StageTransition

    reached: dict[str, set[str]] = {}
    for subject, stage in StageTransition.objects.filter(case_id=case.pk, workflow=workflow).values_list(
        "subject_key", "to_stage"
    ):
        reached.setdefault(subject, set()).add(stage)
    return reached


def case_list_extras(user, cases) -> None:
    """What a row of the case list shows beyond the case's own columns, for one page, in two reads:
    `case.stage_now` (the justice stage, cases/case_stage.py) and `case.next_deadline` (her earliest
    open deadline with a date, less the care-record ones a supporter does not see), or None."""
    from .case_stage import case_stages
    from .deadlines import without_care_records_of_supporters
    from .models import Deadline

    cases = list(cases)
    if not cases:
        return
    ids = [c.pk for c in cases]
    stages = case_stages(ids)
    upcoming = without_care_records_of_supporters(
        Deadline.objects.filter(case_id__in=ids, status=Deadline.Status.OPEN), user
    ).order_by("case_id", "due_at", "pk")
    first: dict[int, Deadline] = {}
    for deadline in upcoming:
        first.setdefault(deadline.case_id, deadline)
    for case in cases:
        case.stage_now = stages[case.pk]
        case.next_deadline = first.get(case.pk)


# The list shows her name (or pseudonym) and whether she was a minor: the other encrypted values of
# the case and of her identity are neither read nor decrypted for it (each row decrypted up to
# twelve values; now her name).
_ENCRYPTED_NOT_LISTED = tuple(
    [field.name for field in Case._meta.concrete_fields if isinstance(field, EncryptedMixin)]
    + [
        f"survivor__{field.name}"
        for field in Survivor._meta.concrete_fields
        if isinstance(field, EncryptedMixin) and field.name != "full_name"
    ]
)


def team_list(case: Case):
    from django.db.models import Case as When_
    from django.db.models import IntegerField, Value, When

    lead_first = When_(When(role="lead_caseworker", then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        CaseAssignment.objects.active()
        .filter(case=case)
        .select_related("user", "organisation", "consent")
        .order_by(lead_first, "role", "started_at")
    )


def team_history(case: Case):
    return CaseAssignment.objects.filter(case=case).select_related("user", "organisation", "added_by", "ended_by")


def team_candidates(case: Case):
    """People who may be added: the lead organisation's, and those of organisations the
    survivor consented to share with (consent in force)."""
    from survivors.models import SHARING_PURPOSES, Consent

    consented_orgs = (
        Consent.objects.in_force().filter(case=case, purpose__in=SHARING_PURPOSES).values("recipient_organisation_id")
    )
    current = CaseAssignment.objects.active().filter(case=case).values("user_id")
    return (
        Membership.objects.active()
        .filter(Q(organisation_id=case.lead_organisation_id) | Q(organisation_id__in=consented_orgs))
        .exclude(user_id__in=current)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__first_name")
    )


def consent_list(case: Case):
    from survivors.models import Consent

    return Consent.objects.filter(case=case).select_related("recipient_organisation", "recorded_by")


def timeline_for(case: Case, access):
    from .deadlines import care_record_deadlines
    from .models import CaseEvent, CaseNote, Deadline

    events = CaseEvent.objects.filter(case=case).select_related("actor", "note", "note__author", "document")
    if not access.can_see_care_records:
        # A survivor leader in a support role sees the care events written for her (the plan, the
        # support log: flagged "shared_with_collective"), not custody, medical or repatriation
        # records, nor their deadlines, nor the referrals of her needs.
        events = events.exclude(Q(kind=CaseEvent.Kind.CARE) & ~Q(data__has_key="shared_with_collective"))
        # Nor which services she was referred for (health, psychosocial care...) and where.
        events = events.exclude(kind=CaseEvent.Kind.REFERRAL)
        hidden = list(care_record_deadlines(Deadline.objects.filter(case=case)).values_list("pk", flat=True))
        if hidden:
            events = events.exclude(kind=CaseEvent.Kind.DEADLINE, data__deadline__in=hidden)
    if not access.can_see_notes:
        events = events.exclude(kind=CaseEvent.Kind.NOTE_ADDED)
    elif not access.can_see_lawyer_notes:
        events = events.exclude(Q(note__visibility=CaseNote.Visibility.LAWYERS) & ~Q(note__author_id=access.user_id))
    return events


def document_list(case: Case):
    from .models import CaseDocument

    return CaseDocument.objects.filter(case=case).select_related("uploaded_by")


def case_list_on_team(user, *, case_role=None, limit=10):
    """The person's own open cases (she is on the team), newest first: for home pages."""
    cases = case_list_visible_to(user).filter(on_team=True, status=Case.Status.OPEN)
    if case_role:
        cases = cases.filter(
            Exists(CaseAssignment.objects.active().filter(case=OuterRef("pk"), user=user, role=case_role))
        )
    return cases.select_related("survivor", "source_state", "destination_state").order_by("-opened_at", "-pk")[:limit]


def case_counts(user, *, organisation=None) -> dict:
    """Honest counts of the cases this person may see (optionally led by one organisation)."""
    from django.db.models import Count

    cases = case_list_visible_to(user)
    if organisation is not None:
        cases = cases.filter(lead_organisation=organisation)
    return cases.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=Case.Status.OPEN)),
        closed=Count("pk", filter=Q(status=Case.Status.CLOSED)),
        minors=Count("pk", filter=Q(survivor__minor_at_offence=True)),
        high_risk=Count("pk", filter=Q(risk_level__in=["high", "critical"], status=Case.Status.OPEN)),
    )


# --- deadlines and tasks across cases -------------------------------------------------------


def deadline_list_visible_to(user):
    """Deadlines of the cases this person may see (and no other)."""
    from .models import Deadline

    return Deadline.objects.filter(case__in=case_list_visible_to(user).values("pk"))


def _mine(user):
    """Deadlines she answers for: her role on the team is the responsible role, or she leads a
    case on which nobody holds the responsible role."""
    holds_role = Exists(
        CaseAssignment.objects.active().filter(case=OuterRef("case_id"), user=user, role=OuterRef("responsible_role"))
    )
    leads = Exists(CaseAssignment.objects.active().filter(case=OuterRef("case_id"), user=user, role="lead_caseworker"))
    role_vacant = ~Exists(
        CaseAssignment.objects.active().filter(case=OuterRef("case_id"), role=OuterRef("responsible_role"))
    )
    return Q(holds_role) | (Q(leads) & Q(role_vacant))


def deadlines_of(user, *, everything_on_my_cases: bool = False):
    """Her deadlines across the cases she sees: those she answers for (`_mine`), or, with
    `everything_on_my_cases`, every one on the cases whose team she is on, less the care records a
    supporting survivor leader does not see. "My work" and the API's deadline list read this."""
    deadlines = deadline_list_visible_to(user)
    if everything_on_my_cases:
        from .deadlines import without_care_records_of_supporters

        deadlines = deadlines.filter(case__in=case_list_visible_to(user).filter(on_team=True).values("pk"))
        return without_care_records_of_supporters(deadlines, user)
    return deadlines.filter(_mine(user))


def my_work(user, *, horizon_days: int = 7, everything_on_my_cases: bool = False) -> dict:
    """Her open deadlines and tasks: overdue, due today, due within `horizon_days`."""
    import datetime

    from .models import Task

    now, today = timezone.now(), timezone.localdate()
    horizon = today + datetime.timedelta(days=horizon_days)
    deadlines = deadlines_of(user, everything_on_my_cases=everything_on_my_cases).live().filter(due_on__lte=horizon)
    deadlines = list(deadlines.select_related("case", "rule").order_by("due_at", "pk")[:500])
    tasks = list(
        Task.objects.filter(assignee=user, done_at__isnull=True, case__in=case_list_visible_to(user).values("pk"))
        .filter(Q(due_on__lte=horizon) | Q(due_on__isnull=True))
        .select_related("case")
        .order_by("due_on", "pk")[:500]
    )
    buckets = {"overdue": [], "today": [], "week": [], "undated": []}
    for item in deadlines:
        key = "overdue" if item.due_at < now else "today" if item.due_on == today else "week"
        buckets[key].append(("deadline", item))
    for task in tasks:
        if task.due_on is None:
            key = "undated"
        else:
            key = "overdue" if task.due_on < today else "today" if task.due_on == today else "week"
        buckets[key].append(("task", task))
    return buckets


def overdue_board(user, *, organisation=None, filters=None):
    """Every overdue deadline of the cases she may see (an org admin: of her organisation's cases)."""
    filters = filters or {}
    deadlines = deadline_list_visible_to(user).overdue()
    if organisation is not None:
        deadlines = deadlines.filter(case__lead_organisation=organisation)
    if org := filters.get("organisation"):
        deadlines = deadlines.filter(case__lead_organisation=org)
    if state := filters.get("state"):
        deadlines = deadlines.filter(Q(case__source_state=state) | Q(case__destination_state=state))
    if workflow := filters.get("workflow"):
        deadlines = deadlines.filter(rule__workflow=workflow)
    if rule := filters.get("rule"):
        deadlines = deadlines.filter(rule_code=rule)
    return deadlines.select_related("case", "case__lead_organisation", "rule").order_by("due_at", "pk")
