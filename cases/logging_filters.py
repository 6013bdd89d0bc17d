"""No personal data in the application's logs: the filter on every handler of settings.LOGGING.

The code logs ids, never a name, a phone number or a search term (tests/test_no_pii_in_logs.py
runs the flows that could and searches what they log). This filter is the second line, for what
a library or an exception message might carry: before a record reaches any output it rewrites

- phone-number-like digit runs (cases.sensitive.PHONE_LIKE) to "[phone]";
- email addresses to "[email]";
- the query string of any URL or request line (a search term, a filter naming her) to "?…";
- the username django-axes puts in its lockout lines (`username: "…"`) to "…";

in the message, its arguments (formatted into the message first) and the traceback text.
Request bodies are never logged: no handler here prints `record.request`, and Django's own
loggers log the path only.
"""

import logging
import re

from .sensitive import redact_phones

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "/cases/?q=Name HTTP/1.1", "/search?term=..." : the path stays, the query goes. In a request
# line everything up to " HTTP/" is the query (an unencoded space may be part of it).
REQUEST_LINE_QUERY = re.compile(r"(?<=[\w/.\-])\?[^\"\n]*?(?= HTTP/\d)")
QUERY_STRING = re.compile(r"(?<=[\w/.\-])\?[^\s\"'<>]*")
AXES_USERNAME = re.compile(r"(username\W{1,3})[^\"',}]*")


def redact_log_text(text: str) -> str:
    if not text:
        return text
    text = EMAIL.sub("[email]", text)
    text = REQUEST_LINE_QUERY.sub("?…", text)
    text = QUERY_STRING.sub("?…", text)
    text = AXES_USERNAME.sub(r"\1…", text)
    return redact_phones(text)


class RedactPII(logging.Filter):
    """Rewrites the record in place (every later handler sees the clean one); never drops it."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is still logged, unformatted
            message = str(record.msg)
        record.msg, record.args = redact_log_text(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_log_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_log_text(record.stack_info)
        return True
