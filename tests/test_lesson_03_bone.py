"""Lesson 03 draws conclusions from a few runs of the Ayati tumour model; check
that those runs still behave as the lesson's text says.

The published parameter set sits on a knife edge (the healthy set is neutral,
trace 0), so small changes in the package's integration could change what the
lesson prints. These tests catch that: the runs the lesson interprets keep
their cells alive, the run it warns about (r22 = 0) collapses, and the bone mass
of the full run is positive on the last day but turns negative later.
"""

from dataclasses import replace

import pytest

from seedsoil.bone import Parameters, linear_stability, simulate
from seedsoil.data import load_table


def _rows(kind):
    table = load_table("bone_model_parameters")
    rows = table[(table["model"] == "ayati2010_tumour") & (table["kind"] == kind)]
    return dict(zip(rows["name"], rows["value"], strict=True))


@pytest.fixture(scope="module")
def setup():
    start = _rows("start")
    state = (start["osteoclasts"], start["osteoblasts"], start["bone_mass"], start["tumour"])
    return Parameters.ayati2010_tumour(), state, _rows("setting")["days"]


def test_trace_at_full_tumour_by_hand():
    # Equation 5 in log variables: trace = β1(g11' − 1) + β2(g22' − 1), with the tumour at full size
    # (T/L_T = 1): g11' = g11(1 + r11) and g22' = g22 − r22. β1 = 0.2, β2 = 0.02, g11 = 1.1, g22 = 0.
    #   full tumour (r11 = 0.005, r22 = 0.2): 0.2(1.1·1.005 − 1) + 0.02(−1.2) = 0.0211 − 0.024 = −0.0029
    #   r11 = 0:                               0.2(0.1)          + 0.02(−1.2) = 0.02   − 0.024 = −0.0040
    #   r22 = 0:                               0.2(0.1055)       + 0.02(−1)   = 0.0211 − 0.020 = +0.0011
    p = Parameters.ayati2010_tumour()
    assert linear_stability(p, 1.0).trace == pytest.approx(-0.0029, abs=1e-9)
    assert linear_stability(replace(p, r11=0.0), 1.0).trace == pytest.approx(-0.0040, abs=1e-9)
    assert linear_stability(replace(p, r22=0.0), 1.0).trace == pytest.approx(+0.0011, abs=1e-9)


@pytest.mark.parametrize("changes", [{}, {"r11": 0.0}], ids=["full tumour", "r11 = 0 (exercise 2)"])
def test_runs_the_lesson_interprets_keep_their_cells(setup, changes):
    params, start, days = setup
    run = simulate(replace(params, **changes), start, days)
    # After the first long quiet spell (which every run shares, down to ~1e-8), the osteoclasts
    # never sink below a floor and the osteoblasts stay above one cell; on the last day both are
    # within a factor of 100 of the resting values without a tumour (about 1.16 and 232).
    later = run[run["day"] >= 400]
    assert later["osteoclasts"].min() > 1e-5
    assert later["osteoblasts"].min() > 1.0
    last = run.iloc[-1]
    assert 1.16 / 100 < last["osteoclasts"] < 1.16 * 100
    assert 232 / 100 < last["osteoblasts"] < 232 * 100
    # And bone is lost: the lesson's qualitative conclusion for both runs.
    assert last["bone_mass"] < 0.5 * start[2]


def test_run_without_osteoblast_suppression_collapses(setup):
    # Why exercise 2 does not ask about r22 = 0: the cells die out and bone mass merely freezes.
    params, start, days = setup
    run = simulate(replace(params, r22=0.0), start, days)
    last = run.iloc[-1]
    assert last["osteoclasts"] < 1e-20
    assert last["osteoblasts"] < 0.1
    frozen = run[run["day"] >= days - 200]["bone_mass"]
    assert frozen.max() - frozen.min() < 1e-6


def test_full_run_positive_at_the_end_then_negative(setup):
    # The data note for the run length says bone mass is still positive at the end, and the
    # lesson says longer runs go below zero (equation 3 has no floor).
    params, start, days = setup
    run = simulate(params, start, days + 500)
    assert run.loc[run["day"] <= days, "bone_mass"].min() > 0
    assert run["bone_mass"].iloc[-1] < 0
