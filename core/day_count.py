"""How the law counts days: a month later (the 31st becomes the month's last day), working days
that skip a calendar's weekends and holidays, and the next working day. Pure arithmetic on dates:
the deadline engine (cases.deadlines) computes due dates with it, compensation its time bars and
fixed-deposit lock-ins, the court the limits of detention."""

import calendar as calendar_module
import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_WORKING_DAYS = 3660  # a guard against a calendar with no working days at all


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day `months` later; the 31st becomes the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar_module.monthrange(year, month)[1]))


def is_working_day(day: datetime.date, holidays: set, weekend_days) -> bool:
    return day.weekday() not in weekend_days and day not in holidays


def add_working_days(start: datetime.date, days: int, holidays: set, weekend_days) -> tuple[datetime.date, list]:
    """The day `days` working days after `start` (start itself not counted), and the days skipped."""
    if len(set(weekend_days)) >= 7:
        raise ValidationError(_("The holiday calendar has no working days."))
    skipped, day, counted = [], start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays, weekend_days):
            counted += 1
        else:
            skipped.append(day)
        if len(skipped) > MAX_WORKING_DAYS:
            raise ValidationError(_("The holiday calendar leaves too few working days to compute this deadline."))
    return day, skipped


def next_working_day(day: datetime.date, holidays: set, weekend_days) -> tuple[datetime.date, list]:
    skipped = []
    while not is_working_day(day, holidays, weekend_days):
        skipped.append(day)
        day += datetime.timedelta(days=1)
    return day, skipped
