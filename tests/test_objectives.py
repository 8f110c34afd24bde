"""Every learning objective is checked by something the student does, and every check serves one.

Conventions (README, "Writing a lesson"):

* An activity starts with a Markdown cell whose first words are ``**Exercise N.**``,
  ``**Predict N.**`` or ``**Check N.**``; its check cell carries the metadata
  ``{"seedsoil": {"activity": "Exercise N"}}``.
* The "Learning objectives" cell lists one bullet per objective, each ending with
  the activities that check it, ``*(checked by Exercise 1, Predict 2)*``, and holds
  the same lists machine-readably: ``{"seedsoil": {"objectives": [["Exercise 1",
  "Predict 2"], ...]}}``, one list per bullet, in order.
* The core (everything before "Key points") has at least three activities, spread
  through it: no stretch before the first, between two, or after the last is longer
  than 15 minutes of a first-year's time (150 words a minute, a quarter-minute per
  code cell run, four minutes per activity).
"""

import re

import pytest
from notebook_tools import NOTEBOOKS, code_cells, first_year_minutes, read, source

LESSONS = [p for p in NOTEBOOKS if not p.stem.startswith("00")]
IDS = [p.stem[:2] for p in LESSONS]
ALL_IDS = [p.stem[:2] for p in NOTEBOOKS]
ACTIVITY = re.compile(r"^\*\*((?:Exercise|Predict|Check) \d+)\.\*\*")
CHECKED_BY = re.compile(r"\*\(checked by ([^)]*)\)\*\s*$")
# Lessons about a model or a statistic: the student writes some of it.
CODE_LESSONS = {"02", "03", "04", "05", "06", "07"}


def _objectives_cell(nb):
    return next(
        c for c in nb["cells"] if c["cell_type"] == "markdown" and source(c).startswith("## Learning objectives")
    )


def _bullets(cell) -> list[str]:
    return [line for line in source(cell).splitlines() if line.startswith("- ")]


def _activities(nb) -> dict[str, int]:
    """Activity name -> index of its Markdown cell."""
    found = {}
    for i, cell in enumerate(nb["cells"]):
        m = ACTIVITY.match(source(cell)) if cell["cell_type"] == "markdown" else None
        if m:
            assert m.group(1) not in found, f"two activities called {m.group(1)}"
            found[m.group(1)] = i
    return found


def _check_cells(nb) -> dict[str, dict]:
    return {
        c["metadata"]["seedsoil"]["activity"]: c
        for c in code_cells(nb)
        if "activity" in c["metadata"].get("seedsoil", {})
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ALL_IDS)
def test_every_objective_names_its_checks_in_text_and_metadata(path):
    cell = _objectives_cell(read(path))
    mapping = cell["metadata"].get("seedsoil", {}).get("objectives")
    bullets = _bullets(cell)
    assert mapping is not None, "the objectives cell needs metadata seedsoil.objectives"
    assert len(mapping) == len(bullets), f"{len(bullets)} objectives but {len(mapping)} lists of checks"
    for bullet, checks in zip(bullets, mapping, strict=True):
        assert checks, f"objective without a check: {bullet[:70]}"
        shown = CHECKED_BY.search(bullet)
        assert shown, f"the objective should say what checks it: {bullet[:70]}"
        assert [s.strip() for s in shown.group(1).split(",")] == checks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ALL_IDS)
def test_every_named_check_exists_and_every_check_serves_an_objective(path):
    nb = read(path)
    named = {c for checks in _objectives_cell(nb)["metadata"]["seedsoil"]["objectives"] for c in checks}
    activities, checks = _activities(nb), _check_cells(nb)
    assert named <= set(activities), f"objectives name missing activities: {sorted(named - set(activities))}"
    assert set(activities) <= named, f"activities that serve no objective: {sorted(set(activities) - named)}"
    assert set(activities) == set(checks), (
        f"activities without a check cell: {sorted(set(activities) - set(checks))}; "
        f"check cells without an activity: {sorted(set(checks) - set(activities))}"
    )


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_the_core_is_active_every_15_minutes(path):
    nb = read(path)
    cells = nb["cells"]
    end = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and source(c).startswith("## Key points"))
    core_activities = sorted(i for i in _activities(nb).values() if i < end)
    assert len(core_activities) >= 3, f"the core has {len(core_activities)} activities; it needs at least 3"
    clock, starts = 0.0, {}
    for i, cell in enumerate(cells[:end]):
        starts[i] = clock
        clock += first_year_minutes(cell) + (4 if i in core_activities else 0)
    times = [starts[i] for i in core_activities]
    gaps = [b - a for a, b in zip([0.0, *times], [*times, clock], strict=True)]
    assert max(gaps) <= 15, f"{max(gaps):.0f} minutes without an activity (core starts of activities: {times})"


@pytest.mark.parametrize("path", [p for p in LESSONS if p.stem[:2] in CODE_LESSONS], ids=lambda p: p.stem[:2])
def test_students_write_model_or_statistics_code(path):
    nb = read(path)
    checks = [source(c) for c in _check_cells(nb).values()]
    assert any("check_function(" in s for s in checks), "at least one exercise where the student writes a function"
    stubs = [source(c) for c in code_cells(nb) if re.search(r"^def \w+\(", source(c), re.M)]
    assert any("..." in s or "NotImplementedError" in s for s in stubs), "the code exercise needs a stub to fill in"
