"""Lesson-level checks for lesson 04: what its prose says about the LOX runs must hold in the model.

The core says (Predict 2) that bone dips and starts to refill while the drive is still on, (Predict 4) that
cells arriving ten days after the stop still have a raised chance, and (Figure 2)
that the chance of colonising is raised only in one window of arrival days; Exercise 3's check must tell
each known mistake apart; the lesson names every independent study in the data and never calls Erler 2006
"the same group". Going further explains Figure 1's rise above normal bone by the one-sided thresholds of
the bone-mass equation after the drive stops, and Exercise 7 says the λ needed depends on the unmeasured s.
"""

import ast
import re
from pathlib import Path

import numpy as np
import pytest
from notebook_tools import code_cells, markdown_text, read, source
from scipy.optimize import brentq

from seedsoil import lox
from seedsoil.bone import Parameters, simulate, steady_state
from seedsoil.data import load_table
from seedsoil.feedback import grade_function

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "04_lox_priming_hypothesis.ipynb"


@pytest.fixture(scope="module")
def setting():
    table = load_table("lox_assumptions")
    a = dict(zip(table["name"], table["value"], strict=True))
    kom = Parameters.komarova2003()
    rest = (*steady_state(kom), 100.0)
    run = simulate(kom, rest, a["days"], modifiers=[lox.lox_drive(a["effect"], 0.0, a["lox_days"])])
    return a, kom, rest, run


def test_bone_is_still_below_normal_when_the_drive_stops_and_above_it_at_the_end(setting):
    # The overshoot the lesson explains happens AFTER the stop, not while the drive is on.
    a, _, _, run = setting
    by_day = run.set_index("day")["bone_mass"]
    assert by_day[a["lox_days"]] < 100
    assert by_day.iloc[-1] > 100


def test_after_the_stop_osteoclasts_fall_below_rest_while_osteoblasts_stay_above(setting):
    # The mechanism stated in the lesson, read ten days after the stop (as the lesson does).
    a, _, rest, run = setting
    after = run.set_index("day").loc[a["lox_days"] + 10]
    assert after["osteoclasts"] < rest[0]
    assert after["osteoblasts"] > rest[1]


def test_bone_cannot_fall_while_osteoclasts_are_below_their_threshold(setting):
    # By hand from dz/dt = -k1 max(0, x1 - x̄1) + k2 max(0, x2 - x̄2): with x1 <= x̄1 the first term is 0
    # and the second is >= 0, so bone mass is non-decreasing on those days.
    a, _, rest, run = setting
    later = run[(run["day"] > a["lox_days"]) & (run["osteoclasts"] <= rest[0])]
    assert len(later) > 50, "the lesson says osteoclasts stay below rest for weeks after the stop"
    assert (np.diff(later["bone_mass"].to_numpy()) >= -1e-6).all()


def test_cell_counts_stay_well_above_zero(setting):
    # Figure 1's lower panel: the dip below rest is partial (the lesson prints about two thirds of rest).
    _, _, rest, run = setting
    assert run["osteoclasts"].min() > 0.5 * rest[0]
    assert run["osteoblasts"].min() > 0.9 * rest[1]


@pytest.mark.parametrize("row", ["sensitivity_low", "sensitivity", "sensitivity_high"])
def test_doubling_needs_one_over_s_per_cent_of_bone_lost(setting, row):
    # By hand from equation 2: p = p0 (1 + s L) = 2 p0  <=>  L = 1/s  (e.g. s = 0.05 per % -> 20% lost).
    a, kom, rest, _ = setting
    s = a[row]

    def excess(effect):
        p = lox.primed_colonisation(
            kom,
            rest,
            effect=effect,
            lox_days=a["lox_days"],
            arrival_day=a["arrival_day"],
            baseline=a["baseline"],
            sensitivity=s,
        )
        return p / a["baseline"] - 2.0

    effect = brentq(excess, 0.0, 50.0, xtol=1e-8)
    run = simulate(kom, rest, a["days"], modifiers=[lox.lox_drive(effect, 0.0, a["lox_days"])])
    assert lox.bone_lost(run, a["arrival_day"]) == pytest.approx(1 / s, rel=1e-3)


def test_the_needed_effect_spans_the_tables_lambda(setting):
    # Key point 3: across the assumed range of s, the needed λ lies on both sides of the table's λ.
    a, kom, rest, _ = setting

    def needed(s):
        def excess(effect):
            p = lox.primed_colonisation(
                kom,
                rest,
                effect=effect,
                lox_days=a["lox_days"],
                arrival_day=a["arrival_day"],
                baseline=a["baseline"],
                sensitivity=s,
            )
            return p / a["baseline"] - 2.0

        return brentq(excess, 0.0, 50.0, xtol=1e-6)

    assert needed(a["sensitivity_high"]) < a["effect"] < needed(a["sensitivity_low"])


def test_bone_dips_then_starts_to_refill_while_the_drive_is_still_on(setting):
    # Predict 2's answer (b): the deepest point comes before the drive stops, and bone has regained some by then.
    a, _, _, run = setting
    deepest = run.loc[run["bone_mass"].idxmin()]
    assert 0 < deepest["day"] < a["lox_days"]
    assert deepest["bone_mass"] < run.set_index("day").at[a["lox_days"], "bone_mass"] < 100


def test_the_chance_is_raised_in_one_window_and_exactly_baseline_after_it(setting):
    # Figure 2's alt text: above 1 for one stretch of arrival days, then exactly 1 (bone above normal: no loss).
    a, _, _, run = setting
    ratio = (
        lox.colonisation_probability(100 - run["bone_mass"].to_numpy(), a["baseline"], a["sensitivity"]) / a["baseline"]
    )
    raised = np.flatnonzero(ratio > 1)
    assert len(raised) > 0 and (np.diff(raised) == 1).all()
    assert (ratio[raised[-1] + 1 :] == 1.0).all()


def test_cells_arriving_after_the_drive_stops_still_have_a_raised_chance(setting):
    # Predict 4's answer (d): ten days after LOX stops bone is still below normal, so the chance is above baseline,
    # yet below the peak of the window (option c is wrong).
    a, _, _, run = setting
    day = a["lox_days"] + 10
    lost = lox.bone_lost(run, day)
    chance = lox.colonisation_probability(lost, a["baseline"], a["sensitivity"])
    peak = lox.colonisation_probability(100 - run["bone_mass"].to_numpy(), a["baseline"], a["sensitivity"]).max()
    assert lost > 0 and a["baseline"] < chance < peak


def _cell(nb, pattern, *, tag=None):
    found = [
        source(c)
        for c in code_cells(nb)
        if re.search(pattern, source(c), re.M) and (tag is None or tag in c["metadata"].get("tags", []))
    ]
    assert len(found) == 1, f"expected one code cell matching {pattern!r}, found {len(found)}"
    return found[0]


def test_the_solution_of_exercise_3_is_the_packages_equation_2():
    tree = ast.parse(_cell(read(LESSON), r"^def colonisation_chance\(", tag="solution"))
    namespace = {}
    exec(
        compile(ast.Module([n for n in tree.body if isinstance(n, ast.FunctionDef)], []), "solution", "exec"), namespace
    )
    student = namespace["colonisation_chance"]
    for lost in [-20.0, -0.5, 0.0, 3.0, 7.7, 40.0, 100.0]:
        for baseline, sensitivity in [(0.01, 0.05), (0.5, 0.1), (0.3, 0.2)]:
            expected = lox.colonisation_probability(lost, baseline, sensitivity)
            assert student(lost, baseline, sensitivity) == pytest.approx(expected, rel=1e-12)


def test_the_check_of_exercise_3_names_each_known_mistake(setting):
    # The test inputs must include a negative loss and a capped chance, or two mistakes would pass as right.
    a, _, _, run = setting
    nb = read(LESSON)
    namespace = {"a": a, "with_lox": run, "lost_at_arrival": lox.bone_lost(run, a["arrival_day"]), "lox": lox}
    namespace |= {"check_function": lambda *args, **kwargs: None, "colonisation_chance": None}
    exec(_cell(nb, r"^cases_3 = "), namespace)
    exec(_cell(nb, r"^hints_3 = "), namespace)
    cases, hints = namespace["cases_3"], namespace["hints_3"]
    assert any(case["bone_lost_pct"] < 0 for case, _ in cases), "no case with bone above normal"
    assert any(expected == 1 for _, expected in cases), "no case where the cap at 1 bites"
    for wrong, message in hints:
        verdict = grade_function(wrong, cases, name="Exercise 3", hints=hints)
        assert not verdict.correct and message in verdict.message


def test_the_lesson_names_every_independent_study_in_the_data():
    claims = load_table("lox_claims")
    references = load_table("references").set_index("key")
    prose = "\n".join(markdown_text(read(LESSON)))
    for key in claims.loc[claims["kind"] == "independent", "source"]:
        surname = references.at[key, "citation"].split()[0]
        assert f"{surname} et al." in prose, f"the lesson does not name the independent study {key}"


def test_erler_2006_is_not_called_the_same_group():
    # Erler et al. 2006 came from another laboratory; the lesson may only deny the old wording.
    prose = "\n".join(markdown_text(read(LESSON)))
    denial = 'not "from the '
    uses = [m.start() for m in re.finditer("same group", prose)]
    assert all(prose[i - len(denial) : i] == denial for i in uses), "the 2006 paper came from another group"
