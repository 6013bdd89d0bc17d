"""manage.py import_cases: the same run, the report printed, a non-zero exit when a row is invalid."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import AccessLogEntry, Case

from .helpers import case_row, csv_bytes


def test_a_dry_run_with_an_invalid_row_exits_non_zero_and_saves_nothing(admin_wb, lead_wb, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes([{**case_row(origin_state="Nowhere"), "lead_caseworker": lead_wb.user.username}]))
    with pytest.raises(SystemExit) as exit_:
        call_command("import_cases", str(path), "--organisation", "TNW", "--dry-run")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "cases row 2, origin_state: Unknown state" in out
    assert Case.objects.count() == 0


def test_a_commit_saves_and_a_second_run_changes_nothing(admin_wb, lead_wb, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes([{**case_row(), "lead_caseworker": lead_wb.user.username}]))
    call_command("import_cases", str(path), "--organisation", "tnw", "--as", admin_wb.user.username)
    assert "cases: 1 new" in capsys.readouterr().out
    call_command("import_cases", str(path), "--organisation", "TNW", "--dry-run")
    assert "cases: 0 new, 1 already imported (unchanged)" in capsys.readouterr().out
    assert Case.objects.count() == 1
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.IMPORTED).count() == 2


def test_an_unknown_organisation_or_admin_is_refused(admin_wb, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes(b"case_ref\n1\n")
    with pytest.raises(CommandError):
        call_command("import_cases", str(path), "--organisation", "NOPE")
    with pytest.raises(CommandError):
        call_command("import_cases", str(path), "--organisation", "TNW", "--as", "somebody")
