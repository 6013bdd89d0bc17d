"""Explicit service arguments (core/arguments.py); tests/legal/test_explicit_arguments.py shows them
on a service."""

from core.arguments import UNSET, given, versioned_edit


def test_given_keeps_what_was_passed_falsy_values_included():
    assert given(a=UNSET, b=None, c="", d=0, e=False, f="x") == {"b": None, "c": "", "d": 0, "e": False, "f": "x"}
    assert not UNSET
    assert repr(UNSET) == "UNSET"


def test_a_versioned_form_becomes_an_edit_with_its_expected_version():
    assert versioned_edit({"version": 3, "io_name": "SI Demo", "offence_on": None}) == {
        "expected_version": 3,
        "io_name": "SI Demo",
        "offence_on": None,
    }
