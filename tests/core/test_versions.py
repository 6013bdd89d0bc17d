"""One rule for "the version in force on a day" (core/versions.py), for deadline rules, schemes and
sections of law alike."""

import datetime
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.versions import in_force, latest_started, version_in_force

D = datetime.date


@dataclass
class Version:
    name: str
    effective_from: datetime.date | None
    effective_until: datetime.date | None = None
    is_active: bool = True


OLD = Version("2018", D(2018, 1, 1))  # named no last day
NEW = Version("2022", D(2022, 4, 1), D(2025, 3, 31))
VERSIONS = [OLD, NEW]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2017, 12, 31), None),  # before every version
        (D(2018, 1, 1), "2018"),  # its first day counts
        (D(2022, 3, 31), "2018"),
        (D(2022, 4, 1), "2022"),  # the newer supersedes the older from its first day
        (D(2025, 3, 31), "2022"),  # its last day counts
        (D(2025, 4, 1), None),  # ended: the older one does not come back
    ],
)
def test_the_version_on_a_day(day, expected):
    found = version_in_force(VERSIONS, day)
    assert (found.name if found else None) == expected


def test_a_version_switched_off_does_not_apply_and_the_order_given_does_not_matter():
    off = Version("2022", D(2022, 4, 1), is_active=False)
    assert version_in_force([off, OLD], D(2023, 1, 1), active="is_active") is None
    assert version_in_force([off, OLD], D(2023, 1, 1)) is off
    assert version_in_force([NEW, OLD], D(2020, 1, 1)) is OLD


def test_open_ended_spans_and_other_field_names():
    @dataclass
    class Section:
        in_force_from: datetime.date | None
        in_force_until: datetime.date | None

    always = Section(None, None)
    assert in_force(None, None, D(1950, 1, 1))
    assert version_in_force([always], D(2030, 1, 1), start="in_force_from", until="in_force_until") is always
    assert latest_started([always, Section(D(2024, 7, 1), None)], D(2024, 6, 30), start="in_force_from") is always


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


@given(
    starts=st.lists(days, min_size=1, max_size=6, unique=True),
    lengths=st.lists(st.one_of(st.none(), st.integers(0, 4000)), min_size=6, max_size=6),
    day=days,
)
def test_the_version_in_force_is_the_latest_started_and_not_ended(starts, lengths, day):
    versions = [
        Version(str(i), start, None if length is None else start + datetime.timedelta(days=length))
        for i, (start, length) in enumerate(zip(starts, lengths, strict=False))
    ]
    found = version_in_force(versions, day)
    started = [v for v in versions if v.effective_from <= day]
    if not started:
        assert found is None
        return
    latest = max(started, key=lambda v: v.effective_from)
    ended = latest.effective_until is not None and day > latest.effective_until
    assert found is (None if ended else latest)
