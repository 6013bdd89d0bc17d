"""`.env.example` lists every environment variable the code reads (issue 22): a variable added to
the settings without a line there, with its meaning and default, fails this test.

Read from the code itself: every call of the config/env.py readers (env_str, env_bool, env_int,
env_list, secret_from_env_or_file, fernet_keys_from_env_or_file) and of os.environ / os.getenv
with a literal name, in every Python file of the project except tests/ and bench/ (their variables
drive test and benchmark runs, documented in bench/README.md) and deploy/smoke/ (the smoke test's
own tooling).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", "tests", "bench", "node_modules", ".git"}
SKIPPED_PATHS = {("deploy", "smoke")}
# deploy/gunicorn.conf.py reads its numbers with its own _env_int (gunicorn loads it without Django).
READERS = {
    "env_str",
    "env_bool",
    "env_int",
    "_env_int",
    "env_list",
    "secret_from_env_or_file",
    "fernet_keys_from_env_or_file",
}
ENTRY = re.compile(r"^#?\s?([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def _python_files():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIPPED or "migrations" in parts or parts[:2] in SKIPPED_PATHS:
            continue
        yield path


def _name_read(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and node.args:
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            return None
        func = node.func
        if isinstance(func, ast.Name) and func.id in READERS:
            return first.value
        if isinstance(func, ast.Attribute):
            owner = ast.unparse(func.value)
            if func.attr in READERS:
                return first.value
            if owner == "os.environ" and func.attr in ("get", "setdefault", "pop"):
                return first.value
            if owner == "os" and func.attr == "getenv":
                return first.value
    if (
        isinstance(node, ast.Subscript)
        and ast.unparse(node.value) == "os.environ"
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        return node.slice.value
    return None


def variables_read() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if name := _name_read(node):
                found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def variables_listed() -> list[str]:
    return ENTRY.findall((ROOT / ".env.example").read_text(encoding="utf-8"))


def test_every_variable_the_code_reads_is_in_env_example():
    read = variables_read()
    assert {"SECRET_KEY", "FIELD_ENCRYPTION_KEY", "DATABASE_URL", "LOG_FORMAT"} <= set(read), "the scan finds them"
    missing = {name: sorted(paths) for name, paths in read.items() if name not in set(variables_listed())}
    assert missing == {}, f"add these to .env.example with their meaning, default and an example: {missing}"


def test_every_variable_in_env_example_is_read_and_listed_once():
    listed = variables_listed()
    assert sorted({name for name in listed if listed.count(name) > 1}) == []
    assert sorted(set(listed) - set(variables_read())) == [], "listed in .env.example but read by no code"


def test_each_variable_has_its_meaning_and_default_above_it():
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    undocumented = []
    for number, line in enumerate(lines):
        if not ENTRY.match(line):
            continue
        # The block the entry is in, up to the blank line above (entries may be grouped: SMTP).
        above = []
        for previous in reversed(lines[:number]):
            if not previous.strip():
                break
            above.append(previous)
        text = " ".join(above)
        if "Default" not in text:
            undocumented.append(ENTRY.match(line).group(1))
    assert undocumented == []


def test_the_scan_sees_a_new_variable(tmp_path):
    """The scan itself: each way of reading a variable is recognised."""
    source = (
        "import os\nfrom config.env import env_int\n"
        "A = env_int('NEW_LIMIT', 3)\nB = os.environ.get('NEW_GET')\nC = os.environ['NEW_ITEM']\n"
        "D = os.getenv('NEW_GETENV')\nE = env.env_bool('NEW_FLAG')\n"
    )
    names = {name for node in ast.walk(ast.parse(source)) if (name := _name_read(node))}
    assert names == {"NEW_LIMIT", "NEW_GET", "NEW_ITEM", "NEW_GETENV", "NEW_FLAG"}


def test_the_examples_values_pass_djangos_deploy_check():
    """Filled in with real keys, the example's uncommented lines are a production configuration:
    `manage.py check --deploy --fail-level WARNING` passes with them (as CI checks its own)."""
    import os
    import secrets
    import subprocess
    import sys

    from cryptography.fernet import Fernet

    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value.strip('"')
    assert values["SECRET_KEY"] == "" and values["FIELD_ENCRYPTION_KEY"] == "", "no usable secret in the example"
    values.update(SECRET_KEY=secrets.token_urlsafe(50), FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode())
    # Not what the test session set for itself: the browser tests allow async-unsafe calls in-process.
    own = ("DJANGO_SETTINGS_MODULE", "DEMO_MFA_BYPASS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in own}
    environment.update(values, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
