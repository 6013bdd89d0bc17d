"""The pieces of `make prod-smoke` (deploy/smoke/run.py) that can be checked without starting the
stack: the authenticator codes it computes, how it reads and fills forms, and the settings it sets
through the environment (CELERY_VISIBILITY_TIMEOUT, DEADLINE_SCAN_SECONDS). The run itself is
`make prod-smoke` (CI's PostgreSQL pass)."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def load_smoke():
    spec = importlib.util.spec_from_file_location("prod_smoke_run", ROOT / "deploy" / "smoke" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


smoke = load_smoke()

FORM = """
<form method="post" action="/cases/new/">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok123">
  <input type="text" name="survivor-full_name" value="" required>
  <select name="survivor-sex"><option value="">---</option><option value="female" selected>Female</option></select>
  <select name="case-source_state"><option value="">---</option><option value="7">West Bengal</option></select>
  <select name="case-exploitation_forms" multiple><option value="1">Forced labour</option></select>
  <input type="checkbox" name="survivor-languages_spoken" value="bn" checked>
  <input type="checkbox" name="survivor-languages_spoken" value="hi">
  <textarea name="case-narrative">Synthetic text</textarea>
  <input type="submit" name="go" value="Open">
</form>
<form method="post" action="/i18n/setlang/"><input name="language" value="hi"></form>
"""


def test_the_codes_it_types_are_the_ones_django_otp_accepts():
    from django_otp.oath import TOTP

    key = bytes(range(20))
    secret = smoke.base64.b32encode(key).decode().rstrip("=")
    for moment in (0, 59, 1_780_000_000, 1_780_000_031):
        expected = TOTP(key, step=30, t0=0, digits=6)
        expected.time = moment
        assert smoke.totp(secret, at=moment) == f"{expected.token():06d}"
    assert smoke.totp(secret, at=1_780_000_000) != smoke.totp(secret, at=1_780_000_031)  # the next step


def test_a_form_is_read_and_sent_as_a_browser_would_without_touching_it():
    form = smoke.find_form(FORM, "survivor-full_name")
    assert form["action"] == "/cases/new/" and form["method"] == "post"
    values = smoke.form_values(form)
    assert values == {
        "csrfmiddlewaretoken": ["tok123"],
        "survivor-full_name": [""],
        "survivor-sex": ["female"],  # the selected option
        "case-source_state": [""],  # the first option of a single choice
        "case-exploitation_forms": [],  # a multiple choice sends nothing unless chosen
        "survivor-languages_spoken": ["bn"],  # only the ticked box
        "case-narrative": ["Synthetic text"],
    }
    states = next(f for f in form["fields"] if f["name"] == "case-source_state")
    assert [(o["value"], o["label"]) for o in states["options"]] == [("", "---"), ("7", "West Bengal")]
    with pytest.raises(smoke.Failed, match="no form with a 'code' field"):
        smoke.find_form(FORM, "code")


def test_a_refused_form_is_reported_by_field_without_what_was_typed():
    page = (
        b'<ul class="errorlist nonfield" role="alert"><li>Nothing was saved.</li></ul>'
        b'<input name="survivor-age_basis" value="Secret Name">'
        b'<ul class="errorlist" id="id_survivor-age_basis_error"><li>Say how her age is known.</li></ul>'
    )
    report = smoke.form_errors(page)
    assert report == "form: Nothing was saved.; survivor-age_basis: Say how her age is known."
    assert "Secret Name" not in report


def test_redirects_are_followed_on_the_site_only_by_their_path():
    assert smoke.local_path("https://127.0.0.1:8443/accounts/two-step/?next=%2F") == "/accounts/two-step/?next=%2F"
    assert smoke.local_path("/cases/12/") == "/cases/12/"


def settings_with(**env) -> dict:
    """config.settings as a process started with these variables reads them (a fresh interpreter)."""
    code = (
        "import json; from config import settings as s; "
        "print(json.dumps({'transport': s.CELERY_BROKER_TRANSPORT_OPTIONS, "
        "'scan': s.CELERY_BEAT_SCHEDULE['deadline-scan']['schedule'], "
        "'reject': s.CELERY_TASK_REJECT_ON_WORKER_LOST, 'late': s.CELERY_TASK_ACKS_LATE}))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in ("CELERY_VISIBILITY_TIMEOUT", "CELERY_HEAVY_TASK_TIME_LIMIT", "DEADLINE_SCAN_SECONDS", "DEMO_MFA_BYPASS")
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_dead_workers_job_is_handed_out_again_after_the_visibility_timeout():
    default = settings_with()
    assert default["late"] is True and default["reject"] is True
    assert default["transport"] == {
        "visibility_timeout": 3600,
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
    assert default["scan"] == 15 * 60
    smoke = load_smoke()
    short = settings_with(
        CELERY_VISIBILITY_TIMEOUT=str(smoke.VISIBILITY_TIMEOUT),
        CELERY_HEAVY_TASK_TIME_LIMIT=str(smoke.HEAVY_TASK_TIME_LIMIT),
        DEADLINE_SCAN_SECONDS="10",
    )
    assert short["transport"]["visibility_timeout"] == smoke.VISIBILITY_TIMEOUT
    assert short["transport"]["unacked_restore_interval"] == 10
    assert short["scan"] == 10


def test_a_wrong_interval_stops_start_up_naming_the_variable():
    clean = {k: v for k, v in os.environ.items() if k not in ("DEADLINE_SCAN_SECONDS", "DEMO_MFA_BYPASS")}
    done = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={**clean, "DEADLINE_SCAN_SECONDS": "soon"},
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "DEADLINE_SCAN_SECONDS must be a whole number" in done.stderr
