"""A sentence kept as its English words and their values, shown in the reader's language.

A text stored once and read by many people (the case timeline, a deadline's title) cannot be
written in the language of whoever happened to cause it: a Hindi caseworker's colleague reads
Bengali. So it is kept as a `Phrase`: the English msgid and its values, rendered when it is shown.

    Phrase(gettext_noop("%(name)s joined as lead caseworker"), name=user.display_name)

- `template` is the English msgid, marked at the call site with `gettext_noop` so `makemessages`
  extracts it. A template that is only punctuation joining other phrases ("%(title)s: %(verb)s")
  has nothing to translate and is left unmarked (gettext gives it back as it is).
- A value (a param) is a str, an int, a Decimal, a date, a nested Phrase, or a list of those
  (shown joined by ", "). A non-empty str is passed through gettext when shown, so an English
  choice label or reference name stored as a value reads in the reader's language; any other
  text (an organisation's short name, a FIR number, a person's name) has no msgid and reads as
  stored. A date is shown by core.dates.day_text in the reader's language. A nested phrase
  renders in turn; `.lower()` marks one shown in lower case (a choice label inside a sentence:
  "joined as lead caseworker").
- `render()`: the text in the active language; `english()`: in English (what the plain-text
  column keeps, for exports, search and old readers). `as_data()` / `from_data()`: to and from
  plain JSON, values as [name, value] pairs.

The values must be English, while a service runs with the actor's language active: one way,
everywhere: **build the phrase inside `with translation.override("en"):`**, so a choice label
(`obj.get_role_display()`), a model's `str()` and a date in it come out in English. A lazy
string (gettext_lazy, a choice's `.label`) given as the template or a value is turned into its
English text when the phrase is made, whatever language is active. A value shown in lower case is
a nested `Phrase(label).lower()`, never `label.lower()` (which no catalogue holds).

Showing a stored phrase never fails for the reader: a caller that reads it back
(cases.models.CaseEvent.summary_text, Deadline.title_text) falls back to the stored English text if it is malformed
(`PhraseError`, or a translation whose placeholders do not match).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeAlias

from django.utils import translation
from django.utils.functional import Promise

from core.dates import day_text

__all__ = ["Param", "Phrase", "PhraseError"]


class PhraseError(ValueError):
    """A phrase that cannot be made or read back: a value of an unknown type, a value its template
    names but is not given, malformed data."""


# A "%(name)s" placeholder of a template.
_PLACEHOLDER = re.compile(r"%\((\w+)\)")


def _check_placeholders(template: str, params: tuple[tuple[str, Stored], ...]) -> None:
    missing = set(_PLACEHOLDER.findall(template)) - {name for name, _value in params}
    if missing:
        raise PhraseError(f"{template!r} names {sorted(missing)} but is not given them")


def _english(text: str | Promise) -> str:
    if isinstance(text, Promise):
        with translation.override("en"):
            return str(text)
    return text


def _stored(value: Any) -> Stored:
    """A value as the phrase keeps it: lazy text in English, a list as a tuple."""
    if isinstance(value, bool) or value is None:
        raise PhraseError(f"A phrase's value cannot be {value!r}")
    if isinstance(value, Promise):
        return _english(value)
    if isinstance(value, datetime.datetime):
        # A moment is told by its day, as everywhere on the timeline.
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str | int | Decimal | datetime.date | Phrase):
        return value
    if isinstance(value, list | tuple):
        return tuple(_stored(item) for item in value)
    raise PhraseError(f"A phrase's value cannot be a {type(value).__name__}")


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _shown(value: Stored) -> str | int | Decimal:
    if isinstance(value, Phrase):
        return value.render()
    if isinstance(value, str):
        return translation.gettext(value) if value else value
    if isinstance(value, tuple):
        return ", ".join(str(_shown(item)) for item in value)
    if isinstance(value, datetime.date):
        return day_text(value, _language())
    return value


def _as_data(value: Stored) -> Any:
    if isinstance(value, Phrase):
        return value.as_data()
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return {"list": [_as_data(item) for item in value]}
    return value


def _from_data(data: Any) -> Stored:
    if isinstance(data, bool) or data is None:
        raise PhraseError(f"Not a phrase's value: {data!r}")
    if isinstance(data, str | int):
        return data
    if isinstance(data, Mapping):
        if "template" in data:
            return Phrase.from_data(data)
        if set(data) == {"decimal"}:
            return Decimal(str(data["decimal"]))
        if set(data) == {"date"}:
            return datetime.date.fromisoformat(str(data["date"]))
        if set(data) == {"list"} and isinstance(data["list"], list):
            return tuple(_from_data(item) for item in data["list"])
    raise PhraseError(f"Not a phrase's value: {data!r}")


class Phrase:
    """An English msgid and its values; immutable. See the module docstring."""

    __slots__ = ("lowered", "params", "template")

    template: str
    params: tuple[tuple[str, Stored], ...]
    lowered: bool

    def __init__(self, template: str | Promise, /, **params: Param) -> None:
        if not isinstance(template, str | Promise):
            raise PhraseError(f"A phrase's template is text, not {type(template).__name__}")
        object.__setattr__(self, "template", _english(template))
        object.__setattr__(self, "params", tuple(sorted((name, _stored(value)) for name, value in params.items())))
        object.__setattr__(self, "lowered", False)
        _check_placeholders(self.template, self.params)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("A Phrase cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("A Phrase cannot be changed")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Phrase):
            return NotImplemented
        return (self.template, self.params, self.lowered) == (other.template, other.params, other.lowered)

    def __hash__(self) -> int:
        return hash((self.template, self.params, self.lowered))

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.params)
        return f"Phrase({self.template!r}{params}){'.lower()' if self.lowered else ''}"

    def __str__(self) -> str:
        return self.render()

    def lower(self) -> Phrase:
        """The same phrase, shown in lower case (a label inside a sentence)."""
        copy = Phrase.__new__(Phrase)
        object.__setattr__(copy, "template", self.template)
        object.__setattr__(copy, "params", self.params)
        object.__setattr__(copy, "lowered", True)
        return copy

    def render(self) -> str:
        """The text in the active language. Raises (KeyError, ValueError, TypeError) if the
        template, a translation of it or a value does not fit: callers showing stored phrases
        fall back to their English text."""
        text = translation.gettext(self.template) if self.template else ""
        if self.params:
            text = text % {name: _shown(value) for name, value in self.params}
        return text.lower() if self.lowered else text

    def english(self) -> str:
        with translation.override("en"):
            return self.render()

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"template": self.template, "params": [[n, _as_data(v)] for n, v in self.params]}
        if self.lowered:
            data["lower"] = True
        return data

    @classmethod
    def from_data(cls, data: Any) -> Phrase:
        """The phrase `as_data()` gave; PhraseError if `data` is not one."""
        if not isinstance(data, Mapping) or not isinstance(data.get("template"), str) or not data["template"]:
            raise PhraseError(f"Not a phrase: {data!r}")
        pairs = data.get("params", [])
        if not isinstance(pairs, list) or not all(
            isinstance(p, list | tuple) and len(p) == 2 and isinstance(p[0], str) for p in pairs
        ):
            raise PhraseError(f"Not a phrase's values: {pairs!r}")
        params = tuple(sorted((name, _from_data(value)) for name, value in pairs))
        _check_placeholders(data["template"], params)
        phrase = cls.__new__(cls)
        object.__setattr__(phrase, "template", data["template"])
        object.__setattr__(phrase, "params", params)
        object.__setattr__(phrase, "lowered", False)
        if data.get("lower"):
            phrase = phrase.lower()
        return phrase


# What a phrase is given (a list is shown joined by ", "; lazy text is kept in English) and what it keeps.
Param: TypeAlias = str | int | Decimal | datetime.date | Phrase | Promise | list["Param"] | tuple["Param", ...]
Stored: TypeAlias = str | int | Decimal | datetime.date | Phrase | tuple["Stored", ...]
