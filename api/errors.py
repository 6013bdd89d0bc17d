"""Every refusal as JSON a program can read: `{"code": ..., "detail": ..., "errors": {field: [...]}}`.

- a service's refusal (django ValidationError, with its fields): 400, code "invalid"; an item of a
  list or of a nested object at fault is named by its path (`outcomes.0.outcome`);
- a stale version (core.concurrency.ConcurrentEditError): 409, code "concurrent_edit";
- a case or record she may not see, or that does not exist: 404, code "not_found", the same body;
- a body over the upload limit: 413; malformed JSON: 400 "parse_error"; no or bad token: 401;
- anything DRF raises keeps its status and its code.
Never a page of HTML, never a stack trace, never a name.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.concurrency import ConcurrentEditError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "concurrent_edit"


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _as_api_error(exc):
    if isinstance(exc, ConcurrentEditError):
        return Conflict(detail=exc.messages[0])
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                (field if field != "__all__" else "non_field_errors"): [str(m) for m in errors]
                for field, errors in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        return exceptions.ValidationError(detail)
    if isinstance(exc, RequestDataTooBig):
        return TooLarge(detail=_("The request is too large."))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _flat(errors, prefix: str = "") -> dict[str, list[str]]:
    """Field errors as {"field": [messages]}, nested ones named by their path: an item of a list
    is "addresses.11", a field of an object "values.charged_on" (the documented error body)."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            flat |= _flat(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(errors, list) and all(isinstance(item, str) for item in errors):
        flat.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in errors)
    elif isinstance(errors, list):
        for index, item in enumerate(errors):
            if item:
                flat |= _flat(item, f"{prefix}.{index}" if prefix else str(index))
    else:
        flat.setdefault(prefix or "non_field_errors", []).append(str(errors))
    return flat


def exception_handler(exc, context):
    exc = _as_api_error(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real fault: the 500 handler (no details shown), and the logs
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = _flat(data if isinstance(data, dict) else {"non_field_errors": data})
        body = {"code": "invalid", "detail": _("The request was not accepted: see errors."), "errors": errors}
    else:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        if not isinstance(code, str):
            code = "error"
        body = {"code": code, "detail": data.get("detail", "") if isinstance(data, dict) else str(data)}
    response.data = body
    return response


def not_found_response() -> Response:
    return Response({"code": "not_found", "detail": str(exceptions.NotFound.default_detail)}, status=404)
