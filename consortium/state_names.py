"""The names of the states and union territories in data/india_regions.json, marked for translation
(State.label shows them in the reader's language; districts keep the names they are written with).
tests/test_translations.py checks this list against the file."""

from django.utils.translation import gettext_noop

STATE_NAMES = [
    gettext_noop("Andaman and Nicobar Islands"),
    gettext_noop("Andhra Pradesh"),
    gettext_noop("Arunachal Pradesh"),
    gettext_noop("Assam"),
    gettext_noop("Bihar"),
    gettext_noop("Chandigarh"),
    gettext_noop("Chhattisgarh"),
    gettext_noop("Dadra and Nagar Haveli and Daman and Diu"),
    gettext_noop("Delhi"),
    gettext_noop("Goa"),
    gettext_noop("Gujarat"),
    gettext_noop("Haryana"),
    gettext_noop("Himachal Pradesh"),
    gettext_noop("Jammu and Kashmir"),
    gettext_noop("Jharkhand"),
    gettext_noop("Karnataka"),
    gettext_noop("Kerala"),
    gettext_noop("Ladakh"),
    gettext_noop("Lakshadweep"),
    gettext_noop("Madhya Pradesh"),
    gettext_noop("Maharashtra"),
    gettext_noop("Manipur"),
    gettext_noop("Meghalaya"),
    gettext_noop("Mizoram"),
    gettext_noop("Nagaland"),
    gettext_noop("Odisha"),
    gettext_noop("Puducherry"),
    gettext_noop("Punjab"),
    gettext_noop("Rajasthan"),
    gettext_noop("Sikkim"),
    gettext_noop("Tamil Nadu"),
    gettext_noop("Telangana"),
    gettext_noop("Tripura"),
    gettext_noop("Uttar Pradesh"),
    gettext_noop("Uttarakhand"),
    gettext_noop("West Bengal"),
]
