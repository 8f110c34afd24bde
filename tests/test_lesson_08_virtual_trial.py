"""Lesson-level checks for lesson 08 (a virtual trial): the code exercise against values worked
out by hand, the events exercise's published-style arithmetic, and the lesson's promises
(quick by default, simulated charts labelled, no typed trial numbers, the LOX paper's status)."""

import math
import re

import pytest
from notebook_tools import ROOT, code_cells, markdown_text, read, source

from seedsoil.data import load_table

LESSON = ROOT / "notebooks" / "08_virtual_trial.ipynb"


def _code(nb) -> str:
    return "\n".join(source(c) for c in code_cells(nb))


def _printed(cell) -> str:
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))


def _right(u, rate, hazard_ratio):
    return -math.log(u) / (rate * hazard_ratio)


# Exercise 2's inputs, and the right time by hand: T = -ln(u) / (rate * hr).
#   (0.5, 0.1, 1.0):  ln 2 / 0.1          = 6.931472
#   (0.2, 0.05, 0.72): ln 5 / 0.036 = 1.609438 / 0.036 = 44.706609
#   (0.9, 0.3, 2.0):  -ln 0.9 / 0.6       = 0.175601
HAND = [((0.5, 0.1, 1.0), 6.931472), ((0.2, 0.05, 0.72), 44.706609), ((0.9, 0.3, 2.0), 0.175601)]
MISTAKES = {
    "sign": lambda u, r, h: math.log(u) / (r * h),
    "multiplied": lambda u, r, h: -math.log(u) * r * h,
    "hr times": lambda u, r, h: -math.log(u) / r * h,
    "no hr": lambda u, r, h: -math.log(u) / r,
    "one minus u": lambda u, r, h: -math.log(1 - u) / (r * h),
}


def test_the_lesson_uses_the_inputs_worked_here():
    assert "[(0.5, 0.1, 1.0), (0.2, 0.05, 0.72), (0.9, 0.3, 2.0)]" in _code(read(LESSON))


@pytest.mark.parametrize(("args", "expected"), HAND)
def test_hand_worked_inverse_transform(args, expected):
    assert _right(*args) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_named_mistake_differs_from_the_right_answer_somewhere(mistake):
    assert any(not math.isclose(MISTAKES[mistake](*args), expected, rel_tol=1e-6) for args, expected in HAND)


def test_exercise_4_solution_matches_schoenfeld_by_hand():
    # 4 (z_{0.975} + z_{0.8})^2 / (ln 0.72)^2 = 4 * 7.848879 / 0.107915 = 290.93 events (0.72: EBCTCG, postmenopausal).
    post = load_table("bisphosphonate_trials").set_index(["outcome", "population"])
    hr = post.loc[("bone recurrence", "postmenopausal women"), "rate_ratio"]
    assert hr == pytest.approx(0.72)
    by_hand = 4 * 7.848879 / math.log(0.72) ** 2
    assert by_hand == pytest.approx(290.93, abs=0.01)
    nb = read(LESSON)
    solution = next(c for c in code_cells(nb) if "answer_4 = power.schoenfeld_events" in source(c))
    assert f"{by_hand:.1f} events is right" in _printed(solution)


def test_quick_by_default_and_the_full_study_is_one_setting():
    code = _code(read(LESSON))
    assert "FULL_STUDY = False" in code
    settings = load_table("virtual_trial_parameters").set_index("name")["value"]
    assert settings["replicates_quick"] < settings["replicates_full"]
    assert settings["power_replicates_quick"] < settings["power_replicates_full"]


def test_every_chart_is_stamped_simulated():
    cells = [source(c) for c in code_cells(read(LESSON))]
    draws = [s for s in cells if "plt.subplots" in s]
    assert draws and all("label_simulated(" in s and "SIMULATED" in s for s in draws)


def test_no_trial_numbers_typed_in_the_prose():
    prose = "\n".join(markdown_text(read(LESSON)))
    for number in ["0.72", "0.83", "0.82", "18,766", "11,767", "0.627"]:
        assert number not in prose, f"{number} typed in the prose; print it from the data"


def test_the_lox_paper_is_taught_as_retracted():
    prose = "\n".join(markdown_text(read(LESSON)))
    assert re.search(r"retracted\*\* in 2023", prose)
    assert "no LOX test has been validated" in prose


def test_the_lesson_is_laid_out_as_adem_p():
    prose = "\n".join(markdown_text(read(LESSON)))
    for part in ["**A**ims", "**D**ata-generating mechanism", "**E**stimands", "**M**ethods", "**P**erformance"]:
        assert part in prose
