"""Build the course website into build/site/ from the committed notebooks.

    python tools/build_site.py            # what `make site` runs
    python tools/build_site.py --out DIR  # somewhere else (the tests do this)

Nothing is executed: myst-nb shows the outputs stored in the notebooks, the
ones the nbval tests prove equal to a fresh run. The build needs no network:
the theme, search and MathJax (installed once from site/package-lock.json by
`make site`, with `npm ci`) are all served from the site itself.

Steps: lay out a source folder (build/site-src/) with the written lessons in
course order, the glossary and the instructor guide, each lesson with a
launch bar made from the one repository setting; write the home page and the
data-sources page; copy the part of MathJax the pages load; run Sphinx.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import shutil
import sys
import time
import warnings
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from seedsoil.course import LESSONS, binder_url, colab_url, nbviewer_url, repository  # noqa: E402

SITE = ROOT / "site"
MATHJAX = SITE / "node_modules" / "mathjax" / "es5"
# What tex-mml-chtml.js loads at run time: TeX extensions on demand, the CHTML
# fonts, the menu and the accessibility tools (speech needs sre/).
MATHJAX_PARTS = ["tex-mml-chtml.js", "input", "output/chtml", "a11y", "ui", "sre", "adaptors"]
REFERENCE_PAGES = ("glossary", "data_sources", "instructor_guide")


class SiteError(RuntimeError):
    """The site cannot be built; the message says what to do."""


def written_lessons():
    """Lessons whose notebook exists, in course order."""
    return [lesson for lesson in LESSONS if lesson.available]


def launch_bar(lesson, repo: str, branch: str) -> str:
    """The Markdown line under a lesson's title: run it, view it, download it."""
    owner_name = repo.removeprefix("https://github.com/")
    return (
        f"**Run this lesson:** [Binder]({binder_url(lesson, repo, branch)}) · "
        f"[Colab]({colab_url(lesson, repo, branch)}) · "
        f"[nbviewer]({nbviewer_url(lesson, repo, branch)}) · "
        f'<a href="notebooks/{lesson.stem}.ipynb" download>download the notebook</a> · '
        f"[the whole course as a zip]({repo}/archive/refs/heads/{branch}.zip) · "
        f"[source on GitHub]({repo}/blob/{branch}/notebooks/{lesson.stem}.ipynb)"
        f"<!-- launch links for {owner_name}@{branch} -->"
    )


def site_notebook(path: Path, bar: str | None) -> nbformat.NotebookNode:
    """A copy of a notebook for the site: launch bar added, hidden code folded."""
    nb = copy.deepcopy(nbformat.read(path, as_version=4))
    for cell in nb.cells:
        hidden = cell.get("metadata", {}).get("jupyter", {}).get("source_hidden")
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "code" and (hidden or "solution" in tags) and "hide-input" not in tags:
            cell.setdefault("metadata", {})["tags"] = [*tags, "hide-input"]
    if bar:
        nb.cells.insert(1, nbformat.v4.new_markdown_cell(bar))
    return nb


def home_page(repo: str, branch: str) -> str:
    rows = ["| # | lesson | question | time |", "|:---|:---|:---|:---|"]
    for lesson in LESSONS:
        title = f"[{lesson.title}]({lesson.stem}.ipynb)" if lesson.available else f"{lesson.title} *(coming)*"
        rows.append(f"| {lesson.number} | {title} | {lesson.question} | {lesson.minutes} min |")
    lessons = "\n".join(lesson.stem for lesson in written_lessons())
    return f"""# Seed & Soil — how breast cancer reaches bone

An open course in runnable Jupyter notebooks: the metastatic cascade, bone
remodelling, the lysyl oxidase (LOX) "pre-metastatic priming" hypothesis and
what became of its evidence, and the survival statistics behind the headlines.
Every page shows the outputs stored in the notebooks, which the course's tests
prove equal to a fresh run. Each lesson page has buttons to run it on Binder or
Colab, or to download it. Education, not medical advice.

Start with [lesson 00](00_start_here.ipynb). Words are explained in the
[glossary](glossary.ipynb); every number's source is on the
[data sources](data_sources.md) page; teachers, see the
[instructor guide](instructor_guide.ipynb).

## The course map

{chr(10).join(rows)}

To run the course on your own computer: clone [the repository]({repo}) (branch `{branch}`), then
`make lab`. [Download it as a zip]({repo}/archive/refs/heads/{branch}.zip).

```{{toctree}}
:caption: Lessons
:maxdepth: 1
:hidden:

{lessons}
```

```{{toctree}}
:caption: Reference
:maxdepth: 1
:hidden:

glossary
data_sources
instructor_guide
```
"""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def data_sources_page(repo: str, branch: str) -> str:
    """The data tables (from datapackage.json) and the works they cite (from references.csv)."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    references = _rows(ROOT / "data" / "references.csv")
    known = {row["key"] for row in references}
    lines = [
        "# Data sources",
        "",
        _cell(package.get("description", "")),
        "",
        "Every table below is a CSV file in the course's `data/` folder, described in "
        f"[`datapackage.json`]({repo}/blob/{branch}/data/datapackage.json) (a Frictionless data package) and "
        "checked by the tests against that description. *Evidence*: **primary** = seen in the source itself; "
        "**secondary** = seen only where another page quotes it; **illustrative** = a teaching assumption.",
        "",
        "## Tables",
        "",
        "| table | what it holds | rows | sources | file |",
        "|:---|:---|:---|:---|:---|",
    ]
    for resource in package["resources"]:
        path = ROOT / "data" / resource.get("path", "")
        if not path.is_file():
            continue  # described ahead of its file (a lesson being written)
        rows = _rows(path)
        keys = sorted({row["source"] for row in rows if row.get("source") in known})
        sources = ", ".join(f"[{key}](data_sources.md#ref-{key.replace('_', '-')})" for key in keys) or "—"
        title = _cell(resource.get("title", resource["name"]))
        description = _cell(resource.get("description", ""))
        lines.append(
            f"| **{title}** (`{resource['name']}`) | {description} | {len(rows)} | {sources} | "
            f'<a href="data/{resource["path"]}" download>{resource["path"]}</a> |'
        )
    lines += ["", "## References", ""]
    for row in references:
        link = f"https://doi.org/{row['doi']}" if row.get("doi") else row.get("url", "")
        status = " **Retracted.**" if row.get("status") == "retracted" else ""
        note = f" *{_cell(row['note'])}*" if row.get("note") else ""
        anchor = f"ref-{row['key'].replace('_', '-')}"
        target = f" <{link}>" if link else ""
        lines.append(f'- <span id="{anchor}"></span>`{row["key"]}` — {_cell(row["citation"])}{target}.{status}{note}')
    licence = package.get("licenses", [{}])[0]
    if licence:
        lines += ["", f"The tables are shared under [{licence.get('title', licence.get('name'))}]({licence['path']})."]
    return "\n".join(lines) + "\n"


def copy_mathjax(static: Path) -> None:
    if not (MATHJAX / "tex-mml-chtml.js").is_file():
        raise SiteError(
            f"MathJax is not installed in {MATHJAX.relative_to(ROOT)}; run `make site` "
            "(it runs `npm ci --prefix site` once, from site/package-lock.json)."
        )
    target = static / "mathjax"
    for part in MATHJAX_PARTS:
        source = MATHJAX / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)


def prepare(src: Path) -> None:
    """Lay out the Sphinx source folder ``src`` (wiped first)."""
    repo, branch = repository()
    shutil.rmtree(src, ignore_errors=True)
    (src / "_extra" / "notebooks").mkdir(parents=True)
    for lesson in written_lessons():
        nbformat.write(site_notebook(lesson.path, launch_bar(lesson, repo, branch)), src / lesson.path.name)
        shutil.copy2(lesson.path, src / "_extra" / "notebooks" / lesson.path.name)
    for name in ("glossary", "instructor_guide"):
        path = ROOT / "notebooks" / f"{name}.ipynb"
        nbformat.write(site_notebook(path, None), src / path.name)
        shutil.copy2(path, src / "_extra" / "notebooks" / path.name)
    shutil.copytree(ROOT / "data", src / "_extra" / "data", ignore=shutil.ignore_patterns("*.json"))
    shutil.copy2(ROOT / "data" / "datapackage.json", src / "_extra" / "data" / "datapackage.json")
    (src / "index.md").write_text(home_page(repo, branch), encoding="utf-8")
    (src / "data_sources.md").write_text(data_sources_page(repo, branch), encoding="utf-8")
    copy_mathjax(src / "_mathjax")


def build(out: Path, src: Path, quiet: bool = True) -> float:
    """Build the site into ``out``; return the seconds it took."""
    from sphinx.cmd.build import build_main

    start = time.perf_counter()
    prepare(src)
    shutil.rmtree(out, ignore_errors=True)
    args = ["-b", "html", "-c", str(SITE), "-W", "--keep-going", "-E", "-j", "auto", str(src), str(out)]
    if quiet:
        args.insert(0, "-q")
    with warnings.catch_warnings():
        # The theme and MyST call Sphinx APIs due to change; `make test-latest` is where that shows.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        status = build_main(args)
    if status != 0:
        raise SiteError(f"Sphinx failed (exit {status}); the warnings above say where.")
    shutil.rmtree(out / ".doctrees", ignore_errors=True)
    return time.perf_counter() - start


def size_bytes(out: Path) -> int:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--src", type=Path, default=None, help="source folder to lay out (default: OUT-src)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    out = args.out.resolve()
    src = (args.src or out.with_name(out.name + "-src")).resolve()
    try:
        seconds = build(out, src, quiet=not args.verbose)
    except SiteError as error:
        raise SystemExit(f"build_site: {error}") from None
    print(f"site built in {seconds:.1f} s: {out} ({size_bytes(out) / 1e6:.1f} MB); open {out / 'index.html'}")


if __name__ == "__main__":
    main()
