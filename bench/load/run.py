#!/usr/bin/env python
"""The 50-user load test: locust against gunicorn with the production settings, on 127.0.0.1 only.

    make bench-load                       # DATABASE_URL names a bench* PostgreSQL database with cases
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_100k .venv/bin/python bench/load/run.py --time 3m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load .venv/bin/python bench/load/run.py --build 10000

It measures the cases a previous `bench/run.py --keep` left in DATABASE_URL (or builds them with
--build N, and drops them at the end unless --keep), migrates, collects the static files into a
temporary directory, checks the settings with `check --deploy`, makes a server-side session past
the second sign-in step for every simulated person, starts gunicorn (and a Celery worker on
Redis for the dossiers), then runs locust headless for a bounded time (bench/load/locustfile.py).
Everything it started is stopped at the end, on Ctrl-C and on errors. Results: var/bench/load.json
and `load · …` entries in var/bench/summary.json. See bench/README.md, "The load test".
"""

import argparse
import contextlib
import csv
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent
LOCUST = HERE / ".venv" / "bin" / "locust"
LOCUSTFILE = HERE / "locustfile.py"
OUTPUT = ROOT / "var" / "bench" / "load.json"
LOGS = ROOT / "var" / "bench" / "load-logs"
HOST = "127.0.0.1"  # never anything else: the load goes to this machine's loopback only
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"  # a database of Redis of its own, away from the tests' /0
DEFAULT_WAIT = (0.25, 1.25)  # seconds between two clicks of one person
TARGET = {"p95_ms": 500.0, "error_rate": 0.01, "requests_per_s": 50.0}
ROLES = ("caseworker", "lawyer", "coordinator")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="people started per second (default 10)")
    parser.add_argument("--time", default="3m", help="measured time after the ramp-up, locust's -t (default 3m)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as README's Production)")
    parser.add_argument(
        "--wait",
        default=",".join(f"{x:g}" for x in DEFAULT_WAIT),
        help="think time between two clicks of a person, seconds 'min,max' (default 0.25,1.25)",
    )
    parser.add_argument("--cases-per-person", type=int, default=40, help="cases each real login works on (default 40)")
    parser.add_argument("--seed", type=int, default=17, help="seed of the cases chosen and of the people's clicks")
    parser.add_argument(
        "--broker",
        default=DEFAULT_BROKER,
        help=f"Redis for the Celery worker that builds dossiers (default {DEFAULT_BROKER}; loopback only)",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="no Celery worker: dossiers are built inside the web request (the embedded default)",
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port on 127.0.0.1 (default: a free one)")
    parser.add_argument(
        "--build",
        type=int,
        default=0,
        metavar="CASES",
        help="build CASES cases first (bench/run.py, which wipes the database); dropped at the end unless --keep",
    )
    parser.add_argument("--keep", action="store_true", help="with --build: keep the database for later runs")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default {OUTPUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    try:
        low, high = (float(x) for x in args.wait.split(","))
    except ValueError:
        parser.error("--wait is 'min,max' in seconds, e.g. 0.25,1.25")
    if not 0 <= low <= high:
        parser.error("--wait needs 0 <= min <= max")
    args.wait = (low, high)
    if args.users < 3 or args.workers < 1 or args.spawn_rate <= 0 or args.cases_per_person < 1:
        parser.error("need --users >= 3 (one coordinator, caseworkers, lawyers), --workers >= 1, --spawn-rate > 0")
    return args


# -- the database --------------------------------------------------------------------------------------


def bench_database() -> dict:
    """DATABASE_URL, which must name a bench* PostgreSQL database (as bench/run.py requires)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        sys.exit(
            "bench-load: set DATABASE_URL to a PostgreSQL database whose name starts with 'bench', holding the "
            "cases of a `bench/run.py --cases N --keep` run (or add --build N)."
        )
    import dj_database_url

    try:
        config = dj_database_url.parse(url)
    except Exception as exc:  # malformed URLs raise ValueError and friends
        sys.exit(f"bench-load: DATABASE_URL is malformed ({exc.__class__.__name__}).")
    name = str(config.get("NAME") or "")
    if not config.get("ENGINE", "").endswith("postgresql"):
        sys.exit("bench-load: the load test needs PostgreSQL (several gunicorn workers write at once).")
    if not name.startswith("bench"):
        sys.exit(
            f"bench-load: refusing the database {name!r}: the load test writes into its database (sessions, notes, "
            "FIRs, dossiers), so it only uses one whose name is or starts with 'bench'."
        )
    if str(config.get("HOST") or "") not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("bench-load: the database must be on this machine (127.0.0.1).")
    return {"url": url, "name": name, "config": config}


def build(cases: int, seed: int) -> None:
    """The data, through bench/run.py (which drops and recreates the database): --keep it for us."""
    print(f"building {cases:,} cases with bench/run.py (this wipes the database)")
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--cases", str(cases), "--seed", str(seed)]
    command += ["--keep", "--repeat", "1", "--warmup", "0", "--only", "selector count · coordinator"]
    subprocess.run(command, cwd=ROOT, check=True)


def drop(database: dict) -> None:
    import psycopg
    from psycopg import sql

    params = {"dbname": "postgres", "connect_timeout": 10}
    for key, arg in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if database["config"].get(key):
            params[arg] = str(database["config"][key])
    try:
        with psycopg.connect(autocommit=True, **params) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database["name"])))
        print(f"dropped the database {database['name']!r} (--keep keeps it)")
        # bench/run.py's note of which cases its pages measure, for a --reuse that can no longer be.
        (ROOT / "var" / "bench" / f"dataset-postgresql-{database['name']}.json").unlink(missing_ok=True)
    except psycopg.Error as exc:
        print(f"could not drop {database['name']!r} ({exc.__class__.__name__}); drop it yourself")


# -- the production settings ----------------------------------------------------------------------------


def bench_field_key() -> str:
    """The key the synthetic survivors were encrypted with: bench/run.py builds under
    config.test_settings, whose key (or FIELD_ENCRYPTION_KEY, if set) it is."""
    if key := os.environ.get("FIELD_ENCRYPTION_KEY", "").strip():
        return key
    out = subprocess.run(
        [sys.executable, "-c", "import os, config.test_settings; print(os.environ['FIELD_ENCRYPTION_KEY'])"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def production_environment(args, temp: Path, port: int, broker: str | None) -> dict:
    """README's Production settings, as gunicorn behind the TLS proxy gets them: DEBUG off, HTTPS
    redirect, HSTS, Secure cookies, the proxy's X-Forwarded-Proto trusted. Only the secrets are
    made for this run, and files go to a temporary directory."""
    dropped = ("DEMO_MFA_BYPASS", "SECURE_COOKIES", "DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEY=bench_field_key(),
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"https://{HOST}:{port}",
        BEHIND_TLS_PROXY="1",
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="31536000",
        NYAYA_VAR_DIR=str(temp / "var"),  # collected static files, generated PDFs
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if broker:
        env["CELERY_BROKER_URL"] = broker
    return env


def setup_django(env: dict) -> None:
    os.environ.clear()
    os.environ.update(env)
    here = str(HERE)
    sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != here]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(database: dict) -> int:
    from django.core.management import call_command

    from cases.models import Case

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    cases = Case.objects.count()
    if not cases:
        sys.exit(
            f"bench-load: {database['name']!r} holds no cases. Build them first: DATABASE_URL=... .venv/bin/python "
            "bench/run.py --cases 100000 --keep (or run this with --build 100000)."
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("check", deploy=True, fail_level="WARNING")
    print(f"  migrate, collectstatic, check --deploy: {time.perf_counter() - started:.0f} s")
    return cases


# -- the simulated people ---------------------------------------------------------------------------------


def people_plan(args) -> tuple[dict, list[str]]:
    """Every simulated person: a session of a real login (past the second sign-in step), a CSRF
    secret, and cases that login may see with what she may do on each. Returns (plan, session keys)."""
    from django.utils.crypto import get_random_string

    from bench.run import signed_in_client
    from consortium.models import Membership, Role, User

    rng = random.Random(args.seed)
    roles = {"caseworker": Role.CASEWORKER, "lawyer": Role.LAWYER, "coordinator": Role.COORDINATOR}
    logins = {}
    for label, role in roles.items():
        ids = Membership.objects.active().filter(role=role, user__is_active=True).values_list("user_id", flat=True)
        logins[label] = list(User.objects.filter(pk__in=ids).order_by("username"))
    works = {}  # username -> her cases and searches
    for label, users in logins.items():
        for user in users:
            works[user.username] = person_work(user, label, args.cases_per_person, rng)
    # Locust gives the coordinator one person and shares the rest by weight (locustfile.py);
    # every role gets a session per possible person, so no two simulated people share one.
    people, sessions = {}, []
    for label, users in logins.items():
        usable = [u for u in users if works[u.username]["cases"]]
        if not usable:
            sys.exit(f"bench-load: no {label} login sees any case; is this a bench/run.py database?")
        slots = 2 if label == "coordinator" else args.users
        people[label] = []
        for i in range(slots):
            user = usable[i % len(usable)]
            client = signed_in_client(user)
            key = client.cookies["sessionid"].value
            sessions.append(key)
            people[label].append(
                {"username": user.username, "session": key, "csrf": get_random_string(32), **works[user.username]}
            )
    summary = ", ".join(f"{len(logins[r])} {r} logins" for r in ROLES)
    print(f"  people: {summary}; {len(sessions)} sessions")
    return {"people": people, "wait": list(args.wait)}, sessions


def person_work(user, label: str, per_person: int, rng: random.Random) -> dict:
    from cases.permissions import case_access
    from cases.selectors import case_get_visible, case_list_visible_to

    visible = list(case_list_visible_to(user).order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(visible, min(per_person, len(visible)))
    cases, searches = [], []
    for pk in chosen:
        case = case_get_visible(user, pk)
        if case is None:
            continue
        access = case_access(user, case)
        cases.append(
            {
                "id": case.pk,
                "reference": case.reference,
                "note": access.can_add_note,
                "investigation": access.can_record_investigation,
                "case_file": access.can_see_case_file,
            }
        )
        if label == "caseworker" and access.identity_visible and len(searches) < 12:
            survivor = case.survivor
            kind = rng.choice(["reference", "reference", "name", "phone"])
            if kind == "phone" and not survivor.phone_numbers:
                kind = "name"
            q = {"reference": case.reference, "name": survivor.full_name, "phone": (survivor.phone_numbers or [""])[0]}
            searches.append({"kind": kind, "q": q[kind], "reference": case.reference})
    if label == "caseworker" and not searches and cases:
        searches.append({"kind": "reference", "q": cases[0]["reference"], "reference": cases[0]["reference"]})
    return {"cases": cases, "searches": searches}


def forget_sessions(keys: list[str]) -> None:
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key__in=keys).delete()


# -- processes -------------------------------------------------------------------------------------------


class Processes:
    """What the run starts, each in a process group of its own; all stopped by stop_all()."""

    def __init__(self):
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict, log: Path) -> subprocess.Popen:
        handle = log.open("ab")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        self.running.append((name, process))
        return process

    def stop(self, process: subprocess.Popen, grace: float = 15.0) -> None:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            except ProcessLookupError:
                pass
        # Stragglers of the group (a worker whose master died first).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        for _name, process in reversed(self.running):
            self.stop(process)
        self.running.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def fetch(url: str, headers: dict | None = None, timeout: float = 30.0) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **(headers or {})})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_gunicorn(processes: Processes, args, env: dict, port: int, temp: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"{HOST}:{port}"]
    command += ["--workers", str(args.workers), "--timeout", "120", "--graceful-timeout", "10"]
    command += ["--log-level", "warning", "--forwarded-allow-ips", HOST]
    process = processes.start("gunicorn", command, env, temp / "gunicorn.log")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{tail(temp / 'gunicorn.log')}")
        try:
            status, _body = fetch(f"http://{HOST}:{port}/accounts/login/", timeout=5)
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer within 90 s:\n{tail(temp / 'gunicorn.log')}")


def broker_reachable(url: str) -> bool:
    from urllib.parse import urlparse

    parsed = urlparse(url)
    if parsed.scheme != "redis" or parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("bench-load: --broker must be a redis:// URL on 127.0.0.1.")
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_worker(processes: Processes, env: dict, temp: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1", "--loglevel", "WARNING"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"bench-load-{os.getpid()}@%h"]
    from config.celery import app

    app.control.purge()  # nothing left from an earlier run
    process = processes.start("celery", command, env, temp / "celery.log")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker stopped at start:\n{tail(temp / 'celery.log')}")
        if app.control.ping(timeout=1.0):
            return process
    raise RuntimeError(f"the Celery worker did not answer within 60 s:\n{tail(temp / 'celery.log')}")


def warm_up(port: int, plan: dict, workers: int) -> None:
    """Each worker's first requests load templates and open its database connection: not measured.
    Also checks the static files are served (collected, hashed names) and plain HTTP is refused."""
    base = f"http://{HOST}:{port}"
    status, body = fetch(base + "/accounts/login/")
    css = next((part.split('"')[0] for part in body.decode().split('href="')[1:] if ".css" in part.split('"')[0]), "")
    if not css or fetch(base + css)[0] != 200:
        raise RuntimeError(f"the login page's stylesheet ({css or 'none'}) is not served: static files?")
    plain = urllib.request.Request(base + "/accounts/login/")  # no X-Forwarded-Proto: as if past the proxy
    try:
        code = urllib.request.build_opener(NoRedirect).open(plain, timeout=10).status
    except urllib.error.HTTPError as exc:
        code = exc.code
    if code != 301:
        raise RuntimeError(f"plain HTTP answered {code}, not the production redirect to HTTPS (301)")
    person = plan["people"]["caseworker"][0]
    cookie = {"Cookie": f"sessionid={person['session']}; csrftoken={person['csrf']}"}
    for _ in range(workers * 3):
        for path in ("/cases/", f"/cases/{person['cases'][0]['id']}/"):
            status, _body = fetch(base + path, cookie, timeout=120)
            if status != 200:
                raise RuntimeError(f"warm-up: {path} answered {status} to a signed-in caseworker")


def run_locust(processes: Processes, args, port: int, plan_path: Path, temp: Path) -> None:
    if not LOCUST.exists():
        sys.exit(f"bench-load: no {LOCUST.relative_to(ROOT)}; `make bench-load` makes it (bench/load/requirements.txt)")
    command = [str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "--only-summary", "--reset-stats"]
    command += ["-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.time, "--stop-timeout", "30"]
    command += ["--host", f"http://{HOST}:{port}", "--csv", str(temp / "locust"), "--loglevel", "WARNING"]
    command += ["--nyaya-seed", str(args.seed), "--exit-code-on-error", "0"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET", "FIELD", "DATABASE"))}
    env["NYAYA_LOAD_PLAN"] = str(plan_path)
    limit = locust_seconds(args.time) + args.users / args.spawn_rate + 120
    process = processes.start("locust", command, env, temp / "locust.log")
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        processes.stop(process)
        raise RuntimeError(f"locust ran past {limit:.0f} s and was stopped:\n{tail(temp / 'locust.log')}") from None
    if process.returncode not in (0, 1):  # 1: some requests failed, reported below
        raise RuntimeError(f"locust failed ({process.returncode}):\n{tail(temp / 'locust.log')}")


def locust_seconds(text: str) -> float:
    total, number = 0.0, ""
    for ch in text.strip():
        if ch.isdigit() or ch == ".":
            number += ch
        else:
            total += float(number or 0) * {"h": 3600, "m": 60, "s": 1}[ch]
            number = ""
    return total + float(number or 0)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# -- CPU: who used the two cores ---------------------------------------------------------------------------


def read_processes() -> dict[int, tuple[int, float, str]]:
    """Every process of the machine: pid -> (parent pid, CPU seconds so far, command line)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            command = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        found[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks, command)
    return found


def machine_cpu() -> float:
    """Busy CPU seconds of the whole machine so far (every core, every process)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class CpuMeter(threading.Thread):
    """CPU seconds used while locust runs by gunicorn (master and workers), the Celery worker and
    this database's PostgreSQL backends and parallel workers, sampled twice a second: Django
    reopens its connections every DATABASE_CONN_MAX_AGE seconds, and each backend's time is read
    while it lives. The whole machine's busy time comes from /proc/stat."""

    def __init__(self, groups: dict[str, subprocess.Popen], database: str, interval: float = 0.5):
        super().__init__(name="cpu-meter", daemon=True)
        self.roots = {name: process.pid for name, process in groups.items()}
        self.database, self.interval = database, interval
        self.seen: dict[tuple[str, int], list[float]] = {}  # (group, pid) -> [CPU at first sight, last]
        self.halt = threading.Event()

    def sample(self, first: bool = False) -> None:
        processes = read_processes()
        children: dict[int, list[int]] = {}
        for pid, (parent, _cpu, _command) in processes.items():
            children.setdefault(parent, []).append(pid)
        members: dict[str, list[int]] = {}
        for name, root in self.roots.items():
            tree, todo = [], [root]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo += children.get(pid, [])
            members[name] = [p for p in tree if p in processes]
        backends = [pid for pid, (_p, _c, command) in processes.items() if f" {self.database} " in f" {command} "]
        leaders = {str(pid) for pid in backends}
        workers = [
            pid
            for pid, (_p, _c, command) in processes.items()
            if "parallel worker for PID" in command and command.split()[-1] in leaders
        ]
        members["postgres (this database)"] = backends + workers
        for name, pids in members.items():
            for pid in pids:
                cpu = processes[pid][1]
                record = self.seen.setdefault((name, pid), [cpu if first else 0.0, cpu])
                record[1] = cpu

    def begin(self) -> None:
        self.sample(first=True)
        self.started, self.machine_started = time.monotonic(), machine_cpu()
        self.start()

    def run(self) -> None:
        while not self.halt.wait(self.interval):
            self.sample()

    def end(self, locust_cpu: float) -> dict:
        self.halt.set()
        self.join()
        self.sample()
        out: dict[str, float] = {}
        for (name, _pid), (first, last) in self.seen.items():
            out[name] = out.get(name, 0.0) + last - first
        out = {name: round(seconds, 1) for name, seconds in sorted(out.items())}
        out["locust"] = round(locust_cpu, 1)
        busy = machine_cpu() - self.machine_started
        out["whole machine"] = round(busy, 1)
        # Other processes of the machine: other work on a shared machine, PostgreSQL's autovacuum
        # and background writers, and what lived less than a sampling interval.
        out["everything else"] = round(busy - sum(v for k, v in out.items() if k != "whole machine"), 1)
        return {"wall_s": round(time.monotonic() - self.started, 1), "cores": os.cpu_count(), "cpu_s": out}

    @staticmethod
    def per_request(cpu: dict, requests: int) -> dict:
        """CPU milliseconds per request of what serves it, and how many requests per second the
        machine's cores could serve at that cost if nothing else ran (an upper bound)."""
        if not requests:
            return {}
        serving = ("gunicorn", "postgres (this database)", "celery worker", "locust")
        ms = {k: round(cpu["cpu_s"].get(k, 0.0) * 1000 / requests, 1) for k in serving if k in cpu["cpu_s"]}
        total = sum(ms.values())
        ceiling = round(cpu["cores"] * 1000 / total, 1) if total else None
        return {"cpu_ms_per_request": ms, "ceiling_requests_per_s": ceiling}


# -- results ---------------------------------------------------------------------------------------------


def read_stats(temp: Path) -> tuple[list[dict], dict, list[dict]]:
    def number(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None

    rows, total = [], None
    with (temp / "locust_stats.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            entry = {
                "name": row["Name"],
                "method": row["Type"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": number(row["50%"]),
                "p95_ms": number(row["95%"]),
                "p99_ms": number(row["99%"]),
                "max_ms": number(row["Max Response Time"]),
                "mean_ms": round(number(row["Average Response Time"]) or 0.0, 1),
                "requests_per_s": round(number(row["Requests/s"]) or 0.0, 2),
            }
            if row["Name"] == "Aggregated":
                total = entry
            else:
                rows.append(entry)
    failures = []
    failures_csv = temp / "locust_failures.csv"
    if failures_csv.exists():
        with failures_csv.open(newline="") as handle:
            for row in csv.DictReader(handle):
                error = row["Error"][:300]
                failures.append({"name": row["Name"], "error": error, "occurrences": int(row["Occurrences"])})
    # Errors in the simulated people's own code (locustfile.py): a bug there, never hidden.
    exceptions_csv = temp / "locust_exceptions.csv"
    if exceptions_csv.exists():
        with exceptions_csv.open(newline="") as handle:
            for row in csv.DictReader(handle):
                error = f"exception in locustfile: {row['Message'][:200]} at {row['Traceback'].strip()[-300:]}"
                failures.append({"name": "(locustfile)", "error": error, "occurrences": int(row["Count"])})
    if total is None:
        raise RuntimeError("locust wrote no totals")
    total["error_rate"] = round(total["failures"] / total["requests"], 4) if total["requests"] else None
    rows.sort(key=lambda r: -(r["p95_ms"] or 0))
    return rows, total, failures


def print_report(rows, total, failures, cpu, meta) -> None:
    headers = ["request", "count", "fail", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"]

    def cells(r):
        return [
            r["name"],
            str(r["requests"]),
            str(r["failures"]),
            f"{r['requests_per_s']:.1f}",
            *(f"{r[k]:.0f}" if r[k] is not None else "" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")),
        ]

    table = [cells(r) for r in rows] + [cells({**total, "name": "all requests"})]
    widths = [max(len(x) for x in column) for column in zip(headers, *table, strict=True)]

    def line(row):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))

    print(
        f"\nNyaya load test: {meta['users']} people, {meta['cases']:,} cases, gunicorn -w {meta['workers']}, "
        f"{meta['duration']} after the ramp-up; slowest p95 first\n"
    )
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in table[:-1]:
        print(line(row))
    print("  ".join("-" * w for w in widths))
    print(line(table[-1]))
    met = meta["target_met"]
    print(
        f"\nthroughput {total['requests_per_s']:.1f} requests/s (target >= {TARGET['requests_per_s']:.0f}: "
        f"{'met' if met['requests_per_s'] else 'MISSED'}), p95 {total['p95_ms']:.0f} ms (<= {TARGET['p95_ms']:.0f}: "
        f"{'met' if met['p95_ms'] else 'MISSED'}), errors {total['error_rate'] * 100:.2f}% (< 1%: "
        f"{'met' if met['error_rate'] else 'MISSED'})"
    )
    for failure in failures[:10]:
        print(f"  failed {failure['occurrences']}x {failure['name']}: {failure['error']}")
    if cpu:
        shares = ", ".join(f"{name} {seconds:.0f}" for name, seconds in cpu["cpu_s"].items())
        print(f"CPU seconds over {cpu['wall_s']:.0f} s on {cpu['cores']} cores: {shares}")
        if cpu.get("cpu_ms_per_request"):
            each = ", ".join(f"{name} {ms:.0f}" for name, ms in cpu["cpu_ms_per_request"].items())
            print(
                f"CPU ms per request: {each}; at that cost {cpu['cores']} idle cores would serve at most "
                f"{cpu['ceiling_requests_per_s']:.0f} requests/s"
            )


def write_outputs(args, meta, rows, total, failures, cpu) -> None:
    from bench.summary import machine, measurement, record

    payload = {"meta": {**meta, "machine": machine()}, "totals": total, "requests": rows, "failures": failures}
    payload["cpu"] = cpu
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.output}")

    def entry(name, r):
        return {
            **measurement(name, meta["cases"], r["p50_ms"] or 0.0, r["p95_ms"]),
            "p99_ms": r["p99_ms"],
            "requests_per_s": r["requests_per_s"],
            "error_rate": round(r["failures"] / r["requests"], 4) if r["requests"] else None,
            "users": meta["users"],
        }

    # Runs at another pace or with another number of people are other measurements, kept beside these.
    low, high = meta["think_time_s"]
    pace = "" if (low, high) == DEFAULT_WAIT else f" · think {low:g}-{high:g} s"
    crowd = f" · {meta['users']} users{pace}" if pace or meta["users"] != 50 else ""
    record(
        [entry(f"load · all requests · {meta['users']} users{pace}", total)]
        + [entry(f"load · {r['method']} {r['name']}{crowd}", r) for r in rows]
    )


def keep_logs(temp: Path) -> None:
    """gunicorn's, the worker's and locust's logs of the last run, in var/bench/load-logs/ (no request
    bodies or survivor data: warnings and errors only)."""
    logs = [temp / name for name in ("gunicorn.log", "celery.log", "locust.log") if (temp / name).exists()]
    if logs:
        LOGS.mkdir(parents=True, exist_ok=True)
        for log in logs:
            shutil.copyfile(log, LOGS / log.name)


# -- main --------------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    database = bench_database()
    started = time.perf_counter()

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    processes = Processes()
    temp = Path(tempfile.mkdtemp(prefix="nyaya-load-"))
    os.chmod(temp, 0o700)  # the plan holds live session keys
    sessions: list[str] = []
    django_ready, broker = False, None
    try:
        if args.build:
            build(args.build, args.seed)
        port = args.port or free_port()
        if not args.no_worker:
            if broker_reachable(args.broker):
                broker = args.broker
            else:
                print(f"  no Redis at {args.broker}: dossiers are built inside the web requests (--no-worker)")
        env = production_environment(args, temp, port, broker)
        setup_django(env)
        django_ready = True
        print(f"bench-load: {database['name']} on PostgreSQL, production settings (config.settings, DEBUG off)")
        cases = prepare(database)
        plan, sessions = people_plan(args)
        plan_path = temp / "plan.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        os.chmod(plan_path, 0o600)

        gunicorn = start_gunicorn(processes, args, env, port, temp)
        groups = {"gunicorn": gunicorn}
        if broker:
            groups["celery worker"] = start_worker(processes, env, temp)
        print(
            f"  gunicorn -w {args.workers} on {HOST}:{port}"
            + (f"; Celery worker on {broker}" if broker else "; no worker (eager)")
        )
        warm_up(port, plan, args.workers)
        from django.db import connections

        meter = CpuMeter(groups, database["name"])
        meter.begin()
        load_before = os.getloadavg()
        print(
            f"  locust: {args.users} people, {args.spawn_rate:g}/s ramp-up, then {args.time} measured "
            f"(think time {args.wait[0]:g}-{args.wait[1]:g} s)"
        )
        children = os.times()
        run_locust(processes, args, port, plan_path, temp)
        # locust has ended and was waited for: its CPU time is now in this process's children's times
        ended = os.times()
        used = ended.children_user + ended.children_system - children.children_user - children.children_system
        cpu = meter.end(used)
        connections.close_all()
        rows, total, failures = read_stats(temp)
        http = sum(r["requests"] for r in rows if r["method"] != "TASK")
        cpu.update(CpuMeter.per_request(cpu, http))
        met = {
            "p95_ms": (total["p95_ms"] or 0) <= TARGET["p95_ms"],
            "error_rate": (total["error_rate"] or 0) < TARGET["error_rate"],
            "requests_per_s": total["requests_per_s"] >= TARGET["requests_per_s"],
        }
        from bench.run import git_commit

        meta = {
            "cases": cases,
            "database": database["name"],
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "duration": args.time,
            "think_time_s": list(args.wait),
            "workers": args.workers,
            "celery_worker": bool(broker),
            "seed": args.seed,
            "target": TARGET,
            "target_met": met,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "git_commit": git_commit(),
            "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        print_report(rows, total, failures, cpu, meta)
        write_outputs(args, meta, rows, total, failures, cpu)
    except KeyboardInterrupt:
        print("\nbench-load: interrupted; stopping what it started")
        return 130
    finally:
        processes.stop_all()
        if django_ready:
            try:
                if broker:  # dossiers asked for in the last seconds, never built: not left for later
                    from config.celery import app

                    app.control.purge()
                if sessions:
                    forget_sessions(sessions)
                from django.db import connections

                connections.close_all()
            except Exception as exc:  # the database or Redis may be what failed
                print(f"  could not purge the queue or delete the run's sessions ({exc.__class__.__name__})")
        keep_logs(temp)
        shutil.rmtree(temp, ignore_errors=True)
        if args.build and not args.keep:
            drop(database)
        print(f"bench-load: done in {time.perf_counter() - started:.0f} s; everything it started is stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
