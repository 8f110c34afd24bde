"""Write notebooks/glossary.ipynb from seedsoil.glossary, and link each lesson's first use of a term.

    python tools/build_glossary.py                 # the glossary page only
    python tools/build_glossary.py --link          # also link first uses in every lesson
    python tools/build_glossary.py --link 03 05    # ... in these lessons only

The page holds Markdown only, so it needs no execution. Linking touches only
prose: a term's first use in a lesson's Markdown (outside headings, code spans,
existing links, tables and HTML) becomes a link to its entry. A lesson cell
that already links the term is left alone.
"""

import sys
from pathlib import Path

import nbformat

from seedsoil.glossary import PAGE, TERMS, glossary_markdown, link, prose_lines, prose_uses

ROOT = Path(__file__).resolve().parents[1]


def write_page() -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text) for text in glossary_markdown()]
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"glossary-{index:02d}"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    path = ROOT / "notebooks" / PAGE
    if path.exists():  # keep what execution added to the metadata; only the cells are ours
        old = nbformat.read(path, as_version=4)
        if [c.source for c in old.cells] == [c.source for c in nb.cells]:
            return path
        nb.metadata = old.metadata
    text = nbformat.writes(nb) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote notebooks/{PAGE}")
    return path


def _link_first(line: str, term) -> tuple[str, bool]:
    """Link the first use of ``term`` in one line of prose."""
    uses = prose_uses(line, term)
    if not uses:
        return line, False
    m = uses[0]
    return line[: m.start()] + link(term, m.group(0)) + line[m.end() :], True


def link_lesson(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    done, changed = set(), 0
    for cell in nb.cells:
        if cell.cell_type != "markdown" or "solution" in cell.metadata.get("tags", []):
            continue
        lines = cell.source.split("\n")
        for term in TERMS:
            if term.slug in done:
                continue
            if f"{PAGE}#{term.slug})" in cell.source:
                done.add(term.slug)
                continue
            for i, _ in prose_lines(cell.source):
                lines[i], linked = _link_first(lines[i], term)  # the line as earlier links left it
                if linked:
                    done.add(term.slug)
                    changed += 1
                    break
        cell.source = "\n".join(lines)
    if changed:
        nbformat.write(nb, path)
        print(f"{path.name}: linked {changed} term(s)")
    return changed


def main(args: list[str]) -> None:
    numbers = [a for a in args if a != "--link"]
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    unknown = [n for n in numbers if not any(p.name.startswith(f"{n}_") for p in lessons)]
    if unknown:
        sys.exit(f"build_glossary: no lesson {unknown}; give lesson numbers such as 03, after --link.")
    write_page()
    if "--link" in args:
        for path in lessons:
            if not numbers or path.name[:2] in numbers:
                link_lesson(path)


if __name__ == "__main__":
    main(sys.argv[1:])
