"""A module uses another's public names only: a helper two modules share is public (no leading
underscore) and documented where it lives, so it is found, and changed knowing who relies on it."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = ["core", "consortium", "survivors", "cases", "care", "legal", "compensation", "privacy", "pdfs", "dashboard"]


def private_imports() -> list[str]:
    found = []
    for package in PACKAGES + ["config", "bench"]:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom):
                    found += [
                        f"{path.relative_to(ROOT)}:{node.lineno} imports {alias.name} from {node.module or '.'}"
                        for alias in node.names
                        if alias.name.startswith("_") and not alias.name.startswith("__")
                    ]
    return found


def test_no_module_imports_another_modules_private_names():
    assert private_imports() == []


def test_the_check_sees_a_private_import(tmp_path, monkeypatch):
    """The check above can fail: a module importing a private helper is found."""
    package = tmp_path / "core"
    package.mkdir()
    (package / "bad.py").write_text("from core.money import _private\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    for name in PACKAGES[1:] + ["config", "bench"]:
        (tmp_path / name).mkdir()
    assert private_imports() == ["core/bad.py:1 imports _private from core.money"]
