"""The dormant-cell model against values worked out by hand from its two equations."""

import math

import numpy as np
import pytest

from seedsoil.data import load_table
from seedsoil.dormancy import DormancyParameters, relapse_fraction, relapse_per_cell, simulate_relapse_years


def _params(m=2.0, wake=0.05, death=0.0, q=1.0):
    return DormancyParameters(dormant_cells_mean=m, wake_rate=wake, death_rate=death, grow_after_wake=q)


def test_every_cell_wakes_and_grows_when_nothing_else_can_happen():
    # m = 2, λ = 0.05/yr, t = 20: r = 1 - e^-1 = 0.632121; F = 1 - exp(-1.264241) = 1 - 0.282454 = 0.717546.
    assert relapse_per_cell(_params(), 20.0) == pytest.approx(0.632121, abs=1e-6)
    assert relapse_fraction(_params(), 20.0) == pytest.approx(0.717546, abs=1e-6)


def test_death_competes_with_waking():
    # λ = μ = 0.1: half the cells wake before they die; in the long run F = 1 - e^-0.5 = 0.393469.
    p = _params(m=1.0, wake=0.1, death=0.1)
    assert relapse_fraction(p, 1e4) == pytest.approx(0.393469, abs=1e-6)
    # ... and a woken cell grows only with q = 0.4: F = 1 - e^-0.2 = 0.181269.
    assert relapse_fraction(_params(m=1.0, wake=0.1, death=0.1, q=0.4), 1e4) == pytest.approx(0.181269, abs=1e-6)


def test_no_dormant_cells_no_late_relapse_and_time_zero_is_zero():
    assert relapse_fraction(_params(m=0.0), 20.0) == 0.0
    assert relapse_fraction(_params(), 0.0) == 0.0


def test_relapses_keep_coming_after_five_years_and_rise_with_time():
    years = np.arange(0, 21)
    share = relapse_fraction(DormancyParameters.from_data(), years)
    assert np.all(np.diff(share) > 0)
    assert share[20] - share[5] > share[5] - share[0] > 0  # more relapse from 5 to 20 years than in the first 5


def test_the_course_values_come_from_their_table():
    rows = load_table("dormancy_assumptions").set_index("name")
    p = DormancyParameters.from_data()
    assert p.dormant_cells_mean == rows.loc["dormant_cells_mean", "value"]
    assert p.wake_rate == rows.loc["wake_rate", "value"]
    assert set(rows["evidence"]) == {"illustrative"} and set(rows["source"]) == {"course_assumption"}
    # m was chosen so that 1 - e^-m, the share with at least one dormant cell, is about Braun's 30.6%.
    assert 1 - math.exp(-p.dormant_cells_mean) == pytest.approx(0.306, abs=0.002)


def test_a_table_missing_a_row_is_named():
    rows = load_table("dormancy_assumptions")
    with pytest.raises(ValueError, match=r"lacks the row\(s\) \['death_rate'\]"):
        DormancyParameters.from_data(rows[rows["name"] != "death_rate"])


def test_simulated_patients_relapse_as_equation_2_says():
    p = DormancyParameters.from_data()
    years = simulate_relapse_years(p, patients=200_000, rng=np.random.default_rng(2005))
    for t in (5, 10, 20):
        share, expected = np.mean(years <= t), relapse_fraction(p, t)
        se = math.sqrt(expected * (1 - expected) / years.size)
        assert abs(share - expected) < 4 * se, (t, share, expected)
    never = math.exp(-p.dormant_cells_mean * p.grow_after_wake * p.wake_rate / (p.wake_rate + p.death_rate))
    assert np.mean(np.isinf(years)) == pytest.approx(never, abs=4 * math.sqrt(never * (1 - never) / years.size))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"wake": -0.1}, r"wake_rate must be >= 0"),
        ({"q": 1.5}, r"grow_after_wake must be a probability in \[0, 1\]"),
        ({"wake": 0.0, "death": 0.0}, r"wake_rate \+ death_rate > 0"),
        ({"m": math.nan}, r"dormant_cells_mean must be a number, not NaN"),
    ],
)
def test_impossible_parameters_are_refused_by_name(changes, message):
    with pytest.raises(ValueError, match=message):
        _params(**changes)


def test_simulation_needs_patients_and_a_generator():
    with pytest.raises(ValueError, match="patients must be >= 1"):
        simulate_relapse_years(_params(), patients=0, rng=np.random.default_rng(1))
    with pytest.raises(TypeError, match="numpy Generator"):
        simulate_relapse_years(_params(), patients=10, rng=42)
    with pytest.raises(ValueError, match=r"relapse_per_cell\(years=...\) must be >= 0"):
        relapse_per_cell(_params(), -1.0)
