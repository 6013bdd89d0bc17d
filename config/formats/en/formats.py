# One way to show dates to every user, in every language: 30 Nov 2027, and 30 Nov 2027, 14:05.
# Django 5 always localises, so these override the locale's own formats (FORMAT_MODULE_PATH).
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
TIME_FORMAT = "H:i"
