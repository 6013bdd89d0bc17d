"""var/bench/summary.json: every benchmark's figures in one comparable shape.

Each measurement is one object:

    {"name", "cases", "median_ms", "p95_ms", "queries", "ratio_to_sql", "database", "at", "git_commit"}

- `ratio_to_sql`: the median time of the whole request divided by the time its SQL took on a
  measured run (the database's share). 1.0 would mean all the time is in the database; a page
  at 5 spends four fifths of its time in Python (ORM, decryption, templates). `null` where the
  measurement is not a request (a scan, a PDF, a data build).
- `database`: `postgresql` or `sqlite`; figures of the two are never compared with each other.

A run replaces the measurements of the same name, scale and database and keeps the others, so
the file holds the latest figure of everything measured, at every scale.
"""

import json
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = ROOT / "var" / "bench" / "summary.json"


def measurement(name, cases, median_ms, p95_ms=None, queries=None, sql_ms=None) -> dict:
    return {
        "name": name,
        "cases": cases,
        "median_ms": round(median_ms, 2),
        "p95_ms": round(p95_ms, 2) if p95_ms is not None else None,
        "queries": queries,
        "ratio_to_sql": round(median_ms / sql_ms, 2) if sql_ms else None,
    }


def machine() -> str:
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or platform.machine()
    import os

    return f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}"


def record(measurements: list[dict], path: Path = SUMMARY) -> None:
    from django.db import connection

    from bench.run import git_commit

    stamp = {"database": connection.vendor, "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "git_commit": git_commit()}
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
        kept = current.get("measurements", [])
    except (OSError, ValueError, AttributeError):
        kept = []
    new = [{**m, **stamp} for m in measurements]
    keys = {(m["name"], m["cases"], m["database"]) for m in new}
    kept = [m for m in kept if (m.get("name"), m.get("cases"), m.get("database")) not in keys]
    everything = sorted(kept + new, key=lambda m: (m["database"], m["cases"] or 0, m["name"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"machine": machine(), "measurements": everything}, indent=2) + "\n", encoding="utf-8")
    print(f"summary: {len(new)} measurements in {path}")
