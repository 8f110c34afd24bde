"""Validate every table with Frictionless, then refresh its checksum and size.

Run after editing a CSV on purpose: ``python tools/update_hashes.py``.
A table that does not match its schema is reported and no hash is written,
so a checksum in datapackage.json always vouches for a validated file.
Only the ``hash`` and ``bytes`` entries change; everything else is kept.
"""

import hashlib
import json
import sys
from pathlib import Path

from frictionless import Resource

DATA = Path(__file__).resolve().parents[1] / "data"


def problems(resource: dict) -> list[str]:
    # Validate rows against the schema only; the hash is what we are about to write.
    view = {k: resource[k] for k in ("name", "path", "schema")}
    report = Resource(view, basepath=str(DATA)).validate()
    return [f"{resource['path']}: {e.message}" for task in report.tasks for e in task.errors]


def main() -> int:
    descriptor_path = DATA / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    found = [p for resource in descriptor["resources"] for p in problems(resource)]
    if found:
        print("Not updating hashes; fix these first:\n" + "\n".join(found[:20]), file=sys.stderr)
        return 1
    for resource in descriptor["resources"]:
        content = (DATA / resource["path"]).read_bytes()
        resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
        resource["bytes"] = len(content)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    descriptor_path.write_text(text, encoding="utf-8")
    print(f"validated and updated {len(descriptor['resources'])} tables in {descriptor_path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
