"""`make bench`: how long each notebook takes, against the floor it cannot beat.

For each notebook, in the same run:
* run   - a fresh kernel executing the notebook top to bottom;
* floor - a fresh kernel executing only that notebook's import lines
          (kernel start + imports: the unavoidable part);
* ratio - run / floor, and the slowest single cell;
* cells - a fresh kernel executing the imports and then one empty cell for
          each other code cell: what the lesson's shape (many short cells,
          each a round trip to the kernel) costs before any cell does work;
* above - run / cells floor: what the lesson's own work and figures add;
* size  - the stored file.
Then the model benchmarks in tools/bench_models.py, and the website's build
time and size against their budgets (tools/bench_site.py). Each timing is the best
of --repeat runs. Figures are not exported (no files are written).
"""

import argparse
import ast
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from local_kernel import ipc_kernel_manager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def _run(nb: nbformat.NotebookNode, cwd: Path) -> tuple[float, float]:
    """Seconds for a fresh kernel to run ``nb``, and the slowest cell's seconds."""
    with ipc_kernel_manager() as km:
        client = NotebookClient(nb, km=km, timeout=600, record_timing=True, resources={"metadata": {"path": str(cwd)}})
        start = time.perf_counter()
        client.execute()
        total = time.perf_counter() - start
    slowest = 0.0
    for cell in nb.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            from datetime import datetime

            begin = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
            slowest = max(slowest, (end - begin).total_seconds())
    return total, slowest


def floor_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A notebook with only the top-level import statements of ``nb``."""
    statements = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics; the course has none, but be safe
            continue
        statements += [ast.unparse(node) for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\n".join(statements))])


def cells_floor_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The imports of ``nb``, then one empty cell per remaining code cell (the cost of the cell count)."""
    floor = floor_notebook(nb)
    code_cells = sum(cell.cell_type == "code" for cell in nb.cells)
    floor.cells += [nbformat.v4.new_code_cell("pass") for _ in range(code_cells - 1)]
    return floor


def best(fn, repeat: int):
    results = [fn() for _ in range(repeat)]
    return min(results, key=lambda r: r[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("notebooks", nargs="*")
    args = parser.parse_args()
    os.environ.pop("SEEDSOIL_FIGURES_DIR", None)  # measure, never write figures
    paths = [Path(p) for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

    width = max(len("all notebooks"), *(len(p.name) for p in paths))
    print(
        "floor = a fresh kernel running only that notebook's imports; floors differ because lessons import "
        "different libraries.\n"
    )
    header = f"{'notebook':{width}} {'run s':>7} {'floor s':>8} {'ratio':>6} {'cells s':>8} {'above':>6}"
    print(f"{header} {'slowest cell s':>15} {'size KB':>8}")
    total_run = total_floor = total_cells = 0.0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        run, slowest = best(lambda nb=nb, path=path: _run(nbformat.from_dict(nb), path.parent), args.repeat)
        floor, _ = best(lambda nb=nb, path=path: _run(floor_notebook(nb), path.parent), args.repeat)
        cells, _ = best(lambda nb=nb, path=path: _run(cells_floor_notebook(nb), path.parent), args.repeat)
        total_run, total_floor, total_cells = total_run + run, total_floor + floor, total_cells + cells
        print(
            f"{path.name:{width}} {run:7.2f} {floor:8.2f} {run / floor:6.2f} {cells:8.2f} {run / cells:6.2f} "
            f"{slowest:15.2f} {path.stat().st_size / 1024:8.0f}"
        )
    print(
        f"{'all notebooks':{width}} {total_run:7.2f} {total_floor:8.2f} {total_run / total_floor:6.2f} "
        f"{total_cells:8.2f} {total_run / total_cells:6.2f}"
    )

    spec = importlib.util.spec_from_file_location("bench_models", ROOT / "tools" / "bench_models.py")
    models = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(models)
    print("\nmodel benchmarks (best of several runs)")
    for name in sorted(n for n in dir(models) if n.startswith("bench_")):
        for label, seconds in getattr(models, name)():
            print(f"  {label:60} {seconds * 1000:10.2f} ms")

    # The site builds in a temporary folder; its own exit status says whether a budget was exceeded.
    site = subprocess.run([sys.executable, str(ROOT / "tools" / "bench_site.py")], check=False)
    if site.returncode:
        raise SystemExit(site.returncode)


if __name__ == "__main__":
    main()
