"""Refresh the checksum and size of every table in data/datapackage.json.

Run after editing a CSV on purpose: ``python tools/update_hashes.py``.
Only the ``hash`` and ``bytes`` entries change; everything else is kept.
"""

import hashlib
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def main() -> None:
    descriptor_path = DATA / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        content = (DATA / resource["path"]).read_bytes()
        resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
        resource["bytes"] = len(content)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    descriptor_path.write_text(text, encoding="utf-8")
    print(f"updated {len(descriptor['resources'])} tables in {descriptor_path.name}")


if __name__ == "__main__":
    main()
