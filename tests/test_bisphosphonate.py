"""The bisphosphonate term in the bone model: what it changes, and what it refuses.

Expected values are derived by hand from the model's equations (Komarova et al.
2003, BIOMD0000000148), not read back from the code under test.
"""

import math

import pytest

from seedsoil import bone
from seedsoil.bisphosphonate import bisphosphonate
from seedsoil.data import load_table


def test_each_factor_becomes_one_modifier():
    mods = bisphosphonate(removal_factor=2.0, resorption_factor=0.5, start=10, stop=20)
    assert [(m.process, m.factor, m.start, m.stop) for m in mods] == [
        ("osteoclast_removal", 2.0, 10.0, 20.0),
        ("resorption", 0.5, 10.0, 20.0),
    ]
    assert all("illustrative" in m.label for m in mods)


def test_factors_of_one_are_a_placebo():
    assert bisphosphonate() == ()
    assert bisphosphonate(removal_factor=1, resorption_factor=1.0) == ()


def test_doubling_removal_halves_the_steady_state():
    # Komarova: Γ = g12·g21 − (1−g11)(1−g22) = 1·(−0.5) − 0.5·1 = −1, so
    # x̄1 = (β1/α1)^((1−g22)/Γ)·(β2/α2)^(g21/Γ) ∝ β1^(−1) and x̄2 = (β1/α1)^(g12/Γ)·... ∝ β1^(−1):
    # doubling β1 halves both: x̄1 = 1.0607/2 = 0.5303, x̄2 = 212.13/2 = 106.07.
    p = bone.Parameters.komarova2003()
    frame = bone.simulate(p, (1.0607, 212.13, 100.0), 3000, modifiers=bisphosphonate(removal_factor=2.0), step=3000)
    end = frame.iloc[-1]
    assert end["osteoclasts"] == pytest.approx(0.5303, rel=1e-3)
    assert end["osteoblasts"] == pytest.approx(106.07, rel=1e-3)
    # Both cell types fall from their thresholds without rising above them: no resorption, no formation.
    assert end["bone_mass"] == pytest.approx(100.0, abs=1e-6)


def test_resorption_factor_scales_the_loss_exactly():
    # With formation switched off, dz/dt = −f·k1·max(0, x1 − x̄1); the cells do not depend
    # on z, so the bone lost over any period is exactly f times the loss without the drug.
    p = bone.Parameters.komarova2003()
    no_formation = bone.Modifier("formation", 0.0)
    start = (11.0, 212.0, 100.0)
    loss = {}
    for f in (1.0, 0.25):
        mods = [no_formation, *bisphosphonate(resorption_factor=f)]
        loss[f] = 100.0 - bone.simulate(p, start, 400, modifiers=mods, step=400)["bone_mass"].iloc[-1]
    assert loss[1.0] > 1.0
    assert loss[0.25] == pytest.approx(0.25 * loss[1.0], rel=1e-5)


def test_nothing_changes_before_the_drug_starts():
    p = bone.Parameters.ayati2010_tumour()
    start = (15.0, 316.0, 100.0, 1.0)
    untreated = bone.simulate(p, start, 500, step=50)
    late = bone.simulate(p, start, 500, modifiers=bisphosphonate(removal_factor=2.0, start=300), step=50)
    before = untreated["day"] <= 300
    assert late.loc[before, "bone_mass"].to_numpy() == pytest.approx(untreated.loc[before, "bone_mass"].to_numpy())


def test_the_lesson_strengths_are_marked_illustrative():
    table = load_table("bisphosphonate_assumptions").set_index("parameter")
    for name in ("removal_factor", "resorption_factor"):
        assert table.at[name, "evidence"] == "illustrative"
    modifiers = bisphosphonate(
        removal_factor=table.at["removal_factor", "value"], resorption_factor=table.at["resorption_factor", "value"]
    )
    factors = {m.process: m.factor for m in modifiers}
    assert factors["osteoclast_removal"] == table.at["removal_factor", "value"]


# --- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [0.5, 0.0, -1.0])
def test_removal_factor_below_one_is_refused(value):
    with pytest.raises(ValueError, match=r"removal_factor=\.\.\.\) must be >= 1; got .*die sooner"):
        bisphosphonate(removal_factor=value)


@pytest.mark.parametrize("value", [0.0, -0.5, 1.5])
def test_resorption_factor_outside_zero_one_is_refused(value):
    with pytest.raises(ValueError, match=r"resorption_factor=\.\.\.\) must be in \(0, 1\]"):
        bisphosphonate(resorption_factor=value)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_non_finite_factors_are_refused(value):
    with pytest.raises(ValueError, match=r"must be finite"):
        bisphosphonate(removal_factor=value)


@pytest.mark.parametrize("value", ["2", None, True])
def test_non_numbers_are_type_errors(value):
    with pytest.raises(TypeError, match=r"removal_factor=\.\.\.\) must be a number"):
        bisphosphonate(removal_factor=value)


@pytest.mark.parametrize(("start", "stop"), [(-1, 10), (10, 10), (20, 10)])
def test_days_out_of_order_are_refused(start, stop):
    with pytest.raises(ValueError, match=r"0 <= start < stop"):
        bisphosphonate(removal_factor=2.0, start=start, stop=stop)


def test_day_must_be_a_number():
    with pytest.raises(TypeError, match=r"start=\.\.\.\) must be a number of days"):
        bisphosphonate(removal_factor=2.0, start="day 0")


def test_a_placebo_still_refuses_days_out_of_order():
    # No modifier is made when both factors are 1, but the days are checked all the same.
    with pytest.raises(ValueError, match=r"0 <= start < stop"):
        bisphosphonate(start=50, stop=10)
    with pytest.raises(TypeError, match=r"stop=\.\.\.\) must be a number of days; got None"):
        bisphosphonate(stop=None)


def test_the_refusal_says_what_the_factor_means():
    with pytest.raises(ValueError, match=r"lowers the resorption per osteoclast k₁ \(0\.5 = halved, 1 = unchanged\)"):
        bisphosphonate(resorption_factor=2.0)
