"""How the OpenAPI schema describes Nyaya: its two ways in (loaded by api.apps) and, on every
operation, the refusals it may answer with their one error body (settings DEFAULT_SCHEMA_CLASS)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token (nyk_…) made on your Sign-in security page or with "
            "`manage.py api_token create`. Read-only tokens may only GET.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.VerifiedSessionAuthentication"
    name = "browserSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


# --- every operation documents its refusals, with the one error body (api/errors.py) ------------


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="invalid, parse_error, not_authenticated, authentication_failed, permission_denied, "
        "not_found, concurrent_edit, too_large, unsupported_media_type, method_not_allowed, throttled."
    )
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="With code `invalid`: each field at fault (`non_field_errors` for the whole request).",
    )


ERRORS = {
    "400": "Invalid input: nothing was saved.",
    "401": "No token, or an unknown, expired or revoked one.",
    "403": "A read-only token was used to write.",
    "404": "No such record, or one you may not see (the same answer).",
    "405": "Method not allowed.",
    "409": "The record changed since you read it (send its current version).",
    "413": "The request is too large.",
    "415": "Unsupported media type.",
    "429": "Too many requests for this token: wait and retry.",
}


class NyayaAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses
