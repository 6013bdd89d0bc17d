"""Reference data: acts, sections (with the IPC <-> BNS counterpart), failure points."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.translations import TranslatedName
from core.versions import in_force


class Act(models.Model):
    class Family(models.TextChoices):
        OLD = "old", _("IPC / CrPC (offences before 1 July 2024)")
        NEW = "new", _("BNS / BNSS (from 1 July 2024)")
        SPECIAL = "special", _("Special law")

    code = models.SlugField(max_length=20, unique=True)
    short_name = models.CharField(_("short name"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    family = models.CharField(_("code family"), max_length=10, choices=Family.choices)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the in-force dates come from.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "short_name"]
        verbose_name = _("act")
        verbose_name_plural = _("acts")

    def __str__(self):
        return self.short_name


class Triable(models.TextChoices):
    """Which court tries the offence (First Schedule of the BNSS / CrPC, or the special law)."""

    SESSIONS = "sessions", _("Court of Session (exclusively)")
    MAGISTRATE = "magistrate", _("Magistrate")
    SPECIAL = "special", _("Special Court under the Act")
    NONE = "", _("Not an offence (procedure)")


class Section(models.Model):
    """One section or sub-section of an act. Punishment is per sub-section, read from the bare
    Act (never inferred from another sub-section); the default-bail class is stored with its
    basis, not computed from the maximum."""

    class BailClass(models.IntegerChoices):
        SIXTY = 60, _("60 days")
        NINETY = 90, _("90 days")

    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="sections", verbose_name=_("act"))
    number = models.CharField(_("section"), max_length=20, help_text=_("With the sub-section: 143(4), 7(1A)."))
    title = models.CharField(_("short title"), max_length=200)
    is_offence = models.BooleanField(_("defines or punishes an offence"), default=True)
    punishment = models.CharField(
        _("punishment"),
        max_length=300,
        blank=True,
        help_text=_("As the Act words it, e.g. 'RI 7 to 10 years and fine'."),
    )
    min_punishment_years = models.PositiveSmallIntegerField(_("minimum imprisonment (years)"), null=True, blank=True)
    max_punishment_years = models.PositiveSmallIntegerField(
        _("maximum imprisonment (years)"), null=True, blank=True, help_text=_("Empty when life, death or none.")
    )
    punishable_with_life = models.BooleanField(_("punishable with imprisonment for life"), default=False)
    punishable_with_death = models.BooleanField(_("punishable with death"), default=False)
    default_bail_days = models.PositiveSmallIntegerField(
        _("default bail after (days)"),
        choices=BailClass.choices,
        null=True,
        blank=True,
        help_text=_("BNSS 187(3) / CrPC 167(2): 90 for death, life or a term of not less than ten years, else 60."),
    )
    default_bail_basis = models.CharField(_("basis of the default-bail class"), max_length=300, blank=True)
    triable_by = models.CharField(_("triable by"), max_length=12, choices=Triable.choices, blank=True)
    is_sexual_offence = models.BooleanField(
        _("rape or POCSO offence"), default=False, help_text=_("A sexual offence against a woman or a child.")
    )
    two_month_investigation = models.BooleanField(
        _("investigation within two months"),
        default=False,
        help_text=_("BNSS 193(2) / CrPC 173(1A): BNS 64-68, 70, 71; IPC 376 family; POCSO 4, 6, 8, 10."),
    )
    in_camera = models.BooleanField(
        _("tried in camera"), default=False, help_text=_("BNSS 366(2) / CrPC 327(2); POCSO s.37.")
    )
    child_victim = models.BooleanField(
        _("the victim is a child by definition"), default=False, help_text=_("E.g. BNS 143(4), BNS 98, POCSO.")
    )
    source = models.TextField(
        _("source"), help_text=_("The bare Act's section and schedule the row is read from."), blank=True
    )
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)
    counterpart = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counterpart in the other code"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["act__position", "number"]
        constraints = [models.UniqueConstraint(fields=["act", "number"], name="section_unique_per_act")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.act.short_name} {self.number}"

    @property
    def label(self) -> str:
        """Both numbers, as the consortium reads them: "BNS 143 (IPC 370)"."""
        if self.counterpart_id:
            return f"{self} ({self.counterpart})"
        return str(self)

    def in_force_on(self, day) -> bool:
        return in_force(self.in_force_from, self.in_force_until, day)


class FailurePoint(TranslatedName, models.Model):
    """Where the justice system failed a case (reference list; coordinators extend it)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("failure point")
        verbose_name_plural = _("failure points")
