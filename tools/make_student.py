"""Write student copies of the lessons, without solution cells, to build/student/.

    python tools/make_student.py

A code cell tagged ``solution`` is replaced by a short note and its outputs
dropped; a Markdown cell tagged ``solution`` (a model answer to a discussion
question) is replaced by a note too. The hidden check cells stay, so students still get feedback. The
course's own notebooks are never modified.
"""

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTE = "# Solution removed from the student version: work it out above, then check it."
MARKDOWN_NOTE = "*Model answer removed from the student version: discuss it in class.*"


def strip(nb: nbformat.NotebookNode) -> int:
    removed = 0
    for cell in nb.cells:
        if "solution" not in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source, cell.outputs, cell.execution_count = NOTE, [], None
        else:
            cell.source = MARKDOWN_NOTE
        removed += 1
    return removed


def main() -> None:
    out = ROOT / "build" / "student"
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        removed = strip(nb)
        nbformat.write(nb, out / path.name)
        print(f"{path.name}: {removed} solution cell(s) removed")
    print(f"student notebooks in {out.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
