"""Notebook hygiene: what nbviewer readers, nbval and instructors rely on.

Every lesson follows one skeleton; stored outputs are clean (executed top to
bottom, no errors, warnings, machine paths or user names); images carry alt
text; files stay small; and figures/ matches a fresh run.
"""

import re

import matplotlib.image as mpimg
import nbformat
import numpy as np
import pytest
from conftest import skip_or_fail
from notebook_tools import NOTEBOOKS, ROOT, code_cells, images, markdown_text, outputs, read, source

from seedsoil.course import LESSONS, colab_setup_source

IDS = [p.name for p in NOTEBOOKS]
SKELETON = ["Why this matters", "Learning objectives", "Before you start", "Key points", "Going further", "References"]
MAX_BYTES = 1_000_000
MACHINE_PATH = re.compile(r"(/root/|/home/\w+|/Users/\w+|/tmp/\S+|/work/\S+|[A-Z]:\\\\Users|site-packages)")


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no NN_name.ipynb lessons"
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_nbformat_valid_and_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_size_budget(path):
    assert path.stat().st_size <= MAX_BYTES, f"{path.name} is {path.stat().st_size / 1e6:.2f} MB"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_executed_in_order(path):
    counts = [c["execution_count"] for c in code_cells(read(path)) if source(c).strip()]
    assert counts == list(range(1, len(counts) + 1)), "restart the kernel and run all cells"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_errors_warnings_or_stderr(path):
    for out in outputs(read(path)):
        assert out["output_type"] != "error", f"stored error: {out.get('ename')}: {out.get('evalue')}"
        if out["output_type"] == "stream":
            assert out["name"] == "stdout", f"stderr stored: {''.join(out['text'])[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_machine_paths_or_timings(path):
    nb = read(path)
    for out in outputs(nb):
        text = str(out.get("text", "")) + str({k: v for k, v in out.get("data", {}).items() if k != "image/png"})
        match = MACHINE_PATH.search(text)
        assert not match, f"an output shows a machine path: {match.group(0)}"
    for cell in code_cells(nb):
        assert "execution" not in cell["metadata"], "per-cell timing stored; use record_timing=False"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_image_has_alt_text(path):
    found = list(images(read(path)))
    for _png, meta in found:
        assert len(meta.get("alt", "")) >= 20, "image without meaningful alt text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_skeleton(path):
    nb = read(path)
    texts = markdown_text(nb)
    assert texts[0].startswith("# "), "first cell must be the title"
    headings = [line[3:].strip() for t in texts for line in t.splitlines() if line.startswith("## ")]
    positions = []
    for section in SKELETON:
        hits = [i for i, h in enumerate(headings) if h.startswith(section)]
        assert hits, f"missing section '## {section}'"
        positions.append(hits[0])
    assert positions == sorted(positions), f"sections out of order; expected {SKELETON}"
    assert "education, not medical advice" in texts[-1].lower(), "last cell must be the disclaimer"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_time_estimate_matches_course_map(path):
    lesson = next(x for x in LESSONS if x.stem == path.stem)
    before = next(t for t in markdown_text(read(path)) if t.startswith("## Before you start"))
    assert "Prerequisites" in before
    assert f"about {lesson.minutes} min" in before, f"time estimate should say 'about {lesson.minutes} min'"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exercises_have_checked_solutions(path):
    nb = read(path)
    solutions = [c for c in code_cells(nb) if "solution" in c["metadata"].get("tags", [])]
    minimum = 1 if path.stem.startswith("00") else 3
    assert len(solutions) >= minimum, f"needs at least {minimum} exercises with solution cells"
    for cell in solutions:
        assert re.search(r"check_(value|function|choice)\(", source(cell)), "a solution cell must call its check"
        assert cell["metadata"].get("jupyter", {}).get("source_hidden"), "collapse solution cells (source_hidden)"
        printed = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
        assert "✓" in printed, f"the stored solution does not pass its own check: {printed[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_references_have_doi_or_address(path):
    cell = next((c for c in code_cells(read(path)) if "show_references(" in source(c)), None)
    assert cell is not None, "the References are generated: show_references([...keys...])"
    refs = "".join("".join(o["data"].get("text/markdown", "")) for o in cell.get("outputs", []) if "data" in o)
    items = [line for line in refs.splitlines() if re.match(r"\d+\. ", line)]
    assert items, "References must be a numbered list"
    for item in items:
        traceable = re.search(r"doi:10\.|https://", item)
        own = "Seed & Soil course: teaching assumption" in item  # the course's own values
        assert traceable or own or "cannot be traced" in item, f"reference without DOI or address: {item[:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_code_cell_is_the_colab_setup(path):
    cell = code_cells(read(path))[0]
    assert source(cell) == colab_setup_source(), "run `python tools/sync_setup_cells.py` to refresh the setup cell"
    assert cell["metadata"].get("jupyter", {}).get("source_hidden"), "the setup cell should be collapsed"


def _pixels(png_path_or_bytes):
    from io import BytesIO

    src = BytesIO(png_path_or_bytes) if isinstance(png_path_or_bytes, bytes) else png_path_or_bytes
    return mpimg.imread(src, format="png")


def _assert_same_image(a, b, label):
    assert a.shape == b.shape, f"{label}: size {a.shape} vs {b.shape}"
    rms = float(np.sqrt(np.mean((a - b) ** 2)))
    assert rms < 0.01, f"{label}: images differ (RMS {rms:.4f})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_images_match_committed_figures(path):
    for png, meta in images(read(path)):
        name = meta.get("filename")
        if name:
            committed = ROOT / "figures" / name
            assert committed.is_file(), f"figures/{name} missing: run `make notebooks`"
            _assert_same_image(_pixels(png), _pixels(str(committed)), f"figures/{name}")


@pytest.mark.after_notebooks
def test_figures_match_a_fresh_run(fresh_figures, notebooks_executed):
    """nbval does not compare PNGs; the fresh run's exports must equal figures/."""
    if not notebooks_executed:
        skip_or_fail("notebooks were not executed in this session (run the whole suite)")
    expected = {
        meta["filename"]
        for path in NOTEBOOKS
        if path.name in notebooks_executed
        for _png, meta in images(read(path))
        if meta.get("filename")
    }
    fresh = {p.name for p in fresh_figures.glob("*.png")}
    assert expected <= fresh, f"not re-exported by the fresh run: {sorted(expected - fresh)}"
    for name in sorted(expected):
        _assert_same_image(_pixels(str(fresh_figures / name)), _pixels(str(ROOT / "figures" / name)), name)


def test_no_stray_figures():
    referenced = {meta.get("filename") for path in NOTEBOOKS for _png, meta in images(read(path))}
    stray = {p.name for p in (ROOT / "figures").glob("*.png")} - referenced
    assert not stray, f"figures/ files no notebook produces: {sorted(stray)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_cell_relies_on_a_trailing_semicolon(path):
    """nbval 0.11 runs cells with store_history=False, where IPython ignores a
    trailing ';' (nbval issue 194): the fresh run then shows an Out[] that the
    stored notebook lacks. Assign the value (``_ = ...``) or use show()."""
    for cell in code_cells(read(path)):
        lines = [ln for ln in source(cell).rstrip().splitlines() if ln.strip() and not ln.strip().startswith("#")]
        if lines:
            assert not lines[-1].rstrip().endswith(";"), f"cell ends with ';': {lines[-1][:80]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_cells_are_short(path):
    """A figure is compute, draw, show; no code cell over 15 lines (the setup and solution cells aside)."""
    cells = code_cells(read(path))[1:]  # the first is the collapsed Colab setup
    long = [
        (i, n)
        for i, c in enumerate(cells, start=1)
        if "solution" not in c["metadata"].get("tags", [])
        and (n := len([line for line in source(c).splitlines() if line.strip()])) > 15
    ]
    assert not long, f"code cells over 15 lines (code-cell index, lines): {long}"
