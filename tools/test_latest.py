"""`make test-latest`: run the notebooks against the newest releases of the stack and report what changed.

    python tools/test_latest.py            # build build/latest-venv, run every notebook, print the report
    python tools/test_latest.py 05 07      # only some lessons
    python tools/test_latest.py --reuse    # keep the venv from last time (only re-run)

A maintainer runs this before a term, to learn what an upgrade of the lock
would do. It builds a separate virtual environment (build/latest-venv) with
the newest release of each library the lessons use, unpinned (caps in
pyproject.toml ignored on purpose), executes each notebook there in memory and
compares every cell's outputs with the stored ones. It reports the versions
that moved, outputs that differ, warnings (deprecations shown) and errors. It
never touches requirements.txt, the notebooks or figures/; the report is also
written to build/latest-report.md.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / "build" / "latest-venv"
REPORT = ROOT / "build" / "latest-report.md"
# What the lessons import or run on, named as on PyPI (pyproject.toml's dependencies and the kernel stack).
STACK = [
    "numpy",
    "pandas",
    "matplotlib",
    "scipy",
    "lifelines",
    "frictionless",
    "ipykernel",
    "ipython",
    "jupyter_client",
    "matplotlib-inline",
    "nbclient",
    "nbformat",
]
SANITIZE = [(re.compile(r"0x[0-9a-fA-F]{6,16}"), "0xADDRESS")]  # as tests/sanitize.cfg


def _pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.lower().replace("_", "-")] = version
    return pins


def build_venv(reuse: bool) -> Path:
    python = VENV / "bin" / "python"
    if reuse and python.is_file():
        return python
    print(f"== building {VENV.relative_to(ROOT)} with the newest releases of: {' '.join(STACK)}", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "--upgrade", *STACK], check=True)
    return python


# --- inside the latest venv ----------------------------------------------------------------


def _text(output: dict) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        text = output.get("text", "")
    elif kind == "error":
        text = f"{output.get('ename')}: {output.get('evalue')}"
    else:
        data = output.get("data", {})
        text = next((data[k] for k in ("text/markdown", "text/plain", "text/html") if k in data), "")
        if "image/png" in data:
            text = f"[image; alt: {output.get('metadata', {}).get('image/png', {}).get('alt', '')}]\n" + str(text)
    text = "".join(text) if isinstance(text, list) else str(text)
    for pattern, replacement in SANITIZE:
        text = pattern.sub(replacement, text)
    return text


def _visible(outputs: list[dict]) -> list[dict]:
    """Outputs but stderr, consecutive stream pieces joined (a fresh run may split them differently)."""
    merged: list[dict] = []
    for output in outputs:
        if output.get("output_type") == "stream":
            if output.get("name") == "stderr":
                continue
            text = "".join(output.get("text", ""))
            if merged and merged[-1].get("output_type") == "stream":
                merged[-1] = {**merged[-1], "text": merged[-1]["text"] + text}
                continue
            output = {**output, "text": text}
        merged.append(output)
    return merged


def compare(path: Path) -> dict:
    """Run a copy of the notebook here; what differs from the stored outputs."""
    import nbformat
    from nbclient import NotebookClient

    stored = nbformat.read(path, as_version=4)
    fresh = nbformat.read(path, as_version=4)
    client = NotebookClient(
        fresh, timeout=600, allow_errors=True, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    result = {"notebook": path.name, "changed": [], "images": 0, "warnings": [], "errors": []}
    try:
        client.execute()
    except Exception as error:  # the kernel died or a cell timed out
        result["errors"].append(f"run stopped: {type(error).__name__}: {str(error)[:300]}")
    code = [(i, a, b) for i, (a, b) in enumerate(zip(stored.cells, fresh.cells, strict=True)) if a.cell_type == "code"]
    for index, old, new in code:
        for output in new.get("outputs", []):
            if output.get("output_type") == "error":
                result["errors"].append(f"cell {index}: {output.get('ename')}: {str(output.get('evalue'))[:300]}")
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                for line in "".join(output.get("text", "")).splitlines():
                    if re.search(r"Warning|warn|deprecat", line, re.I):
                        result["warnings"].append(f"cell {index}: {line.strip()[:300]}")
        before = [_text(o) for o in _visible(old.get("outputs", []))]
        after = [_text(o) for o in _visible(new.get("outputs", []))]
        if before != after:
            diff = difflib.unified_diff(
                "\n".join(before).splitlines(), "\n".join(after).splitlines(), "stored", "latest", n=0, lineterm=""
            )
            result["changed"].append({"cell": index, "diff": [line[:200] for line in list(diff)[2:10]]})
        old_png = [o["data"]["image/png"] for o in old.get("outputs", []) if "image/png" in o.get("data", {})]
        new_png = [o["data"]["image/png"] for o in new.get("outputs", []) if "image/png" in o.get("data", {})]
        moved = sum(a != b for a, b in zip(old_png, new_png, strict=False))
        result["images"] += moved + abs(len(old_png) - len(new_png))
    result["warnings"] = list(dict.fromkeys(result["warnings"]))
    return result


def inside(paths: list[Path], out: Path) -> None:
    results = []
    for path in paths:
        print(f"   running {path.name} ...", flush=True)
        results.append(compare(path))
    out.write_text(json.dumps(results), encoding="utf-8")


# --- the report ----------------------------------------------------------------------------


def report(python: Path, results: list[dict], baseline: dict[str, dict] | None = None) -> str:
    freeze = subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True, check=True).stdout
    latest, locked = _pins(freeze), _pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    lines = ["# Latest-libraries run", "", "| package | lock | latest |", "|:---|:---|:---|"]
    for name in sorted(set(latest) & set(locked)):
        if latest[name] != locked[name] or name in {n.lower().replace("_", "-") for n in STACK}:
            mark = " **(new)**" if latest[name] != locked[name] else ""
            lines.append(f"| {name} | {locked[name]} | {latest[name]}{mark} |")
    python_version = subprocess.run(
        [str(python), "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True
    ).stdout.strip()
    lines += ["", f"Python {python_version}. Notebooks run in memory; nothing stored was changed."]
    if baseline is not None:
        lines += [
            "Each notebook was also run under the lock (.venv): a cell marked *(also under the lock)* differs from "
            "its stored outputs without any upgrade (the notebook needs `make notebooks`), so only the other "
            "changes are the upgrade's doing."
        ]
    lines.append("")
    totals = {"changed": 0, "images": 0, "warnings": 0, "errors": 0}
    for result in results:
        changed, warnings, errors = result["changed"], result["warnings"], result["errors"]
        base = (baseline or {}).get(result["notebook"], {})
        already = {c["cell"]: c["diff"] for c in base.get("changed", [])}
        for change in changed:
            change["lock"] = change["cell"] in already
            change["same_as_lock"] = already.get(change["cell"]) == change["diff"]
        upgrade = [c for c in changed if not c["same_as_lock"]]
        totals["changed"] += len(upgrade)
        totals["images"] += result["images"]
        totals["warnings"] += len(warnings)
        totals["errors"] += len(errors)
        verdict = "ERRORS" if errors else ("differs" if upgrade or result["images"] else "same")
        if baseline is not None:
            verdict += f" ({len(changed) - len(upgrade)} cell(s) differ under the lock too)" if changed else ""
        lines.append(
            f"## {result['notebook']}: {verdict} — {len(upgrade)} cell(s) changed by the upgrade, "
            f"{result['images']} figure(s) with other pixels, {len(warnings)} warning(s), {len(errors)} error(s)"
        )
        for error in errors[:5]:
            lines.append(f"- error: {error}")
        for warning in warnings[:8]:
            lines.append(f"- warning: {warning}")
        for change in sorted(changed, key=lambda c: c["same_as_lock"])[:4]:
            where = " *(also under the lock)*" if change["same_as_lock"] else ""
            lines.append(f"- cell {change['cell']} output differs{where}:")
            lines += [f"      {line}" for line in change["diff"]]
        lines.append("")
    lines.append(
        f"Summary: {len(results)} notebook(s); {totals['changed']} cell(s) changed by the upgrade, "
        f"{totals['images']} figure(s) with other pixels, {totals['warnings']} warning(s), {totals['errors']} error(s)."
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="two-digit lesson numbers (default: every notebook)")
    parser.add_argument("--reuse", action="store_true", help="reuse build/latest-venv if it exists")
    parser.add_argument("--no-baseline", action="store_true", help="skip the comparison run under the lock")
    parser.add_argument("--inside", type=Path, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.inside:
        inside([Path(p) for p in [*args.lessons, *rest]], args.inside)
        return
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.lessons:
        paths = [p for p in paths if p.name[:2] in args.lessons]
    python = build_venv(args.reuse)
    with tempfile.TemporaryDirectory(prefix="seedsoil-latest-") as folder:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),  # the course package from this checkout, not installed
            "SEEDSOIL_FIGURES_DIR": folder,  # figures go to a temporary folder, never figures/
            "PYTHONWARNINGS": "default",  # show deprecations from the libraries too
            "MPLBACKEND": "Agg",
        }
        env.pop("VIRTUAL_ENV", None)
        runs = {"latest": python}
        lock_python = ROOT / ".venv" / "bin" / "python"
        if not args.no_baseline and lock_python.is_file():
            runs["lock"] = lock_python
        found = {}
        for name, interpreter in runs.items():
            out = Path(folder) / f"{name}.json"
            print(f"== running the notebooks against the {name} stack", flush=True)
            command = [str(interpreter), __file__, "--inside", str(out), *map(str, paths)]
            subprocess.run(command, env=env, check=True, cwd=ROOT)
            found[name] = json.loads(out.read_text(encoding="utf-8"))
    results = found["latest"]
    baseline = {r["notebook"]: r for r in found["lock"]} if "lock" in found else None
    text = report(python, results, baseline)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print(text)
    print(f"(report written to {REPORT.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
