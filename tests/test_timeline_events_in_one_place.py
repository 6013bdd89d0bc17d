"""What the timeline says is written in each domain's events.py (cases, care, legal,
compensation, privacy, pdfs): services call a `*_event` function, never the writer itself."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = ["core", "consortium", "survivors", "cases", "care", "legal", "compensation", "privacy", "pdfs", "dashboard"]
# The workflow engine writes every workflow's stage moves, under the kind its spec names.
WRITERS_ALLOWED = {"cases/workflow.py"}


def writes_outside_events() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = str(path.relative_to(ROOT))
            if "migrations" in path.parts or path.name == "events.py" or relative in WRITERS_ALLOWED:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                creates_event = (
                    name == "create"
                    and isinstance(func, ast.Attribute)
                    and isinstance(func.value, ast.Attribute)
                    and isinstance(func.value.value, ast.Name)
                    and func.value.value.id == "CaseEvent"
                )
                if name == "event_record" or creates_event:
                    found.append(f"{relative}:{node.lineno}")
    return found


def test_services_write_the_timeline_through_their_events_module():
    assert writes_outside_events() == []


def test_every_domain_has_its_events_module():
    for package in ("cases", "care", "legal", "compensation", "privacy", "pdfs"):
        module = ROOT / package / "events.py"
        functions = [n.name for n in ast.parse(module.read_text()).body if isinstance(n, ast.FunctionDef)]
        assert any(name.endswith("_event") for name in functions), package
