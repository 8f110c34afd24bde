"""Re-execute notebooks in place, top to bottom, and refresh figures/.

    python tools/execute_notebooks.py                 # every notebook
    python tools/execute_notebooks.py notebooks/02_*  # some of them

This is how stored outputs are produced: a fresh kernel per notebook, no
per-cell timing metadata, figures exported to figures/ by the plotting helper.
"""

import os
import sys
import time
from pathlib import Path

import nbformat
from local_kernel import ipc_kernel_manager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    with ipc_kernel_manager() as km:
        client = NotebookClient(
            nb,
            km=km,
            timeout=300,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
    elapsed = time.perf_counter() - start
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(args: list[str]) -> None:
    if any(a in ("-h", "--help") for a in args):
        sys.exit(__doc__)
    paths = [Path(a) for a in args] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    missing = [str(p) for p in paths if p.suffix != ".ipynb" or not p.is_file()]
    if missing:
        sys.exit(f"execute_notebooks: not a notebook file: {', '.join(missing)}")
    os.environ["SEEDSOIL_FIGURES_DIR"] = str(ROOT / "figures")
    for path in paths:
        print(f"{path.name}: executed in {execute(path):.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
