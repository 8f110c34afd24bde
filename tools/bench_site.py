"""The website's budgets for `make bench`: how long `make site` takes and how big the site is.

    python tools/bench_site.py          # build into a temporary folder, print time and size
    python tools/bench_site.py --json   # the same numbers as JSON (for tools/bench.py)

Budgets (goal of issue 18): the site builds in under 60 s on the course's
2-core machine, and weighs under 40 MB (MathJax, figures, the downloadable
notebooks and data included). The exit status is 1 if a budget is exceeded.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = 60.0
BUDGET_MB = 40.0
PARTS = {
    "MathJax": "_static/mathjax",
    "theme and search": "_static",
    "figures": "_images",
    "notebook downloads": "notebooks",
    "data downloads": "data",
}


def _build_site():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _megabytes(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def measure() -> dict:
    """Build the site once into a temporary folder; seconds, megabytes and the parts' megabytes."""
    build_site = _build_site()
    with tempfile.TemporaryDirectory(prefix="seedsoil-bench-site-") as folder:
        out = Path(folder) / "site"
        seconds = build_site.build(out, Path(folder) / "site-src")
        total = _megabytes(out)
        parts = {name: _megabytes(out / sub) for name, sub in PARTS.items()}
        parts["theme and search"] -= parts["MathJax"]
        parts["pages"] = sum(_megabytes(p) for p in out.glob("*.html")) + _megabytes(out / "searchindex.js")
        pages = len(list(out.glob("*.html")))
    return {"seconds": seconds, "megabytes": total, "pages": pages, "parts": parts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure()
    ok = result["seconds"] <= BUDGET_SECONDS and result["megabytes"] <= BUDGET_MB
    if args.json:
        print(json.dumps({**result, "budget_seconds": BUDGET_SECONDS, "budget_megabytes": BUDGET_MB, "ok": ok}))
    else:
        print(
            f"\nwebsite ({result['pages']} pages): built in {result['seconds']:.1f} s (budget {BUDGET_SECONDS:.0f} s), "
            f"{result['megabytes']:.1f} MB (budget {BUDGET_MB:.0f} MB)" + ("" if ok else "  OVER BUDGET")
        )
        for name, megabytes in result["parts"].items():
            print(f"  {name:20} {megabytes:6.1f} MB")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
