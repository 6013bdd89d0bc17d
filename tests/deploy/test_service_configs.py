"""deploy/logrotate and deploy/redis: logrotate reads the file; Redis starts with the snippet and
keeps what it is given (append-only file, no eviction of queued jobs)."""

import shutil
import socket
import subprocess
import time

import pytest

from .helpers import DEPLOY

LOGROTATE = DEPLOY / "logrotate" / "nyaya"
REDIS = DEPLOY / "redis" / "nyaya.conf"


def test_logs_are_kept_180_days_and_gunicorn_reopens_its_file_after_rotation():
    text = LOGROTATE.read_text(encoding="utf-8")
    assert "/var/log/nyaya/*.log {" in text
    assert "    rotate 180\n" in text and "    daily\n" in text
    assert "CERT-In Directions No. 20(3)/2022-CERT-In" in text  # the source of the 180 days
    assert "--signal=USR1 nyaya-web.service" in text


@pytest.mark.skipif(not shutil.which("logrotate"), reason="logrotate is not installed")
def test_logrotate_accepts_the_file(tmp_path):
    # The nyaya user does not exist here: the same file with root, on a folder of this test.
    logs = tmp_path / "log"
    logs.mkdir()
    (logs / "access.log").write_text('127.0.0.1 - [x] "GET /cases/ HTTP/1.1" 200 1 0.01 -\n')
    text = LOGROTATE.read_text(encoding="utf-8")
    text = (
        text.replace("/var/log/nyaya", str(logs)).replace("nyaya nyaya", "root root").replace("nyaya adm", "root root")
    )
    (tmp_path / "nyaya").write_text(text)
    done = subprocess.run(  # noqa: S603
        [shutil.which("logrotate"), "--debug", "--state", str(tmp_path / "state"), str(tmp_path / "nyaya")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "error" not in output.lower(), output
    assert f"considering log {logs}/access.log" in output


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ask(port, *words):
    command = "".join(f"${len(w)}\r\n{w}\r\n" for w in words)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(f"*{len(words)}\r\n{command}".encode())
        return connection.recv(4096).decode()


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")
def test_redis_starts_with_the_snippet_and_persists_without_eviction(tmp_path):
    # A Redis of this test's own (never the machine's), on a free port, in a temporary folder.
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), str(REDIS), "--port", str(port), "--dir", str(tmp_path), "--save", ""],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(100):
            if process.poll() is not None:
                pytest.fail(f"redis-server refused the snippet:\n{process.stdout.read()}")
            try:
                if "PONG" in _ask(port, "PING"):
                    break
            except OSError:
                time.sleep(0.1)
        assert "appendonly\r\n$3\r\nyes" in _ask(port, "CONFIG", "GET", "appendonly")
        assert "appendfsync\r\n$8\r\neverysec" in _ask(port, "CONFIG", "GET", "appendfsync")
        assert "maxmemory-policy\r\n$10\r\nnoeviction" in _ask(port, "CONFIG", "GET", "maxmemory-policy")
    finally:
        process.terminate()
        process.wait(timeout=10)
