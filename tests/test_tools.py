"""Author tools: student copies lose solutions only; new lessons never overwrite."""

import importlib.util
from pathlib import Path

import nbformat
from notebook_tools import NOTEBOOKS

TOOLS = Path(__file__).resolve().parents[1] / "tools"


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_student_copy_removes_solutions_and_keeps_checks():
    make_student = _tool("make_student")
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        solutions = sum("solution" in c.metadata.get("tags", []) for c in nb.cells)
        checks_before = sum("check_" in c.source for c in nb.cells if "solution" not in c.metadata.get("tags", []))
        assert make_student.strip(nb) == solutions
        assert not any("solution" in c.metadata.get("tags", []) and c.get("outputs") for c in nb.cells)
        assert not any("Model answer:" in c.source for c in nb.cells if "solution" in c.metadata.get("tags", []))
        assert sum("check_" in c.source for c in nb.cells) == checks_before


def test_new_lesson_refuses_to_overwrite(tmp_path, monkeypatch):
    from seedsoil import course

    new_lesson = _tool("new_lesson")
    monkeypatch.setattr(course, "NOTEBOOKS", tmp_path)  # never touch the real lessons
    existing = tmp_path / "08_virtual_trial.ipynb"
    existing.write_text("mine")
    try:
        new_lesson.main("08")
    except SystemExit as stop:
        assert "already exists; not overwriting" in str(stop)
    else:
        raise AssertionError("new_lesson.py overwrote an existing notebook")
    assert existing.read_text() == "mine"
    new_lesson.main("09")
    assert (tmp_path / "09_reading_the_headline.ipynb").is_file()


def test_new_lesson_template_passes_the_skeleton():
    new_lesson = _tool("new_lesson")
    from seedsoil.course import LESSONS

    nb = new_lesson.template(LESSONS[8])
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    for section in [
        "## Why this matters",
        "## Learning objectives",
        "## Before you start",
        "## Key points",
        "## Going further",
        "## References",
    ]:
        assert section in headings
    assert "education, not medical advice" in nb.cells[-1].source.lower()
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert setup.metadata["jupyter"]["source_hidden"], "the setup cell is collapsed"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "default_rng(" not in code.replace("# Add rng = np.random.default_rng(SEED)", ""), "no unused generator"
    objectives = next(c for c in nb.cells if c.source.startswith("## Learning objectives"))
    named = {a for checks in objectives.metadata["seedsoil"]["objectives"] for a in checks}
    activities = {c.metadata["seedsoil"]["activity"] for c in nb.cells if "activity" in c.metadata.get("seedsoil", {})}
    assert named == activities == {"Predict 1", "Check 1", "Exercise 1"}


def test_student_copy_says_it_is_one_and_keeps_an_instructors_edits(tmp_path, monkeypatch):
    make_student = _tool("make_student")
    monkeypatch.setattr(make_student, "ROOT", tmp_path)
    (tmp_path / "notebooks").mkdir()
    lesson = NOTEBOOKS[0]
    (tmp_path / "notebooks" / lesson.name).write_bytes(lesson.read_bytes())
    make_student.main([])
    copy = tmp_path / "build" / "student" / lesson.name
    first = copy.read_bytes()
    assert nbformat.read(copy, as_version=4).cells[1].source == make_student.BANNER
    make_student.main([])  # a rerun writes the same bytes
    assert copy.read_bytes() == first

    edited = nbformat.read(copy, as_version=4)
    edited.cells[0].source += "\n\nMy note for Tuesday's class."
    nbformat.write(edited, copy)
    try:
        make_student.main([])
    except SystemExit as stop:
        assert lesson.name in str(stop) and "FORCE=1" in str(stop)
    else:
        raise AssertionError("make_student.py replaced an edited student copy without --force")
    assert "Tuesday" in copy.read_text(encoding="utf-8")
    make_student.main(["--force"])
    assert copy.read_bytes() == first


def test_student_copies_run_top_to_bottom_without_solutions(tmp_path, monkeypatch):
    """A student who runs a copy without writing anything meets "not answered yet", never an error."""
    import sys

    from nbclient import NotebookClient

    sys.path.insert(0, str(TOOLS))
    try:
        from local_kernel import ipc_kernel_manager
    finally:
        sys.path.remove(str(TOOLS))
    make_student = _tool("make_student")
    monkeypatch.setenv("SEEDSOIL_FIGURES_DIR", str(tmp_path))  # the kernel exports here, not into figures/
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        make_student.strip(nb)
        with ipc_kernel_manager() as km:
            NotebookClient(nb, km=km, timeout=120, resources={"metadata": {"path": str(path.parent)}}).execute()
        printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
        assert "Traceback" not in printed, f"{path.name}: the student copy raised"


def test_bench_cells_floor_keeps_the_imports_and_one_empty_cell_per_code_cell(monkeypatch):
    monkeypatch.syspath_prepend(str(TOOLS))  # bench imports local_kernel from tools/
    bench = _tool("bench")
    new = nbformat.v4
    nb = new.new_notebook(
        cells=[
            new.new_markdown_cell("# A lesson"),
            new.new_code_cell("import numpy as np\nx = np.arange(3)"),
            new.new_code_cell("from math import pi\nprint(pi)"),
            new.new_markdown_cell("Some prose."),
            new.new_code_cell("y = x * 2"),
        ]
    )
    floor = bench.cells_floor_notebook(nb)
    # Three code cells in the lesson: the first holds both import lines and nothing else, two empty cells follow.
    assert [cell.source for cell in floor.cells] == ["import numpy as np\nfrom math import pi", "pass", "pass"]
