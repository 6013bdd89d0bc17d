"""deploy/gunicorn.conf.py: workers from the CPUs, settings from the environment with a clear
refusal, an access log without query strings, tokens or health checks, and the client's address
(not the proxy's) given to Django."""

import datetime
import os
import runpy
import types

import pytest
from gunicorn.config import Config

from .helpers import DEPLOY

CONF = DEPLOY / "gunicorn.conf.py"


def _load(monkeypatch, **env):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_ACCESS_LOG", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_defaults_one_worker_per_cpu_plus_one_on_the_loopback(monkeypatch):
    conf = _load(monkeypatch)
    assert conf["workers"] == len(os.sched_getaffinity(0)) + 1
    assert conf["bind"] == ["127.0.0.1:8001"]
    assert conf["forwarded_allow_ips"] == "127.0.0.1"
    assert conf["timeout"] == 60
    assert conf["graceful_timeout"] < 40  # nyaya-web.service's TimeoutStopSec


def test_the_environment_file_changes_workers_bind_and_timeout(monkeypatch):
    conf = _load(
        monkeypatch, GUNICORN_WORKERS="7", GUNICORN_BIND="unix:/run/nyaya/gunicorn.sock", GUNICORN_TIMEOUT="90"
    )
    assert (conf["workers"], conf["bind"], conf["timeout"]) == (7, ["unix:/run/nyaya/gunicorn.sock"], 90)


@pytest.mark.parametrize("value", ["three", "0", "-2"])
def test_a_wrong_worker_count_stops_start_up_naming_the_variable(monkeypatch, value):
    with pytest.raises(SystemExit, match="GUNICORN_WORKERS must be"):
        _load(monkeypatch, GUNICORN_WORKERS=value)


def test_gunicorn_accepts_every_setting_of_the_file(monkeypatch):
    conf = _load(monkeypatch)
    config = Config()
    for name, value in conf.items():
        if name in config.settings:
            config.set(name, value)  # gunicorn's own validators
    from config.gunicorn_logging import Logger

    assert config.logger_class is Logger
    assert config.workers == conf["workers"]


class _Response:
    status = "200 OK"
    headers = [("Content-Type", "text/html")]
    sent = 1234


class _Request:
    headers = [("X-FORWARDED-FOR", "203.0.113.9"), ("X-REQUEST-ID", "req-42")]


def _access_log_lines(monkeypatch, tmp_path, *paths):
    conf = _load(monkeypatch, GUNICORN_ACCESS_LOG=str(tmp_path / "access.log"))
    config = Config()
    for name in ("accesslog", "access_log_format", "errorlog", "logger_class"):
        config.set(name, conf[name])
    logger = config.logger_class(config)
    for path in paths:
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path,
            "PATH_INFO": path.split("?")[0],
            "QUERY_STRING": path.partition("?")[2],
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_REFERER": "https://nyaya.example.org/cases/?q=Sunita+Devi",
        }
        logger.access(_Response(), _Request(), environ, datetime.timedelta(milliseconds=35))
    for handler in logger.access_log.handlers:
        handler.flush()
    return (tmp_path / "access.log").read_text().splitlines()


def test_access_log_has_the_path_without_query_string_or_referer(monkeypatch, tmp_path):
    [line] = _access_log_lines(monkeypatch, tmp_path, "/cases/?q=Sunita+Devi&phone=9876543210")
    assert '"GET /cases/ HTTP/1.1" 200 1234' in line
    assert line.startswith("203.0.113.9 ")
    assert line.endswith(" req-42")
    assert "Sunita" not in line and "9876543210" not in line and "q=" not in line


def test_access_log_leaves_out_health_checks_and_the_tokens_of_emailed_links(monkeypatch, tmp_path):
    lines = _access_log_lines(
        monkeypatch,
        tmp_path,
        "/health/",
        "/health/ready/",
        "/accounts/reset/MTI/cbx1ab-0123456789abcdef/",
        "/accounts/invitation/MTI/cbx1ab-fedcba9876543210/",
        "/cases/17/",
    )
    assert len(lines) == 3
    assert '"GET /accounts/reset/... HTTP/1.1"' in lines[0]
    assert '"GET /accounts/invitation/... HTTP/1.1"' in lines[1]
    assert '"GET /cases/17/ HTTP/1.1"' in lines[2]
    assert not any("health" in line or "0123456789abcdef" in line or "fedcba" in line for line in lines)


def _remote_addr_seen(monkeypatch, remote_addr, forwarded=None, trusted=None):
    conf = _load(monkeypatch, **({"FORWARDED_ALLOW_IPS": trusted} if trusted else {}))
    seen = {}

    def application(environ, start_response):
        seen["REMOTE_ADDR"] = environ["REMOTE_ADDR"]
        return [b""]

    worker = types.SimpleNamespace(wsgi=application)
    conf["post_worker_init"](worker)
    environ = {"REMOTE_ADDR": remote_addr}
    if forwarded:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    worker.wsgi(environ, None)
    return seen["REMOTE_ADDR"]


def test_django_sees_the_client_address_the_proxy_gives(monkeypatch):
    assert _remote_addr_seen(monkeypatch, "127.0.0.1", "203.0.113.9") == "203.0.113.9"
    # A client's own X-Forwarded-For before the proxy's entry is not believed.
    assert _remote_addr_seen(monkeypatch, "127.0.0.1", "10.9.9.9, 203.0.113.9") == "203.0.113.9"
    assert _remote_addr_seen(monkeypatch, "127.0.0.1") == "127.0.0.1"
    # A load balancer's address, when FORWARDED_ALLOW_IPS names it.
    assert _remote_addr_seen(monkeypatch, "10.0.0.5", "198.51.100.7", trusted="10.0.0.5") == "198.51.100.7"


def test_a_forwarded_address_from_anyone_but_the_proxy_is_ignored(monkeypatch):
    assert _remote_addr_seen(monkeypatch, "198.51.100.20", "127.0.0.1") == "198.51.100.20"
