"""Lesson-level checks for lesson 06 (survival statistics).

Its references cover every source of the tables it reads; its facts are labelled
as the sources state them; the code exercise (Ederer-style expected survival)
tells each known mistake apart and keeps working whatever ages the life table
holds; and the core fits the time the course map gives it.
"""

import ast
import math
import re

import numpy as np
import pandas as pd
import pytest
from notebook_tools import ROOT, code_cells, first_year_minutes, read, source

from seedsoil.course import LESSONS
from seedsoil.data import load_table
from seedsoil.feedback import grade_function
from seedsoil.relative_survival import expected_survival_from_lifetable

LESSON = ROOT / "notebooks" / "06_survival_statistics.ipynb"
TABLES = [
    "life_table_female",
    "stage_survival",
    "survival_trend",
    "metastatic_disease_facts",
    "bone_metastasis_facts",
    "survival_simulation_parameters",
    "quoted_numbers",
]


def _references() -> list[str]:
    for cell in code_cells(read(LESSON)):
        if source(cell).startswith("%"):  # an IPython magic, not Python
            continue
        for node in ast.walk(ast.parse(source(cell))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "show_references":
                return ast.literal_eval(node.args[0])
    raise AssertionError("lesson 06 has no show_references([...]) cell")


def _cell(activity: str, *, solution: bool = False) -> str:
    """The check cell of an activity, or the solution cell that follows it."""
    cells = read(LESSON)["cells"]
    index = next(i for i, c in enumerate(cells) if c["metadata"].get("seedsoil", {}).get("activity") == activity)
    if not solution:
        return source(cells[index])
    after = next(c for c in cells[index + 1 :] if "solution" in c["metadata"].get("tags", []))
    return source(after)


@pytest.mark.parametrize("table", TABLES)
def test_every_source_the_lesson_reads_is_in_its_references(table):
    keys = set(_references())
    missing = sorted(set(load_table(table)["source"].dropna()) - keys)
    assert not missing, f"{table}: sources not in lesson 06's References: {missing}"


def test_the_lesson_reads_every_table_it_lists_here():
    code = "\n".join(source(c) for c in code_cells(read(LESSON)))
    read_here = set(re.findall(r"load_table\(\s*\"([a-z0-9_]+)\"", code))
    assert read_here == set(TABLES), "keep TABLES in step with the tables lesson 06 reads"


def test_mariotto_2017_prevalence_is_labelled_a_projection():
    # The abstract: "by January 1, 2017, there will be 154,794" -- a forecast from data through 2013.
    row = load_table("metastatic_disease_facts").set_index("id").loc["mbc_prevalence_2017"]
    assert "projected" in row["period"]
    assert "through 2013" in row["note"]


def _exercise_1(q_x: pd.Series) -> dict:
    """Run Exercise 1's check cell on a life table; return its namespace (cases, hints)."""
    namespace = {
        "np": np,
        "q_x": q_x,
        "expected_survival_from_lifetable": expected_survival_from_lifetable,
        "check_function": lambda *args, **kwargs: None,
        "expected_survival": ...,
    }
    exec(_cell("Exercise 1"), namespace)
    return namespace


def _solution_1() -> object:
    namespace = {"check_function": lambda *args, **kwargs: None, "_cases_1": [], "_hints_1": []}
    exec(_cell("Exercise 1", solution=True), namespace)
    return namespace["expected_survival"]


def _course_life_table() -> pd.Series:
    return load_table("life_table_female").set_index("age")["q_x"]


def test_exercise_1_solution_passes_and_each_known_mistake_gets_its_own_hint():
    checks = _exercise_1(_course_life_table())
    cases, hints = checks["_cases_1"], checks["_hints_1"]
    assert len(cases) >= 3, "check the student's function on several inputs"
    assert grade_function(_solution_1(), cases, name="Exercise 1", hints=hints).correct
    for wrong, message in hints:
        verdict = grade_function(wrong, cases, name="Exercise 1", hints=hints)
        assert not verdict.correct and message in verdict.message, f"the mistake {message!r} is not recognised"


def test_exercise_1_works_whatever_ages_the_life_table_holds():
    # The table may gain (or lose) rows; the check builds its cases from the ages it finds.
    ages = np.arange(40, 71)
    older = pd.Series(0.001 * 1.09 ** (ages - 40), index=ages, name="q_x")  # a made-up table, for the test only
    cases = _exercise_1(older)["_cases_1"]
    assert {case["age"] for case, _ in cases} <= set(ages)
    assert grade_function(_solution_1(), cases, name="Exercise 1").correct


def test_exercise_1_one_minus_summed_q_is_not_accepted():
    # Adding death probabilities is the classic mistake: close to the product, but not equal.
    q = _course_life_table()
    first = int(q.index.min())
    exact = float(np.prod(1 - q.loc[first : first + 4]))
    assert not math.isclose(1 - q.loc[first : first + 4].sum(), exact, rel_tol=1e-9)


def test_the_core_fits_the_course_map_time():
    # A first-year's pace, as in test_objectives: 150 words a minute, 0.25 min per code cell, 4 min per activity.
    cells = read(LESSON)["cells"]
    end = next(i for i, c in enumerate(cells) if source(c).startswith("## Key points"))
    core = cells[:end]
    activities = sum(bool(re.match(r"\*\*(Exercise|Predict|Check) \d+\.\*\*", source(c))) for c in core)
    estimate = sum(first_year_minutes(c) for c in core) + 4 * activities
    stated = next(x.minutes for x in LESSONS if x.stem == LESSON.stem)
    assert estimate <= stated, f"the core takes about {estimate:.0f} min; the course map gives it {stated}"


CHAIN = ["cox2015_85", "cr1987_10_hypercalcaemia", "cr1987_85_hypercalcaemia", "cr1987_69_dying_with"]


def _printed(key: str) -> str:
    return "".join(
        "".join(o.get("text", "")) for c in code_cells(read(LESSON)) if f'"{key}"' in source(c) for o in c["outputs"]
    )


def test_the_85_percent_chain_is_read_from_quoted_numbers():
    # Issue 14: the retracted paper's own abstract states the 85%, citing Coleman & Rubens,
    # whose only 85% concerns hypercalcaemic patients; their figure for patients dying with it is 69%.
    for key in CHAIN:
        assert key in _printed(key), f"lesson 06 should print the row {key}"
    assert {"cox2015", "coleman1987"} <= set(_references())


def test_the_22_percent_lead_is_printed_with_its_evidence_and_the_staging_caveat():
    printed = _printed("acs_ajcc_stage4_22")
    assert "UNCONFIRMED" in printed and "evidence: secondary" in printed
    text = "\n".join(source(c) for c in read(LESSON)["cells"] if c["cell_type"] == "markdown")
    assert "AJCC" in text and "staging system" in text
    assert "acs_ajcc_ncdb" in _references()
