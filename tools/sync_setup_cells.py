"""Rewrite the first code cell of every lesson from seedsoil.course.colab_setup_source(), collapsed.

Run after changing [tool.seedsoil] in pyproject.toml (e.g. when publishing a
fork), then `make notebooks` to refresh stored outputs. The cell's outputs are
empty everywhere but Colab, so only its source changes.
"""

from pathlib import Path

import nbformat

from seedsoil.course import colab_setup_source

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    wanted = colab_setup_source()
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code")
        hidden = first.metadata.get("jupyter", {}).get("source_hidden", False)
        if first.source != wanted or not hidden:
            first.source = wanted
            # Collapsed: students see one line ("setup"), not the install code.
            first.metadata.setdefault("jupyter", {})["source_hidden"] = True
            nbformat.write(nb, path)
            print(f"updated {path.name}")


if __name__ == "__main__":
    main()
