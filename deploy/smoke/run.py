#!/usr/bin/env python
"""`make prod-smoke`: the whole production shape on this machine, with faults (docs/prod-smoke.md).

    make prod-smoke
    .venv/bin/python deploy/smoke/run.py [--keep-logs-only]

Against the local PostgreSQL (127.0.0.1:5432, its own database `nyaya_smoke`, dropped and made anew)
and a Redis server of its own (started on a free port in a temporary directory, append-only file on,
so a restart keeps the jobs it accepted; the machine's Redis on 6379 is never touched), with the
production settings (DEBUG off, HTTPS behind a proxy, secrets made for the run, no demo bypass of the
second sign-in step), it:

1. migrates, loads the demo (seed_demo), collects the static files, runs `check --deploy`;
2. starts gunicorn (3 workers), a Celery worker on every queue the settings name, and Celery beat with
   the deadline scan every DEADLINE_SCAN_SECONDS (10 here);
3. over HTTP as a browser behind the TLS proxy: signs in as cw_wb (password, then the second step: her
   authenticator app is set up on the real page and its codes computed from the secret it shows),
   opens a case with the case-opening form, asks for its dossier PDF, watches it until the worker has
   built it and downloads it (%PDF); checks beat had the deadline scan run;
4. faults: (a) the worker is killed (SIGKILL, its whole process group) while it builds the 50-page
   dossier of a case with a long history, and started again: the job is handed out again (the broker's
   visibility timeout) and completes, with one file, one timeline event, one notification;
   (b) the worker is stopped, a dossier asked for, the broker restarted, the worker started: the job
   completes; (c) every PostgreSQL connection of the database is cut: the next pages answer, the
   worker builds the next dossier and beat goes on.

Each step prints PASS or FAIL; the exit code is 1 on any failure. Whatever happens (a failure, Ctrl-C,
SIGTERM) everything it started is stopped and its database dropped. The logs of each process are kept
in var/prod-smoke/ (their ends are printed on a failure).
"""

import argparse
import atexit
import base64
import contextlib
import hashlib
import hmac
import html.parser
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PY = sys.executable
LOGS = ROOT / "var" / "prod-smoke"
HOST = "127.0.0.1"  # never anything else: everything stays on this machine's loopback
DATABASE = "nyaya_smoke"
POSTGRES = {"host": HOST, "port": 5432, "user": "postgres"}
USERNAME = "cw_wb"  # a caseworker of the demo, lead of the long case (bench/pdf_dossier.py)
DEADLINE_SCAN_SECONDS = 10
REUSE = LOGS / "reuse.json"  # development only (--keep / --reuse): the kept database's keys
# Seconds before a vanished worker's job is handed out again; Nyaya refuses a visibility timeout not
# above the heavy queue's time limit (config/queues.py), so that limit is lowered for the run too.
VISIBILITY_TIMEOUT = 45
HEAVY_TASK_TIME_LIMIT = 40
GUNICORN_WORKERS = 3


class Failed(Exception):
    """A step did not do what it should: the message says what was seen."""


# -- processes ------------------------------------------------------------------------------------------


class Processes:
    """Everything the run starts, each in a process group of its own, stopped by stop_all()."""

    def __init__(self):
        self.running: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = LOGS / f"{name}.log"
        self.logs[name] = log
        with log.open("ab") as handle:
            handle.write(f"\n--- {time.strftime('%H:%M:%S')} started: {' '.join(command[:6])} ...\n".encode())
            process = subprocess.Popen(  # noqa: S603 - the commands are this file's own, no outside input
                command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.running[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL to the whole group: as if the machine running it died (no goodbye to the broker)."""
        process = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self, name: str, grace: float = 20.0) -> None:
        process = self.running.pop(name, None)
        if process is None:
            return
        if process.poll() is None:
            try:
                # To the main process only, as systemd's stop does: a worker finishes its job
                # (warm shutdown), gunicorn its requests; a signal to the whole group would kill the
                # job under it.
                os.kill(process.pid, signal.SIGTERM)
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            except ProcessLookupError:
                pass
        # Stragglers of the group (a pool child whose parent went first).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        for name in reversed(list(self.running)):
            with contextlib.suppress(Exception):
                self.stop(name)

    def check_alive(self, name: str) -> None:
        process = self.running.get(name)
        if process is None or process.poll() is not None:
            raise Failed(f"{name} is not running (exit code {process.returncode if process else '-'})")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_for(what: str, check, timeout: float, interval: float = 0.5):
    """check() until it returns something true; Failed after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except (OSError, http.client.HTTPException, Failed) as exc:
            last_error = exc
        time.sleep(interval)
    raise Failed(f"{what}: not within {timeout:.0f} s" + (f" (last: {last_error})" if last_error else ""))


# -- PostgreSQL and Redis ----------------------------------------------------------------------------------


def postgres(sql, params=(), *, database: str = "postgres", fetch: bool = False):
    import psycopg

    with psycopg.connect(dbname=database, autocommit=True, connect_timeout=10, **POSTGRES) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if fetch else None


def database_create() -> None:
    from psycopg import sql

    postgres(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
    postgres(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    # A throwaway database: commits need not wait for the disk (the faults never crash PostgreSQL),
    # which spares the migrations and the demo's thousands of small transactions.
    postgres(sql.SQL("ALTER DATABASE {} SET synchronous_commit TO off").format(sql.Identifier(DATABASE)))


def database_drop() -> None:
    from psycopg import sql

    postgres(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))


def redis_ping(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_llen(port: int, key: str) -> int:
    """LLEN: how many messages wait in a queue (kombu keeps each queue as a Redis list)."""
    payload = f"*2\r\n$4\r\nLLEN\r\n${len(key)}\r\n{key}\r\n".encode()
    with socket.create_connection((HOST, port), timeout=5) as s:
        s.sendall(payload)
        reply = s.recv(64)
    if not reply.startswith(b":"):
        raise Failed(f"Redis answered LLEN with {reply[:40]!r}")
    return int(reply[1:].strip())


# -- a browser behind the TLS proxy -----------------------------------------------------------------------


class FormParser(html.parser.HTMLParser):
    """The forms of a page: action, method and fields (name, kind, value, options) as a browser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.form: dict | None = None
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            self.form["fields"].append(
                {
                    "name": a["name"],
                    "kind": kind,
                    "value": a.get("value", "on" if kind == "checkbox" else ""),
                    "checked": "checked" in a,
                    "required": "required" in a,
                }
            )
        elif tag == "select" and a.get("name"):
            self.select = {
                "name": a["name"],
                "kind": "select",
                "options": [],
                "multiple": "multiple" in a,
                "required": "required" in a,
            }
            self.form["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "label": "", "selected": "selected" in a}
            self.select["options"].append(self.option)
        elif tag == "textarea" and a.get("name"):
            self.textarea = {"name": a["name"], "kind": "textarea", "value": "", "required": "required" in a}
            self.form["fields"].append(self.textarea)

    def handle_data(self, data):
        if self.option is not None:
            self.option["label"] += data
        if self.textarea is not None:
            self.textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
            self.option = None
        elif tag == "option":
            if self.option is not None and self.option["value"] is None:
                self.option["value"] = self.option["label"].strip()
            self.option = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(body: str) -> list[dict]:
    parser = FormParser()
    parser.feed(body)
    return parser.forms


def form_values(form: dict) -> dict[str, list[str]]:
    """What a browser would send without anyone touching the form."""
    values: dict[str, list[str]] = {}
    for field in form["fields"]:
        name, kind = field["name"], field["kind"]
        if kind in ("checkbox", "radio"):
            if field["checked"]:
                values.setdefault(name, []).append(field["value"])
        elif kind == "select":
            chosen = [o["value"] for o in field["options"] if o["selected"]]
            if not chosen and not field["multiple"] and field["options"]:
                chosen = [field["options"][0]["value"]]
            values[name] = chosen
        else:
            values[name] = [field["value"]]
    return values


def form_errors(content: bytes) -> str:
    """The errors a re-shown form lists, by field (their ids are `id_<field>_error`); no values."""
    text = content.decode("utf-8", errors="replace")
    found = re.findall(r'<ul class="errorlist[^"]*"(?: id="id_([\w-]+)_error")?[^>]*>(.*?)</ul>', text, re.S)
    return "; ".join(f"{field or 'form'}: {re.sub(r'<[^>]+>', ' ', items).strip()}" for field, items in found)[:600]


def find_form(body: str, field_name: str) -> dict:
    for form in page_forms(body):
        if any(f["name"] == field_name for f in form["fields"]):
            return form
    raise Failed(f"no form with a {field_name!r} field on the page")


class Browser:
    """One person's browser on HTTPS as the proxy forwards it: cookies (Secure ones too: the proxy
    speaks TLS to her), the CSRF token from the forms, Origin and Referer as a browser sends them."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://{HOST}:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None, timeout=60):
        body = None
        sent = {"Host": f"{HOST}:{self.port}", "X-Forwarded-Proto": "https", "User-Agent": "nyaya-prod-smoke"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
        sent.update(headers or {})
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for key, morsel in jar.items():
                    if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = morsel.value
            return response.status, response.getheader("Location") or "", content
        finally:
            conn.close()

    def follow(self, location: str, hops: int = 5) -> str:
        """Follow redirects within the site; the path of the page they end on."""
        path = local_path(location)
        for _ in range(hops):
            status, location, _content = self.get(path)
            if status not in (301, 302, 303):
                return path
            path = local_path(location)
        raise Failed(f"more than {hops} redirects from {location!r}")

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def page(self, path: str) -> str:
        status, location, content = self.get(path)
        if status != 200:
            raise Failed(f"GET {path} answered {status} {location}")
        return content.decode("utf-8", errors="replace")

    def submit(self, path: str, field_name: str, changes: dict, *, page: str | None = None):
        """Open the page, fill the form holding `field_name` with `changes` over its defaults, send it."""
        body = page if page is not None else self.page(path)
        form = find_form(body, field_name)
        values = form_values(form)
        for key, value in changes.items():
            values[key] = value if isinstance(value, list) else [value]
        target = urllib.parse.urljoin(path, form["action"] or path)
        return self.post(target, values)


def local_path(location: str) -> str:
    parsed = urllib.parse.urlsplit(location)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def totp(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 as django-otp's TOTPDevice checks it (HMAC-SHA1, 30 s, 6 digits), from the base32
    secret the set-up page shows for typing into an authenticator app."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


# -- the run ----------------------------------------------------------------------------------------------


class Smoke:
    def __init__(self, args):
        self.args = args
        self.processes = Processes()
        self.results: list[tuple[str, bool, str]] = []
        self.temp = Path(tempfile.mkdtemp(prefix="nyaya-prod-smoke-"))
        os.chmod(self.temp, 0o700)
        self.web_port = free_port()
        self.redis_port = free_port()
        self.reused = json.loads(REUSE.read_text()) if args.reuse and REUSE.exists() else None
        if args.reuse and self.reused is None:
            sys.exit(f"prod-smoke: --reuse needs a --keep run first ({REUSE.relative_to(ROOT)})")
        self.env = self.production_environment()
        self.secret = (self.reused or {}).get("totp_secret", "")
        self.browser = Browser(self.web_port)
        self.health_path = ""
        self.worker_runs = 0
        self.database_made = False
        self.cleaned = False

    # -- set-up ------------------------------------------------------------------------------------------

    def production_environment(self) -> dict:
        """The production settings as docs/deploy.md sets them, with secrets made for this run."""
        dropped = {
            "DEMO_MFA_BYPASS",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_COOKIES",
            "DEBUG",
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "CELERY_RESULT_BACKEND",
            "DATABASE_REPLICA_URL",
            "STORAGE_BACKEND",
        }
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        var = self.temp / "var"
        var.mkdir()
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            FIELD_ENCRYPTION_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
            BACKUP_ENCRYPTION_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
            ALLOWED_HOSTS=HOST,
            SITE_URL=f"https://{HOST}:{self.web_port}",
            BEHIND_TLS_PROXY="1",
            SECURE_SSL_REDIRECT="1",
            SECURE_HSTS_SECONDS="31536000",
            NYAYA_VAR_DIR=str(var),  # collected static files, uploaded and generated files
            DATABASE_URL=f"postgres://{POSTGRES['user']}@{HOST}:{POSTGRES['port']}/{DATABASE}",
            CELERY_BROKER_URL=f"redis://{HOST}:{self.redis_port}/0",
            CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
            CELERY_HEAVY_TASK_TIME_LIMIT=str(HEAVY_TASK_TIME_LIMIT),
            DEADLINE_SCAN_SECONDS=str(DEADLINE_SCAN_SECONDS),
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",  # no mail server here
            LOG_LEVEL="INFO",
            LOG_FORMAT="json",
            PYTHONUNBUFFERED="1",
        )
        if self.reused:
            env.update(self.reused["keys"])
        return env

    def manage(self, *words: str, timeout: float = 600) -> str:
        return self.run_logged("manage", [PY, "manage.py", *words], timeout)

    def probe(self, *words: str) -> dict:
        out = self.run_logged("probe", [PY, str(Path(__file__).with_name("probe.py")), *words], 300)
        lines = [line for line in out.splitlines() if line.startswith("{")]
        if not lines:
            raise Failed(f"probe {' '.join(words)} printed no answer")
        return json.loads(lines[-1])

    def run_logged(self, name: str, command: list[str], timeout: float) -> str:
        log = LOGS / f"{name}.log"
        self.processes.logs[name] = log
        done = subprocess.run(  # noqa: S603 - the commands are this file's own, no outside input
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        with log.open("a") as handle:
            handle.write(f"\n--- {time.strftime('%H:%M:%S')} {' '.join(command[1:4])}: exit {done.returncode}\n")
            handle.write(done.stdout + done.stderr)
        if done.returncode:
            raise Failed(f"{' '.join(command[1:4])} exited {done.returncode}:\n{tail(log, 15)}")
        return done.stdout

    def start_redis(self) -> None:
        data = self.temp / "redis"
        data.mkdir(exist_ok=True)
        command = ["redis-server", "--port", str(self.redis_port), "--bind", HOST, "--dir", str(data)]
        command += ["--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no"]
        command += ["--protected-mode", "yes", "--logfile", ""]
        if not shutil.which("redis-server"):
            raise Failed("redis-server is not installed (Debian package redis-server)")
        self.processes.start("redis", command, self.env)
        wait_for("redis answers PING", lambda: redis_ping(self.redis_port), 20, 0.2)

    def start_gunicorn(self) -> None:
        command = [PY, "-m", "gunicorn", "config.wsgi", "--bind", f"{HOST}:{self.web_port}"]
        command += ["--workers", str(GUNICORN_WORKERS), "--timeout", "120", "--graceful-timeout", "10"]
        command += ["--forwarded-allow-ips", HOST, "--log-level", "info"]
        # gunicorn's control socket lives in the home directory: one per run would clash with any
        # other gunicorn of the machine's user.
        command += ["--no-control-socket"]
        self.processes.start("gunicorn", command, self.env)

        def ready():
            self.processes.check_alive("gunicorn")
            for path in ("/health/ready", "/health/ready/", "/accounts/login/"):
                if self.health_path and path != self.health_path:
                    continue
                status, _location, _content = self.browser.get(path, timeout=10)
                if status == 200:
                    self.health_path = path
                    return True
                if status == 404 and path.startswith("/health") and not self.health_path:
                    continue  # no health endpoint in this version: the login page tells
                return False
            return False

        wait_for("gunicorn ready", ready, 90)

    def start_worker(self) -> None:
        self.worker_runs += 1
        log = LOGS / "celery-worker.log"
        seen = log.stat().st_size if log.exists() else 0
        command = [PY, "-m", "celery", "-A", "config", "worker", "-Q", ",".join(self.queues)]
        command += ["--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
        command += ["-n", f"prod-smoke-{os.getpid()}-{self.worker_runs}@%h"]
        self.processes.start("celery-worker", command, self.env)

        def ready():
            self.processes.check_alive("celery-worker")
            with log.open("rb") as handle:
                handle.seek(seen)
                return b" ready." in handle.read()

        wait_for("the Celery worker ready", ready, 90)

    def start_beat(self) -> None:
        self.beat_started = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        command = [PY, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO"]
        command += ["--pidfile", str(self.temp / "beat.pid")]
        self.processes.start("celery-beat", command, self.env)

    # -- steps -------------------------------------------------------------------------------------------

    def step(self, name: str, action) -> bool:
        started = time.monotonic()
        try:
            detail = action() or ""
        except Exception as exc:  # noqa: BLE001 - every failure is reported as the step's
            message = str(exc) if isinstance(exc, Failed) else traceback.format_exc(limit=4)
            self.results.append((name, False, message))
            print(f"FAIL  {name} ({time.monotonic() - started:.0f} s)\n      {message}", flush=True)
            return False
        self.results.append((name, True, detail))
        print(f"PASS  {name} ({time.monotonic() - started:.0f} s){': ' + detail if detail else ''}", flush=True)
        return True

    def sign_in(self) -> str:
        b = self.browser
        body = b.page("/accounts/login/")
        password = self.env.get("DEMO_PASSWORD") or "nyaya-demo-2026"
        status, location, _ = b.submit(
            "/accounts/login/", "password", {"username": USERNAME, "password": password}, page=body
        )
        if status != 302:
            raise Failed(f"the login form answered {status}, not a redirect")
        path = b.follow(location)
        if self.secret and "two-step/" in path and "set-up" not in path:  # a --reuse run: her app is set up
            body = b.page(path)
            status, location, _ = b.submit(path, "code", {"code": totp(self.secret)}, page=body)
            if status != 302:
                raise Failed(f"the code from the app was refused ({status})")
            return f"{USERNAME}: password, then a computed TOTP code"
        if "two-step/set-up" not in path:
            raise Failed(f"after the password, {path!r} instead of setting up the second step")
        body = b.page(path)
        found = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', body)
        if not found:
            raise Failed("the set-up page shows no secret to type into an authenticator app")
        self.secret = found.group(1).replace(" ", "")
        if self.args.keep or self.reused:
            REUSE.write_text(json.dumps({**json.loads(REUSE.read_text()), "totp_secret": self.secret}))
        status, location, _ = b.submit(path, "code", {"code": totp(self.secret)}, page=body)
        if status != 302:
            raise Failed(f"the code from the app was refused ({status})")
        status, _location, content = b.get("/cases/")
        if status != 200 or b"cases" not in content.lower():
            raise Failed(f"the case list answered {status} after the second step")
        return f"{USERNAME}: password, authenticator set up with a computed TOTP code, case list 200"

    def open_case(self) -> str:
        b = self.browser
        body = b.page("/cases/new/")
        form = find_form(body, "survivor-full_name")
        changes: dict = {
            "survivor-full_name": "Smoke Test Survivor Qzv",  # synthetic
            "survivor-estimated_age": "19",
            "survivor-age_basis": "self_reported",
            "case-narrative": "Synthetic: opened by make prod-smoke.",
        }
        for field in form["fields"]:
            name = field["name"]
            if field["kind"] != "select" or name in changes:
                continue
            options = [o for o in field["options"] if o["value"]]
            label_of = {o["value"]: o["label"].strip() for o in options}
            if name.endswith("_state"):
                wanted = "West Bengal" if "destination" not in name else "Maharashtra"
                chosen = [v for v, label in label_of.items() if label == wanted][:1]
                if chosen:
                    changes[name] = chosen
            elif name in ("case-exploitation_forms", "case-recruitment_means", "survivor-sex") and options:
                changes[name] = [options[0]["value"]]
        for field in form["fields"]:  # multiple choices drawn as checkboxes
            if field["kind"] == "checkbox" and field["name"] in ("case-exploitation_forms",):
                changes.setdefault(field["name"], [field["value"]])
        status, location, content = b.submit("/cases/new/", "survivor-full_name", changes, page=body)
        if status != 302:
            raise Failed(f"the case-opening form answered {status}: {form_errors(content)}")
        found = re.match(r"^/cases/(\d+)/$", local_path(location))
        if not found:
            raise Failed(f"after opening, {location!r} instead of the new case")
        self.case_id = int(found.group(1))
        body = b.page(f"/cases/{self.case_id}/")
        if "Smoke Test Survivor" not in body and "opened" not in body:
            raise Failed("the new case's page does not show the case")
        return f"case {self.case_id} opened through the form"

    def request_dossier(self, case_id: int) -> str:
        """Ask for the case's dossier on its Documents page; the token of its status page."""
        body = self.browser.page(f"/cases/{case_id}/generated/")
        status, location, _ = self.browser.submit(
            f"/cases/{case_id}/generated/new/", "kind", {"kind": "dossier"}, page=body
        )
        found = re.search(r"/generated/([0-9a-f-]{36})/$", location)
        if status != 302 or not found:
            raise Failed(f"asking for the dossier answered {status} {location!r}")
        return found.group(1)

    def download_when_built(self, case_id: int, token: str, timeout: float) -> int:
        """Watch the status page as its htmx block does until the download link shows; download it."""
        download = f"/cases/{case_id}/generated/{token}/download/"

        def built():
            status, _location, content = self.browser.get(
                f"/cases/{case_id}/generated/{token}/", headers={"HX-Request": "true"}
            )
            if status != 200:
                raise Failed(f"the status page answered {status}")
            if b"Failed" in content and download.encode() not in content:
                raise Failed("the page says the build failed")
            return download.encode() in content

        wait_for(f"the dossier {token[:8]}... built", built, timeout, 1.0)
        status, _location, content = self.browser.get(download)
        if status != 200 or not content.startswith(b"%PDF"):
            raise Failed(f"the download answered {status} with {content[:8]!r}, not a PDF")
        return len(content)

    def dossier(self) -> str:
        token = self.request_dossier(self.case_id)
        size = self.download_when_built(self.case_id, token, 120)
        return f"built by the worker, downloaded: {size:,} bytes starting %PDF"

    def scans_after(self, before: int, timeout: float) -> int:
        def more():
            count = self.probe("scans", self.beat_started)["succeeded"]
            return count if count > before else 0

        return wait_for("a deadline scan run by the worker", more, timeout, 2.0)

    def beat_scan(self) -> str:
        count = self.scans_after(0, DEADLINE_SCAN_SECONDS * 6 + 30)
        log = tail(LOGS / "celery-beat.log", 200)
        if "deadline-scan" not in log and "deadline_scan" not in log:
            raise Failed("beat's log does not mention sending the deadline scan")
        return f"{count} deadline scan(s) sent by beat and completed (django-celery-results)"

    # -- faults ------------------------------------------------------------------------------------------

    def document_row(self, token: str):
        rows = postgres(
            "SELECT status, attempts FROM cases_generateddocument WHERE token = %s",
            (token,),
            database=DATABASE,
            fetch=True,
        )
        return rows[0] if rows else (None, None)

    def fault_worker_killed(self) -> str:
        long_case = self.probe("long-case")["case"]
        files_before = self.probe("files")["generated_files"]
        token = self.request_dossier(long_case)
        wait_for("the worker building the long dossier", lambda: self.document_row(token)[0] == "running", 60, 0.1)
        time.sleep(0.5)  # inside the build (seconds of layout), past its start
        status, attempts = self.document_row(token)
        if status != "running":
            raise Failed(f"the dossier was {status} before the worker could be killed: not mid-job")
        self.processes.kill("celery-worker")
        killed_at = time.monotonic()
        if self.document_row(token)[0] != "running":
            raise Failed("the row left the running state as the worker died")
        self.start_worker()
        size = self.download_when_built(long_case, token, VISIBILITY_TIMEOUT + 150)
        facts = self.probe("document", token)
        expected = {"status": "done", "has_file": True, "events": 1, "notifications": 1, "rows_for_case_kind_user": 1}
        wrong = {k: facts.get(k) for k, v in expected.items() if facts.get(k) != v}
        if wrong:
            raise Failed(f"after the restart, not exactly one effect: {wrong} (all: {facts})")
        if facts["generated_files"] != files_before + 1:
            raise Failed(f"{facts['generated_files'] - files_before} files stored for one dossier")
        if facts["attempts"] < 2:
            raise Failed(f"the build ran {facts['attempts']} time(s): the killed run was not retried")
        return (
            f"SIGKILL mid-build (attempt {attempts}); redelivered and done {time.monotonic() - killed_at:.0f} s "
            f"later: 1 file, 1 timeline event, 1 notification, {size:,}-byte PDF"
        )

    def fault_broker_restarted(self) -> str:
        self.processes.stop("celery-worker")
        token = self.request_dossier(self.case_id)
        queue = self.dossier_queue
        queued = redis_llen(self.redis_port, queue)
        if not queued:
            raise Failed(f"nothing waits in the queue {queue!r} after the dossier was asked for")
        self.processes.stop("redis")
        self.start_redis()
        kept = redis_llen(self.redis_port, queue)
        if kept < queued:
            raise Failed(f"Redis came back with {kept} of the {queued} jobs waiting in {queue!r}")
        status, _attempts = self.document_row(token)
        if status != "pending":
            raise Failed(f"the dossier was {status} before any worker ran: the test did not hold it back")
        self.start_worker()
        size = self.download_when_built(self.case_id, token, 120)
        # Asked after the restart: the web workers' connections to the broker recovered too.
        token = self.request_dossier(self.case_id)
        self.download_when_built(self.case_id, token, 120)
        return (
            f"worker stopped, dossier queued ({queued} waiting in {queue!r}), Redis restarted with {kept} waiting "
            f"(append-only file), worker started: built ({size:,} bytes); a dossier asked after the restart too"
        )

    def fault_database_dropped(self) -> str:
        scans = self.probe("scans", self.beat_started)["succeeded"]
        cut = postgres(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> "
            "pg_backend_pid()",
            (DATABASE,),
            fetch=True,
        )[0][0]
        if not cut:
            raise Failed("no connection to cut: the servers hold none open?")
        for n in range(GUNICORN_WORKERS * 3):  # every web worker's first request after the cut
            path = "/cases/" if n % 2 else f"/cases/{self.case_id}/"
            status, _location, _content = self.browser.get(path)
            if status != 200:
                raise Failed(f"request {n + 1} after the cut: {path} answered {status}")
        token = self.request_dossier(self.case_id)
        size = self.download_when_built(self.case_id, token, 120)
        after = self.scans_after(scans, DEADLINE_SCAN_SECONDS * 6 + 30)
        return (
            f"{cut} connections terminated; {GUNICORN_WORKERS * 3} pages answered 200, the worker built a "
            f"dossier ({size:,} bytes), beat and the worker ran {after - scans} more deadline scan(s)"
        )

    # -- the whole run -----------------------------------------------------------------------------------

    def run(self) -> int:
        LOGS.mkdir(parents=True, exist_ok=True)
        for old in LOGS.glob("*.log"):
            old.unlink()
        if self.args.keep and not self.reused:
            keys = {k: self.env[k] for k in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BACKUP_ENCRYPTION_KEY")}
            REUSE.write_text(json.dumps({"keys": keys}))
            REUSE.chmod(0o600)
        started = time.monotonic()
        print(
            f"prod-smoke: database {DATABASE}, own Redis on {HOST}:{self.redis_port}, gunicorn on "
            f"{HOST}:{self.web_port}; logs in {LOGS.relative_to(ROOT)}/",
            flush=True,
        )

        def setup():
            if not self.reused:
                database_create()
            self.database_made = True
            self.start_redis()
            return f"database {DATABASE} made anew, redis-server with appendonly yes"

        def migrate():
            self.manage("migrate", "--noinput")
            if not self.reused:
                self.manage("seed_demo")
            self.manage("collectstatic", "--noinput")
            self.manage("check", "--deploy", "--fail-level", "WARNING")
            return "migrate, seed_demo, collectstatic, check --deploy"

        def start():
            found = self.probe("queues")
            self.queues, self.dossier_queue = found["queues"], found["dossier_queue"]
            self.start_gunicorn()
            self.start_worker()
            self.start_beat()
            return (
                f"gunicorn -w {GUNICORN_WORKERS} (ready: {self.health_path}), worker on {','.join(self.queues)}, "
                f"beat (deadline scan every {DEADLINE_SCAN_SECONDS} s)"
            )

        essential = [
            ("set-up: PostgreSQL database and own Redis", setup),
            ("set-up: migrate, demo data, static files, deploy check", migrate),
            ("start: gunicorn, Celery worker, Celery beat", start),
            ("sign in over HTTP (CSRF, password, second step)", self.sign_in),
            ("open a case with the case-opening form", self.open_case),
            ("dossier PDF: asked, built by the worker, downloaded", self.dossier),
            ("beat scheduled a deadline scan, the worker ran it", self.beat_scan),
        ]
        for name, action in essential:
            if not self.step(name, action):
                return self.finish(started)
        faults = [
            ("fault (a): worker killed mid-job and restarted", self.fault_worker_killed),
            ("fault (b): broker restarted with a job queued", self.fault_broker_restarted),
            ("fault (c): database connections cut", self.fault_database_dropped),
        ]
        for name, action in faults:
            if not self.step(name, action):
                break
        self.step("everything still running", self.all_alive)
        return self.finish(started)

    def all_alive(self) -> str:
        for name in ("redis", "gunicorn", "celery-worker", "celery-beat"):
            self.processes.check_alive(name)
        return "redis, gunicorn, the worker and beat"

    def finish(self, started: float) -> int:
        failed = [name for name, ok, _ in self.results if not ok]
        if failed:
            for name, log in self.processes.logs.items():
                print(f"\n--- the end of {log.relative_to(ROOT)} ({name})\n{tail(log)}")
        self.cleanup()
        total = time.monotonic() - started
        passed = sum(1 for _, ok, _ in self.results if ok)
        print(f"\nprod-smoke: finished in {total:.0f} s; everything it started is stopped")
        print(f"prod-smoke: {passed} passed, {len(failed)} failed")  # alone on its line, as CI reads it
        return 1 if failed else 0

    def cleanup(self) -> None:
        if self.cleaned:
            return
        self.cleaned = True
        self.processes.stop_all()
        if self.database_made and not (self.args.keep or self.args.reuse):
            try:
                database_drop()
            except Exception as exc:  # noqa: BLE001 - reported; the run's verdict stands
                print(f"prod-smoke: could not drop {DATABASE} ({exc.__class__.__name__}); drop it yourself")
        shutil.rmtree(self.temp, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--keep",
        action="store_true",
        help=f"development: keep the database and note its keys in {REUSE.relative_to(ROOT)} for --reuse",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="development: run on the database a --keep run left (no new database, no demo loading)",
    )
    smoke = Smoke(parser.parse_args(argv))
    atexit.register(smoke.cleanup)

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, interrupted)
    try:
        return smoke.run()
    except KeyboardInterrupt:
        print("\nprod-smoke: interrupted; stopping everything it started", flush=True)
        smoke.cleanup()
        return 130


if __name__ == "__main__":
    sys.exit(main())
