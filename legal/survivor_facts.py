"""The facts of her case that legal owns, as the letters to the survivor state them
(cases.survivor_messages: the case hub drafts the letter; this app says what its record holds).
Registered when Django starts (legal/apps.py)."""

import datetime

from django.utils import timezone

from cases.survivor_messages import READERS, fact, letter_language
from core.dates import day_text
from legal.court.selectors import next_hearing
from legal.models import FIR, CourtCase, FIRAccused, Hearing, HearingStatus


def _latest(values) -> datetime.date | None:
    values = [v for v in values if v]
    return max(values) if values else None


# The events whose only fact is a date, and where the record keeps it.
EVENT_DAYS = {
    "fir_registered": lambda case: _latest(FIR.objects.filter(case=case).values_list("fir_date", flat=True)),
    "chargesheet_filed": lambda case: _latest(FIR.objects.filter(case=case).values_list("chargesheet_on", flat=True)),
    "closure_report_filed": lambda case: _latest(
        FIR.objects.filter(case=case).values_list("closure_report_on", flat=True)
    ),
    "arrest": lambda case: _latest(FIRAccused.objects.filter(fir__case=case).values_list("arrested_on", flat=True)),
    "charges_framed": lambda case: _latest(
        CourtCase.objects.filter(case=case).values_list("charges_framed_on", flat=True)
    ),
    "judgment": lambda case: _latest(CourtCase.objects.filter(case=case).values_list("judgment_on", flat=True)),
}


def news_since(case, day: datetime.date) -> bool:
    """An arrest, or a hearing that took place (recorded), on or after `day`."""
    if FIRAccused.objects.filter(fir__case=case, arrested_on__gte=day).exists():
        return True
    return Hearing.objects.filter(court_case__case=case, on__gte=day).exclude(status=HearingStatus.SCHEDULED).exists()


def hearing_sentences(case, language: str) -> list[str]:
    """The last hearing (held, adjourned, not taken up, or not yet recorded) and the next date, or
    that no next date is fixed yet. Empty when the case has no court case."""
    court_cases = list(CourtCase.objects.filter(case=case).only("pk", "judgment_on"))
    if not court_cases:
        return []
    lang = letter_language(language)
    today = timezone.localdate()
    hearings = Hearing.objects.filter(court_case__case=case)
    last = hearings.filter(on__lte=today).exclude(status=HearingStatus.SCHEDULED).order_by("-on", "-pk").first()
    unrecorded = hearings.filter(on__lt=today, status=HearingStatus.SCHEDULED).order_by("-on", "-pk").first()
    if unrecorded and last and last.on > unrecorded.on:
        unrecorded = None
    upcoming = next_hearing(case)
    out = []
    if unrecorded:
        out.append(fact("hearing_unrecorded", language, date=day_text(unrecorded.on, lang)))
    elif last:
        key = {
            HearingStatus.ADJOURNED: "hearing_adjourned",
            HearingStatus.NOT_TAKEN_UP: "hearing_not_taken_up",
        }.get(last.status, "hearing_held")
        out.append(fact(key, language, date=day_text(last.on, lang)))
    next_day = upcoming.on if upcoming else None
    if next_day is None and last and last.next_date and last.next_date >= today and not unrecorded:
        next_day = last.next_date
    if next_day:
        out.append(fact("hearing_next", language, date=day_text(next_day, lang)))
        must = upcoming is not None and upcoming.on == next_day and upcoming.survivor_must_attend
        out.append(fact("hearing_must_attend" if must else "hearing_may_attend", language))
    elif all(cc.judgment_on for cc in court_cases):
        pass  # the trial ended: no next date is owed (an appeal has its own)
    elif unrecorded:
        out.append(fact("hearing_next_unknown", language))
    elif last:
        out.append(fact("hearing_no_next_date", language))
    else:
        out.append(fact("hearing_none", language))
    return out


def register() -> None:
    READERS.event_days.update(EVENT_DAYS)
    READERS.news_since.append(news_since)
    READERS.hearings = hearing_sentences
