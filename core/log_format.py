"""JSON logs (LOG_FORMAT=json): one object per line, for journald, Loki, Elasticsearch and friends.

Keys: time (UTC, ISO 8601 with milliseconds), level, logger, message, request_id (null outside a
request or task), and in a Celery task task_id and task_name; exception and stack when present.
The message and the exception text are the ones the no_pii filter (cases/logging_filters.py) has
already rewritten: this formatter never formats the exception itself when the filter did.
"""

import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        task_id = getattr(record, "task_id", None)
        if task_id:
            entry["task_id"] = task_id
            entry["task_name"] = getattr(record, "task_name", None)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)
