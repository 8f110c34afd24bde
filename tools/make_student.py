"""Write student copies of the lessons, without solution cells, to build/student/.

    python tools/make_student.py            # refuses to replace a copy you edited
    python tools/make_student.py --force    # replace every copy

A code cell tagged ``solution`` is replaced by a short note and its outputs
dropped; a Markdown cell tagged ``solution`` (a model answer to a discussion
question) is replaced by a note too. A note under the title tells students
which version they hold. The hidden check cells stay, so students still get
feedback. The course's own notebooks are never modified, and a student copy
that differs from what this tool last wrote (an instructor's edits) is kept
unless --force is given.
"""

import hashlib
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTE = "# Solution removed from the student version: work it out above, then check it."
MARKDOWN_NOTE = "*Model answer removed from the student version: discuss it in class.*"
BANNER = (
    "> **Student copy.** The solution cells and model answers mentioned below have been removed; "
    "the check cells still tell you whether your answer is right. Your instructor has the full version."
)


def strip(nb: nbformat.NotebookNode) -> int:
    """Replace solution cells by notes, add the banner under the title; return how many were removed."""
    removed = 0
    for cell in nb.cells:
        if "solution" not in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source, cell.outputs, cell.execution_count = NOTE, [], None
        else:
            cell.source = MARKDOWN_NOTE
        removed += 1
    banner = nbformat.v4.new_markdown_cell(BANNER)
    banner.pop("id", None)  # ids are derived below, so a rerun writes the same bytes
    nb.cells.insert(1, banner)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"student-{index:03d}"
    return removed


def main(args: list[str]) -> None:
    force = "--force" in args
    unknown = [a for a in args if a != "--force"]
    if unknown:
        sys.exit(f"make_student: unknown argument(s) {unknown}; the only option is --force.")
    out = ROOT / "build" / "student"
    out.mkdir(parents=True, exist_ok=True)
    kept = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        removed = strip(nb)
        nb.metadata["seedsoil_student_copy"] = _fingerprint(nb)
        target = out / path.name
        text = nbformat.writes(nb) + "\n"
        if target.exists() and not force and not _written_by_us(target):
            kept.append(target.name)
            continue
        target.write_text(text, encoding="utf-8")
        print(f"{path.name}: {removed} solution cell(s) removed")
    print(f"student notebooks in {out.relative_to(ROOT)}/")
    if kept:
        sys.exit(
            f"make_student: kept {', '.join(kept)} (edited since this tool wrote them). "
            "Move your edits elsewhere, or run `make student FORCE=1` to replace them."
        )


def _written_by_us(target: Path) -> bool:
    """True if ``target``'s cells are still as this tool wrote them (its fingerprint matches)."""
    try:
        nb = nbformat.read(target, as_version=4)
    except Exception:  # not a notebook any more: certainly not ours to replace silently
        return False
    return nb.metadata.get("seedsoil_student_copy") == _fingerprint(nb)


def _fingerprint(nb: nbformat.NotebookNode) -> str:
    """A short digest of every cell's source: changes when anyone edits a cell."""
    sources = "\x1e".join(cell.source for cell in nb.cells)
    return hashlib.sha256(sources.encode("utf-8")).hexdigest()[:16]


if __name__ == "__main__":
    main(sys.argv[1:])
