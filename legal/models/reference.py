"""Reference data: acts, sections (with the IPC <-> BNS counterpart), failure points."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Act(models.Model):
    class Family(models.TextChoices):
        OLD = "old", _("IPC / CrPC (offences before 1 July 2024)")
        NEW = "new", _("BNS / BNSS (from 1 July 2024)")
        SPECIAL = "special", _("Special law")

    code = models.SlugField(max_length=20, unique=True)
    short_name = models.CharField(_("short name"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    family = models.CharField(_("code family"), max_length=10, choices=Family.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "short_name"]
        verbose_name = _("act")
        verbose_name_plural = _("acts")

    def __str__(self):
        return self.short_name


class Section(models.Model):
    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="sections", verbose_name=_("act"))
    number = models.CharField(_("section"), max_length=20)
    title = models.CharField(_("short title"), max_length=200)
    max_punishment_years = models.PositiveSmallIntegerField(
        _("maximum imprisonment (years)"), null=True, blank=True, help_text=_("Empty when life, death or none.")
    )
    punishable_with_life = models.BooleanField(_("punishable with imprisonment for life"), default=False)
    punishable_with_death = models.BooleanField(_("punishable with death"), default=False)
    is_sexual_offence = models.BooleanField(
        _("rape or POCSO offence"), default=False, help_text=_("Investigation must finish within two months.")
    )
    counterpart = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counterpart in the other code"),
    )

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

    @property
    def serious(self) -> bool:
        """Punishable with ten years or more, life or death: the 90-day chargesheet limit applies."""
        return self.punishable_with_life or self.punishable_with_death or (self.max_punishment_years or 0) >= 10


class FailurePoint(models.Model):
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

    def __str__(self):
        return self.name
