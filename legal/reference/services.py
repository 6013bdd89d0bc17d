"""Coordinators keep the legal reference data: a section's punishment, default-bail class and
basis, court, flags, source and in-force dates. Every save is one django-simple-history row
carrying who changed it and why, so a lawyer can see where each value came from.

A row that names no source is not law and cannot be saved (DOMAIN.md "Sources").
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.permissions import require
from consortium.standing import standing_of
from core.arguments import UNSET, given
from core.concurrency import refuse_stale
from core.dates import day_text as _day
from core.history import record_history
from legal.models import Act, Section

# What a coordinator may change on a section; act and number only when she adds one.
SECTION_FIELDS = [
    "title",
    "is_offence",
    "punishment",
    "min_punishment_years",
    "max_punishment_years",
    "punishable_with_life",
    "punishable_with_death",
    "default_bail_days",
    "default_bail_basis",
    "triable_by",
    "is_sexual_offence",
    "two_month_investigation",
    "in_camera",
    "child_victim",
    "source",
    "in_force_from",
    "in_force_until",
    "counterpart",
]

# "143", "366A", "3(5)", "7(1A)", "193(3)(ii)": a number, optional letters, up to three sub-parts.
SECTION_NUMBER = re.compile(r"^\d{1,4}[A-Z]{0,3}(\([0-9A-Za-z]{1,6}\)){0,3}$")
# simple-history's history_change_reason column holds 100 characters.
REASON_MAX = 100


def is_reference_editor(user) -> bool:
    """Coordinators keep the reference data (sections here; deadline rules and schemes alike)."""
    return standing_of(user).is_coordinator


def normalise_section_number(number: str) -> str:
    number = "".join((number or "").split())
    # "143 (4)" and "366a" are typed as often as "143(4)" and "366A": upper-case the letters
    # after the number, not the Roman sub-clauses in brackets ("(ii)").
    head, _sep, tail = number.partition("(")
    return head.upper() + (_sep + tail if _sep else "")


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise ValidationError(
            {"reason": _("Say why, in a few words (at least 5 characters): it is kept in the history.")}
        )
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason to %(n)d characters.") % {"n": REASON_MAX}})
    return reason


def section_problems(section: Section) -> dict:
    """What makes a section row unfit to be law, by field (empty when it may be saved)."""
    errors: dict = {}
    if not (section.source or "").strip():
        errors["source"] = _(
            "Name the source: the bare Act's section and schedule (or a judgment with its citation). "
            "A row without a source is not law."
        )
    if section.default_bail_days not in (None, Section.BailClass.SIXTY, Section.BailClass.NINETY):
        errors["default_bail_days"] = _("The default-bail class is 60 or 90 days (BNSS 187(3) / CrPC 167(2)).")
    elif section.default_bail_days and not (section.default_bail_basis or "").strip():
        errors["default_bail_basis"] = _(
            "Give the basis of the class, e.g. 'BNSS 187(3): punishable with life' or "
            "'may extend to ten years: 60 days (Rakesh Kumar Paul v. State of Assam, 2017)'."
        )
    if section.in_force_from and section.in_force_until and section.in_force_from > section.in_force_until:
        errors["in_force_until"] = _("The last day in force cannot be before the first.")
    act = section.act
    if act.in_force_from and section.in_force_from and section.in_force_from < act.in_force_from:
        errors["in_force_from"] = _("The %(act)s itself came into force on %(day)s.") % {
            "act": act.short_name,
            "day": _day(act.in_force_from),
        }
    if act.in_force_until and section.in_force_until and section.in_force_until > act.in_force_until:
        errors["in_force_until"] = _("The %(act)s was in force until %(day)s.") % {
            "act": act.short_name,
            "day": _day(act.in_force_until),
        }
    low, high = section.min_punishment_years, section.max_punishment_years
    if low is not None and high is not None and low > high:
        errors["max_punishment_years"] = _("The maximum cannot be below the minimum.")
    if section.punishable_with_death and not section.punishable_with_life:
        errors["punishable_with_life"] = _(
            "An offence punishable with death is in the life-or-death class too: tick both."
        )
    counterpart = section.counterpart
    if counterpart is not None:
        families = {act.family, counterpart.act.family}
        if counterpart.pk == section.pk or families != {Act.Family.OLD, Act.Family.NEW}:
            errors["counterpart"] = _("A counterpart is the same provision in the other code: IPC ↔ BNS, CrPC ↔ BNSS.")
        elif counterpart.is_offence != section.is_offence:
            errors["counterpart"] = _("An offence's counterpart is an offence; a procedure's, a procedure.")
    return errors


BASELINE_REASON = "As loaded from Nyaya's reference data"


def _ensure_baseline(section: Section) -> None:
    """Rows loaded by a data migration have no history row: record their values as they are
    before the first edit, so the history shows what the edit changed."""
    if not Section.history.filter(id=section.pk).exists():
        Section.history.bulk_history_create(
            [section], default_change_reason=BASELINE_REASON, default_date=section.updated_at
        )
        # The loader wrote these values, not the person editing now (whom simple-history assumes).
        Section.history.filter(id=section.pk).update(history_user=None)


def _save_with_history(section: Section, *, actor, reason: str) -> None:
    record_history(section, actor, reason)
    section.save()


def _link_counterparts(section: Section, old_counterpart_id, *, actor, reason: str) -> None:
    """Counterparts point at each other: BNS 143 <-> IPC 370. The other rows keep their history."""
    if section.counterpart_id == old_counterpart_id:
        return
    note = (_("Counterpart of %(section)s: %(reason)s") % {"section": section, "reason": reason})[:REASON_MAX]
    if old_counterpart_id:
        old = Section.objects.select_for_update().filter(pk=old_counterpart_id, counterpart=section).first()
        if old is not None:
            _ensure_baseline(old)
            old.counterpart = None
            _save_with_history(old, actor=actor, reason=note)
    if section.counterpart_id:
        # Only an empty link is filled in: IPC 370 keeps pointing at BNS 143 when a coordinator
        # adds BNS 143(4) with IPC 370 as its counterpart.
        other = Section.objects.select_for_update().get(pk=section.counterpart_id)
        if other.counterpart_id is None:
            _ensure_baseline(other)
            other.counterpart = section
            _save_with_history(other, actor=actor, reason=note)


@transaction.atomic
def section_save(
    *,
    actor,
    act: Act | None = UNSET,
    number: str = UNSET,
    title: str = UNSET,
    is_offence: bool = UNSET,
    punishment: str = UNSET,
    min_punishment_years: int | None = UNSET,
    max_punishment_years: int | None = UNSET,
    punishable_with_life: bool = UNSET,
    punishable_with_death: bool = UNSET,
    default_bail_days: int | None = UNSET,
    default_bail_basis: str = UNSET,
    triable_by: str = UNSET,
    is_sexual_offence: bool = UNSET,
    two_month_investigation: bool = UNSET,
    in_camera: bool = UNSET,
    child_victim: bool = UNSET,
    source: str = UNSET,
    in_force_from: datetime.date | None = UNSET,
    in_force_until: datetime.date | None = UNSET,
    counterpart: Section | None = UNSET,
    reason: str,
    section: Section | None = None,
    loaded_at=None,
) -> Section:
    """Add a section (data has act and number) or change one; one history row with the reason.

    `loaded_at` is the row's updated_at when the form was opened: a save on top of someone
    else's change is refused rather than overwriting it.
    """
    data = given(
        act=act,
        number=number,
        title=title,
        is_offence=is_offence,
        punishment=punishment,
        min_punishment_years=min_punishment_years,
        max_punishment_years=max_punishment_years,
        punishable_with_life=punishable_with_life,
        punishable_with_death=punishable_with_death,
        default_bail_days=default_bail_days,
        default_bail_basis=default_bail_basis,
        triable_by=triable_by,
        is_sexual_offence=is_sexual_offence,
        two_month_investigation=two_month_investigation,
        in_camera=in_camera,
        child_victim=child_victim,
        source=source,
        in_force_from=in_force_from,
        in_force_until=in_force_until,
        counterpart=counterpart,
    )
    require(is_reference_editor(actor))
    reason = _clean_reason(reason)
    if section is None:
        number = normalise_section_number(data.get("number", ""))
        if not SECTION_NUMBER.match(number):
            raise ValidationError({"number": _("Write the number as the Act does: 143, 366A, 3(5), 7(1A).")})
        act = data.get("act")
        if act is None:
            raise ValidationError({"act": _("Choose the act.")})
        if Section.objects.filter(act=act, number=number).exists():
            raise ValidationError(
                {"number": _("%(act)s %(number)s is already on the list.") % {"act": act.short_name, "number": number}}
            )
        section = Section(act=act, number=number)
        old_counterpart_id = None
        changed = True
    else:
        section = Section.objects.select_for_update().select_related("act").get(pk=section.pk)
        if loaded_at is not None and section.updated_at != loaded_at:
            # Sections tell a stale page by the time they were last saved; their history says by whom.
            last = section.history.select_related("history_user").first()
            section.last_editor = last.history_user if last else None  # type: ignore[attr-defined]
            refuse_stale(section, editor_field="last_editor")
        _ensure_baseline(section)
        old_counterpart_id = section.counterpart_id
        changed = False
    for name in SECTION_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        attname = "counterpart_id" if name == "counterpart" else name
        new = value.pk if name == "counterpart" and value is not None else value
        if getattr(section, attname) != new:
            changed = True
            setattr(section, attname, new)
    if not changed:
        raise ValidationError(_("Nothing was changed: edit a value, or go back."))
    errors = section_problems(section)
    if errors:
        raise ValidationError(errors)
    section.full_clean(exclude=["counterpart"])
    _save_with_history(section, actor=actor, reason=reason)
    _link_counterparts(section, old_counterpart_id, actor=actor, reason=reason)
    return section
