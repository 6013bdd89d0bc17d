"""The case hub: one survivor, one trafficking episode, and everything done about it.

Who may see a case is decided in cases.selectors.case_list_visible_to(); what
they may do in cases.permissions. Writes go through cases.services.
"""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from consortium.models import District, Organisation, State
from core.fields import EncryptedCharField, EncryptedTextField
from core.phrases import Phrase
from core.translations import TranslatedName


class ExploitationForm(TranslatedName, models.Model):
    """Reference data: forms of exploitation (sexual exploitation, forced labour, ...)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("form of exploitation")
        verbose_name_plural = _("forms of exploitation")


class RecruitmentMeans(TranslatedName, models.Model):
    """Reference data: how she was recruited (false job offer, marriage promise, ...)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("means of recruitment")
        verbose_name_plural = _("means of recruitment")


class CaseReferenceCounter(models.Model):
    """Last sequence number used for case references per lead state and year."""

    state = models.ForeignKey(State, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["state", "year"], name="case_counter_unique")]


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class ClosureReason(models.TextChoices):
        JUSTICE_COMPLETE = "justice_complete", _("Legal process and rehabilitation complete")
        SURVIVOR_WITHDREW = "survivor_withdrew", _("Survivor chose to stop")
        TRANSFERRED = "transferred", _("Transferred to an organisation outside the consortium")
        LOST_CONTACT = "lost_contact", _("Contact lost")
        DUPLICATE = "duplicate", _("Duplicate of another case")
        DECEASED = "deceased", _("Survivor deceased")
        OTHER = "other", _("Other")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    survivor = models.ForeignKey(
        "survivors.Survivor", on_delete=models.PROTECT, related_name="cases", verbose_name=_("survivor")
    )
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_cases", verbose_name=_("lead organisation")
    )
    source_state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("source state")
    )
    source_district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("source district")
    )
    destination_state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("destination state")
    )
    destination_district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("destination district"),
    )
    destination_place = EncryptedCharField(
        _("place of exploitation"), max_length=200, blank=True, help_text=_("Locality, establishment or address.")
    )
    left_home_on = models.DateField(_("left home on"), null=True, blank=True)
    trafficked_on = models.DateField(_("trafficked on"), null=True, blank=True)
    # Derived, never typed: a copy of the care record's rescue (care.models.Rescue, the one
    # place the rescue is recorded), written only by cases.services.case_rescue_date_sync when the
    # rescue is saved; kept on the case for lists, sorting, exports and filters.
    rescued_on = models.DateField(_("rescued or escaped on"), null=True, blank=True)
    escaped = models.BooleanField(_("she escaped (rather than being rescued)"), default=False)
    exploitation_forms = models.ManyToManyField(
        ExploitationForm, related_name="cases", blank=True, verbose_name=_("forms of exploitation")
    )
    recruitment_means = models.ManyToManyField(
        RecruitmentMeans, related_name="cases", blank=True, verbose_name=_("means of recruitment")
    )
    narrative = EncryptedTextField(_("narrative summary"), blank=True)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(_("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[exploitation_forms])

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True) | Q(status="closed", closed_on__isnull=False),
                name="case_closed_has_date",
            ),
        ]
        # The case lists' default order, newest first: a coordinator's first page reads 25 rows
        # from this index instead of sorting every case (issue 17: 692 ms -> 2 ms at 100k).
        indexes = [
            models.Index(fields=["-opened_at", "-id"], name="case_newest_first"),
            # "Most recently rescued" reads its pages down case_rescued_nulls_last (rescued_on DESC
            # NULLS LAST, id DESC), made by migration cases 0002 in each database's own words: SQLite
            # cannot say NULLS LAST in an index (its DESC puts them last anyway), so Django's Index
            # cannot declare it for both.
        ]
        permissions = [("reveal_identity", "May see the survivor's identity after a break-glass request")]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def stage(self) -> str:
        """The overall stage, derived from the case's workflows (never stored): see cases.case_stage."""
        if not self.is_open:
            return str(_("Closed"))
        from cases.case_stage import case_stage

        return str(case_stage(self))

    @property
    def compensation_stage(self) -> str:
        from cases.case_stage import case_stage

        return case_stage(self).compensation


class CaseRole(models.TextChoices):
    LEAD_CASEWORKER = "lead_caseworker", _("Lead caseworker")
    CASEWORKER = "caseworker", _("Caseworker")
    LAWYER = "lawyer", _("Lawyer")
    COORDINATOR = "coordinator", _("Coordinator")
    SURVIVOR_LEADER = "survivor_leader", _("Survivor leader")


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        """In force now: not ended, and any consent it rests on neither withdrawn nor expired.

        Read from the assignment row alone: it carries a copy of its consent's dates and withdrawal
        (CaseAssignment.consent_given_on and the two after it), so her cases are one index read with
        no join to the consents. The dates are still compared with today here, so a consent lapses on
        the day after it expires without anything being written."""
        today = timezone.localdate()
        return self.filter(ended_at__isnull=True, consent_withdrawn=False).filter(
            Q(consent_given_on__isnull=True) | Q(consent_given_on__lte=today),
            Q(consent_expires_on__isnull=True) | Q(consent_expires_on__gte=today),
        )

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _copy_consents(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        if not {"consent", "consent_id"} & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            type(self)(self.model, using=self.db).filter(pk__in=ids).copy_consent_from_table()
        return count

    def copy_consent_from_table(self) -> None:
        """Set each assignment's copy of its consent (dates, withdrawal) from the consents table:
        after consents were changed in bulk, or assignments moved to another consent in bulk."""
        from survivors.models import Consent

        consent = Consent.objects.filter(pk=OuterRef("consent_id"))
        self.filter(consent__isnull=True).update(
            consent_given_on=None, consent_expires_on=None, consent_withdrawn=False
        )
        self.filter(consent__isnull=False).update(
            consent_given_on=Subquery(consent.values("given_on")),
            consent_expires_on=Subquery(consent.values("expires_on")),
            consent_withdrawn=Exists(consent.filter(withdrawn_at__isnull=False)),
        )


def _copy_consents(assignments) -> None:
    """Each assignment takes its consent's dates and withdrawal (one query for those not loaded)."""
    from survivors.models import Consent

    missing = {a.consent_id for a in assignments if a.consent_id and not CaseAssignment.consent.is_cached(a)}
    loaded = Consent.objects.in_bulk(missing) if missing else {}
    for assignment in assignments:
        if assignment.consent_id and not CaseAssignment.consent.is_cached(assignment):
            CaseAssignment.consent.field.set_cached_value(assignment, loaded.get(assignment.consent_id))
        assignment.copy_consent()


# The assignment's copy of its consent (CaseAssignment.copy_consent).
COPIED_FROM_CONSENT = ("consent_given_on", "consent_expires_on", "consent_withdrawn")


class CaseAssignment(models.Model):
    """A person on the case team, with her role on this case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role on the case"), max_length=20, choices=CaseRole.choices)
    consent = models.ForeignKey(
        "survivors.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        help_text=_("For people outside the lead organisation: the consent that lets them see the case."),
    )
    # A copy of the consent's given_on, expires_on and withdrawal, so that "in force now" is read
    # from this row (AssignmentQuerySet.active) without a join to the consents. It is never typed:
    # copy_consent() sets it when the assignment is saved or bulk-created, and a consent passes any
    # change of those fields on to its assignments in the same transaction (survivors.models.Consent
    # .save and ConsentQuerySet.update/bulk_update). A constraint refuses an assignment that names a
    # consent without its copy.
    consent_given_on = models.DateField(null=True, blank=True, editable=False)
    consent_expires_on = models.DateField(null=True, blank=True, editable=False)
    consent_withdrawn = models.BooleanField(default=False, editable=False)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"], condition=Q(ended_at__isnull=True), name="one_open_assignment_per_person"
            ),
            models.CheckConstraint(
                condition=Q(consent__isnull=True, consent_given_on__isnull=True, consent_expires_on__isnull=True)
                | Q(consent__isnull=False, consent_given_on__isnull=False),
                name="assignment_carries_its_consent_dates",
            ),
        ]
        indexes = [
            # Her assignments in force, by organisation: the rows active() reads for one person
            # (case_list_visible_to), answered from the index alone (an index-only scan).
            models.Index(
                fields=["user", "organisation", "case", "consent_given_on", "consent_expires_on"],
                condition=Q(ended_at__isnull=True, consent_withdrawn=False),
                name="assignment_in_force_by_person",
            ),
        ]

    def __str__(self):
        return f"{self.case} · {self.user} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"consent", "consent_id"} & set(update_fields):
            self.copy_consent()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *COPIED_FROM_CONSENT}
        super().save(*args, **kwargs)

    def copy_consent(self) -> None:
        """Take the consent's dates and withdrawal (none when the assignment rests on no consent)."""
        consent = self.consent  # the consent it was given, even before that was saved (bulk inserts)
        self.consent_given_on = consent.given_on if consent else None
        self.consent_expires_on = consent.expires_on if consent else None
        self.consent_withdrawn = bool(consent and consent.withdrawn_at)


class CaseUserObjectPermission(UserObjectPermissionBase):
    """django-guardian per-case grant with a direct foreign key (fast joins in SQL).

    Used for time-limited grants outside the team, such as a coordinator's
    break-glass reveal of a masked identity; `expires_at` ends it by itself.
    """

    # Her grants are found by (person, permission, case) in the unique index, which begins with the
    # person: guardian's second index on the person alone only led PostgreSQL to read every grant
    # she holds to find her break-glass ones (case_list_visible_to), so it is not made.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    expires_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta(UserObjectPermissionBase.Meta):
        pass


class InsertOnlyQuerySet(models.QuerySet):
    """Bulk update() and delete() are refused too, not only Model.save() and delete().

    Deleting a whole case still removes its rows through the ORM's cascade (the
    collector deletes in SQL, not through this queryset), which only a superuser
    can do in the Django admin. Demo seeding backdates rows with `backdate_for_demo`.
    """

    def update(self, **kwargs):
        raise PermissionError(f"{self.model.__name__} rows are insert-only.")

    def delete(self):
        raise PermissionError(f"{self.model.__name__} rows cannot be deleted.")

    def backdate_for_demo(self, **kwargs) -> int:
        """Only for `seed_demo`: move synthetic rows into the past so timelines look lived-in."""
        return super().update(**kwargs)


class InsertOnlyModel(models.Model):
    """Rows are written once: the app never updates or deletes them."""

    objects = InsertOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows are insert-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).__name__} rows cannot be deleted.")


# The key of CaseEvent.data under which cases.events.event_record keeps a summary's phrase.
SUMMARY_PHRASE = "summary_phrase"


class CaseEvent(InsertOnlyModel):
    """One thing that happened to a case. The timeline, audits and dashboards read these."""

    class Kind(models.TextChoices):
        CASE_OPENED = "case_opened", _("Case opened")
        CASE_UPDATED = "case_updated", _("Case details changed")
        SURVIVOR_UPDATED = "survivor_updated", _("Survivor details changed")
        CASE_CLOSED = "case_closed", _("Case closed")
        CASE_REOPENED = "case_reopened", _("Case reopened")
        TEAM_ADDED = "team_added", _("Added to the team")
        TEAM_REMOVED = "team_removed", _("Removed from the team")
        CONSENT_GIVEN = "consent_given", _("Consent recorded")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        NOTE_ADDED = "note_added", _("Note")
        DOCUMENT_ADDED = "document_added", _("Document uploaded")
        IDENTITY_REVEALED = "identity_revealed", _("Identity revealed (break-glass)")
        STAGE_CHANGED = "stage_changed", _("Stage changed")
        # One kind per workflow; `data` says what exactly happened (see cases.workflow).
        INVESTIGATION = "investigation", _("Investigation")
        COURT = "court", _("Court")
        COMPENSATION = "compensation", _("Compensation")
        CARE = "care", _("Care")
        DEADLINE = "deadline", _("Deadline")
        TASK = "task", _("Task")
        REVIEW = "review", _("Lawyer review")
        SURVIVOR_UPDATE = "survivor_update", _("Survivor informed")
        DOCUMENT_GENERATED = "document_generated", _("Document generated")
        SURVIVOR_MATCH = "survivor_match", _("Possible duplicate survivor")
        REFERRAL = "referral", _("Referral")
        SELF_ACCESS = "self_access", _("Her own page")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Plain text shown on the timeline: never the survivor's identity.
    summary = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    note = models.ForeignKey("CaseNote", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    document = models.ForeignKey("CaseDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["case", "-occurred_at"], name="case_event_timeline")]

    @property
    def summary_text(self) -> str:
        """The summary in the reader's (the active) language: the phrase cases.events.event_record
        kept in `data["summary_phrase"]`, rendered now; else (free text, an older row, a phrase
        that cannot be read back, or one an erasure blanked) the stored English `summary`."""
        stored = self.data.get(SUMMARY_PHRASE) if isinstance(self.data, dict) else None
        if not stored:
            return self.summary
        try:
            return Phrase.from_data(stored).render() or self.summary
        except (ArithmeticError, LookupError, TypeError, ValueError):
            return self.summary


class CaseNote(InsertOnlyModel):
    class Visibility(models.TextChoices):
        TEAM = "team", _("Whole case team")
        LAWYERS = "lawyers", _("Lawyers only")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("note"))
    visibility = models.CharField(_("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.TEAM)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]


def document_storage_name(instance, filename):
    # Random names: nothing about the survivor or the file reaches the file system.
    return f"documents/{uuid.uuid4().hex}.bin"


class CaseDocument(models.Model):
    class Type(models.TextChoices):
        FIR_COPY = "fir_copy", _("FIR copy")
        MEDICAL_REPORT = "medical_report", _("Medical report")
        STATEMENT = "statement", _("Statement")
        AGE_PROOF = "age_proof", _("Age proof")
        COURT_ORDER = "court_order", _("Court order")
        PHOTO = "photo", _("Photo")
        CHARGESHEET = "chargesheet", _("Chargesheet / police report")
        MAGISTRATE_STATEMENT = "magistrate_statement", _("Statement before a magistrate (164/183)")
        PSYCHOLOGICAL_REPORT = "psychological_report", _("Psychological report")
        JUDGMENT = "judgment", _("Judgment")
        BANK_DOCUMENT = "bank_document", _("Bank passbook or account details")
        IDENTITY_DOCUMENT = "identity_document", _("Identity document")
        CWC_ORDER = "cwc_order", _("Child Welfare Committee order")
        COMPENSATION_ORDER = "compensation_order", _("Compensation order")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    title = EncryptedCharField(_("title"), max_length=200)
    original_name = EncryptedCharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, help_text="Of the plaintext, to detect tampering.")
    file = models.FileField(upload_to=document_storage_name, max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def download_name(self) -> str:
        return f"{self.case.reference}-{self.doc_type}-{self.pk}.{self.extension}"


class AccessLogEntry(InsertOnlyModel):
    """Append-only record of who looked at what. Read by org admins and coordinators."""

    class Action(models.TextChoices):
        VIEW_CASE = "view_case", _("Viewed case")
        VIEW_IDENTITY = "view_identity", _("Viewed survivor identity")
        DOWNLOAD_DOCUMENT = "download_document", _("Downloaded document")
        EXPORT = "export", _("Exported")
        BREAK_GLASS = "break_glass", _("Break-glass reveal")
        DENIED = "denied", _("Denied")
        VIEW_LIST = "view_list", _("Viewed a list of cases")
        SEARCH = "search", _("Searched cases")
        REVIEW_MATCH = "review_match", _("Reviewed a possible duplicate survivor")
        LEAD_TRANSFERRED = "lead_transferred", _("Lead organisation transferred")
        API_CALL = "api_call", _("API call")
        IMPORTED = "imported", _("Imported cases from a file")
        # Her own page (selfaccess): her reads of her own case, and refused sign-ins to it.
        SELF_VIEW = "self_view", _("She viewed her own page")
        SELF_REFUSED = "self_refused", _("Sign-in to her page refused")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    target = models.CharField(max_length=120, blank=True, help_text="What was opened: a page, a document id.")
    reason = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
