"""Finding sections as people type them, suggesting the closest ones, and checking that a charge
uses the code in force on the offence day.

- A number is found however it is typed: "370a", " 137 (2)", "s. 143(4)", "u/s 370 (4)", "BNS 143".
- An unknown number offers up to five suggestions, best first: the sub-sections of the section typed
  ("143" -> 143(2), 143(3)...), numbers that begin the same way, the counterpart in the chosen act of
  the same number in the other code (BNS chosen, "370" typed -> BNS 143), and titles containing the
  words typed ("trafficking").
- Charges carry the code in force on the offence day (DOMAIN.md "Law in force"; cases/codes.py): an
  IPC section for an offence before 1 July 2024, a BNS section after; a special-law section is
  checked against its own in-force dates. Procedural provisions (CrPC, BNSS) are never charged.
"""

import difflib
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.codes import NEW_CODES_FROM
from core.dates import day_text as _day
from legal.models import Section

MAX_SUGGESTIONS = 5
GENERAL_CODES = ("ipc", "bns")
PROCEDURE_CODES = ("crpc", "bnss")
# Words people put before a number: "s.", "sec", "section", "u/s", "under section".
_PREFIX = re.compile(r"^(?:UNDER|U/S\.?|U/S|SECTIONS?|SECS?\.?|SS?\.)+")
_BASE = re.compile(r"^(\d+[A-Z]*)")
_WORD = re.compile(r"[a-z]{3,}")
_STOP_WORDS = {"the", "and", "for", "with", "section", "under", "act", "sub"}


def normalise_number(text: str, act=None) -> str:
    """ "u/s 370 (4)" -> "370(4)"; the act's own name in front ("BNS 143") is dropped too."""
    wanted = "".join((text or "")[:60].split()).upper()
    if act is not None:
        for name in {act.short_name, act.code}:
            name = "".join(name.split()).upper()
            if name and wanted.startswith(name) and wanted[len(name) :][:1].isdigit():
                wanted = wanted[len(name) :]
    return _PREFIX.sub("", wanted)


def _base(number: str) -> str:
    match = _BASE.match(number.upper())
    return match.group(1) if match else ""


def find_section(act, text: str) -> Section | None:
    wanted = normalise_number(text, act)
    if not wanted:
        return None
    for section in Section.objects.filter(act=act).select_related("act", "counterpart__act"):
        if section.number.upper() == wanted:
            return section
    return None


def suggestion_label(section: Section) -> str:
    """ "BNS 143(4) — Trafficking of a child (BNS 143(4) / IPC 370(4))"."""
    label = f"{section} — {section.title}"
    if section.counterpart_id:
        label += f" ({section} / {section.counterpart})"
    return label


def suggest_sections(act, text: str, limit: int = MAX_SUGGESTIONS) -> list[Section]:
    """The sections closest to what was typed, best first; the chosen act's sections come first."""
    wanted = normalise_number(text, act)
    words = {w for w in _WORD.findall((text or "")[:60].lower()) if w not in _STOP_WORDS}
    base = _base(wanted)
    scores: dict[int, float] = {}
    sections = {
        s.pk: s for s in Section.objects.select_related("act", "counterpart__act").order_by("act__position", "number")
    }

    def score(section: Section, points: float) -> None:
        scores[section.pk] = max(scores.get(section.pk, 0), points)

    for section in sections.values():
        number = section.number.upper()
        same_act = section.act_id == act.pk
        points = 0.0
        if wanted and number == wanted:
            points = 100  # only in another act: the chosen act's own would have been found
        elif base and _base(number) == base:
            points = 90
        elif len(wanted) >= 2 and number.startswith(wanted):
            points = 70
        elif base:
            points = 50 * difflib.SequenceMatcher(None, wanted, number).ratio()
            points = points if points >= 35 else 0
        if points and same_act:
            score(section, points)
        elif points >= 90 and section.counterpart_id and section.counterpart.act_id == act.pk:
            # The same number in the other code ("370" typed with the BNS chosen): its counterpart.
            score(section.counterpart, points - 5)
        if words:
            title = section.title.lower()
            found = sum(1 for w in words if w in title)
            if found:
                score(section, 60 + 10 * found / len(words) - (0 if same_act else 30))
    ranked = sorted(
        scores,
        key=lambda pk: (
            -scores[pk],
            sections[pk].act_id != act.pk,
            sections[pk].act.position,
            _numeric_key(sections[pk].number),
        ),
    )
    return [sections[pk] for pk in ranked[:limit]]


def _numeric_key(number: str) -> tuple:
    """143(2) before 143(10), 370 before 370A."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"\d+|\D+", number))


def unknown_section_error(act, text: str) -> ValidationError:
    shown = (text or "").strip()[:20]
    message = _("%(act)s has no section “%(number)s” in Nyaya's list of sections.") % {
        "act": act.short_name,
        "number": shown,
    }
    suggestions = suggest_sections(act, text)
    if not suggestions:
        return ValidationError({"number": message + " " + _("Check the number, or search by a word of its title.")})
    return ValidationError(
        {"number": [message + " " + _("Closest matches:")] + [suggestion_label(s) for s in suggestions]}
    )


def offence_day(fir):
    """The day the FIR's offence is dated to, as FIR.offence_code reads it, and whether it is the
    recorded offence date (rather than the FIR's registration or report date)."""
    for value, recorded in (
        (fir.offence_on, True),
        (fir.case.trafficked_on, True),
        (fir.fir_date, False),
        (fir.reported_on, False),
    ):
        if value:
            return value, recorded
    return None, False


def check_charge_code(fir, section: Section) -> None:
    """Refuse a section the offence cannot be charged under, with the reason and what to charge."""
    code = section.act.code
    if code in PROCEDURE_CODES:
        message = _("%(section)s is a procedural provision, not an offence: it cannot be charged.")
        raise ValidationError({"number": message % {"section": section}})
    day, recorded = offence_day(fir)
    if day is None:
        return
    when = (
        _("The offence was committed on %(day)s") % {"day": _day(day)}
        if recorded
        else _("No offence date is recorded; the FIR dates the offence to %(day)s") % {"day": _day(day)}
    )
    if code in GENERAL_CODES and code != fir.offence_code:
        other = "IPC" if fir.offence_code == "ipc" else "BNS"
        if section.counterpart_id and section.counterpart.act.code == fir.offence_code:
            instead = _("charge %(section)s instead.") % {"section": section.counterpart}
        else:
            instead = _("charge the %(code)s section instead (%(section)s has no single counterpart in the list).")
            instead = instead % {"code": other, "section": section}
        if fir.offence_code == "ipc":
            reason = _("before the BNS came into force on %(from)s") % {"from": _day(NEW_CODES_FROM)}
        else:
            reason = _("on or after %(from)s, when the BNS replaced the IPC") % {"from": _day(NEW_CODES_FROM)}
        raise ValidationError({"number": f"{when}, {reason}: {instead}"})
    if not section.in_force_on(day):
        if section.in_force_from and day < section.in_force_from:
            span = _("it is in force from %(from)s") % {"from": _day(section.in_force_from)}
        else:
            span = _("it was in force until %(until)s") % {"until": _day(section.in_force_until)}
        message = _("%(when)s, when %(section)s was not in force (%(span)s). Charge the provision in force then.")
        raise ValidationError({"number": message % {"when": when, "section": section, "span": span}})
