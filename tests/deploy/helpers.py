"""Reading the files under deploy/ as systemd, nginx and the production settings read them."""

import configparser
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
# Where docs/deploy.md installs the code; the units name it.
INSTALL_DIR = "/srv/nyaya"


class _Repeated(dict):
    """configparser's section dict keeping every value of a key given several times, as systemd
    does (Environment=, ReadWritePaths=): the values come out joined by newlines."""

    def __setitem__(self, key, value):
        if isinstance(value, list) and key in self and isinstance(self[key], list):
            self[key].extend(value)
        else:
            super().__setitem__(key, value)


def read_unit(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, dict_type=_Repeated, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    with path.open(encoding="utf-8") as handle:
        parser.read_file(handle)
    return parser


def values(unit: configparser.RawConfigParser, section: str, key: str) -> list[str]:
    if not unit.has_option(section, key):
        return []
    return [line.strip() for line in unit.get(section, key).splitlines() if line.strip()]


def environment(unit: configparser.RawConfigParser) -> dict[str, str]:
    """The variables the unit's Environment= lines set (before nyaya.env overrides them)."""
    found = {}
    for line in values(unit, "Service", "Environment"):
        for assignment in shlex.split(line):
            name, _, value = assignment.partition("=")
            found[name] = value
    return found


def command_words(unit: configparser.RawConfigParser, line: str) -> list[str]:
    """An Exec line as the program receives it: ${VAR} from the unit's Environment=, %% as %."""
    env = environment(unit)

    def expand(match):
        name = match.group(1)
        assert name in env, f"{name} is used in an Exec line but no Environment= of the unit sets it"
        return env[name]

    expanded = re.sub(r"\$\{(\w+)\}", expand, line).replace("%%", "%")
    return shlex.split(expanded)


def in_project(path: str) -> Path:
    """A path under the install directory, as it is in this checkout."""
    assert path.startswith(INSTALL_DIR + "/"), f"{path} is not under {INSTALL_DIR}"
    return ROOT / path[len(INSTALL_DIR) + 1 :]


# The production environment of docs/deploy.md's nyaya.env (values invented, keys generated here).
PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "nyaya.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://nyaya.example.org",
    "SITE_URL": "https://nyaya.example.org",
    "BEHIND_TLS_PROXY": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "DATABASE_URL": "postgres://nyaya@127.0.0.1:5432/nyaya",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def production_settings(var_dir: str, names: list[str]) -> dict:
    """Settings as config/settings.py computes them in production (a fresh process: the module reads
    the environment once)."""
    env = {key: value for key, value in os.environ.items() if key not in ("DEMO_MFA_BYPASS", "DJANGO_SETTINGS_MODULE")}
    env.update(PRODUCTION_ENV)
    env.update(
        NYAYA_VAR_DIR=var_dir,
        SECRET_KEY="x" * 50,
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    script = (
        "import json, sys\nimport config.settings as s\n"
        "print(json.dumps({name: getattr(s, name, None) for name in sys.argv[1:]}, default=str))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", script, *names], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def nginx_directives(text: str) -> list:
    """nginx's configuration as a tree: [name, [arguments], [children] or None] per directive."""
    tokens = re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[{};]|[^\s{};"\']+', re.sub(r"(?m)#.*$", "", text))
    stack: list[list] = [[]]
    current: list[str] = []
    for token in tokens:
        if token == ";":
            stack[-1].append([current[0], current[1:], None])
            current = []
        elif token == "{":
            block = [current[0], current[1:], []]
            stack[-1].append(block)
            stack.append(block[2])
            current = []
        elif token == "}":
            assert not current, f"unterminated directive before }}: {current}"
            stack.pop()
            assert stack, "unbalanced }"
        else:
            current.append(token.strip("\"'") if token[0] in "\"'" else token)
    assert len(stack) == 1 and not current, "unbalanced { or a directive without ;"
    return stack[0]


def find(directives: list, name: str) -> list:
    return [d for d in directives if d[0] == name]
