"""Dates as people read them in Nyaya, in Python as in templates (config/formats: "j M Y"):
30 Nov 2027, no leading zero; with a time, 30 Nov 2027, 14:05 in the consortium's time zone,
and no stray "00:00" for a fact recorded by day only. Every service, model and letter that
writes a date into a sentence uses these two."""

import datetime

MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "hi": ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"],
    "bn": [
        "জানুয়ারি",
        "ফেব্রুয়ারি",
        "মার্চ",
        "এপ্রিল",
        "মে",
        "জুন",
        "জুলাই",
        "আগস্ট",
        "সেপ্টেম্বর",
        "অক্টোবর",
        "নভেম্বর",
        "ডিসেম্বর",
    ],
}


def _local(moment: datetime.datetime) -> datetime.datetime:
    from django.utils import timezone

    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def day_text(day: datetime.date | datetime.datetime | None, language: str | None = None, *, missing: str = "—") -> str:
    """ "30 Nov 2027"; in Hindi and Bengali the month in her script (the active language unless one is
    given; digits stay 0-9, docs/glossary.md). A datetime gives its local day."""
    if day is None:
        return missing
    if isinstance(day, datetime.datetime):
        day = _local(day).date()
    if language is None:
        from django.utils.translation import get_language

        language = (get_language() or "en").split("-")[0]
    months = MONTHS.get(language, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def moment_text(moment: datetime.datetime | None, *, missing: str = "—") -> str:
    """ "30 Nov 2027, 14:05" in local time; the day alone when it was recorded at 00:00 (a day-only fact)."""
    if moment is None:
        return missing
    local = _local(moment)
    if local.time() == datetime.time(0, 0):
        return day_text(local)
    return f"{day_text(local)}, {local:%H:%M}"
