"""Model fields whose values are encrypted at rest (see core.crypto).

The database column holds a Fernet token; Python code sees plaintext. Encrypted
columns cannot be filtered or ordered on: search goes through blind indexes.
"""

import json
from typing import TYPE_CHECKING

from django.core.exceptions import FieldError
from django.db import models

from . import crypto

if TYPE_CHECKING:  # the mixin always comes first in front of a Field (below): typed as one
    _FieldBase = models.Field
else:
    _FieldBase = object


class EncryptedMixin(_FieldBase):
    """Encrypts on the way to the database, decrypts on the way back."""

    def get_internal_type(self):
        return "TextField"

    def _serialise(self, value) -> str:
        return str(value)

    def _deserialise(self, text: str):
        return text

    def get_prep_value(self, value):
        if value is None or value == "" or value == []:
            return None if self.null else ""
        return crypto.encrypt_text(self._serialise(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return self._empty()
        return self._deserialise(crypto.decrypt_text(value))

    def _empty(self):
        return None if self.null else ""

    def to_python(self, value):
        return value

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(f"Encrypted field {self.name!r} cannot be searched with {lookup_name!r}.")
        return super().get_lookup(lookup_name)


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedCharField(EncryptedMixin, models.TextField):
    """Text with a maximum length checked in forms; stored as an encrypted text column."""

    def __init__(self, *args, max_length=None, **kwargs):
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length is not None:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"form_class": forms.CharField, "max_length": self.plain_max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


class EncryptedDateField(EncryptedMixin, models.TextField):
    def _serialise(self, value) -> str:
        return value.isoformat()

    def _deserialise(self, text: str):
        import datetime

        return datetime.date.fromisoformat(text)

    def _empty(self):
        return None

    def formfield(self, **kwargs):
        from django import forms

        return models.Field.formfield(self, form_class=forms.DateField, **kwargs)


class EncryptedJSONListField(EncryptedMixin, models.TextField):
    """A list of strings (other names, phone numbers), encrypted as one JSON document."""

    def _serialise(self, value) -> str:
        return json.dumps(list(value), ensure_ascii=False)

    def _deserialise(self, text: str):
        return json.loads(text)

    def _empty(self):
        return []

    def get_prep_value(self, value):
        if not value:
            return ""
        return crypto.encrypt_text(self._serialise(value))
