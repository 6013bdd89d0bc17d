"""The systemd units of deploy/systemd: each starts a command this project has, with options its
program accepts, under the hardening docs/deploy.md promises; the workers between them consume
every queue the Celery routes send jobs to."""

import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import types
import warnings
from pathlib import Path

import click
import pytest
from celery.bin.celery import celery as celery_cli
from django.core.management import get_commands, load_command_class
from gunicorn.config import Config

from config.celery import app as celery_app

from .helpers import INSTALL_DIR, ROOT, SYSTEMD, command_words, environment, in_project, read_unit, values

SERVICES = [
    "nyaya-web.service",
    "nyaya-worker.service",
    "nyaya-worker-heavy.service",
    "nyaya-beat.service",
    "nyaya-backup.service",
]
UNITS = [*SERVICES, "nyaya-backup.timer"]


def test_deploy_holds_exactly_the_documented_units():
    assert sorted(p.name for p in SYSTEMD.iterdir()) == sorted(UNITS)


def _exec_lines(unit):
    return [line for key in ("ExecStart", "ExecStartPost", "ExecReload") for line in values(unit, "Service", key)]


def _celery_parse(words):
    """`celery ...` parsed by celery's own command line (click): an unknown option fails."""
    context = celery_cli.make_context("celery", list(words))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        name, *rest = [*context.protected_args, *context.args]
    context.obj = types.SimpleNamespace(app=celery_app)  # what celery's group callback would set
    command = celery_cli.get_command(context, name)
    assert command is not None, f"celery has no command {name!r}"
    return context.params, name, command.make_context(name, rest, parent=context).params


def _manage_py_parse(words):
    name, *rest = words
    commands = get_commands()
    assert name in commands, f"manage.py has no command {name!r}"
    command = load_command_class(commands[name], name)
    return command.create_parser("manage.py", name).parse_args(rest)


def _commands(unit_name):
    """(program, arguments) of each command the unit runs, /bin/sh -c lines opened."""
    unit = read_unit(SYSTEMD / unit_name)
    found = []
    for line in _exec_lines(unit):
        words = command_words(unit, line)
        if words[:2] == ["/bin/sh", "-c"]:
            inner = words[2].split(">")[0]
            words = [word for word in inner.split() if word != "exec"]
        if words[0] == "/bin/kill":
            continue
        found.append(words)
    return found


@pytest.mark.parametrize("unit_name", SERVICES)
def test_each_command_is_a_program_of_the_virtualenv_run_from_the_install_directory(unit_name):
    unit = read_unit(SYSTEMD / unit_name)
    assert values(unit, "Service", "WorkingDirectory") == [INSTALL_DIR]
    for words in _commands(unit_name):
        program = in_project(words[0])
        assert program.parent == ROOT / ".venv" / "bin", words[0]
        assert program.name in {"gunicorn", "celery", "python"}, words[0]
        assert os.access(program, os.X_OK), f"{program} is not in this checkout's .venv"


def test_web_runs_gunicorn_with_the_deploy_config_and_the_wsgi_application():
    [words] = _commands("nyaya-web.service")
    assert Path(words[0]).name == "gunicorn"
    parsed = Config().parser().parse_args(words[1:])
    assert in_project(parsed.config) == ROOT / "deploy" / "gunicorn.conf.py"
    assert (ROOT / "deploy" / "gunicorn.conf.py").is_file()
    [application] = parsed.args
    module, _, attribute = application.partition(":")
    spec = importlib.util.find_spec(module)
    assert spec is not None, application
    # Read, not imported: importing config.wsgi runs the start-up checks against a database.
    source = Path(spec.origin).read_text(encoding="utf-8")
    assert re.search(rf"^\s*{attribute or 'application'} = ", source, re.MULTILINE), application


def test_web_reloads_gracefully_and_writes_its_access_log_where_logrotate_looks():
    unit = read_unit(SYSTEMD / "nyaya-web.service")
    assert values(unit, "Service", "ExecReload") == ["/bin/kill -s HUP $MAINPID"]
    assert values(unit, "Service", "Type") == ["notify"]  # gunicorn tells systemd when it is ready
    assert environment(unit)["GUNICORN_ACCESS_LOG"] == "/var/log/nyaya/access.log"
    assert "/var/log/nyaya/*.log" in (ROOT / "deploy" / "logrotate" / "nyaya").read_text()


def _worker_queues(unit_name):
    [words] = _commands(unit_name)
    group, name, options = _celery_parse(words[1:])
    assert group["app"] == "config" and name == "worker"
    return options


def test_the_two_workers_consume_the_default_scheduled_and_heavy_queues_with_few_heavy_jobs_at_once():
    default = _worker_queues("nyaya-worker.service")
    heavy = _worker_queues("nyaya-worker-heavy.service")
    assert default["queues"] == ["default", "scheduled"]  # beat's scans ride with the small jobs
    assert heavy["queues"] == ["heavy"]
    assert heavy["concurrency"] == 1
    assert default["concurrency"] == 2
    # Each worker names itself after its queue (celery's %h is the host name): two workers on one
    # host must not share a name.
    assert default["hostname"] != heavy["hostname"]


def test_an_option_celery_does_not_know_is_caught():
    with pytest.raises(click.UsageError, match="No such option"):
        _celery_parse(["--app", "config", "worker", "--queuez", "default"])


def _routed_queues():
    """The queue each registered task is sent to, by the routes in force (settings or config/celery.py)."""
    celery_app.loader.import_default_modules()
    return {
        celery_app.amqp.router.route({}, name)["queue"].name
        for name in celery_app.tasks
        if not name.startswith("celery.")
    }


def test_every_queue_a_task_is_routed_to_has_a_worker_and_every_worker_queue_is_used():
    routed = _routed_queues()
    if routed == {"celery"} and celery_app.conf.task_default_queue == "celery":
        pytest.skip("no queues configured yet: every task goes to Celery's default queue (issue 22, ops_celery)")
    consumed = set(_worker_queues("nyaya-worker.service")["queues"]) | set(
        _worker_queues("nyaya-worker-heavy.service")["queues"]
    )
    assert routed <= consumed, f"tasks are routed to {sorted(routed - consumed)} but no unit's worker consumes it"
    assert celery_app.conf.task_default_queue in consumed


def test_beat_runs_celery_beat_and_every_scheduled_job_is_a_registered_task():
    [words] = _commands("nyaya-beat.service")
    group, name, options = _celery_parse(words[1:])
    assert (group["app"], name) == ("config", "beat")
    assert options["scheduler"] == "django_celery_beat.schedulers:DatabaseScheduler"
    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert scheduled and scheduled <= set(celery_app.tasks), sorted(scheduled - set(celery_app.tasks))


def test_backup_runs_manage_py_backup_keeping_n_then_writes_the_erasure_register():
    backup, register = _commands("nyaya-backup.service")
    assert in_project(backup[1]) == ROOT / "manage.py"
    options = _manage_py_parse(backup[2:])
    assert backup[2] == "backup" and options.keep == 30
    assert in_project(register[1]) == ROOT / "manage.py"
    assert register[2] == "erasure_register"
    _manage_py_parse(register[2:])
    unit = read_unit(SYSTEMD / "nyaya-backup.service")
    assert values(unit, "Service", "Type") == ["oneshot"]
    # The backup key reaches this service only, as a credential, never through nyaya.env.
    assert values(unit, "Service", "LoadCredential") == ["backup_encryption_key:/etc/nyaya/backup_encryption_key"]
    assert environment(unit)["BACKUP_ENCRYPTION_KEY_FILE"] == "%d/backup_encryption_key"


def test_backup_timer_starts_the_backup_every_night_and_catches_up_a_missed_one():
    timer = read_unit(SYSTEMD / "nyaya-backup.timer")
    assert values(timer, "Timer", "Unit") == ["nyaya-backup.service"]
    assert values(timer, "Timer", "OnCalendar") == ["*-*-* 01:30:00"]
    assert values(timer, "Timer", "Persistent") == ["true"]
    assert values(timer, "Install", "WantedBy") == ["timers.target"]


@pytest.mark.parametrize("unit_name", SERVICES)
def test_each_service_is_hardened_and_reads_the_environment_file(unit_name):
    unit = read_unit(SYSTEMD / unit_name)
    service = {key: values(unit, "Service", key) for key in unit.options("Service")}
    assert service["User"] == ["nyaya"] and service["Group"] == ["nyaya"]
    assert service["EnvironmentFile"] == ["/etc/nyaya/nyaya.env"]
    for key, value in {
        "NoNewPrivileges": "yes",
        "PrivateTmp": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateDevices": "yes",
        "RestrictSUIDSGID": "yes",
        "CapabilityBoundingSet": "",
    }.items():
        assert unit.get("Service", key).strip() == value, key
    writable = " ".join(service["ReadWritePaths"]).split()
    assert writable == ["/var/lib/nyaya", "/var/log/nyaya"]
    # Everything Nyaya writes (uploads, static files, backups) is under NYAYA_VAR_DIR.
    assert environment(unit)["NYAYA_VAR_DIR"] == "/var/lib/nyaya"
    assert environment(unit)["DJANGO_SETTINGS_MODULE"] == "config.settings"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_accepts_every_unit(tmp_path):
    # The units name /srv/nyaya; verify checks that each program exists, so they are checked
    # against this checkout.
    for name in UNITS:
        text = (SYSTEMD / name).read_text(encoding="utf-8").replace(INSTALL_DIR, str(ROOT))
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run(  # noqa: S603
        [shutil.which("systemd-analyze"), "verify", "--man=no", *(str(tmp_path / name) for name in UNITS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Unknown key" not in output and "ignoring" not in output, output


def test_nyaya_manage_runs_manage_py_in_the_services_environment():
    script = (ROOT / "deploy" / "nyaya-manage").read_text(encoding="utf-8")
    assert os.access(ROOT / "deploy" / "nyaya-manage", os.X_OK)
    web = read_unit(SYSTEMD / "nyaya-web.service")
    for name in ("DJANGO_SETTINGS_MODULE", "NYAYA_VAR_DIR"):
        assert f"--setenv={name}={environment(web)[name]} " in script
    assert f"--property=EnvironmentFile={values(web, 'Service', 'EnvironmentFile')[0]} " in script
    assert f"--working-directory={INSTALL_DIR} " in script
    assert f"{INSTALL_DIR}/.venv/bin/python {INSTALL_DIR}/manage.py " in script
    backup = read_unit(SYSTEMD / "nyaya-backup.service")
    [credential] = values(backup, "Service", "LoadCredential")
    assert f"--property=LoadCredential={credential} " in script
