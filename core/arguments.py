"""Keyword arguments a service was given, told apart from those it was not.

Services take explicit keyword arguments, so a caller's misspelt field is a TypeError at the
call rather than a value silently dropped. An edit changes only what it is given: its fields
default to UNSET, and `given(...)` keeps the ones the caller passed, as a dict the service
applies (`for name, value in given(...).items(): setattr(row, name, value)`). A service that
creates a row passes `**given(...)` to the model, so a field not given keeps the model's default.
"""

from typing import Any, Final


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final[Any] = _Unset()


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were passed (not UNSET), in the order written."""
    return {name: value for name, value in values.items() if value is not UNSET}


def versioned_edit(data: dict[str, Any]) -> dict[str, Any]:
    """A versioned form's cleaned data as an edit service's arguments: the version the page was
    read at becomes `expected_version`, every other field is passed by its name."""
    fields = {name: value for name, value in data.items() if name != "version"}
    return {"expected_version": data["version"], **fields}
