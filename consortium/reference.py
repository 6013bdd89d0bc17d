"""Reference data shipped with Nyaya: states, union territories and districts.

Used by the data migration and by `seed_demo` (so a flushed test database can be
refilled). Loading updates names and adds what is missing; it never deletes.
"""

import json
from pathlib import Path

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "india_regions.json"


def load_india_regions(state_model, district_model) -> None:
    regions = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    for entry in regions["states"]:
        state, _ = state_model.objects.update_or_create(
            code=entry["code"], defaults={"name": entry["name"], "kind": entry["kind"]}
        )
        existing = set(district_model.objects.filter(state=state).values_list("name", flat=True))
        district_model.objects.bulk_create(
            [district_model(state=state, name=name) for name in entry["districts"] if name not in existing]
        )
