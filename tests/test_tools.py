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
        checks_before = sum(
            "check_value(" in c.source for c in nb.cells if "solution" not in c.metadata.get("tags", [])
        )
        assert make_student.strip(nb) == solutions
        assert not any("solution" in c.metadata.get("tags", []) and c.get("outputs") for c in nb.cells)
        assert not any("Model answer:" in c.source for c in nb.cells if "solution" in c.metadata.get("tags", []))
        assert sum("check_value(" in c.source for c in nb.cells) == checks_before


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
        "## Exercises",
        "## Key points",
        "## References",
    ]:
        assert section in headings
    assert "education, not medical advice" in nb.cells[-1].source.lower()


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
