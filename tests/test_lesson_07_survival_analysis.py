"""Lesson-level checks for lesson 07 (survival analysis on GBSG2): the code exercise's
hand-worked chain, the exercises' hints, and the reference numbers its prose uses."""

import math
import re

import pytest
from notebook_tools import ROOT, code_cells, markdown_text, read, source

from seedsoil.survival_analysis import kaplan_meier, survival_at

LESSON = ROOT / "notebooks" / "07_survival_analysis.ipynb"

# The six made-up patients of section 2 (A-F): months and event (1) or censored (0).
TOY_MONTHS = [1, 2, 2, 3, 4, 6]
TOY_EVENTS = [1, 1, 0, 0, 1, 0]
# Equation (1) by hand, row by row: (month, at risk, events, censored, survival after it).
HAND = [(1, 6, 1, 0, 5 / 6), (2, 5, 1, 1, 2 / 3), (3, 3, 0, 1, 2 / 3), (4, 2, 1, 0, 1 / 3), (6, 1, 0, 1, 1 / 3)]


def _right(s, n, d, c):
    return s * (1 - d / n)


# The mistakes Exercise 2's check names (not chaining, all patients, censored as events).
MISTAKES = {
    "not chained": lambda s, n, d, c: 1 - d / n,
    "divided by all six": lambda s, n, d, c: s * (1 - d / len(TOY_MONTHS)),
    "censored as events": lambda s, n, d, c: s * (1 - (d + c) / n),
}


def test_the_lesson_uses_the_toy_data_tested_here():
    code = "\n".join(source(c) for c in code_cells(read(LESSON)))
    assert f'"months": {TOY_MONTHS}, "event": {TOY_EVENTS}' in code


def test_hand_worked_chain_equals_the_course_estimator():
    table = kaplan_meier(TOY_MONTHS, TOY_EVENTS)
    before = 1.0
    for month, at_risk, events, censored, after in HAND:
        assert math.isclose(_right(before, at_risk, events, censored), after)
        assert math.isclose(survival_at(table, month), after)
        before = after


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_named_mistake_differs_from_the_right_step_somewhere(mistake):
    wrong, before, differs = MISTAKES[mistake], 1.0, False
    for _month, at_risk, events, censored, after in HAND:
        differs |= not math.isclose(wrong(before, at_risk, events, censored), after)
        before = after
    assert differs, f"the hint '{mistake}' would also fire for a right answer"


def test_exercise_5_hints_are_told_apart_from_the_answer():
    # Grade III and grade II hazard ratios as the lesson's Cox model prints them (3 decimals);
    # the answer divides them, and a student's two-decimal division still passes rel_tol=0.01.
    hr3, hr2 = 2.181, 1.889
    expected = hr3 / hr2
    assert math.isclose(round(hr3, 2) / round(hr2, 2), expected, rel_tol=0.01)
    for wrong in (hr3, hr3 - hr2, 1 / expected, hr2):
        assert not math.isclose(wrong, expected, rel_tol=0.01)


def test_prose_citations_match_the_reference_list():
    nb = read(LESSON)
    cell = next(c for c in code_cells(nb) if "show_references(" in source(c))
    keys = re.findall(r'"([a-z0-9_]+)"', source(cell))
    prose, code = "\n".join(markdown_text(nb)), "\n".join(source(c) for c in code_cells(nb))
    cited = set()
    for group in re.findall(r"\[(\d+(?:\s*[,–]\s*\d+)*)\]", prose):
        for part in re.split(r"\s*,\s*", group):
            low, _, high = part.partition("–")
            cited |= set(range(int(low), int(high or low) + 1))
    cited |= {int(m) for m in re.findall(r"ref\. (\d+)", code)}
    assert cited == set(range(1, len(keys) + 1)), f"cited {sorted(cited)} for {len(keys)} references"
